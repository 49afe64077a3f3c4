from django.core.management.base import BaseCommand

from kriya.events import totals


class Command(BaseCommand):
    help = (
        "Recompute the report summaries of events (all, or the given ids) from their "
        "sales reports, exhibitors and visitor counts. Idempotent: a repair, safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_ids", nargs="*", type=int, help="event ids (default all)")

    def handle(self, *args, event_ids=(), **options):
        n = totals.rebuild(list(event_ids) or None)
        self.stdout.write(f"events: {n}")
