"""Demo accounts for `make run`: one per role, all marked as demo data by their domain."""

from allauth.account.models import EmailAddress
from django.db import transaction

from kriya.regions.models import Region

from .models import Membership, Organisation, OrganisationKind, Role, User

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one first:
# every other step acts as one of these accounts.
SEED_ORDER = 10

DEMO_PASSWORD = "kriya-demo-2026"  # noqa: S105 (demo data, printed by make run)
DEMO_DOMAIN = "demo.kriya.id"

AGENCY = "BBSPJIKB (demo)"
REGENCY_UNIT = "DKUPP Kabupaten Probolinggo (demo)"
ASSOCIATION = "APBBA Kabupaten Probolinggo (demo)"

# (email local part, full name, organisation, role)
ACCOUNTS = [
    ("admin", "Admin Kriya", AGENCY, Role.ADMINISTRATOR),
    ("kepala", "Kepala Balai", AGENCY, Role.HEAD),
    ("layanan", "Petugas Layanan", AGENCY, Role.DESK),
    ("analis", "Analis Lab", AGENCY, Role.ANALYST),
    ("penyelia", "Penyelia Lab", AGENCY, Role.SUPERVISOR),
    ("evaluator", "Evaluator LSPro", AGENCY, Role.EVALUATOR),
    ("pemutus", "Pengambil Keputusan", AGENCY, Role.DECISION_MAKER),
    ("pelatih", "Pelatih Batik", AGENCY, Role.TRAINER),
    ("dkupp", "Petugas DKUPP", REGENCY_UNIT, Role.REGENCY_OFFICER),
    ("pendamping", "Pendamping APBBA", ASSOCIATION, Role.FACILITATOR),
]


# Demo telephone numbers must never reach a real person. They are written
# +62 840 followed by ten digits: no Indonesian operator holds the 084x block (mobile
# prefixes run 0811–0819, 0821–0823, 0831–0838, 0851–0859, 0877–0878, 0881–0889,
# 0895–0899), and a national number of thirteen digits after the 0 is longer than any
# Indonesian mobile number (at most twelve), so no subscriber can hold one even if the
# block is opened. WhatsApp answers such a link with "invalid number". See
# docs/showcase.md ("Demo contact numbers").
DEMO_PHONE_PREFIX = "+62840"


def demo_phone(n: int) -> str:
    """The n-th demo number: demo_phone(3) == '+628400000000003'."""
    return f"{DEMO_PHONE_PREFIX}{n:010d}"


def is_demo_phone(phone: str) -> bool:
    return phone.startswith(DEMO_PHONE_PREFIX) and len(phone) == len(DEMO_PHONE_PREFIX) + 10


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    """Create the demo organisations and one account per staff role. Idempotent."""
    regency = Region.objects.filter(code="35.13").first()
    orgs = {
        AGENCY: Organisation.objects.get_or_create(
            name=AGENCY, defaults={"kind": OrganisationKind.AGENCY}
        )[0],
        REGENCY_UNIT: Organisation.objects.get_or_create(
            name=REGENCY_UNIT,
            defaults={
                "kind": OrganisationKind.REGENCY_UNIT,
                "regency": regency,
                # The public contact buyers are offered for sellers without a mobile.
                "phone": demo_phone(900),
            },
        )[0],
        ASSOCIATION: Organisation.objects.get_or_create(
            name=ASSOCIATION, defaults={"kind": OrganisationKind.ASSOCIATION}
        )[0],
    }
    created = []
    for local, name, org_name, role in ACCOUNTS:
        user = ensure_user(local, name, superuser=role == Role.ADMINISTRATOR)
        Membership.objects.get_or_create(user=user, organisation=orgs[org_name], role=role)
        created.append((role.label, user.email))
    return created


def ensure_user(local: str, full_name: str, *, superuser: bool = False) -> User:
    email = demo_email(local)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=full_name,
            is_staff=superuser,
            is_superuser=superuser,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
