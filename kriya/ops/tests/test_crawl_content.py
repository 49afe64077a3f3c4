"""Every page of the demo, as every persona, in both languages: no server error and none
of the forbidden text of docs/content.md (file names, developer commands, raw event
codes, ISO dates, "Rp500.000", "None", English notes on Indonesian pages).

The demo is seeded once for the module (and rolled back at its end); each persona starts
from its start pages and follows every link it is shown (`crawl.py`). A failure lists
every page and pattern at once."""

import pytest
from django.db import transaction

from . import crawl


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        crawl.seed_demo()
        yield {"verbs": crawl.event_verbs()}
        transaction.set_rollback(True)


def _client(client, persona, language):
    user = crawl.persona_user(persona)
    if user is not None:
        client.force_login(user)
    client.cookies[_language_cookie()] = language
    return client


def _language_cookie():
    from django.conf import settings

    return settings.LANGUAGE_COOKIE_NAME


#: Pages each persona must reach from its start pages: if a home or a menu loses its
#: links, the crawl would silently check less; this makes it say so.
MUST_REACH = {
    "anonymous": {"showcase:product", "showcase:business", "desk:service", "verify:check"},
    "owner": {"registry:business", "registry:product", "desk:request"},
    "other_owner": {"certification:certificate"},
    "officer": {"registry:ws_list", "registry:ws_business"},
    "desk": {"desk:queue", "desk:request"},
    "analyst": {"lab:sample"},
    "evaluator": {"certification:evaluation"},
    "trainer": {"training:manage_batch"},
    "participant": {"training:my_enrolment"},
}


@pytest.mark.parametrize("persona", list(crawl.PERSONAS))
def test_no_page_shows_internal_text_or_fails(demo, db, client, persona):
    report = crawl.Report()
    pages = crawl.crawl(_client(client, persona, "id"))
    crawl.check_pages(persona, pages, language="id", verbs=demo["verbs"], report=report)
    if report.findings:
        report.fail(f"content-{persona}")
    assert report.pages > 3, f"{persona} reached only {report.pages} pages"
    missing = MUST_REACH.get(persona, set()) - {p.view for p in pages if p.status == 200}
    assert not missing, f"{persona} no longer reaches {sorted(missing)} from its start pages"


@pytest.mark.parametrize("persona", ["anonymous", "owner", "desk", "head"])
def test_english_pages_are_clean_too(demo, db, client, persona):
    report = crawl.Report()
    pages = crawl.crawl(_client(client, persona, "en"), per_view=1)
    crawl.check_pages(persona, pages, language="en", verbs=demo["verbs"], report=report)
    if report.findings:
        report.fail(f"content-en-{persona}")
