"""The owner's business page: a task list of what is done and what is left, and the
one next step."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_business, make_product


def tasks(text):
    """The task list as "name: status" rows, whitespace collapsed."""
    block = text[text.index('class="task-list"') : text.index("</ol>", text.index("task-list"))]
    rows = re.findall(r"<li>(.*?)</li>", block, re.S)
    clean = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    return clean


def next_step(text):
    start = text.index('class="next-step"')
    return text[start : text.index("</section>", start)]


def test_a_new_business_asks_for_its_first_product(client, owner, business):
    client.force_login(owner)
    text = client.get(f"/usaha-saya/{business.pk}/").text
    assert tasks(text) == [
        "Profil usaha ✓ Selesai",
        "Produk (0) Belum ada",
        "Foto tempat usaha (0) Tidak wajib",
        "Verifikasi petugas kabupaten Belum diajukan",
    ]
    step = next_step(text)
    assert "Tambahkan produk pertama Anda" in step
    assert f'href="/usaha-saya/{business.pk}/produk/baru/"' in step
    assert 'value="submit"' not in text  # one next step: the product first


def test_with_a_product_the_next_step_is_to_submit(client, owner, business, product):
    client.force_login(owner)
    text = client.get(f"/usaha-saya/{business.pk}/").text
    assert "Produk (1) ✓ Selesai" in tasks(text)
    step = next_step(text)
    assert "Ajukan verifikasi" in step and 'value="submit"' in step
    assert text.count('value="submit"') == 1  # one button, in the next step


def test_submitted_and_verified(client, regions, owner, officer):
    submitted = make_business(owner, status="submitted")
    client.force_login(owner)
    text = client.get(f"/usaha-saya/{submitted.pk}/").text
    assert "Verifikasi petugas kabupaten Menunggu petugas" in tasks(text)
    assert "Tidak ada yang perlu Anda lakukan sekarang" in next_step(text)
    verified = make_business(owner, status="verified", officer=officer, name="Batik Dua")
    text = client.get(f"/usaha-saya/{verified.pk}/").text
    assert "Verifikasi petugas kabupaten ✓ Terverifikasi" in tasks(text)


def test_a_returned_business_asks_for_a_correction(client, regions, owner, officer):
    returned = make_business(owner, status="returned", officer=officer)
    make_product(returned, owner)
    client.force_login(owner)
    text = client.get(f"/usaha-saya/{returned.pk}/").text
    assert "Perlu diperbaiki" in tasks(text)[-1]
    assert "Perbaiki data sesuai catatan petugas" in next_step(text)
    assert 'value="resubmit"' in next_step(text)


def test_the_page_takes_the_same_queries_whatever_the_number_of_products(client, owner, business):
    client.force_login(owner)
    make_product(business, owner)
    client.get(f"/usaha-saya/{business.pk}/")  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(f"/usaha-saya/{business.pk}/")
    make_product(business, owner, name="Selendang")
    make_product(business, owner, name="Kemeja")
    with CaptureQueriesContext(connection) as three:
        text = client.get(f"/usaha-saya/{business.pk}/").text
    assert "Produk (3)" in text
    assert len(three) == len(one)
