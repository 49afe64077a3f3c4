from django.core.management.base import BaseCommand

from kriya.certification.reference import load_reference, seed_schemes


class Command(BaseCommand):
    help = (
        "Seed the certification schemes from reference.yaml; existing schemes are kept "
        "(unless --update) and linked to the service catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="reference.yaml (default: settings.KRIYA_REFERENCE_YAML)"
        )
        parser.add_argument("--update", action="store_true", help="overwrite existing schemes")

    def handle(self, *args, path=None, update=False, **options):
        counts = seed_schemes(data=load_reference(path), update=update)
        self.stdout.write(
            "schemes: {created} created, {updated} updated, {kept} kept, {linked} linked".format(
                **counts
            )
        )
