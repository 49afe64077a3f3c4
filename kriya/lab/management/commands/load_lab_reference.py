from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kriya.lab import services


class Command(BaseCommand):
    help = (
        "Load the lab's reference data (standards, test methods, parameters, unset limits) "
        "from reference.yaml. Idempotent: existing rows keep an administrator's edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.KRIYA_REFERENCE_YAML))

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"File not found: {path}")
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        created = services.load_reference(data=data, by=None)
        self.stdout.write("lab reference: " + ", ".join(f"{k} +{v}" for k, v in created.items()))
