import pytest

from kriya.regions.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _regions():
    rows = [
        ("35", "Jawa Timur", 1, None),
        ("35.13", "Kabupaten Probolinggo", 2, "35"),
        ("35.13.01", "Sukapura", 3, "35.13"),
        ("35.13.01.2001", "Ngadisari", 4, "35.13.01"),
    ]
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lvl, parent_id=p) for c, n, lvl, p in rows]
    )


def test_picker_opens_each_level_with_htmx(page):
    _regions()
    page.goto(page.base_url + "/wilayah/")
    page.select_option("#id_province", "35")
    page.wait_for_selector("#id_regency option[value='35.13']", state="attached")
    page.settle_htmx()
    page.select_option("#id_regency", "35.13")
    page.wait_for_selector("#id_district option[value='35.13.01']", state="attached")
    page.settle_htmx()
    page.select_option("#id_district", "35.13.01")
    page.wait_for_selector("#id_village option[value='35.13.01.2001']", state="attached")
    # No page load happened: htmx swapped the picker in place.
    assert page.url.endswith("/wilayah/")


def test_picker_works_without_javascript(browser, live_server):
    _regions()
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(live_server.url + "/wilayah/")
    pg.select_option("#id_province", "35")
    pg.click("button[name=_pick]")
    pg.select_option("#id_regency", "35.13")
    pg.click("button[name=_pick]")
    assert pg.locator("#id_district option[value='35.13.01']").count() == 1
    context.close()
