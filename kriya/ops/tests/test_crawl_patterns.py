"""The crawl's forbidden list catches what the trial found, and only that."""

import pytest

from .crawl import check_text, visible_text

VERBS = {"certificate.issued", "service_request.submit"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Sumber: reference.yaml — Pengujian (testing)", "reference.yaml"),
        ("lihat kriya/ops/schedule.py", "source file name"),
        (
            "(1–12 + 2 for the report (other balai's published standard))",
            "English note in brackets",
        ),
        ("lalu jalankan python -m kriya.verify.", "developer command"),
        ("Riwayat: certificate.issued oleh Dewi", "raw event code"),
        ("Diterbitkan 2026-12-02", "ISO date"),
        ("Harga Rp500.000", "money without a space"),
        ("Harga Rp.500.000", "money without a space"),
        ("Harga: None", "Python None"),
        ("Terverifikasi: True", "Python True/False"),
        ("TODO: isi nanti", "developer note"),
        ("Halo {{ name }}", "template error"),
        ("Please submit the form", "English on an Indonesian page"),
    ],
)
def test_each_finding_of_the_trial_is_caught(text, problem):
    assert problem in [name for name, _ in check_text(text, language="id", verbs=VERBS)]


@pytest.mark.parametrize(
    "text",
    [
        "Harga Rp\u00a0245.000 · terbit 2 Desember 2026, 14.30 WIB",
        "Standar pelayanan: 41 hari kerja (perkiraan 1–12 hari kerja tergantung parameter)",
        "Sertifikat diterbitkan oleh Pengambil Keputusan · demo.kriya.id",
        "SNI 8302:2016/Amd.1:2019 · NIB 9120000000001",
    ],
)
def test_clean_indonesian_text_passes(text):
    assert check_text(text, language="id", verbs=VERBS) == []


def test_english_pages_may_be_english_but_not_internal():
    assert check_text("None yet. (when the business is verified)", language="en", verbs=VERBS) == []
    problems = [p for p, _ in check_text("Issued 2026-12-02", language="en", verbs=VERBS)]
    assert problems == ["ISO date"]


def test_only_what_a_reader_meets_is_checked():
    html = (
        '<p>Terbit <time datetime="2026-12-02">2 Desember 2026</time></p>'
        '<script>var x = "2026-12-02"; // TODO</script><input type="hidden" value="None">'
        '<img src="a.png" alt="Rp500.000">'
    )
    text = visible_text(html)
    assert "2026-12-02" not in text and "TODO" not in text and "None" not in text
    assert "Rp500.000" in text  # alt text is read out


def test_a_report_names_each_problem_once_with_every_page_and_is_saved(tmp_path, monkeypatch):
    import kriya.conftest

    from .crawl import Report

    monkeypatch.setattr(kriya.conftest, "ARTIFACTS_DIR", str(tmp_path))
    report = Report(pages=3)
    for url in ("/a/", "/b/"):
        report.add("desk", url, "axe serious: color-contrast", "<span class=badge>")
    report.add("owner", "/c/", "ISO date", "…2026-12-02…", found_on="/a/")
    text = report.text()
    assert text.startswith("3 problems (2 distinct) on 3 pages")
    assert "on 2 page(s): [desk] /a/, [desk] /b/" in text
    assert "[owner] /c/ (linked from /a/)" in text
    with pytest.raises(pytest.fail.Exception):
        report.fail("sample")
    assert (tmp_path / "crawl" / "sample.txt").read_text(encoding="utf-8").startswith("3 problems")
