"""The design system and the page frame: components, header menu, demo banner, identity,
contact and privacy pages, the style page's access (docs/design-system.md)."""

import re

import pytest
from django.template.loader import render_to_string

from kriya.core import pagecache

pytestmark = pytest.mark.django_db

COMPONENT_MARKERS = [
    'class="error-summary"',
    'class="task-list"',
    'class="summary-list"',
    'class="steps"',
    'class="summary-card',
    'class="tag ok"',
    'class="notice warn"',
    'class="stack"',
    'data-label="Layanan"',
    'class="pagination"',
    'class="empty-state"',
    'class="demo-banner"',
    'class="button danger"',
]


def _login(client, user):
    client.force_login(user)
    return client


# --- /gaya/: the living style page ------------------------------------------------------


def test_style_page_shows_every_component_to_staff(client, desk):
    response = _login(client, desk).get("/gaya/")
    assert response.status_code == 200
    for marker in COMPONENT_MARKERS:
        assert marker in response.text, marker


def test_style_page_is_also_english(client, desk):
    _login(client, desk)
    client.cookies["django_language"] = "en"
    response = client.get("/gaya/")
    assert "Check your answers" in response.text
    assert "There are 4 things to fix" in response.text
    assert "Periksa jawaban Anda" not in response.text


def test_style_page_is_refused_to_a_business_owner(client, make_user):
    owner = make_user("owner@example.test")
    response = _login(client, owner).get("/gaya/")
    assert response.status_code == 403


def test_style_page_sends_an_anonymous_visitor_to_log_in(client):
    response = client.get("/gaya/")
    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]


# --- Components rendered on their own --------------------------------------------------


def test_error_summary_links_each_message_to_its_field(client, officer):
    response = _login(client, officer).post(
        "/profil/", {"full_name": "Baru", "phone": "telepon saya", "language": "id"}
    )
    summary = re.search(r'<div class="error-summary".*?</div>', response.text, re.S).group(0)
    assert 'href="#id_phone"' in summary
    assert 'role="alert"' in summary
    # The label is plain: no trailing colon anywhere in the form's labels.
    assert not re.search(r"<label[^>]*>[^<]*:\s*(<span|</label>)", response.text)


def test_error_summary_is_absent_without_errors(client, officer):
    response = _login(client, officer).get("/profil/")
    assert "error-summary" not in response.text


def test_steps_say_who_acts_next_and_the_days_left_or_overdue():
    steps = [{"label": "A", "state": "done"}, {"label": "B", "state": "current"}]
    html = render_to_string(
        "components/steps.html", {"steps": steps, "next_actor": "Anda", "days_left": 3}
    )
    assert 'class="current" aria-current="step"' in html
    assert "Anda" in html and "3 hari kerja lagi" in html
    late = render_to_string("components/steps.html", {"steps": steps, "days_left": -2})
    assert "Terlambat 2 hari kerja" in late and "-2" not in late


def test_task_list_marks_done_todo_and_counts():
    html = render_to_string(
        "components/task_list.html",
        {
            "tasks": [
                {"label": "Profil usaha", "href": "/a/", "status": "done"},
                {"label": "Produk", "href": "/b/", "status": "todo", "count": 2},
                {"label": "Ajukan", "href": "/c/", "status": "cannot"},
            ]
        },
    )
    assert "✓ Selesai" in html and "Produk (2)" in html and "Belum bisa dimulai" in html
    assert 'href="/c/"' not in html  # a task that cannot start is not a link


def test_table_labels_each_cell_for_stacking_on_a_phone():
    html = render_to_string(
        "components/table.html",
        {
            "caption": "T",
            "columns": ["Uraian", "Subtotal"],
            "rows": [["Uji", "Rp 245.000"]],
            "stack": True,
            "numeric": "1",
        },
    )
    assert 'data-label="Uraian"' in html
    assert '<td data-label="Subtotal" class="number">Rp 245.000</td>' in html
    assert 'class="table-wrap"' in html


# --- The frame: header menu without JavaScript, links, identity ---------------------------


