"""The public directory (ISO/IEC 17065 clause 7.8): certified businesses and products,
searchable by name, NIB, number, scheme and district; active certificates by default."""

from datetime import timedelta

import pytest

from kriya.certification import services
from kriya.certification.queries import directory


@pytest.fixture
def certified(
    flow, decision_maker, products, make_request, schemes, evaluator, other_business, stranger
):
    from kriya.registry import services as registry

    batik = flow.certificate(decision_maker)
    sni = flow.certificate(decision_maker, scheme="sppt-sni-3", items=[products["cap"]])
    kota_product = registry.create_product(
        business=other_business,
        data={"name": "Kain batik cap Mayangan", "sector": "batik", "technique": "cap", "price": 1},
        by=stranger,
    )
    request = make_request("batikmark", [kota_product], business_=other_business)
    evaluation = services.start_evaluation(request=request, by=evaluator)
    flow.review(evaluation)
    services.recommend(evaluation=evaluation, outcome="grant", note="", by=evaluator)
    kota = services.decide(evaluation=evaluation, outcome="grant", by=decision_maker)
    return {"batik": batik, "sni": sni, "kota": kota}


def numbers(qs):
    return sorted(c.number for c in qs)


def test_search_by_name_nib_number_scheme_and_district(certified):
    batik, sni, kota = certified["batik"], certified["sni"], certified["kota"]
    assert numbers(directory(q="prabulinggih")) == numbers([batik, sni])
    assert numbers(directory(q="selendang")) == [batik.number]
    assert numbers(directory(q="9120007654321")) == [kota.number]
    assert numbers(directory(q="912000123")) == numbers([batik, sni])
    assert numbers(directory(q=sni.number)) == [sni.number]
    assert numbers(directory(scheme="sppt_sni")) == [sni.number]
    assert numbers(directory(scheme="batikmark")) == numbers([batik, kota])
    assert numbers(directory(district="35.74.01")) == [kota.number]
    assert numbers(directory(district="35.13.20", scheme="batikmark")) == [batik.number]


def test_only_active_certificates_are_listed_unless_asked(certified, decision_maker):
    batik, sni, kota = certified["batik"], certified["sni"], certified["kota"]
    services.change_certificate_status(
        certificate=sni, action="suspend", reason="Survailen", by=decision_maker
    )
    services.change_certificate_status(
        certificate=kota, action="withdraw", reason="Dicabut", by=decision_maker
    )
    assert numbers(directory()) == [batik.number]
    assert numbers(directory(state="suspended")) == [sni.number]
    assert numbers(directory(state="withdrawn")) == [kota.number]
    assert len(directory(state="all")) == 3
    later = batik.valid_until + timedelta(days=1)
    assert numbers(directory(state="expired", today=later)) == [batik.number]


def test_the_directory_page_and_api_are_public(client, certified):
    batik = certified["batik"]
    page = client.get("/sertifikasi/direktori/", {"q": "Prabulinggih", "scheme": "batikmark"})
    assert page.status_code == 200
    text = page.content.decode()
    assert batik.number in text and batik.holder_nib in text and "Kain batik tulis" in text
    assert f"/verifikasi/certificate/{batik.number}/" in text
    api = client.get("/api/v1/certification/directory", {"q": "Prabulinggih"})
    assert api.status_code == 200
    rows = api.json()["results"]
    assert {r["number"] for r in rows} == {batik.number, certified["sni"].number}
    assert next(r for r in rows if r["number"] == batik.number)["label_colour"] == "gold"


def test_bad_directory_filters_fall_back_to_the_default(client, certified):
    page = client.get("/sertifikasi/direktori/", {"state": "<script>", "district": "99"})
    assert page.status_code == 200


def test_the_directory_page_takes_the_same_queries_for_more_certificates(
    client, certified, flow, decision_maker, products, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/sertifikasi/direktori/", {"state": "all"})
    flow.certificate(decision_maker, scheme="sppt-sni-1b", items=[products["printing"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/sertifikasi/direktori/", {"state": "all"})
