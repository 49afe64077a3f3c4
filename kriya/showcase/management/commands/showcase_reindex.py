from django.core.management.base import BaseCommand

from kriya.showcase import search


class Command(BaseCommand):
    help = "Rebuild the showcase's catalogue index and vocabulary from the registry."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"indexed {count} public products")
