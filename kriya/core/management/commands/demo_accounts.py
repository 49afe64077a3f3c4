from django.core.management.base import BaseCommand

from kriya.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from kriya.accounts.models import Membership


class Command(BaseCommand):
    help = "Print one demo account per role."

    def handle(self, *args, **options):
        seen = set()
        rows = []
        memberships = (
            Membership.objects.filter(user__email__endswith="@" + DEMO_DOMAIN)
            .select_related("user", "organisation")
            .order_by("role", "user__email")
        )
        for m in memberships:
            if m.role in seen:
                continue
            seen.add(m.role)
            rows.append((m.get_role_display(), m.user.email, m.organisation.name))
        if not rows:
            self.stdout.write("  (no demo accounts: run `make seed`)")
            return
        self.stdout.write(f"  Demo accounts (password: {DEMO_PASSWORD}):")
        for role, email, org in rows:
            self.stdout.write(f"    {role:<24} {email:<32} {org}")
