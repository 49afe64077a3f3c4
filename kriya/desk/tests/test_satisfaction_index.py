"""The satisfaction index (IKM = mean score × 25) per service and period, with the
number of respondents and the regulation's grade, on the head's overview and the API."""

import datetime

import pytest
from django.utils import timezone

from kriya.desk import survey
from kriya.desk.models import SURVEY_FIELDS, Service, SurveyResponse


@pytest.fixture
def answered(owner, make_request):
    """make(scores, when=None) → a completed request's survey, answered at `when`."""

    def make(scores, when=None, service=None):
        request = make_request("completed", service=service)
        values = scores if isinstance(scores, dict) else dict.fromkeys(SURVEY_FIELDS, scores)
        response = SurveyResponse.objects.create(
            request=request, service=request.service, respondent=owner, **values
        )
        if when:
            SurveyResponse.objects.filter(pk=response.pk).update(created_at=when)
        return response

    return make


def this_year():
    return survey.parse_period(str(timezone.localdate().year))


def test_the_index_is_the_mean_score_times_25_with_the_respondents(answered, testing_service):
    answered(4)
    answered(3)
    rows, total = survey.satisfaction_index(this_year())
    row = next(r for r in rows if r.service_code == "pengujian")
    assert row.respondents == 2 and row.mean == 3.5 and row.ikm == 87.5
    assert row.grade == ("B", "Baik")
    assert row.element_means == dict.fromkeys(SURVEY_FIELDS, 3.5)
    assert total.respondents == 2 and total.ikm == 87.5


def test_each_element_counts_the_same(answered):
    answered({**dict.fromkeys(SURVEY_FIELDS, 4), "u4": 1})
    [row] = [r for r in survey.satisfaction_index(this_year())[0] if r.respondents]
    assert row.ikm == round((8 * 4 + 1) / 9 * 25, 2)
    assert row.element_means["u4"] == 1


def test_services_are_indexed_apart_and_together(answered, free_service):
    answered(4)
    answered(2, service=free_service)
    rows, total = survey.satisfaction_index(this_year())
    by_code = {r.service_code: r for r in rows}
    assert by_code["pengujian"].ikm == 100 and by_code["konsultansi"].ikm == 50
    assert total.ikm == 75 and total.grade == ("C", "Kurang baik")


def test_only_the_periods_answers_count(answered):
    answered(4, when=timezone.make_aware(datetime.datetime(2025, 3, 31, 23, 30)))  # Q1 WIB
    answered(1, when=timezone.make_aware(datetime.datetime(2025, 4, 1, 0, 30)))  # Q2 WIB
    assert survey.satisfaction_index(survey.parse_period("2025-Q1"))[1].ikm == 100
    assert survey.satisfaction_index(survey.parse_period("2025-Q2"))[1].ikm == 25
    assert survey.satisfaction_index(survey.parse_period("2025-S1"))[1].respondents == 2
    assert survey.satisfaction_index(survey.parse_period("2024"))[1].respondents == 0


def test_a_service_without_answers_shows_no_index(testing_service):
    rows, total = survey.satisfaction_index(this_year())
    assert rows[0].respondents == 0 and rows[0].ikm is None and total.ikm is None


@pytest.mark.parametrize(
    ("ikm", "letter"),
    [(100, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65, "C"), (64.99, "D")],
)
def test_the_grades_of_the_regulation(ikm, letter):
    assert survey.grade(ikm)[0] == letter


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026", (2026, 1, 1), (2026, 12, 31)),
        ("2026-s2", (2026, 7, 1), (2026, 12, 31)),
        ("2026-Q1", (2026, 1, 1), (2026, 3, 31)),
        ("2024-Q1", (2024, 1, 1), (2024, 3, 31)),
        ("2026-Q4", (2026, 10, 1), (2026, 12, 31)),
    ],
)
def test_periods_are_years_semesters_and_quarters(key, start, end):
    period = survey.parse_period(key)
    assert (period.start, period.end) == (datetime.date(*start), datetime.date(*end))


def test_an_unknown_period_is_the_current_year():
    assert survey.parse_period("kemarin").key == str(timezone.localdate().year)


def test_the_head_sees_the_index_on_the_overview(client, head, answered):
    answered(4)
    client.force_login(head)
    page = client.get(f"/permohonan/ringkasan/?periode={timezone.localdate().year}").text
    assert "Indeks kepuasan masyarakat per layanan" in page
    assert (
        '<tr><th scope="row">Pengujian</th><td class="num">100,00</td><td class="num">1</td>'
        in page
    )


def test_the_api_gives_the_index_to_the_head_and_the_desk(client, head, desk, answered):
    answered(3)
    year = timezone.localdate().year
    for person in (head, desk):
        client.force_login(person)
        body = client.get(f"/api/v1/satisfaction-index?period={year}-S1").json()
        assert body["period"] == f"{year}-S1"
    client.force_login(head)
    body = client.get(f"/api/v1/satisfaction-index?period={year}").json()
    row = next(r for r in body["services"] if r["service"] == "pengujian")
    assert row["respondents"] == 1 and row["ikm"] == 75.0 and row["grade"] == "C"
    assert body["total"]["ikm"] == 75.0


@pytest.mark.parametrize("name", ["owner", "officer", "analyst", "facilitator"])
def test_others_do_not_get_the_index(name, client, personas):
    client.force_login(personas[name])
    assert client.get("/api/v1/satisfaction-index").status_code == 403


def test_anonymous_gets_no_index(client, db):
    assert client.get("/api/v1/satisfaction-index").status_code == 401
    assert Service.objects.count() == 0
