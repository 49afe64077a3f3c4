from django.core.management.base import BaseCommand

from kriya.verify import services
from kriya.verify.models import SigningKey


class Command(BaseCommand):
    help = (
        "List the document signing keys, creating the first one if there is none. "
        "With --rotate, retire the active key and make a new one (retired keys stay "
        "published, so documents they signed keep verifying)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="retire and replace the key")

    def handle(self, *args, rotate=False, **options):
        if rotate:
            key = services.rotate_signing_key(by=None)
            self.stdout.write(f"New active key: {key.kid}")
        else:
            services.active_signing_key()
        for key in SigningKey.objects.order_by("created_at", "id"):
            retired = f" retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else ""
            self.stdout.write(
                f"{key.kid}  {key.status:8}  created {key.created_at:%Y-%m-%d %H:%M}{retired}"
            )
