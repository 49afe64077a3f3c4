"""The owner's first hour, before the business: sign-up, confirmation, login and the
password pages speak as Kriya, in one wording per language, and end on "register
your business"."""

import re

import pytest
from django.core import mail

PASSWORD = "Batik-Tulis-2026"

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def sign_up(client, email="sari@example.test"):
    return client.post(
        "/akun/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_the_confirmation_mail_greets_from_kriya_not_from_the_host(client, settings):
    settings.KRIYA_PUBLIC_URL = "https://kriya.probolinggokab.go.id"
    sign_up(client)
    (message,) = mail.outbox
    assert message.subject == "[Kriya] Konfirmasi alamat e-mail Anda"
    body = message.body
    assert body.startswith("Halo dari Kriya,")
    assert "testserver" not in body.split("http")[0]  # no host name in the greeting
    assert "127.0.0.1" not in body and "Hello from" not in body
    assert "daftarkan usaha Anda" in body
    assert "Tim Kriya" in body and "kriya.probolinggokab.go.id" in body
    assert "/akun/confirm-email/" in body
    assert "anda" not in re.sub(r"Anda", "", body)  # "Anda" always capitalised


def test_the_password_reset_mail_speaks_as_kriya(client, make_user):
    make_user("lupa@example.test")
    client.post("/akun/password/reset/", {"email": "lupa@example.test"})
    (message,) = mail.outbox
    assert message.subject == "[Kriya] Ganti kata sandi Anda"
    assert message.body.startswith("Halo dari Kriya,")
    assert "kata sandi baru" in message.body and "Sandi" not in message.body


def test_the_mail_for_an_unknown_address_speaks_as_kriya(client):
    client.post("/akun/password/reset/", {"email": "siapa@example.test"})
    (message,) = mail.outbox
    assert message.body.startswith("Halo dari Kriya,") and "/akun/signup/" in message.body


def test_the_mails_speak_english_to_an_english_visitor(client):
    client.post(
        "/akun/signup/",
        {"email": "ann@example.test", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    (message,) = mail.outbox
    assert message.subject == "[Kriya] Confirm your e-mail address"
    assert message.body.startswith("Hello from Kriya,")
    assert "register your business" in message.body


@pytest.mark.parametrize("url", ["/akun/signup/", "/akun/login/", "/akun/password/reset/"])
def test_entrance_pages_use_one_wording_without_colons(client, url):
    text = client.get(url).text
    main = text[text.index("<main") : text.index("</main>")]
    labels = re.findall(r"<label[^>]*>(.*?)</label>", main, re.S)
    assert labels and not any(label.strip().endswith(":") for label in labels)
    assert "Sandi" not in main and "anda" not in main.replace("Anda", "")
    assert "Email" not in main and "Password" not in main
    assert "placeholder=" not in main


def test_signup_page_says_what_comes_next(client):
    text = client.get("/akun/signup/").text
    assert "Buat akun Kriya" in text and "Daftarkan usaha Anda" in text
    assert "Kata sandi" in text and "Ketik ulang kata sandi" in text


def test_signup_errors_are_in_the_summary_and_at_the_field(client):
    response = client.post(
        "/akun/signup/", {"email": "bukan-email", "password1": PASSWORD, "password2": "lain"}
    )
    assert response.status_code == 200
    text = response.text
    start = text.index('class="error-summary"')
    summary = text[start : text.index("</ul>", start)]
    assert 'href="#id_email"' in summary and 'href="#id_password2"' in summary
    assert "Tulis alamat e-mail yang benar" in summary
    assert "Ketik kata sandi yang sama di kedua kolom." in text
    assert 'id="id_email_error"' in text and 'id="id_password2_error"' in text
    weak = client.post(
        "/akun/signup/", {"email": "a@example.test", "password1": "123", "password2": "123"}
    ).text
    assert "Kata sandi terlalu pendek: paling sedikit 8 karakter." in weak
    assert "Kata sandi tidak boleh hanya angka." in weak


def test_login_errors_use_kriya_wording(client, make_user):
    make_user("wulan@example.test", password=PASSWORD)
    response = client.post("/akun/login/", {"login": "wulan@example.test", "password": "salah"})
    assert "Alamat e-mail atau kata sandi tidak cocok." in response.text
    response = client.post("/akun/login/", {"login": "", "password": ""})
    assert "Tulis alamat e-mail Anda." in response.text
    assert "Tulis kata sandi Anda." in response.text


def test_after_confirming_the_next_step_is_to_register_the_business(client):
    sign_up(client)
    link = _link(mail.outbox[0])
    page = client.get(link)
    assert "Konfirmasi alamat e-mail" in page.text and "sari@example.test" in page.text
    response = client.post(link)
    assert response["Location"] == "/akun/terkonfirmasi/"
    landing = client.get("/akun/terkonfirmasi/").text
    assert "Alamat e-mail Anda sudah dikonfirmasi" in landing
    assert "Masuk, lalu daftarkan usaha Anda" in landing
    assert 'href="/akun/login/?next=/usaha-saya/baru/"' in landing
    # Logging in from there lands on the business form.
    response = client.post(
        "/akun/login/?next=/usaha-saya/baru/",
        {"login": "sari@example.test", "password": PASSWORD, "next": "/usaha-saya/baru/"},
    )
    assert response["Location"] == "/usaha-saya/baru/"


def test_the_landing_page_for_a_logged_in_user_links_to_the_form(client, make_user):
    client.force_login(make_user("wulan@example.test"))
    text = client.get("/akun/terkonfirmasi/").text
    assert 'href="/usaha-saya/baru/"' in text and "Daftarkan usaha Anda" in text


def test_an_expired_confirmation_link_says_what_to_do(client):
    text = client.get("/akun/confirm-email/tidak-ada/").text
    assert "tidak berlaku lagi" in text


def test_entrance_pages_in_english(client):
    text = client.get("/akun/signup/", HTTP_ACCEPT_LANGUAGE="en").text
    main = text[text.index("<main") : text.index("</main>")]
    assert "Create a Kriya account" in main and "Password" in main
    assert "Kata sandi" not in main
