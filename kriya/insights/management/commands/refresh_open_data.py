from django.core.management.base import BaseCommand, CommandError

from kriya.insights import opendata, snapshots


class Command(BaseCommand):
    help = (
        "Write the open datasets (all, or the given slugs) to storage as CSV, JSON and XLSX "
        "and record their snapshots, as the hourly job does. Idempotent: a dataset whose "
        "data did not change is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="dataset slugs (default all)")

    def handle(self, *args, slugs=(), **options):
        datasets = opendata.all_datasets()
        if slugs:
            unknown = set(slugs) - {d.slug for d in datasets}
            if unknown:
                raise CommandError(f"unknown datasets: {', '.join(sorted(unknown))}")
            datasets = [d for d in datasets if d.slug in slugs]
        for dataset in datasets:
            snapshot, changed = snapshots.refresh(dataset)
            state = "written" if changed else "unchanged"
            self.stdout.write(f"{dataset.slug}: {state}, {snapshot.rows} rows")
