"""The agency officer's request page has a WhatsApp click-to-chat link to the
business's phone with an Indonesian message prefilled."""

from urllib.parse import parse_qs, urlparse

import pytest

from kriya.desk.notifications import whatsapp_link
from kriya.registry.models import Business


@pytest.fixture
def with_phone(business):
    Business.objects.filter(pk=business.pk).update(phone="+6281234567890")
    business.refresh_from_db()
    return business


def test_the_link_goes_to_the_business_phone_with_an_indonesian_text(with_phone, make_request):
    request = make_request("submitted")
    link = urlparse(whatsapp_link(request))
    assert link.netloc == "wa.me" and link.path == "/6281234567890"
    text = parse_qs(link.query)["text"][0]
    assert text.startswith("Halo Siti Aminah, kami dari Unit Pelayanan Publik balai")
    assert request.number in text and "Status saat ini: Diajukan." in text


def test_the_desk_sees_the_link_and_the_applicant_does_not(
    client, with_phone, make_request, desk, owner, officer
):
    request = make_request("submitted")
    client.force_login(desk)
    assert "https://wa.me/6281234567890?text=" in client.get(f"/permohonan/{request.pk}/").text
    for person in (owner, officer):
        client.force_login(person)
        assert "wa.me" not in client.get(f"/permohonan/{request.pk}/").text


def test_no_link_without_a_valid_phone(business, make_request):
    request = make_request("submitted")
    assert whatsapp_link(request) == ""
    Business.objects.filter(pk=business.pk).update(phone="12")
    request.business.refresh_from_db()
    assert whatsapp_link(request) == ""
