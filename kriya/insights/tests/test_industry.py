import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kriya.core.models import AuditEvent
from kriya.insights import industry

pytestmark = pytest.mark.django_db

URL = "/dasbor/laporan-industri/"


def test_every_column_is_marked_unverified_and_has_a_known_source():
    from kriya.insights.models import SemesterReport
    from kriya.registry.models import Business

    for c in industry.columns():
        assert c["verified"] is False
        for source in c["source"].split("|"):
            owner, _dot, name = source.partition(".")
            assert owner in ("business", "report", "semester") or source == "empty"
            if owner == "semester":
                SemesterReport._meta.get_field(name)
            if owner == "business" and name not in ("workforce_men", "products", "district"):
                assert hasattr(Business, name) or name in ("regency",)


def test_officer_downloads_own_regency_in_the_layout(client, officer, world):
    mine = world["business"]("35.13.01.2001")
    theirs = world["business"]("35.74.01.1001")
    client.force_login(officer)
    assert client.get(URL).status_code == 200
    response = client.get(URL, {"unduh": "1", "periode": "2026-S1"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content))["laporan"].values)
    assert list(rows[0]) == [c["header"] for c in industry.columns()]
    nibs = [r[1] for r in rows[1:]]
    assert nibs == [mine.nib] and theirs.nib not in nibs
    assert rows[1][0] == "2026-S1"
    assert AuditEvent.objects.filter(verb="insights.industry_report_exported").count() == 1
    assert client.get(URL, {"unduh": "1", "kabupaten": "35.74"}).status_code == 404


def test_owner_cannot(client, owner_user):
    client.force_login(owner_user)
    assert client.get(reverse("insights:industry_report")).status_code == 403
