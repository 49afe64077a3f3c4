from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from config.local_secrets import FILES, ensure_local_secrets


class Command(BaseCommand):
    help = (
        "Create var/secret_key and var/signing_key_secret once (mode 0600) unless "
        "KRIYA_SECRET_KEY / KRIYA_SIGNING_KEY_SECRET are set; existing files are kept."
    )

    def handle(self, *args, **options):
        created = ensure_local_secrets(Path(settings.VAR_DIR))
        for path in created:
            self.stdout.write(f"Created {path} (mode 0600); it is reused from now on.")
        signing = Path(settings.VAR_DIR) / FILES["KRIYA_SIGNING_KEY_SECRET"]
        if signing in created and _has_signing_keys():
            # A var/ from before local secrets: its keys were sealed with the old secret.
            self.stderr.write(
                "This database already holds signing keys sealed with the previous secret: "
                "run `manage.py signing_keys --rotate` to sign with a new key, or start "
                "afresh with `make clean`."
            )


def _has_signing_keys() -> bool:
    from kriya.verify.models import SigningKey

    try:
        return SigningKey.objects.exists()
    except DatabaseError:
        return False
