import pytest

from kriya.regions.picker import build_picker


def test_first_level_lists_provinces(regions):
    picker = build_picker({})
    assert [code for code, _ in picker.levels[0].options] == ["33", "35"]
    assert picker.value == ""


def test_each_choice_opens_the_next_level(regions):
    picker = build_picker({"province": "35", "regency": "35.13"})
    assert picker.levels[1].selected == "35.13"
    assert [c for c, _ in picker.levels[2].options] == ["35.13.01", "35.13.20"]
    assert picker.value == "35.13"
    assert not picker.complete


def test_a_choice_outside_its_parent_is_dropped(regions):
    picker = build_picker({"province": "33", "regency": "35.13", "district": "35.13.01"})
    assert picker.value == "33"


def test_initial_code_fills_the_whole_chain(regions):
    picker = build_picker(initial="35.13.01.2001")
    assert [lvl.selected for lvl in picker.levels] == ["35", "35.13", "35.13.01", "35.13.01.2001"]
    assert picker.complete


def test_lock_fixes_the_officers_regency(regions):
    picker = build_picker({"province": "33", "regency": "35.74"}, lock="35.13")
    assert picker.levels[1].selected == "35.13" and picker.levels[1].locked
    assert [c for c, _ in picker.levels[2].options] == ["35.13.01", "35.13.20"]


@pytest.mark.django_db
def test_page_works_without_javascript(client, regions):
    response = client.get("/wilayah/", {"province": "35", "regency": "35.13", "_pick": "1"})
    assert response.status_code == 200
    assert '<option value="35.13.01">Sukapura</option>' in response.text
    assert "<noscript>" in response.text


@pytest.mark.django_db
def test_htmx_partial_returns_only_the_picker(client, regions):
    response = client.get("/wilayah/pilih/", {"province": "35"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<fieldset")
    assert "Kabupaten Probolinggo" in response.text
