"""In a real browser, the main pages and the QR scanner run under the
Content-Security-Policy with no violation and no console error."""

import pytest

from kriya.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"

# Registered before any page script runs: every CSP violation is kept for the test.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    """The page with its console errors and CSP violations recorded."""
    page.context.add_init_script(LISTEN)
    page.console_errors = []

    def on_console(message):
        # The admin links no favicon: the browser's own /favicon.ico 404 is no page error.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            page.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def log_in(page, user):
    page.context.clear_cookies()
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def visit_cleanly(page, path):
    response = page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, path
    assert "script-src 'self'" in response.headers["content-security-policy"], path
    assert page.evaluate("window.__violations") == [], path
    assert page.console_errors == [], path


def test_the_listener_sees_an_inline_script_the_policy_refuses(watched):
    visit_cleanly(watched, "/")

    watched.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
    )

    watched.wait_for_function("window.__violations.length > 0")
    assert watched.evaluate("window.ran") is None
    assert "script-src" in watched.evaluate("window.__violations")[0]


def test_public_pages_and_the_scanner_run_under_the_policy(watched):
    for path in ("/", "/produk/", "/layanan/", "/akun/login/", "/verifikasi/"):
        visit_cleanly(watched, path)
    # The scanner's own script ran (it decides whether to offer the camera).
    assert watched.locator("#scan-button").count() == 1
    assert watched.evaluate("window.__violations") == []


def test_an_owners_dashboard_runs_under_the_policy(watched, owner, business):
    log_in(watched, owner)
    for path in ("/usaha-saya/", f"/usaha-saya/{business.pk}/", "/permohonan/"):
        visit_cleanly(watched, path)


def test_the_desk_queue_runs_under_the_policy(watched, desk):
    log_in(watched, desk)
    visit_cleanly(watched, "/permohonan/antrean/")


def test_the_lab_scanner_runs_under_the_policy(watched, analyst):
    log_in(watched, analyst)
    visit_cleanly(watched, "/lab/contoh/")


def test_the_admin_runs_under_the_policy(watched, make_user, agency, member):
    admin = member(
        make_user("admin@agency.test", is_staff=True, is_superuser=True),
        agency,
        Role.ADMINISTRATOR,
    )
    log_in(watched, admin)
    for path in (
        "/admin/",
        "/admin/ops/jobrun/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
    ):
        visit_cleanly(watched, path)
