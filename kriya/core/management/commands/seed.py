from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from kriya.regions.models import Region


def seeders():
    """Each installed app's demo step, lowest `SEED_ORDER` first, as (app label, seed).

    Found the way the admin finds `admin.py`: every app with a `demo` module that
    declares `SEED_ORDER` and `seed()` takes part. Core names no app, so it imports none
    of the layers above it; a new app adds its step in its own `demo.py`."""
    steps = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "demo"):
            continue
        demo = import_module(f"{config.name}.demo")
        if hasattr(demo, "SEED_ORDER"):
            steps.append((demo.SEED_ORDER, config.label, demo.seed))
    return [(label, seed) for _, label, seed in sorted(steps, key=lambda step: step[:2])]


class Command(BaseCommand):
    help = (
        "Load reference data (regions) and demo data. With --if-empty, only on an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, if_empty=False, **options):
        if not Region.objects.exists():
            path = settings.SHARED_DATA_DIR / "regions_id.csv"
            if path.exists():
                call_command("load_regions", str(path), stdout=self.stdout)
            else:
                self.stderr.write(f"Region list not found at {path}; set KRIYA_SHARED_DATA_DIR.")
        from kriya.accounts.models import User

        if if_empty and User.objects.exists():
            self.stdout.write("Database already has data; demo data not loaded again.")
            return
        for name, seed in seeders():
            seed()
            self.stdout.write(f"demo data: {name}")
