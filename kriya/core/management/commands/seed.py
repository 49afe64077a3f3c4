from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from kriya.regions.models import Region


def seeders():
    """Each app's demo seed, in dependency order. An app adds its line here."""
    from kriya.accounts import demo as accounts_demo
    from kriya.certification import demo as certification_demo
    from kriya.desk import demo as services_demo
    from kriya.lab import demo as lab_demo
    from kriya.registry import demo as registry_demo
    from kriya.showcase import demo as showcase_demo
    from kriya.verify import demo as verify_demo

    return [
        ("accounts", accounts_demo.seed),
        ("registry", registry_demo.seed),
        ("showcase", showcase_demo.seed),
        ("services", services_demo.seed),
        ("lab", lab_demo.seed),
        ("certification", certification_demo.seed),
        ("verify", verify_demo.seed),
    ]


class Command(BaseCommand):
    help = (
        "Load reference data (regions) and demo data. With --if-empty, only on an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, if_empty=False, **options):
        if not Region.objects.exists():
            path = settings.KRIYA_REGIONS_CSV
            if path.exists():
                call_command("load_regions", str(path), stdout=self.stdout)
            else:
                self.stderr.write(f"Region list not found at {path}; check KRIYA_REGIONS_CSV.")
        from kriya.accounts.models import User

        if if_empty and User.objects.exists():
            self.stdout.write("Database already has data; demo data not loaded again.")
            return
        for name, seed in seeders():
            seed()
            self.stdout.write(f"demo data: {name}")