def test_header_menu_is_a_disclosure_that_needs_no_script(client):
    html = client.get("/").text
    menu = re.search(r'<details class="site-menu".*?</details>\s*</div>\s*</header>', html, re.S)
    assert menu, "the header's menu is a <details> disclosure"
    menu = menu.group(0)
    assert "<summary" in menu
    for link in ("/produk/", "/layanan/", "/verifikasi/", "/sertifikasi/direktori/"):
        assert f'href="{link}' in menu
    assert "/akun/login/" in menu and "/akun/signup/" in menu
    # CSP: no inline script or style anywhere in the frame.
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/(ld\+)?json\"))", html)
    assert "style=" not in html and "<style" not in html


def test_public_header_has_few_links(client):
    html = client.get("/").text
    nav = re.search(r'<nav aria-label="Menu utama".*?</nav>', html, re.S).group(0)
    assert nav.count("<a ") <= 6


def test_signed_in_header_groups_work_and_puts_logout_in_the_account_menu(client, desk):
    html = _login(client, desk).get("/").text
    nav = re.search(r'<nav aria-label="Menu utama".*?</nav>', html, re.S).group(0)
    assert "Ruang kerja" in nav
    account = re.search(r'<ul class="nav-list nav-account">.*?</details>', nav, re.S).group(0)
    assert "/profil/" in account and "Keluar" in account
    assert "/akun/login/" not in nav


def test_owner_sees_their_business_and_requests_group(client, make_user):
    owner = make_user("owner@example.test")
    html = _login(client, owner).get("/").text
    assert "Usaha & permohonan" in html
    assert "Ruang kerja" not in html


def test_footer_names_the_agency_and_regency_and_links_contact_privacy_api(client):
    html = client.get("/").text
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert "BBSPJIKB" in footer and "Kabupaten Probolinggo" in footer
    for link in ('href="/kontak/"', 'href="/privasi/"', 'href="/api/v1/docs"'):
        assert link in footer


def test_logos_come_from_settings(client, settings):
    html = client.get("/").text
    assert "Logo BBSPJIKB" not in html  # no logo configured: no image pretending to be one
    settings.KRIYA_AGENCY_NAME = "Balai X"
    settings.KRIYA_AGENCY_LOGO = "https://cdn.example.test/balai.svg"
    settings.KRIYA_REGENCY_LOGO = "kriya/mark.svg"
    pagecache.clear()  # settings change with a restart, which empties the page cache
    html = client.get("/").text
    assert 'src="https://cdn.example.test/balai.svg" alt="Logo Balai X"' in html
    assert 'src="/static/kriya/mark.svg" alt="Logo Kabupaten Probolinggo"' in html


def test_language_switch_is_one_button_to_the_other_language(client):
    html = client.get("/").text
    form = re.search(r'<form action="/i18n/setlang/".*?</form>', html, re.S).group(0)
    assert 'name="language" value="en"' in form and "English" in form


# --- Demo banner ---------------------------------------------------------------------


def test_demo_banner_only_when_the_setting_is_on(client, settings):
    settings.KRIYA_DEMO = False
    assert "demo-banner" not in client.get("/").text
    settings.KRIYA_DEMO = True
    pagecache.clear()  # settings change with a restart, which empties the page cache
    html = client.get("/").text
    assert 'class="demo-banner"' in html and "Situs demonstrasi" in html


# --- Contact and privacy pages ---------------------------------------------------------


def test_contact_and_privacy_pages_are_public_in_both_languages(client):
    for path, indonesian, english in (
        ("/kontak/", "Kontak", "Contact"),
        ("/privasi/", "Kebijakan privasi", "Privacy policy"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert f"<h1>{indonesian}</h1>" in response.text
        client.cookies["django_language"] = "en"
        assert f"<h1>{english}</h1>" in client.get(path).text
        client.cookies["django_language"] = "id"


def test_contact_page_shows_only_configured_details(client, settings):
    html = client.get("/kontak/").text
    assert "tel:" not in html and "mailto:" not in html
    settings.KRIYA_AGENCY_PHONE = "(0274) 000-111"
    settings.KRIYA_REGENCY_EMAIL = "umkm@example.go.id"
    html = client.get("/kontak/").text
    assert 'href="tel:(0274)000111"' in html
    assert 'href="mailto:umkm@example.go.id"' in html


def test_contact_page_is_reachable_when_signed_in_too(client, officer):
    assert _login(client, officer).get("/kontak/").status_code == 200
