from django.core.management.base import BaseCommand

from kriya.insights import rollups


class Command(BaseCommand):
    help = (
        "Recompute the dashboards' summaries (registry and service desk) from the source "
        "tables; the scheduler does it every 15 minutes (docs/insights.md)."
    )

    def handle(self, *args, **options):
        rows = rollups.rebuild()
        build = rollups.built_at()
        self.stdout.write(f"insights: {rows} summary rows at {build:%Y-%m-%d %H:%M:%S}")
