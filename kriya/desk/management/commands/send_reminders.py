from django.core.management.base import BaseCommand

from kriya.desk.notifications import send_reminders


class Command(BaseCommand):
    help = (
        "Send the service desk's reminders due today (5 working days waiting on the "
        "applicant; 80 % of the service standard). Idempotent: run it daily."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
