"""Schemes are seeded from the reference data without inventing anything: what the
sources leave unconfirmed stays marked, and an administrator's edits are kept."""

import pytest
from django.core.exceptions import ValidationError

from kriya.certification.models import LABEL_COLOURS, Requirement, Scheme
from kriya.certification.reference import load_reference, seed_schemes

from .conftest import REFERENCE


def test_the_six_schemes_are_seeded_with_their_facts(schemes):
    assert sorted(schemes) == [
        "batikmark",
        "industri-hijau",
        "pemeriksaan-halal",
        "sppt-sni-1b",
        "sppt-sni-3",
        "sppt-sni-5",
    ]
    assert [schemes[f"sppt-sni-{t}"].certification_type for t in ("1b", "3", "5")] == [
        "1b",
        "3",
        "5",
    ]
    assert schemes["sppt-sni-5"].validity_years == 4 and schemes["sppt-sni-5"].validity_verified
    assert schemes["sppt-sni-5"].surveillance_months == 12
    assert schemes["sppt-sni-1b"].surveillance_months is None
    batikmark = schemes["batikmark"]
    assert batikmark.validity_years == 3 and not batikmark.validity_verified
    assert batikmark.standard_for("kombinasi") == "SNI 8304:2016/Amd.1:2019"
    assert "printing" not in batikmark.technique_standards
    assert schemes["industri-hijau"].standard == "SIH 13134:2023"
    assert not schemes["industri-hijau"].validity_verified
    halal = schemes["pemeriksaan-halal"]
    assert halal.validity_years is None and not halal.issues_certificate
    assert all(s.service is not None for s in schemes.values())


def test_batikmark_requirements_follow_the_reference_list(schemes):
    requirements = schemes["batikmark"].requirements.all()
    assert [(r.code, r.kind) for r in requirements if r.kind != "audit"] == [
        ("merek-terdaftar-atau-bukti-permohonan-djki", "document"),
        ("ktp", "document"),
        ("nib", "document"),
        ("npwp", "document"),
        ("contoh-merek", "document"),
        ("lulus-uji-mengkeret", "test"),
        ("lulus-uji-luntur-gosokan-dan-pencucian", "test"),
    ]
    assert all(r.is_verified for r in requirements)


def test_requirements_the_sources_do_not_give_are_marked_unconfirmed(schemes):
    unconfirmed = Requirement.objects.filter(is_verified=False)
    assert unconfirmed.filter(scheme=schemes["sppt-sni-5"], code="surat-permohonan").exists()
    assert not unconfirmed.filter(scheme=schemes["batikmark"]).exists()


def test_the_label_colours_are_gold_white_and_silver():
    assert {t: c for t, (c, _name) in LABEL_COLOURS.items()} == {
        "tulis": "gold",
        "cap": "white",
        "kombinasi": "silver",
    }


def test_seeding_again_keeps_an_administrator_s_edits(schemes):
    scheme = schemes["batikmark"]
    scheme.validity_years = 5
    scheme.validity_verified = True
    scheme.save()
    counts = seed_schemes(data=REFERENCE)
    assert counts["created"] == 0 and counts["kept"] == 6
    scheme.refresh_from_db()
    assert (scheme.validity_years, scheme.validity_verified) == (5, True)
    assert Scheme.objects.count() == 6


def test_unconfirmed_values_are_shown_as_such(client, schemes):
    page = client.get("/sertifikasi/skema/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Batikmark" in text and "belum dikonfirmasi" in text


@pytest.mark.parametrize("bad", ["LSPro/BM/{year}", "LSPro/{seq}", "LSPro/{seq}/{year}/{oops}"])
def test_a_number_format_needs_seq_and_year_and_known_fields(schemes, bad):
    scheme = schemes["batikmark"]
    scheme.number_format = bad
    with pytest.raises(ValidationError):
        scheme.full_clean()


def test_a_batikmark_standard_for_printing_is_refused(schemes):
    scheme = schemes["batikmark"]
    scheme.technique_standards = {"printing": "SNI x"}
    with pytest.raises(ValidationError):
        scheme.full_clean()


def test_the_real_reference_file_seeds_the_same_schemes(catalogue):
    seed_schemes(data=load_reference())
    assert Scheme.objects.count() == 6
    assert Scheme.objects.get(code="batikmark").requirements.count() == 8
