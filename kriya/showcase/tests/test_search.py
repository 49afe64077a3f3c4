"""The catalogue search on whichever database the suite runs on (SQLite or PostgreSQL)."""

import pytest
from django.db import connection

from kriya.showcase import search, search_postgres
from kriya.showcase.search import Filters, SearchQuery

from .factories import make_business


def found(text="", sort="", **filters):
    return search.search(SearchQuery(text=text, filters=Filters(**filters), sort=sort))


def names(result):
    from kriya.registry.models import Product

    by_id = dict(Product.objects.filter(pk__in=result.ids).values_list("pk", "name"))
    return [by_id[i] for i in result.ids]


@pytest.fixture
def catalogue(shop, add_product):
    return {
        "tulis": add_product(shop, name="Kain batik tulis motif anggur", price=450_000),
        "cap": add_product(
            shop, name="Kemeja batik cap", technique="cap", category="kemeja", price=150_000
        ),
        "selendang": add_product(
            shop,
            name="Selendang sutra",
            technique="kombinasi",
            motif="letusan Gunung Bromo",
            price=600_000,
        ),
        "bordir": add_product(
            shop,
            name="Mukena bordir",
            sector="bordir",
            technique="",
            motif="",
            category="mukena",
            price=275_000,
        ),
    }


def test_finds_products_by_indonesian_words_in_name_motif_and_category(catalogue):
    assert names(found("selendang")) == ["Selendang sutra"]
    assert names(found("bromo")) == ["Selendang sutra"]
    assert names(found("mukena")) == ["Mukena bordir"]


def test_finds_products_by_business_and_district_name(catalogue):
    assert len(found("prabulinggih").ids) == 4
    assert len(found("paiton").ids) == 4


def test_every_word_must_match(catalogue):
    assert names(found("batik tulis")) == ["Kain batik tulis motif anggur"]


def test_words_match_as_prefixes(catalogue):
    assert names(found("kemej")) == ["Kemeja batik cap"]
    assert names(found("selend sut")) == ["Selendang sutra"]


def test_case_diacritics_and_punctuation_do_not_matter(catalogue):
    assert names(found("SÉLENDANG, Sutrá!")) == ["Selendang sutra"]


def test_function_words_are_ignored_in_a_query(catalogue):
    assert names(found("selendang dan sutra")) == ["Selendang sutra"]


def test_a_typo_of_one_letter_is_corrected(catalogue):
    result = found("selendnag")
    assert names(result) == ["Selendang sutra"]
    assert result.corrected == "selendang"


def test_a_missing_space_is_tolerated(catalogue):
    result = found("batiktulis")
    assert names(result) == ["Kain batik tulis motif anggur"]
    assert result.corrected == "batik tulis"


def test_a_word_written_apart_finds_the_joined_word(shop, add_product):
    add_product(shop, name="Kain motif megamendung")
    result = found("mega mendung")
    assert names(result) == ["Kain motif megamendung"]
    assert "megamendung" in result.corrected


def test_typo_correction_works_without_trigrams(catalogue, monkeypatch):
    # PostgreSQL without pg_trgm (and SQLite always) look up every one-edit variant.
    monkeypatch.setattr(search_postgres, "near_words", lambda word: None)
    assert names(found("sutar")) == ["Selendang sutra"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only")
def test_postgresql_uses_its_trigram_index_for_typos(catalogue):
    search_postgres._trigram.clear()
    assert search_postgres.has_trigram()
    assert ("selendang", 1) in search_postgres.near_words("selendnag")


def test_nothing_found_is_an_empty_result_not_an_error(catalogue):
    result = found("xylofon")
    assert result.ids == [] and result.total == 0 and not result.more
    assert result.corrected == ""


def test_filter_by_district(make_user, officer, catalogue, add_product):
    bromo = make_business(
        make_user("bromo@example.test"),
        officer=officer,
        name="Batik Pasir Berbisik",
        village_id="35.13.01.2001",
    )
    add_product(bromo, name="Kain batik tulis Tengger")
    assert names(found("batik", district="35.13.01")) == ["Kain batik tulis Tengger"]
    assert names(found("", district="35.13.01")) == ["Kain batik tulis Tengger"]
    assert len(found("batik", district="35.13.20").ids) == 4  # the business is "Batik …"


def test_filter_by_sector_and_technique(catalogue):
    assert names(found("", sector="bordir")) == ["Mukena bordir"]
    assert names(found("batik", technique="cap")) == ["Kemeja batik cap"]
    assert names(found("", technique="cap")) == ["Kemeja batik cap"]


def test_filter_by_price_range(catalogue):
    assert set(names(found("", price_min=200_000, price_max=500_000))) == {
        "Kain batik tulis motif anggur",
        "Mukena bordir",
    }
    assert names(found("batik", price_max=200_000)) == ["Kemeja batik cap"]


def test_filter_by_certificate_type(shop, add_product, monkeypatch):
    from kriya.showcase import badges

    plain = add_product(shop, name="Kain batik tulis polos")
    certified = add_product(shop, name="Kain batik tulis bersertifikat")
    monkeypatch.setattr(
        badges,
        "product_badges",
        lambda ids: {certified.pk: [badges.Badge("batikmark_tulis", "Batikmark tulis")]},
    )
    search.reindex_business(shop)
    assert found("batik", certificate="batikmark_tulis").ids == [certified.pk]
    assert found("", certificate="batikmark_tulis").ids == [certified.pk]
    assert set(found("batik").ids) == {plain.pk, certified.pk}


def test_sorting_by_price_and_newest(catalogue):
    assert found("batik", sort="price").ids[0] == catalogue["cap"].pk
    assert found("", sort="-price").ids[0] == catalogue["selendang"].pk
    assert found("", sort="newest").ids[0] == catalogue["bordir"].pk
    assert found("", sort="price").ids == [
        catalogue[k].pk for k in ("cap", "bordir", "tulis", "selendang")
    ]


def test_relevance_puts_a_match_in_the_name_first(shop, add_product):
    in_name = add_product(shop, name="Selendang anggur", motif="")
    add_product(shop, name="Kain panjang", motif="anggur")
    assert found("anggur").ids[0] == in_name.pk


def test_more_than_the_cap_is_reported_and_cut(catalogue, monkeypatch):
    monkeypatch.setattr(search, "CAP", 2)
    result = found("batik")
    assert result.more and result.total == 2
    assert found("", sort="price").more


def test_pages_are_cut_from_the_window(catalogue):
    result = found("")
    first, last = result.page(1, size=3), result.page(9, size=3)
    assert len(first.ids) == 3 and first.has_next and not first.has_previous
    assert last.number == 2 and last.ids == result.ids[3:]


def test_two_swapped_letters_are_one_typo(catalogue):
    result = found("kemjea")
    assert names(result) == ["Kemeja batik cap"] and result.corrected == "kemeja"
