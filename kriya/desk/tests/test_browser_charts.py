"""In a real browser on a 360×740 phone: the head's overview draws its charts with the
vendored Chart.js under the Content-Security-Policy (no violation, no console error),
folds the tables behind them, and does not scroll sideways; without JavaScript the
tables are open and nothing blank is shown."""

import pytest
from django.utils import timezone

from kriya.desk.models import SURVEY_FIELDS, SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"
PHONE = {"width": 360, "height": 740}
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def seeded(make_request, free_service, owner):
    now = timezone.now()
    make_request("in_review", standard_days=2, clock_days_used=5)
    make_request("submitted", service=free_service)
    for days in (2, 4, 9):
        done = make_request("completed", clock_days_used=days, completed_at=now)
    SurveyResponse.objects.create(
        request=done, service=done.service, respondent=owner, **dict.fromkeys(SURVEY_FIELDS, 3)
    )


def phone(browser, live_server, *, javascript=True):
    context = browser.new_context(locale="id-ID", viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(15000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.errors = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico")
            and page.errors.append(m.text)
        ),
    )
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


def log_in(page, base, user):
    page.goto(base + "/akun/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_the_overview_draws_its_charts_on_a_phone(browser, live_server, head, seeded, journey_shot):
    context, page = phone(browser, live_server)
    try:
        log_in(page, live_server.url, head)
        page.goto(live_server.url + "/permohonan/ringkasan/")
        page.wait_for_load_state("networkidle")
        figures = page.locator("figure.chart")
        assert figures.count() == 5
        first = page.locator("#chart-permohonan-per-layanan")
        first.locator(".chart-area canvas").wait_for(state="visible")
        # drawn: the canvas has a size and pixels that are not all blank
        size = first.locator("canvas").bounding_box()
        assert size["width"] > 200 and size["height"] > 100
        assert page.evaluate(
            """() => {
              const c = document.querySelector('#chart-permohonan-per-layanan canvas');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
              return false;
            }"""
        )
        # the table is folded behind the chart, one tap opens it
        table = first.locator("details.chart-table")
        assert table.evaluate("d => d.open") is False
        table.locator("summary").click()
        assert table.locator("table").is_visible()
        assert page.evaluate("window.__violations") == []
        assert page.errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        journey_shot("charts")(page, "head-overview")
    finally:
        context.close()


def test_without_javascript_the_tables_are_there(browser, live_server, head, seeded):
    context, page = phone(browser, live_server, javascript=False)
    try:
        log_in(page, live_server.url, head)
        page.goto(live_server.url + "/permohonan/ringkasan/")
        first = page.locator("#chart-permohonan-per-layanan")
        assert first.locator("details.chart-table table").is_visible()
        assert not first.locator(".chart-area").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_the_regency_workspace_summary_draws_on_a_phone(
    browser, live_server, officer, business, journey_shot
):
    context, page = phone(browser, live_server)
    try:
        log_in(page, live_server.url, officer)
        page.goto(live_server.url + "/kabupaten/ringkasan/")
        page.wait_for_load_state("networkidle")
        for key in ("pertumbuhan-per-bulan", "usaha-per-kecamatan", "usaha-per-sektor"):
            page.locator(f"#chart-{key} .chart-area canvas").wait_for(state="visible")
        assert page.evaluate("window.__violations") == []
        assert page.errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        journey_shot("charts")(page, "regency-summary")
    finally:
        context.close()
