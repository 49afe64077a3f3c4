from datetime import date

from django.core.management.base import BaseCommand

from kriya.certification.services import send_reminders


class Command(BaseCommand):
    help = (
        "Send the certification reminders due today (expiry in 90/30 days, overdue "
        "surveillance, the halal obligation). Idempotent: run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default today)")

    def handle(self, *args, today=None, **options):
        counts = send_reminders(today=today)
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))
