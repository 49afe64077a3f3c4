"""The demo on a 360×740 phone in Chromium: no page scrolls sideways, and axe-core finds no
serious or critical accessibility violation (docs/content.md).

Which pages: each persona's pages are found with the fast test-client crawl of
`crawl.py`; the browser then opens one address of every view that no earlier persona has
opened yet (anonymous first, so public pages are measured as a visitor sees them, then
each role for its own pages). KRIYA_CRAWL_ALL=1 opens one address per view for every
persona instead (slower; for a full check before a release).

What a page looks like does not depend on the database, so these wide crawls run once,
in the SQLite suite (CI runs the PostgreSQL suite beside it); the test-client content
crawl (`test_crawl_content.py`), which catches a database's own errors, runs on both.

axe-core (vendored for tests only: vendor/axe.min.js) is evaluated in the page through
the DevTools protocol, which the page's Content-Security-Policy does not govern; the page
itself runs under its real, strict policy. A failure lists every failing page at once.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from . import crawl

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        "sqlite" not in settings.DATABASES["default"]["ENGINE"],
        reason="the browser crawls run once, in the SQLite suite (layout does not depend "
        "on the database)",
    ),
]

WIDTH, HEIGHT = 360, 740
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")

# What sticks out: the outermost elements wider than the screen whose parent still fits
# (the box to fix), named like a CSS selector with their right edge and width.
OVERFLOW_JS = """(width) => {
  const name = (el) => {
    let n = el.tagName.toLowerCase();
    if (el.id) n += '#' + el.id;
    if (el.classList.length) n += '.' + [...el.classList].join('.');
    return n;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    const parent = el.parentElement;
    const pr = parent.getBoundingClientRect();
    const clips = getComputedStyle(parent).overflowX !== 'visible';
    if (pr.right > width + 1 && parent !== document.body && !clips) continue;
    if (clips) continue;  // inside a scrolling box (.table-wrap): the page does not move
    out.push(name(parent) + ' > ' + name(el) + ' (' + Math.round(r.width) + ' px wide, right edge '
             + Math.round(r.right) + ' px)');
    if (out.length >= 3) break;
  }
  return {scroll: document.documentElement.scrollWidth, culprits: out};
}"""

AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.length,
                targets: v.nodes.slice(0, 3).map(n => {
                  const why = (n.any[0] || n.all[0] || n.none[0] || {}).message || '';
                  return n.html.slice(0, 120) + (why ? ' — ' + why : '');
                })}));
}"""


def _targets(client, persona, covered: set[str], *, every_persona: bool) -> list[crawl.Page]:
    pages = crawl.crawl(client, per_view=1)
    chosen = []
    for page in pages:
        if not page.is_html or page.status != 200:
            continue
        if not every_persona and page.view in covered:
            continue
        covered.add(page.view)
        chosen.append(page)
    return chosen


def _session_cookie(client, live_server_url):
    from django.conf import settings

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is None:
        return []
    return [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}]


def test_no_demo_page_overflows_a_phone_or_fails_axe(browser, live_server, client):
    crawl.seed_demo()
    every_persona = bool(os.environ.get("KRIYA_CRAWL_ALL"))
    only = [p for p in os.environ.get("KRIYA_CRAWL_PERSONAS", "").split(",") if p]
    report = crawl.Report()
    covered: set[str] = set()
    for persona in only or crawl.PERSONAS:
        client.logout()
        user = crawl.persona_user(persona)
        if user is not None:
            client.force_login(user)
        targets = _targets(client, persona, covered, every_persona=every_persona)
        if targets:
            cookies = _session_cookie(client, live_server.url)
            _visit(browser, live_server.url, persona, targets, cookies, report)
    assert report.pages >= (5 if only else 20), f"only {report.pages} pages were opened"
    if report.findings:
        report.fail("browser")


def _visit(browser, base, persona, targets, cookies, report):
    context = browser.new_context(
        locale="id-ID", viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1
    )
    context.set_default_timeout(15000)
    context.add_cookies(cookies)
    page = context.new_page()
    broken: list[str] = []

    def on_response(response):
        if response.status >= 400:
            broken.append(f"{response.status} {response.url}")

    def on_console(message):
        if "Content Security Policy" in message.text:
            broken.append(message.text)

    page.on("response", on_response)
    page.on("console", on_console)
    try:
        for target in targets:
            broken.clear()
            _check(page, base, persona, target, report)
            for problem in broken:
                report.add(persona, target.url, "a resource failed or was refused", problem)
    finally:
        context.close()


