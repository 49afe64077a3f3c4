"""Shared fixtures: the personas every access test uses, and the browser."""

import os
import shutil

import pytest

from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from kriya.regions.models import Region


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with no stored page (kriya.core.pagecache keeps them in this
    process's memory; the version counters would not tell one test's database from
    another's), and no menu kept from another test (kriya_menu keys on organisation
    ids, which another test's database may give to another organisation)."""
    from kriya.core import pagecache
    from kriya.core.templatetags import kriya_menu

    pagecache.clear()
    kriya_menu.clear()
    yield


@pytest.fixture
def make_user(db):
    def make(email, *, password="rahasia-kuat-123", verified=True, **extra):
        user = User.objects.create_user(email=email, password=password, **extra)
        if verified:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def regions(db):
    """Two provinces, two regencies with a district and village each."""
    rows = [
        ("35", "Jawa Timur", 1, None),
        ("35.13", "Kabupaten Probolinggo", 2, "35"),
        ("35.13.01", "Sukapura", 3, "35.13"),
        ("35.13.01.2001", "Ngadisari", 4, "35.13.01"),
        ("35.13.20", "Paiton", 3, "35.13"),
        ("35.13.20.2001", "Bulujaran Lor", 4, "35.13.20"),
        ("35.74", "Kota Probolinggo", 2, "35"),
        ("35.74.01", "Mayangan", 3, "35.74"),
        ("35.74.01.1001", "Mangunharjo", 4, "35.74.01"),
        ("33", "Jawa Tengah", 1, None),
    ]
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lvl, parent_id=p) for c, n, lvl, p in rows]
    )
    return {r.code: r for r in Region.objects.all()}


def _member(user, org, role):
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def agency(db):
    return Organisation.objects.create(name="BBSPJIKB", kind=OrganisationKind.AGENCY)


@pytest.fixture
def probolinggo_unit(regions):
    return Organisation.objects.create(
        name="DKUPP Kabupaten Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.13"],
    )


@pytest.fixture
def kota_unit(regions):
    return Organisation.objects.create(
        name="Dinas Kota Probolinggo", kind=OrganisationKind.REGENCY_UNIT, regency=regions["35.74"]
    )


@pytest.fixture
def officer(make_user, probolinggo_unit):
    """A regency officer of Kabupaten Probolinggo (35.13)."""
    return _member(
        make_user("officer@probolinggo.test", full_name="Oki"),
        probolinggo_unit,
        Role.REGENCY_OFFICER,
    )


@pytest.fixture
def other_officer(make_user, kota_unit):
    """A regency officer of another regency (Kota Probolinggo, 35.74)."""
    return _member(
        make_user("officer@kota.test", full_name="Kiki"), kota_unit, Role.REGENCY_OFFICER
    )


@pytest.fixture
def desk(make_user, agency):
    return _member(make_user("desk@agency.test", full_name="Dewi"), agency, Role.DESK)


@pytest.fixture
def member(settings):
    """Add a membership: member(user, organisation, role)."""
    return _member


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English leaves English active in this thread; each test starts in
    # the default language, as a new request would.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Login lockout counters live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _no_staff_2fa_by_default(settings):
    # Tests that check the 2FA requirement turn it back on explicitly.
    settings.KRIYA_REQUIRE_STAFF_2FA = False


# --- Browser -----------------------------------------------------------------

CHROMIUM = os.environ.get("KRIYA_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("KRIYA_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; browser tests are required here.")
        pytest.skip(
            "Chromium is not installed; browser tests skipped (make test installs it as root)."
        )
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def settle_htmx(pg) -> None:
    """Wait until htmx has no request in flight and has settled what it swapped in: it
    attaches its handlers to new content only then (20 ms after the swap), so a select
    changed before that would change nothing."""
    pg.wait_for_function(HTMX_IDLE)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    pg = context.new_page()
    pg.base_url = live_server.url
    pg.settle_htmx = lambda: settle_htmx(pg)
    yield pg
    context.close()


# Screenshots of the main journeys, kept as CI artefacts: KRIYA_ARTIFACTS_DIR (default
# var/artifacts)/screenshots/<journey>/<nn>-<step>.png. `.ci/run` prints where they are.
ARTIFACTS_DIR = os.environ.get("KRIYA_ARTIFACTS_DIR") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "artifacts"
)


@pytest.fixture
def journey_shot():
    """`shot = journey_shot("owner"); shot(page, "signup")` saves a full-page PNG, numbered
    in the order taken, and returns its path."""
    counters = {}

    def for_journey(journey):
        folder = os.path.join(ARTIFACTS_DIR, "screenshots", journey)
        os.makedirs(folder, exist_ok=True)

        def shot(pg, step):
            counters[journey] = counters.get(journey, 0) + 1
            path = os.path.join(folder, f"{counters[journey]:02d}-{step}.png")
            pg.screenshot(path=path, full_page=True)
            return path

        return shot

    return for_journey
