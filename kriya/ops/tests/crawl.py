"""The demo crawl: every page a persona can reach from their start pages, and the checks
each page must pass (docs/content.md).

Used by `test_crawl_content.py` (Django test client: forbidden text and server errors on
every page, as every persona) and `test_browser_crawl.py` (Chromium at 360×740: sideways
overflow and axe-core on a sample of the same pages).
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

# --- Personas ------------------------------------------------------------------

#: persona → the e-mail local part of its demo account (kriya/*/demo.py); None: anonymous.
PERSONAS = {
    "anonymous": None,
    "owner": "pemilik",  # registry demo: the owner of the demo batik groups
    "other_owner": "pemilik-batik",  # certification demo: another business's owner
    "officer": "dkupp",
    "facilitator": "pendamping",
    "desk": "layanan",
    "analyst": "analis",
    "supervisor": "penyelia",
    "evaluator": "evaluator",
    "decision_maker": "pemutus",
    "head": "kepala",
    "trainer": "pelatih",
    "administrator": "admin",
    "participant": "peserta",  # training demo: a young person enrolled in the open batch
}

#: Where every persona starts, besides the page a login lands on (LOGIN_REDIRECT_URL, the
#: role's home); the crawl follows the links from there.
START_PAGES = ["/", "/layanan/", "/produk/", "/verifikasi/", "/sertifikasi/direktori/"]


def start_pages() -> list[str]:
    from django.shortcuts import resolve_url

    home = resolve_url(settings.LOGIN_REDIRECT_URL)
    return list(dict.fromkeys([home, *START_PAGES]))


# Never followed: the Django admin and the API (developer tools with their own
# conventions), sign-out and language switching (they change the crawler's session),
# infrastructure endpoints and files.
SKIP_PREFIXES = (
    "/admin/",
    "/api/",
    "/akun/logout/",
    "/akun/keluar/",
    "/i18n/",
    "/static/",
    "/media/",
    "/healthz",
    "/readyz",
    "/metrics",
)

#: Pages whose text is for designers and developers by design (the staff-only living
#: style page shows template names and code): still opened, checked for server errors,
#: overflow and axe, but not for forbidden text.
TEXT_EXEMPT_PREFIXES = ("/gaya/",)

#: How many different addresses of one view (`app:name`) a persona visits: enough to meet
#: the different states of a page without visiting 40 near-identical product pages.
PER_VIEW = 3
#: Views whose every address is its own content (each service has its own standard
#: and fees): visited in full.
EVERY_ADDRESS = {"desk:service": 40}
#: A safety net: no persona visits more pages than this.
MAX_PAGES = 400


# --- Demo data -------------------------------------------------------------------


def load_demo_regions() -> None:
    """The provinces, the regencies and everything under Kabupaten Probolinggo (35.13):
    what the demo uses, in a second instead of the full 91,000-row list."""
    from kriya.regions.loading import load_regions

    source = Path(settings.KRIYA_REGIONS_CSV)
    with open(source, newline="", encoding="utf-8-sig") as fh:
        rows = [
            row
            for row in csv.DictReader(fh)
            if row["code"].count(".") <= 1 or row["code"].startswith("35.13.")
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["code", "name"])
        writer.writeheader()
        writer.writerows({"code": r["code"], "name": r["name"]} for r in rows)
        out.flush()
        load_regions(Path(out.name))


def seed_demo() -> None:
    """What `manage.py seed` loads, every app's demo step in order."""
    from kriya.core.management.commands.seed import seeders

    load_demo_regions()
    for _label, seed in seeders():
        seed()


def persona_user(persona: str):
    from kriya.accounts.demo import demo_email
    from kriya.accounts.models import User

    local = PERSONAS[persona]
    return None if local is None else User.objects.get(email=demo_email(local))


# --- Crawling --------------------------------------------------------------------


