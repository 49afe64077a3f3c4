from datetime import date

import pytest

from kriya.insights import performance

pytestmark = pytest.mark.django_db


def test_figures_per_service_and_semester(world, make_survey, make_request, service):
    b = world["business"]("35.13.01.2001")
    make_survey(b, date(2026, 2, 1), score=4)
    make_survey(b, date(2026, 3, 1), score=3)
    late = make_request(b, completed=date(2026, 3, 2))
    from kriya.desk.models import Complaint, ServiceRequest

    ServiceRequest.objects.filter(pk=late.pk).update(clock_days_used=30, standard_days=10)
    ServiceRequest.objects.exclude(pk=late.pk).update(standard_days=10)
    complaint = Complaint.objects.create(
        request=late, filed_by=world["owner"], subject="Lama", body="x"
    )
    from kriya.insights.tests.conftest import at

    Complaint.objects.filter(pk=complaint.pk).update(created_at=at(date(2026, 3, 3)))
    rows, total = performance.figures(performance.semester("2026-S1"))
    row = next(r for r in rows if r.code == "uji")
    assert row.completed == 3 and row.within_standard == 2 and row.compliance == 66.7
    assert row.index.respondents == 2 and row.index.ikm == 87.5
    assert row.complaints == 1 and row.complaints_resolved == 0
    assert len(performance.element_rows(total)) == 9


def test_public_page_and_pdf(client, world, make_survey):
    b = world["business"]("35.13.01.2001")
    make_survey(b, date(2026, 2, 1), score=4)
    response = client.get("/data/kinerja-layanan/?periode=2026-S1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Pengujian produk" in text and "100" in text and "Sangat baik" in text
    pdf = client.get("/data/kinerja-layanan/2026-S1.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
