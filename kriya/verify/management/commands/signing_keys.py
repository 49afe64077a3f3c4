from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kriya.verify import services
from kriya.verify.models import SigningKey


def compromise_time(text: str) -> datetime:
    """ISO date or date and time; without a zone it is WIB (the server's TIME_ZONE)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--compromised-at {text!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "List the document signing keys, creating the first one if there is none. "
        "With --rotate, retire the active key and make a new one (retired keys stay "
        "published, so documents they signed keep verifying). With --revoke KID "
        "--compromised-at WHEN --reason TEXT, revoke a compromised key: its signatures "
        "from WHEN on are refused, earlier ones still verify; a new active key is made "
        "when it was the active one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="retire and replace the key")
        parser.add_argument("--revoke", metavar="KID", help="revoke this key (compromised)")
        parser.add_argument(
            "--compromised-at", metavar="WHEN", help="YYYY-MM-DD[THH:MM], WIB unless a zone"
        )
        parser.add_argument("--reason", default="", help="why (kept in the audit log)")

    def handle(self, *args, rotate=False, revoke=None, compromised_at=None, reason="", **options):
        if revoke:
            if not compromised_at or not reason.strip():
                raise CommandError("--revoke needs --compromised-at and --reason")
            key = SigningKey.objects.filter(kid=revoke).first()
            if key is None:
                raise CommandError(f"No signing key {revoke!r}.")
            services.revoke_signing_key(
                key=key, reason=reason, compromised_at=compromise_time(compromised_at), by=None
            )
            self.stdout.write(f"Revoked {key.kid}: signatures from {key.compromised_at} refused.")
        elif rotate:
            key = services.rotate_signing_key(by=None)
            self.stdout.write(f"New active key: {key.kid}")
        else:
            services.active_signing_key()
        for key in SigningKey.objects.order_by("created_at", "id"):
            retired = f" retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else ""
            revoked = (
                f" revoked, compromised {key.compromised_at:%Y-%m-%d %H:%M}"
                if key.compromised_at
                else ""
            )
            self.stdout.write(
                f"{key.kid}  {key.status:8}  created {key.created_at:%Y-%m-%d %H:%M}"
                f"{retired}{revoked}"
            )
