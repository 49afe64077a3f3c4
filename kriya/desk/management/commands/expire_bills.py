from django.core.management.base import BaseCommand

from kriya.desk.services import expire_bills


class Command(BaseCommand):
    help = (
        "Return to the applicant every request whose bill is unpaid past its due date. "
        "Idempotent: run it daily (cron or a scheduled task)."
    )

    def handle(self, *args, **options):
        returned = expire_bills()
        self.stdout.write(f"expired bills: {len(returned)}")
