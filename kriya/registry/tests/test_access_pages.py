"""Every registry page with the personas: the allowed one, another owner, an officer of
another regency, the officer of the business's regency, and an anonymous visitor."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from kriya.core.images import process_image
from kriya.registry import services
from kriya.registry.models import FacilitationConsent

from .factories import PDF_BYTES, image_bytes


@pytest.fixture
def world(regions, owner, other_owner, other_business, business, product, facilitator):
    consent = FacilitationConsent(
        business=business,
        facilitator=facilitator,
        method="signed_statement",
        declared_by="Siti Aminah",
        declared_at=timezone.now(),
    )
    consent.statement.save("s", ContentFile(PDF_BYTES), save=False)
    consent.save()
    image = ContentFile(image_bytes(), name="f.jpg")
    (bphoto,) = services.add_business_photos(
        business=business, images=[process_image(image)], by=owner
    )
    image = ContentFile(image_bytes(), name="f.jpg")
    (pphoto,) = services.add_product_photos(
        product=product, images=[process_image(image)], by=owner
    )
    return {"b": business.pk, "p": product.pk, "c": consent.pk, "bf": bphoto.pk, "pf": pphoto.pk}


# (method, url template, expected status for: owner, officer of the regency)
OWNER_PAGES = [
    ("get", "/usaha-saya/{b}/", 200, 403),
    ("get", "/usaha-saya/{b}/ubah/", 200, 403),
    ("get", "/usaha-saya/{b}/ubah/identitas/", 200, 403),
    ("get", "/usaha-saya/{b}/ubah/alamat/", 200, 403),
    ("get", "/usaha-saya/{b}/ubah/usaha/", 200, 403),
    ("post", "/usaha-saya/{b}/ubah/alamat/", 200, 403),
    ("post", "/usaha-saya/{b}/ubah/", 302, 403),
    ("get", "/usaha-saya/{b}/riwayat/", 200, 403),
    ("get", "/usaha-saya/{b}/produk/baru/", 200, 403),
    ("get", "/usaha-saya/produk/{p}/", 200, 403),
    ("get", "/usaha-saya/produk/{p}/ubah/", 200, 403),
    ("get", "/usaha/{b}/persetujuan/{c}/surat/", 200, 200),
    ("post", "/usaha-saya/{b}/", 302, 403),
    ("post", "/usaha-saya/{b}/foto/", 200, 403),
    ("post", "/usaha-saya/produk/{p}/foto/", 200, 403),
    ("post", "/usaha-saya/{b}/undangan/", 403, 403),  # only the facilitator invites
    ("post", "/usaha-saya/{b}/foto/{bf}/hapus/", 302, 403),
    ("post", "/usaha-saya/produk/{p}/foto/{pf}/hapus/", 302, 403),
    ("post", "/usaha-saya/{b}/persetujuan/{c}/cabut/", 302, 403),
]


def request(client, method, url, world):
    return getattr(client, method)(url.format(**world))


@pytest.mark.parametrize("method, url, for_owner, _officer", OWNER_PAGES)
def test_owner(client, owner, world, method, url, for_owner, _officer):
    client.force_login(owner)
    assert request(client, method, url, world).status_code == for_owner


@pytest.mark.parametrize("method, url, _owner, for_officer", OWNER_PAGES)
def test_officer_of_the_regency(client, officer, world, method, url, _owner, for_officer):
    client.force_login(officer)
    assert request(client, method, url, world).status_code == for_officer


@pytest.mark.parametrize("method, url", [(m, u) for m, u, _o, _f in OWNER_PAGES])
def test_another_owner_gets_404(client, other_owner, world, method, url):
    client.force_login(other_owner)
    assert request(client, method, url, world).status_code == 404


@pytest.mark.parametrize("method, url", [(m, u) for m, u, _o, _f in OWNER_PAGES])
def test_officer_of_another_regency_gets_404(client, other_officer, world, method, url):
    client.force_login(other_officer)
    assert request(client, method, url, world).status_code == 404


ALL_URLS = [(m, u) for m, u, _o, _f in OWNER_PAGES] + [
    ("get", "/usaha-saya/"),
    ("get", "/usaha-saya/baru/"),
    ("post", "/usaha-saya/baru/"),
    ("get", "/usaha-saya/baru/alamat/"),
    ("get", "/usaha-saya/baru/periksa/"),
    ("post", "/usaha-saya/baru/periksa/"),
    ("get", "/usaha-saya/dampingan/baru/"),
    ("get", "/kabupaten/usaha/"),
    ("get", "/kabupaten/usaha/{b}/"),
    ("post", "/kabupaten/usaha/{b}/"),
    ("get", "/kabupaten/verifikasi/"),
    ("get", "/kabupaten/usaha/ekspor.csv"),
    ("get", "/kabupaten/usaha/ekspor.xlsx"),
    ("get", "/kabupaten/ringkasan/"),
    ("get", "/kabupaten/ringkasan/?unduh=usaha-per-kecamatan"),
    ("get", "/klaim/abc/"),
]


@pytest.mark.parametrize("method, url", ALL_URLS)
def test_anonymous_is_sent_to_log_in(client, world, method, url):
    response = request(client, method, url, world)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/?next=")


WORKSPACE = [
    ("get", "/kabupaten/usaha/{b}/"),
    ("post", "/kabupaten/usaha/{b}/"),
]


@pytest.mark.parametrize("method, url", WORKSPACE)
def test_workspace_detail_personas(
    client, owner, other_owner, officer, other_officer, world, method, url
):
    expected = {owner: 403, other_owner: 403, other_officer: 404}
    for user, status in expected.items():
        client.force_login(user)
        assert request(client, method, url, world).status_code == status
    client.force_login(officer)
    assert request(client, method, url, world).status_code in (200, 302)


def test_workspace_list_of_another_regency_does_not_show_the_business(
    client, other_officer, world, business
):
    client.force_login(other_officer)
    response = client.get("/kabupaten/usaha/")
    assert response.status_code == 200 and business.name not in response.text
    assert business.name not in client.get("/kabupaten/verifikasi/").text


def test_every_signed_in_user_may_register_a_business(client, other_owner, officer, world):
    for user in (other_owner, officer):
        client.force_login(user)
        assert client.get("/usaha-saya/baru/").status_code == 200
        assert client.get("/usaha-saya/").status_code == 200


def test_navigation_by_role(client, owner, officer, facilitator, desk, world):
    def links(user):
        client.force_login(user)
        text = client.get("/").text
        return {
            "mine": 'href="/usaha-saya/"' in text,
            "facilitate": 'href="/usaha-saya/dampingan/baru/"' in text,
            "workspace": 'href="/kabupaten/usaha/"' in text,
        }

    assert links(owner) == {"mine": True, "facilitate": False, "workspace": False}
    assert links(facilitator) == {"mine": True, "facilitate": True, "workspace": False}
    assert links(officer) == {"mine": False, "facilitate": False, "workspace": True}
    assert links(desk) == {"mine": False, "facilitate": False, "workspace": True}
    client.logout()
    assert 'href="/usaha-saya/"' not in client.get("/").text


def test_pages_speak_english_when_asked(client, owner, world):
    client.force_login(owner)
    response = client.get(f"/usaha-saya/{world['b']}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Submit for verification" in response.text and "Who filed what" in response.text
