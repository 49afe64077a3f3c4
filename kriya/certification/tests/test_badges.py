"""The showcase's badges: only certificates valid today, each linked to its
verification, answered in a fixed number of queries."""

from datetime import date, timedelta

from kriya.certification import queries, services

ISSUED = date(2026, 1, 5)


def test_products_carry_a_badge_only_while_their_certificate_is_active(
    flow, decision_maker, products
):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    ids = [p.pk for p in products.values()]
    badges = queries.product_badges(ids, today=ISSUED)
    assert set(badges) == {products["tulis"].pk, products["tulis2"].pk}
    badge = badges[products["tulis"].pk][0]
    assert badge.code == "batikmark_tulis"
    assert badge.number == certificate.number
    assert badge.verify_url == f"/verifikasi/certificate/{certificate.number}/"
    assert queries.product_badges(ids, today=certificate.valid_until + timedelta(days=1)) == {}
    services.change_certificate_status(
        certificate=certificate, action="suspend", reason="x", by=decision_maker
    )
    assert queries.product_badges(ids, today=ISSUED) == {}


def test_an_accepted_halal_certificate_badges_its_products(products, business, owner, desk):
    halal = services.record_halal_certificate(
        business=business,
        products=[products["cap"]],
        number="SH2026-77",
        issued_on=date(2026, 2, 1),
        by=owner,
    )
    assert queries.product_badges([products["cap"].pk]) == {}
    services.check_halal_certificate(halal=halal, accept=True, by=desk)
    [badge] = queries.product_badges([products["cap"].pk])[products["cap"].pk]
    assert (badge.code, badge.number) == ("halal", "SH2026-77")


def test_green_industry_is_a_business_badge(flow, decision_maker, products, business):
    flow.certificate(decision_maker, scheme="industri-hijau", items=[products["cap"]])
    badges = queries.business_badges([business.pk])
    assert [b.code for b in badges[business.pk]] == ["industri_hijau"]


def test_badges_take_a_fixed_number_of_queries(
    flow, decision_maker, products, django_assert_num_queries
):
    flow.certificate(decision_maker)
    flow.certificate(decision_maker, scheme="sppt-sni-3", items=[products["cap"]])
    ids = [p.pk for p in products.values()]
    with django_assert_num_queries(2):
        queries.product_badges(ids)
    with django_assert_num_queries(1):
        queries.business_badges([products["cap"].business_id])


def test_the_filter_lists_every_badge_type():
    codes = [code for code, _label in queries.certificate_types()]
    assert codes == [
        "batikmark_tulis",
        "batikmark_cap",
        "batikmark_kombinasi",
        "sppt_sni",
        "industri_hijau",
        "halal",
    ]
