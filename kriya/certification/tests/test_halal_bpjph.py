"""A recorded halal certificate is checked against BPJPH: an unknown number or another
holder is flagged to the desk (on the record and by a notification), never accepted
silently; with the adapter off nothing changes."""

import pytest

from kriya.certification.adapters.bpjph import FakeBpjph
from kriya.certification.models import BpjphCheck, HalalStatus
from kriya.desk.models import Notification

from .test_halal import record

FAKE = "kriya.certification.adapters.bpjph.FakeBpjph"


@pytest.fixture
def bpjph_on(settings):
    settings.KRIYA_BPJPH_ADAPTER = FAKE


def test_off_nothing_is_checked(products, business, owner, desk, settings):
    settings.KRIYA_BPJPH_ADAPTER = ""
    halal = record(business, [products["tulis"]], owner)
    assert halal.bpjph_check == BpjphCheck.NOT_CHECKED and not halal.is_flagged


def test_a_matching_certificate_is_confirmed_with_what_bpjph_says(
    products, business, owner, desk, bpjph_on, client
):
    halal = record(business, [products["tulis"]], owner, number="SH2026-0001")
    assert halal.bpjph_check == BpjphCheck.CONFIRMED and not halal.is_flagged
    assert halal.bpjph_data["holder_nib"] == business.nib
    assert not Notification.objects.filter(event="halal_certificate.flagged").exists()
    client.force_login(desk)
    page = client.get(f"/sertifikasi/halal/{halal.pk}/").text
    assert "Cocok dengan data BPJPH" in page and "Batik tulis motif mangrove" in page
    assert "2026-04-01" not in page  # a date in words


@pytest.mark.parametrize(
    ("number", "check"),
    [(FakeBpjph.UNKNOWN, BpjphCheck.UNKNOWN), (FakeBpjph.OTHER_HOLDER, BpjphCheck.OTHER_HOLDER)],
)
def test_an_unknown_number_or_another_holder_is_flagged_to_the_desk(
    products,
    business,
    owner,
    desk,
    bpjph_on,
    client,
    django_capture_on_commit_callbacks,
    number,
    check,
):
    with django_capture_on_commit_callbacks(execute=True):
        halal = record(business, [products["tulis"]], owner, number=number)
    assert halal.bpjph_check == check and halal.is_flagged
    assert halal.status == HalalStatus.SUBMITTED  # not accepted: the desk decides
    flagged = Notification.objects.get(event="halal_certificate.flagged")
    assert flagged.recipient == desk
    client.force_login(desk)
    listing = client.get("/sertifikasi/halal/").text
    assert f'data-bpjph="{check}"' in listing
    page = client.get(f"/sertifikasi/halal/{halal.pk}/").text
    assert "Periksa sebelum menerima" in page


def test_bpjph_down_records_and_leaves_the_check_to_the_desk(products, business, owner, bpjph_on):
    halal = record(business, [products["tulis"]], owner, number=FakeBpjph.BROKEN)
    assert halal.bpjph_check == BpjphCheck.UNREACHABLE and not halal.is_flagged