@dataclass
class Page:
    url: str
    status: int
    content_type: str = ""
    html: str = ""
    view: str = ""
    found_on: str = ""

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        url, _frag = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path or "/"
        if path.startswith(SKIP_PREFIXES):
            continue
        out.append(path + (f"?{parts.query}" if parts.query else ""))
    return out


def view_of(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return ""
    return match.view_name


def crawl(client, starts=None, *, per_view=PER_VIEW, max_pages=MAX_PAGES) -> list[Page]:
    """Breadth-first over the links of the pages the client can open (GET only)."""
    queue = [(url, "") for url in (starts or start_pages())]
    seen: set[str] = set()
    per: Counter = Counter()
    pages: list[Page] = []
    while queue and len(pages) < max_pages:
        url, found_on = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        view = view_of(url)
        if not view:
            continue  # not one of ours (a 404 link is reported below by status)
        if per[view] >= EVERY_ADDRESS.get(view, per_view):
            continue
        per[view] += 1
        response = client.get(url)
        page = Page(
            url=url,
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            view=view,
            found_on=found_on,
        )
        if page.is_html and response.status_code == 200 and not response.streaming:
            page.html = response.content.decode(response.charset or "utf-8", "replace")
            queue.extend((link, url) for link in links_of(page.html, url) if link not in seen)
        pages.append(page)
    return pages


# --- What a page must not say ------------------------------------------------------


class _Visible(HTMLParser):
    """The text a reader meets: element text outside script/style/template, plus the
    attributes that are read out or shown (alt, title, aria-label, placeholder)."""

    HIDDEN = {"script", "style", "template", "noscript"}
    SPOKEN = ("alt", "title", "aria-label", "placeholder")

    #: Elements that never have an end tag.
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0
        # Open elements marked as written in another language (`lang="en"`, e.g. the
        # English text of a bilingual form field): their text is not the page's.
        self.foreign: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1
        lang = dict(attrs).get("lang")
        foreign = bool(lang) and lang != "id"
        if (self.foreign or foreign) and tag not in self.VOID:
            self.foreign.append(tag)
        if self.foreign or foreign:
            return
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1
        if self.foreign and self.foreign[-1] == tag:
            self.foreign.pop()

    def handle_data(self, data):
        if not self.depth and not self.foreign:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


FILE_NAME = r"\b[\w-]+\.(?:ya?ml|py|toml|ini|cfg|po|mo|sql|html|js|css)\b"

#: (name, pattern, languages): text that never belongs on a user-facing page.
FORBIDDEN: list[tuple[str, re.Pattern, tuple[str, ...]]] = [
    ("source file name", re.compile(FILE_NAME), ("id", "en")),
    ("reference.yaml", re.compile(r"reference\.ya?ml", re.I), ("id", "en")),
    (
        "developer command",
        re.compile(r"python3? -m\b|manage\.py|\bpip install\b|\bmake \w"),
        ("id", "en"),
    ),
    ("ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), ("id", "en")),
    ("money without a space", re.compile(r"\bRp\.?\d"), ("id", "en")),
    # Python's None rendered as text; "None yet." is English.
    ("Python None", re.compile(r"\bNone\b(?! yet\b)"), ("id", "en")),
    ("Python True/False", re.compile(r"(?<![\w-])(?:True|False)(?![\w-])"), ("id", "en")),
    ("developer note", re.compile(r"\b(?:TODO|FIXME|XXX)\b"), ("id", "en")),
    ("template error", re.compile(r"\{\{|\}\}|\{%|%\}"), ("id", "en")),
    (
        "English note in brackets",
        re.compile(r"\((?:[^()]*\b(?:for|the|other|of)\b[^()]*)\)"),
        ("id",),
    ),
]

#: English words that give away an untranslated sentence on an Indonesian page. Only
#: words that are not also Indonesian, brand or place names.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|for|with|your|please|this|that|from|which|should|would|must|"
    r"required|submit|search|download|upload|other|standard|report|published|"
    r"not yet|is|are|was|were|has|have)\b"
)
#: How many such words an Indonesian page may contain (a product or business name may
#: be English: "Batik for the Family").
ENGLISH_ALLOWED = 0


@dataclass
class Finding:
    persona: str
    url: str
    problem: str
    excerpt: str = ""
    found_on: str = ""

    def __str__(self):
        where = f" (linked from {self.found_on})" if self.found_on else ""
        excerpt = f": …{self.excerpt}…" if self.excerpt else ""
        return f"[{self.persona}] {self.url}{where} — {self.problem}{excerpt}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    pages: int = 0

    def add(self, *args, **kwargs):
        self.findings.append(Finding(*args, **kwargs))

    def fail(self, name: str) -> None:
        """Fail the test with the whole report, also saved as a CI artefact
        (KRIYA_ARTIFACTS_DIR/crawl/<name>.txt)."""
        import pytest

        from kriya.conftest import ARTIFACTS_DIR

        text = self.text()
        folder = Path(ARTIFACTS_DIR) / "crawl"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        pytest.fail(text, pytrace=False)

    def text(self) -> str:
        """One line per distinct problem, with every page it was found on: a problem of
        the shared layout (the header on every page) reads as one line, not forty."""
        groups: dict[tuple[str, str], list[Finding]] = {}
        for f in self.findings:
            groups.setdefault((f.problem, f.excerpt), []).append(f)
        lines = []
        for (problem, excerpt), found in sorted(groups.items(), key=lambda g: -len(g[1])):
            pages = ", ".join(
                f"[{f.persona}] {f.url}" + (f" (linked from {f.found_on})" if f.found_on else "")
                for f in found[:8]
            )
            more = f" and {len(found) - 8} more" if len(found) > 8 else ""
            detail = f": {excerpt}" if excerpt else ""
            lines.append(f"- {problem}{detail}\n    on {len(found)} page(s): {pages}{more}")
        return (
            f"{len(self.findings)} problems ({len(groups)} distinct) on {self.pages} pages:\n"
            + "\n".join(lines)
        )


def _excerpt(text: str, match: re.Match, width: int = 40) -> str:
    return "…" + text[max(0, match.start() - width) : match.end() + width] + "…"


def check_text(text: str, *, language: str, verbs: set[str]) -> list[tuple[str, str]]:
    """(problem, excerpt) for every forbidden pattern in a page's visible text."""
    found = []
    for name, pattern, languages in FORBIDDEN:
        if language not in languages:
            continue
        for match in pattern.finditer(text):
            found.append((name, _excerpt(text, match)))
            break
    for verb in verbs:
        index = text.find(verb)
        if index >= 0:
            found.append(
                ("raw event code", f"…{text[max(0, index - 40) : index + len(verb) + 40]}…")
            )
            break
    if language == "id":
        words = list(ENGLISH_WORDS.finditer(text))
        if len(words) > ENGLISH_ALLOWED:
            found.append(("English on an Indonesian page", _excerpt(text, words[0])))
    return found


def event_verbs() -> set[str]:
    """Every audit verb the demo wrote ("certificate.issued"): none may be shown raw."""
    from kriya.core.models import AuditEvent

    return {v for v in AuditEvent.objects.values_list("verb", flat=True).distinct() if "." in v}


def check_pages(persona: str, pages: list[Page], *, language: str, verbs: set[str], report):
    for page in pages:
        report.pages += 1
        if page.status >= 500:
            report.add(persona, page.url, f"server error {page.status}", found_on=page.found_on)
            continue
        if page.status == 404 and page.found_on:
            report.add(persona, page.url, "broken link (404)", found_on=page.found_on)
            continue
        if not page.html or page.url.startswith(TEXT_EXEMPT_PREFIXES):
            continue
        for problem, excerpt in check_text(visible_text(page.html), language=language, verbs=verbs):
            report.add(persona, page.url, problem, excerpt)
