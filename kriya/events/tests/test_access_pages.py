"""The organisers' and exhibitors' pages for each persona: the organising regency's
officer, another regency's officer (404), the owner, another owner (404), anonymous."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kriya.events.models import ApplicationStatus, SalesReport

from .conftest import apply, exhibitor


@pytest.fixture
def shop(event, business, owner, officer):
    return exhibitor(event, business, owner, officer)


@pytest.mark.parametrize("name", ["manage", "report"])
def test_organiser_pages(client, event, officer, other_officer, owner, name, shop):
    url = reverse(f"events:{name}", args=[event.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 200
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_application_page(client, shop, owner, other_owner, officer, other_officer):
    url = reverse("events:application", args=[shop.pk])
    for user, status in [(owner, 200), (officer, 200), (other_owner, 404), (other_officer, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 302


def test_owner_applies_through_the_form(client, event, business, owner, product):
    client.force_login(owner)
    url = reverse("events:apply", args=[event.slug])
    page = client.get(url).content.decode()
    assert "Kriteria seleksi peserta" in page
    day = event.days.first()
    response = client.post(
        url,
        {
            "business": business.pk,
            "sector": "batik",
            "products": [product.pk],
            "booth_width_m": "3",
            "needs_power": "on",
            "days": [day.pk],
        },
    )
    application = business.event_applications.get()
    assert response.status_code == 302 and response.url == reverse(
        "events:application", args=[application.pk]
    )
    assert application.needs_power and list(application.products.all()) == [product]
    client.post(url, {"business": business.pk, "sector": "batik", "booth_width_m": "3"})
    assert business.event_applications.count() == 1


def test_officer_decides_and_allocates_on_the_page(client, event, business, owner, officer):
    from kriya.events import services

    application = apply(event, business, owner)
    (booth,) = services.add_booths(event=event, rows=[{"code": "A1"}], by=officer)
    client.force_login(officer)
    client.post(reverse("events:decide", args=[application.pk]), {"action": "accept"})
    client.post(reverse("events:allocate", args=[application.pk]), {"booth": booth.pk})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.booth == booth


def test_another_officer_cannot_decide(client, event, business, owner, other_officer):
    application = apply(event, business, owner)
    client.force_login(other_officer)
    response = client.post(reverse("events:decide", args=[application.pk]), {"action": "accept"})
    assert response.status_code == 404


def test_exhibitor_reports_through_the_phone_form(client, event, shop, owner):
    day = event.days.first()
    client.force_login(owner)
    url = reverse("events:report_sales", args=[shop.pk, day.pk])
    assert 'inputmode="numeric"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "sector": "batik",
            "transactions": "12",
            "cash": "300000",
            "qris": "150000",
            "transfer": "0",
        },
    )
    assert response.status_code == 302
    assert SalesReport.objects.get(application=shop).turnover == 450_000


def test_bad_sales_input_is_shown_at_the_field(client, event, shop, owner):
    client.force_login(owner)
    url = reverse("events:report_sales", args=[shop.pk, event.days.first().pk])
    response = client.post(
        url, {"sector": "batik", "transactions": "-1", "cash": "abc", "qris": "0", "transfer": "0"}
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not SalesReport.objects.exists()


def test_report_downloads(client, event, shop, owner, officer):
    from kriya.events import services

    services.report_sales(
        application=shop,
        day=event.days.first(),
        sector="batik",
        transactions=3,
        cash=90_000,
        qris=0,
        transfer=0,
        by=owner,
    )
    client.force_login(officer)
    url = reverse("events:report", args=[event.pk])
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(url, {"format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.active["B3"].value == 90_000
    csv = client.get(url, {"unduh": "omzet-per-hari"})
    assert "90000" in csv.content.decode()


def test_year_view(client, event, shop, owner, officer, django_assert_num_queries):
    client.force_login(officer)
    url = reverse("events:year", args=[event.year])
    assert event.name in client.get(url).content.decode()


def test_someone_without_a_business_is_told_to_register_one(client, event, make_user):
    client.force_login(make_user("baru@example.test"))
    response = client.get(reverse("events:apply", args=[event.slug]))
    assert response.status_code == 200
    assert reverse("registry:business_create") in response.content.decode()