def _check(page, base, persona, target, report):
    report.pages += 1
    response = page.goto(base + target.url, wait_until="load")
    if response is None or response.status >= 400:
        status = response.status if response else "no response"
        report.add(persona, target.url, f"browser got {status}")
        return
    width = page.evaluate(OVERFLOW_JS, WIDTH)
    if width["scroll"] > WIDTH:
        report.add(
            persona,
            target.url,
            f"overflows the 360 px screen ({width['scroll']} px wide)",
            ", ".join(width["culprits"]),
        )
    page.evaluate(AXE)
    for violation in page.evaluate(AXE_JS):
        report.add(
            persona,
            target.url,
            f"axe {violation['impact']}: {violation['id']} ({violation['help']})",
            f"{violation['nodes']} element(s): " + "; ".join(violation["targets"]),
        )


# --- The apps merged together (events, training, insights, integrations) -------------
#
# A fast, targeted check for the newest apps: each persona opens their main pages at 360 px,
# plus the first page of each view those pages link to inside the same app (an event, a
# programme, a batch, a data set...), found from the links rather than from seed ids.

NEW_APPS = ("/acara/", "/pelatihan/", "/dasbor/", "/data/", "/integrasi/")
NEW_APP_PAGES = {
    "anonymous": ["/acara/", "/pelatihan/", "/data/", "/data/kinerja-layanan/"],
    "owner": ["/acara/pendaftaran/", "/pelatihan/saya/", "/pelatihan/usaha/"],
    "officer": ["/acara/kelola/", "/pelatihan/kelola/", "/dasbor/"],
    "trainer": ["/pelatihan/kelola/"],
    "administrator": ["/integrasi/"],
    "participant": ["/pelatihan/saya/"],
}
#: One test per group, so the demo is seeded three times rather than once per persona.
GROUPS = {
    "visitor": ["anonymous"],
    "business": ["owner", "participant"],
    "staff": ["officer", "trainer", "administrator"],
}
#: Links under the new apps that are files or feeds, not pages.
NOT_PAGES = (".ics", ".csv", ".xlsx", ".json", ".jsonld", ".pdf", ".xml")


def _new_app_targets(client, starts: list[str], limit: int = 8) -> list[str]:
    import re

    from django.urls import Resolver404, resolve

    # Every start is opened, then the pages it links to, up to `limit` more.
    urls, views = list(starts), {resolve(start).view_name for start in starts}
    for start in starts:
        response = client.get(start)
        assert response.status_code == 200, f"{start} answered {response.status_code}"
        app = next(prefix for prefix in NEW_APPS if start.startswith(prefix))
        for url in re.findall(r'href="(/[^"#?]*)', response.content.decode()):
            if not url.startswith(app) or url.endswith(NOT_PAGES):
                continue
            try:
                view = resolve(url).view_name
            except Resolver404:
                continue
            if view in views:
                continue
            views.add(view)
            urls.append(url)
    return urls[: len(starts) + limit]


@pytest.mark.parametrize("group", list(GROUPS))
def test_new_apps_fit_a_phone(group, browser, live_server, client):
    crawl.seed_demo()
    wide, opened = [], 0
    for persona in GROUPS[group]:
        client.logout()
        user = crawl.persona_user(persona)
        if user is not None:
            client.force_login(user)
        urls = _new_app_targets(client, NEW_APP_PAGES[persona])
        assert len(urls) >= len(NEW_APP_PAGES[persona])
        opened += len(urls)
        wide += _too_wide(browser, live_server.url, urls, _session_cookie(client, live_server.url))
    assert opened >= 4 * len(GROUPS[group]) - 2, f"only {opened} pages were opened"
    assert not wide, f"{group}: pages wider than {WIDTH} px:\n" + "\n".join(wide)


def _too_wide(browser, base, urls, cookies) -> list[str]:
    context = browser.new_context(
        locale="id-ID", viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1
    )
    context.set_default_timeout(15000)
    context.add_cookies(cookies)
    page = context.new_page()
    wide = []
    try:
        for url in urls:
            response = page.goto(base + url, wait_until="load")
            assert response is not None and response.status == 200, f"{url}: {response.status}"
            width = page.evaluate(OVERFLOW_JS, WIDTH)
            if width["scroll"] > WIDTH:
                wide.append(f"{url}: {width['scroll']} px — " + ", ".join(width["culprits"]))
    finally:
        context.close()
    return wide
