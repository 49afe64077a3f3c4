from django.core.management.base import BaseCommand

from kriya.certification.reference import load_reference, seed_bodies, seed_schemes


class Command(BaseCommand):
    help = (
        "Seed the certification bodies and schemes from reference.yaml; existing schemes are kept "
        "(unless --update) and linked to the service catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="reference.yaml (default: settings.KRIYA_REFERENCE_YAML)"
        )
        parser.add_argument("--update", action="store_true", help="overwrite existing schemes")

    def handle(self, *args, path=None, update=False, **options):
        data = load_reference(path)
        bodies = seed_bodies(data=data, update=update)
        self.stdout.write(
            "bodies: {created} created, {updated} updated, {kept} kept".format(**bodies)
        )
        counts = seed_schemes(data=data, update=update)
        self.stdout.write(
            "schemes: {created} created, {updated} updated, {kept} kept, {linked} linked".format(
                **counts
            )
        )
