from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kriya.regions.loading import load_regions


class Command(BaseCommand):
    help = "Load the Kepmendagri region list (CSV with columns code,name). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.KRIYA_REGIONS_CSV))

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"File not found: {path}")
        result = load_regions(Path(path))
        self.stdout.write(f"regions: {result}")
