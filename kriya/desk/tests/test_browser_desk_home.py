"""In a real browser on a phone: the desk officer logs in, lands on "Beranda saya",
opens the oldest submitted request from it and accepts it (a journey of issue 14's
"done means"; screenshots under var/artifacts/screenshots/desk/)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kriya.desk.models import ServiceRequest, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_desk_from_its_home_to_an_accepted_request(page, desk, make_request, journey_shot):
    shot = journey_shot("desk")
    now = timezone.now()
    make_request(Status.SUBMITTED, submitted_at=now - timedelta(days=1), standard_days=5)
    oldest = make_request(Status.SUBMITTED, submitted_at=now - timedelta(days=6), standard_days=5)
    make_request(Status.RESUBMITTED, submitted_at=now - timedelta(days=3), standard_days=5)
    make_request(Status.IN_PROGRESS, submitted_at=now - timedelta(days=10), standard_days=5)

    # Logging in lands on the desk's own home, not on the public catalogue.
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(desk.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beranda/$"))
    assert page.get_by_role("heading", name="Beranda saya", level=1).is_visible()
    waiting = page.locator("[data-list=waiting] a")
    assert waiting.count() == 3
    assert waiting.first.inner_text().startswith(oldest.number)
    assert no_sideways_scroll(page)
    shot(page, "home")
    page.set_viewport_size({"width": 360, "height": 740})
    assert no_sideways_scroll(page)
    shot(page, "home-360")

    # The oldest submitted request first.
    waiting.first.click()
    page.wait_for_url(re.compile(rf"/permohonan/{oldest.pk}/$"))
    shot(page, "request")
    page.get_by_role("button", name="Mulai periksa", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Terima", exact=True).click()
    page.wait_for_load_state()
    oldest.refresh_from_db()
    assert oldest.status == Status.ACCEPTED
    shot(page, "accepted")

    # Back home, the request has left the list of those waiting to be checked.
    page.goto(page.base_url + "/beranda/")
    waiting = page.locator("[data-list=waiting] a")
    assert waiting.count() == 2
    assert oldest.number not in page.locator("[data-list=waiting]").inner_text()
    assert ServiceRequest.objects.filter(status=Status.ACCEPTED).count() == 1
    shot(page, "home-after")
