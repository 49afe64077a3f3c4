"""The catalogue page: search and filters from the query string, Indonesian messages for
bad input and for an empty result."""

import pytest


@pytest.fixture
def catalogue(shop, add_product):
    return [
        add_product(shop, name="Kain batik tulis motif anggur", price=450_000),
        add_product(shop, name="Kemeja batik cap", technique="cap", price=150_000),
    ]


def test_searching_and_filtering_from_the_query_string(client, catalogue):
    html = client.get("/produk/", {"q": "batik", "teknik": "cap"}).text
    assert "Kemeja batik cap" in html and "Kain batik tulis" not in html
    assert "Hasil pencarian “batik”" in html


def test_prices_may_be_typed_the_indonesian_way(client, catalogue):
    html = client.get("/produk/", {"harga_min": "Rp 400.000"}).text
    assert "Kain batik tulis" in html and "Kemeja batik cap" not in html
    html = client.get("/produk/", {"harga_max": "200rb"}).text
    assert "Kemeja batik cap" in html and "Kain batik tulis" not in html


def test_an_unreadable_price_is_explained_and_ignored(client, catalogue):
    html = client.get("/produk/", {"harga_min": "murah"}).text
    assert "Tulis harga dalam rupiah, misalnya 150000." in html
    assert "Kemeja batik cap" in html and "Kain batik tulis" in html


def test_a_reversed_price_range_is_explained(client, catalogue):
    html = client.get("/produk/", {"harga_min": "500000", "harga_max": "100000"}).text
    assert "Harga sampai harus sama atau lebih besar dari harga dari." in html


def test_an_unknown_district_or_sort_is_explained(client, catalogue):
    html = client.get("/produk/", {"kecamatan": "99.99.99", "urut": "acak"}).text
    assert html.count('class="error"') == 2
    assert "Kemeja batik cap" in html


def test_an_empty_result_says_what_to_try(client, catalogue):
    html = client.get("/produk/", {"q": "xylofon"}).text
    assert "Tidak ada produk yang cocok dengan “xylofon”." in html
    assert "Coba kata yang lebih umum atau periksa ejaannya." in html
    html = client.get(
        "/produk/", {"q": "batik", "kecamatan": "35.13.20", "harga_min": "9000000"}
    ).text
    assert "hapus sebagian filter" in html


def test_a_repaired_query_is_announced(client, catalogue):
    html = client.get("/produk/", {"q": "kemja"}).text
    assert "Tidak ada hasil untuk “kemja”. Menampilkan hasil untuk “kemeja”." in html
    assert "Kemeja batik cap" in html


def test_more_than_the_cap_invites_a_narrower_search(client, catalogue, monkeypatch):
    from kriya.showcase import search

    monkeypatch.setattr(search, "CAP", 1)
    html = client.get("/produk/").text
    assert "Lebih dari 1 produk cocok" in html


def test_pages_link_to_each_other_keeping_the_search(client, shop, add_product, monkeypatch):
    from kriya.showcase import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    add_product(shop, name="Kain batik satu")
    add_product(shop, name="Kain batik dua")
    html = client.get("/produk/", {"q": "kain"}).text
    assert 'href="?q=kain&amp;halaman=2"' in html
    assert "Halaman 1 dari 2" in html
    assert "Kain batik satu" in client.get("/produk/", {"q": "kain", "halaman": "2"}).text
    assert client.get("/produk/", {"halaman": "x"}).status_code == 200
