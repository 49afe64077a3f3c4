"""District and village names are matched to region codes within the regency."""

import pytest

from kriya.regions.models import Region
from kriya.registry.imports.matching import RegionMatcher, distance_within
from kriya.registry.models import Business

from .import_data import add_regions, csv_bytes, nib, report_rows, row, run


@pytest.fixture
def matcher(regions):
    add_regions()
    return RegionMatcher(Region.objects.get(code="35.13"))


@pytest.mark.parametrize(
    "district,village",
    [
        ("Paiton", "Bulujaran Lor"),
        ("PAITON", "BULUJARAN LOR"),
        ("  paiton ", "bulujaranlor"),
        ("Kec. Paiton", "Desa Bulujaran Lor"),
        ("Kec Paiton", "Ds. Bulujaran Lor"),
        ("Kecamatan Paiton", "Kel. Bulujaran  Lor"),
        ("", "Bulujaran-Lor"),
    ],
)
def test_names_match_regardless_of_case_spacing_and_prefix(matcher, district, village):
    match = matcher.match(district, village)
    assert match.village == "35.13.20.2001"
    assert match.warnings == ()


def test_a_near_miss_is_accepted_with_a_warning_naming_the_correction(matcher):
    match = matcher.match("Paiton", "Bulujaran Lorr")
    assert match.village == "35.13.20.2001"
    [(column, warning)] = match.warnings
    assert column == "village"
    assert "Bulujaran Lorr" in warning and "Bulujaran Lor" in warning


def test_a_near_miss_of_two_letters_is_accepted(matcher):
    assert matcher.match("", "Sidopekco").village == "35.13.22.2003"
    assert matcher.match("Kraksan", "Sidopekso").village == "35.13.22.2003"


def test_short_names_allow_one_letter_only(matcher):
    # "Patokan" is seven letters: two off is fine. "Paras" style names of five or fewer
    # letters tolerate a single letter.
    assert matcher.match("", "Patokn").village == "35.13.22.1001"
    assert distance_within("jetak", "jatik", 1) is None


def test_a_near_miss_with_two_candidates_is_rejected_as_ambiguous(matcher):
    # "Karangasar" is two letters from both Karanganyar and Karangasem.
    match = matcher.match("Paiton", "Karangasar")
    assert match.village is None
    assert "Karanganyar" in match.error and "Karangasem" in match.error


def test_an_unknown_name_is_rejected(matcher):
    match = matcher.match("Paiton", "Atlantis")
    assert match.village is None
    assert "Atlantis" in match.error


def test_an_unknown_district_is_rejected_on_the_district_column(matcher):
    match = matcher.match("Gotham", "Bulujaran Lor")
    assert match.village is None and match.column == "district"


def test_a_village_in_two_districts_needs_the_district(matcher):
    match = matcher.match("", "Sumberanyar")
    assert match.village is None
    assert "Paiton" in match.error and "Kraksaan" in match.error
    assert matcher.match("Kraksaan", "Sumberanyar").village == "35.13.22.2002"
    assert matcher.match("Paiton", "Sumberanyar").village == "35.13.20.2002"


def test_a_village_of_another_district_is_rejected_with_a_hint(matcher):
    match = matcher.match("Sukapura", "Patokan")
    assert match.village is None
    assert "Kraksaan" in match.error


def test_villages_of_other_regencies_are_never_matched(matcher):
    assert matcher.match("", "Mangunharjo").village is None  # Kota Probolinggo


def test_the_import_reports_the_correction_and_rejects_the_ambiguous(regions):
    add_regions()
    content = csv_bytes([row(1, Desa="Bulujaran Lorr"), row(2, Kecamatan="", Desa="Sumberanyar")])
    outcome, rejected, notes = report_rows(content)
    assert (outcome.counts.created, outcome.counts.rejected) == (1, 1)
    assert Business.objects.get(nib=nib(1)).village_id == "35.13.20.2001"
    [note] = notes
    assert note[0] == 2 and note[4] == "Desa" and "dibaca sebagai" in note[6]
    [reason] = rejected
    assert reason[0] == 3 and reason[4] == "Desa" and "isi kolom Kecamatan" in reason[6]


def test_region_names_are_looked_up_once_per_distinct_pair(regions, django_assert_max_num_queries):
    add_regions()
    matcher = RegionMatcher(Region.objects.get(code="35.13"))
    with django_assert_max_num_queries(0):
        for _ in range(100):
            matcher.match("Paiton", "Bulujaran Lorr")
    assert run(csv_bytes([row(i) for i in range(1, 4)])).counts.created == 3
