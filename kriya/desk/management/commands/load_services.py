from django.core.management.base import BaseCommand

from kriya.desk.catalogue import load_reference, seed_catalogue


class Command(BaseCommand):
    help = "Seed the service catalogue from reference.yaml; existing services are kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="reference.yaml (default: settings.KRIYA_REFERENCE_YAML)"
        )
        parser.add_argument(
            "--update", action="store_true", help="also overwrite existing services"
        )

    def handle(self, *args, path=None, update=False, **options):
        counts = seed_catalogue(data=load_reference(path), update=update)
        self.stdout.write(
            "desk: {created} created, {updated} updated, {kept} kept".format(**counts)
        )
