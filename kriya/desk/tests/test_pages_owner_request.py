"""The owner's request page (steps, whose turn, days left, what to do now), the bill
page (billing code, how to pay, lines that fit a phone), cancelling behind a
confirmation, and fee estimates before applying."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.desk import services
from kriya.desk.models import Status, TariffItem

pytestmark = pytest.mark.django_db


def current_step(html: str) -> str:
    found = re.findall(r'data-step="([a-z]+)" aria-current="step"', html)
    assert len(found) == 1, found
    return found[0]


def turn(html: str) -> str:
    found = re.findall(r'data-turn="([a-z]*)"', html)
    return found[0] if found else ""


def billed(make_request, desk, *, lines=1):
    request = make_request("accepted", standard_days=5)
    tariff = request.service.tariff_items.get()
    bill = services.issue_bill(
        request=request,
        lines=[{"tariff_item": tariff.pk, "quantity": 2}]
        + [
            {"description": f"Uji tambahan {n}", "unit_price": 75_000, "quantity": 1}
            for n in range(lines - 1)
        ],
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        billing_code="820260000000001",
        by=desk,
    )
    return request, bill


# --- Steps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "step", "whose"),
    [
        ("draft", "submitted", "applicant"),
        ("submitted", "checked", "agency"),
        ("in_review", "checked", "agency"),
        ("returned", "checked", "applicant"),
        ("accepted", "bill", "agency"),
        ("paid", "work", "applicant"),  # a lab service: the owner brings the sample
        ("in_progress", "work", "agency"),
        ("result_ready", "result", "agency"),
    ],
)
def test_the_owner_sees_the_whole_path_with_the_current_step_and_whose_turn(
    status, step, whose, client, owner, make_request
):
    request = make_request(status)
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert [*re.findall(r'data-step="([a-z]+)"', html)] == [
        "submitted",
        "checked",
        "bill",
        "paid",
        "work",
        "result",
    ]
    assert current_step(html) == step
    assert turn(html) == whose
    assert "Pengujian di laboratorium" in html  # the work step named after the body


def test_a_free_service_has_no_bill_or_payment_step(client, owner, make_request, free_service):
    request = make_request("accepted", service=free_service)
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert re.findall(r'data-step="([a-z]+)"', html) == ["submitted", "checked", "work", "result"]
    assert current_step(html) == "work"


def test_a_completed_request_has_every_step_done_and_leads_to_the_survey(
    client, owner, make_request
):
    request = make_request("completed")
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert 'aria-current="step"' not in html
    assert html.count('class="step done"') == 6
    assert f"/permohonan/{request.pk}/survei/" in html.split("data-todo")[1]


def test_a_cancelled_request_shows_where_it_stopped(client, owner, make_request):
    request = make_request("submitted")
    services.perform_action(request=request, action="cancel", by=owner)
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert 'class="step stopped"' in html
    assert current_step(html) == "checked"
    assert "Permohonan dibatalkan." in html


def test_working_days_left_against_the_standard_are_shown(client, owner, make_request):
    request = make_request("draft")
    request.items.all().delete()
    services.upload_document(
        request=request,
        slot="surat_permohonan",
        file=_pdf(),
        by=owner,
    )
    request.items.create(name="Kain", quantity=1)
    services.submit_request(request=request, by=owner)
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    clock = html.split("data-clock>")[1].split("</dd>")[0]
    assert "Sisa 5 hari kerja" in clock and "dari standar 5 hari kerja" in clock
    assert "selesai paling lambat" in clock


def _pdf():
    from kriya.desk.tests.conftest import PDF_BYTES, upload

    return upload("surat.pdf", PDF_BYTES, "application/pdf")


def test_while_awaiting_payment_the_owner_is_sent_to_the_bill(client, owner, desk, make_request):
    request, bill = billed(make_request, desk)
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert current_step(html) == "paid"
    assert turn(html) == "applicant"
    todo = html.split("data-todo>")[1].split("</div>")[0]
    assert f"/permohonan/{request.pk}/tagihan/{bill.pk}/" in todo
    assert "Hitungan hari berhenti" in html  # the clock pauses while it waits on the owner


def test_the_desk_reads_the_steps_but_gets_no_owner_to_do(client, desk, make_request):
    request = make_request("returned")
    client.force_login(desk)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert current_step(html) == "checked"
    assert "data-todo>" not in html
    assert "Pemohon" in html.split('data-turn="applicant">')[1].split("</dd>")[0]


def test_the_request_page_costs_the_same_queries_with_more_bills(client, owner, desk, make_request):
    def count(request):
        client.force_login(owner)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/permohonan/{request.pk}/").status_code == 200
        return len(ctx.captured_queries)

    one, _bill = billed(make_request, desk, lines=1)
    three, _bill = billed(make_request, desk, lines=3)
    assert count(one) == count(three)


# --- Cancelling ----------------------------------------------------------------------


def test_cancelling_is_a_link_to_a_confirmation_not_a_red_button(client, owner, make_request):
    request = make_request("submitted")
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert f'href="/permohonan/{request.pk}/batalkan/" data-action="cancel"' in html
    assert f'action="/permohonan/{request.pk}/tindakan/cancel/"' not in html
    confirm = client.get(f"/permohonan/{request.pk}/batalkan/")
    assert confirm.status_code == 200
    assert "Ya, batalkan permohonan" in confirm.text
    client.post(f"/permohonan/{request.pk}/tindakan/cancel/", {"reason": "Tidak jadi."})
    request.refresh_from_db()
    assert request.status == Status.CANCELLED


def test_the_confirmation_names_the_bill_that_is_cancelled_too(client, owner, desk, make_request):
    request, bill = billed(make_request, desk)
    client.force_login(owner)
    assert bill.billing_code in client.get(f"/permohonan/{request.pk}/batalkan/").text


@pytest.mark.parametrize(("name", "code"), [("desk", 403), ("stranger", 404), ("officer", 403)])
def test_only_the_applicant_reaches_the_cancel_confirmation(
    name, code, client, personas, make_request
):
    request = make_request("submitted")
    client.force_login(personas[name])
    assert client.get(f"/permohonan/{request.pk}/batalkan/").status_code == code


def test_anonymous_is_sent_to_log_in_from_the_cancel_confirmation(client, make_request):
    request = make_request("submitted")
    response = client.get(f"/permohonan/{request.pk}/batalkan/")
    assert response.status_code == 302 and "/akun/login/" in response.url


def test_a_paid_request_cannot_be_cancelled(client, owner, make_request):
    request = make_request("paid")
    client.force_login(owner)
    assert "/batalkan/" not in client.get(f"/permohonan/{request.pk}/").text
    assert client.get(f"/permohonan/{request.pk}/batalkan/").status_code == 403


# --- The bill page -------------------------------------------------------------------


def test_the_owner_opens_the_bill_with_the_code_instructions_and_lines(
    client, owner, desk, make_request
):
    request, bill = billed(make_request, desk, lines=2)
    client.force_login(owner)
    response = client.get(f"/permohonan/{request.pk}/tagihan/{bill.pk}/")
    assert response.status_code == 200
    html = response.text
    assert (
        '<span class="billing-code" id="billing-code" data-copy-source>820260000000001</span>'
        in html
    )
    assert 'data-copy="billing-code"' in html and "hidden>" in html  # shown by the script
    assert "/static/desk/desk.js" in html
    assert "Cara membayar" in html and "NTPN" in html
    assert re.search(r"Uji tahan luntur warna.*Uji tambahan 0", html, re.S)
    assert re.search(r"data-total>Rp[ \xa0]?375\.000<", html)
    assert f'action="/permohonan/{request.pk}/bukti-bayar/"' in html
    assert "<table" not in html.split('id="lines-h"')[1]  # a list that fits a phone
    assert "<script>" not in html and 'style="' not in html


@pytest.mark.parametrize("name", ["desk", "officer", "head"])
def test_readers_of_the_request_read_its_bill_without_the_payment_form(
    name, client, personas, make_request
):
    request, bill = billed(make_request, personas["desk"])
    client.force_login(personas[name])
    response = client.get(f"/permohonan/{request.pk}/tagihan/{bill.pk}/")
    assert response.status_code == 200
    assert "bukti-bayar/" not in response.text


@pytest.mark.parametrize("name", ["stranger", "other_officer"])
def test_another_business_or_regency_does_not_find_the_bill(name, client, personas, make_request):
    request, bill = billed(make_request, personas["desk"])
    client.force_login(personas[name])
    assert client.get(f"/permohonan/{request.pk}/tagihan/{bill.pk}/").status_code == 404


def test_a_bill_of_another_request_is_not_found_through_this_one(client, owner, desk, make_request):
    request, _bill = billed(make_request, desk)
    _other, other_bill = billed(make_request, desk)
    client.force_login(owner)
    assert client.get(f"/permohonan/{request.pk}/tagihan/{other_bill.pk}/").status_code == 404


def test_anonymous_is_sent_to_log_in_from_the_bill(client, desk, make_request):
    request, bill = billed(make_request, desk)
    response = client.get(f"/permohonan/{request.pk}/tagihan/{bill.pk}/")
    assert response.status_code == 302 and "/akun/login/" in response.url


def test_a_paid_bill_says_so_and_asks_for_nothing(client, owner, desk, make_request):
    request, bill = billed(make_request, desk)
    services.confirm_payment(request=request, by=desk)
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/tagihan/{bill.pk}/").text
    assert 'data-bill-state="paid"' in html
    assert "Cara membayar" not in html and "bukti-bayar/" not in html


def test_the_bill_page_costs_the_same_queries_with_more_lines(client, owner, desk, make_request):
    def count(request, bill):
        client.force_login(owner)
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/permohonan/{request.pk}/tagihan/{bill.pk}/")
        return len(ctx.captured_queries)

    assert count(*billed(make_request, desk, lines=1)) == count(
        *billed(make_request, desk, lines=4)
    )


# --- Fee estimates before applying ----------------------------------------------------


def test_the_service_page_gives_an_estimate_from_the_tariff_list(client, testing_service):
    html = client.get("/layanan/pengujian/").text
    estimate = html.split('data-fee="tariff">')[1].split("</div>")[0]
    assert re.search(r"Perkiraan biaya: Rp[ \xa0]?150\.000 per parameter", estimate)
    assert "tagihan resmi dikirim setelah permohonan diperiksa" in estimate


def test_several_tariff_lines_give_the_lowest_as_a_start(client, testing_service):
    TariffItem.objects.create(
        service=testing_service,
        code="cahaya",
        name_id="Uji cahaya",
        amount=90_000,
        unit="parameter",
    )
    html = client.get("/layanan/pengujian/").text
    assert re.search(r"Perkiraan biaya: mulai Rp[ \xa0]?90\.000 per parameter", html)
    assert "belum dikonfirmasi; yang berlaku" in html  # the new line is unconfirmed


def test_a_free_service_says_it_costs_nothing(client, free_service):
    html = client.get("/layanan/konsultansi/").text
    assert 'data-fee="free"' in html and "Tanpa biaya." in html


def test_the_apply_form_repeats_the_estimate_by_the_button(
    client, owner, business, testing_service
):
    client.force_login(owner)
    html = client.get("/layanan/pengujian/ajukan/").text
    after_items = html.split("Barang atau contoh yang dimohonkan")[1]
    assert re.search(r"Perkiraan biaya: Rp[ \xa0]?150\.000", after_items)


def test_the_steps_and_the_bill_read_in_english(client, owner, desk, make_request):
    request, bill = billed(make_request, desk)
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    html = client.get(f"/permohonan/{request.pk}/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Steps of the request" in html and "What you need to do now" in html
    bill_html = client.get(
        f"/permohonan/{request.pk}/tagihan/{bill.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).text
    assert "How to pay" in bill_html and "Copy code" in bill_html


def test_a_request_cancelled_while_awaiting_payment_stopped_at_the_payment(
    client, owner, desk, make_request
):
    request, _bill = billed(make_request, desk)
    services.perform_action(request=request, action="cancel", by=owner)
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert current_step(html) == "paid"
    assert html.count('class="step done"') == 3
    assert 'data-bill-state="cancelled"' in html


def test_a_rejected_request_stops_at_the_check_with_its_reason(client, owner, desk, make_request):
    request = make_request("in_review")
    services.perform_action(request=request, action="reject", by=desk, reason="Bukan produk batik.")
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert current_step(html) == "checked" and 'class="step stopped"' in html
    assert "Bukan produk batik." in html and "Permohonan ditolak" in html
    assert "data-todo>" not in html and "/batalkan/" not in html
