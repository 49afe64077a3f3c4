""" "Beranda saya" for the laboratory: samples to receive, analyses to enter, results to
verify (four eyes: a supervisor is never offered their own result); constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kriya.accounts.models import Role
from kriya.lab import services

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get("/beranda/")
    assert response.status_code == 200
    return response


def panel(response, title):
    return next(p for s in response.context["sections"] for p in s.panels if p.title == title)


def test_analyst_sees_samples_to_receive_and_their_work(
    client, analyst, make_request, assigned, lab_reference
):
    waiting = make_request("in_progress")  # testing request, no sample yet
    analysis = assigned("change")
    response = home(client, analyst)
    html = response.content.decode()
    receive_panel = panel(response, "Contoh yang perlu diterima")
    assert [r.pk for r in receive_panel.context["rows"]] == [waiting.pk]
    assert f"/lab/permohonan/{waiting.pk}/" in html
    work = panel(response, "Hasil analisis yang perlu diisi")
    assert work.count == 1
    assert f"/lab/analisis/{analysis.pk}/" in html


def test_another_analyst_does_not_get_my_work(client, other_analyst, assigned):
    analysis = assigned("change")
    response = home(client, other_analyst)
    assert panel(response, "Hasil analisis yang perlu diisi").count == 0
    assert f"/lab/analisis/{analysis.pk}/" not in response.content.decode()


def test_supervisor_is_offered_others_results_never_their_own(
    client, supervisor, second_supervisor, analyst, assigned, instrument
):
    by_analyst = assigned("change")
    services.enter_result(analysis=by_analyst, value="4", instrument=instrument, by=analyst)
    own = assigned("staining", to=supervisor)
    services.enter_result(analysis=own, value="4", instrument=instrument, by=supervisor)
    response = home(client, supervisor)
    verify = panel(response, "Hasil yang perlu diverifikasi")
    assert [a.pk for a in verify.context["rows"]] == [by_analyst.pk]
    response = home(client, second_supervisor)
    rows = panel(response, "Hasil yang perlu diverifikasi").context["rows"]
    assert {a.pk for a in rows} == {by_analyst.pk, own.pk}


def test_analyst_is_not_offered_verification(client, analyst):
    response = home(client, analyst)
    titles = {p.title for s in response.context["sections"] for p in s.panels}
    assert "Hasil yang perlu diverifikasi" not in titles
    assert [s.role for s in response.context["sections"]] == [Role.ANALYST]


def _count(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/beranda/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["analyst", "supervisor"])
def test_queries_do_not_grow_with_the_work(
    client, who, analyst, supervisor, receive, lab_reference, instrument, make_request
):
    user = {"analyst": analyst, "supervisor": supervisor}[who]

    def add(n):
        for _ in range(n):
            make_request("in_progress")
            sample = receive(methods=[lab_reference["washing"]])
            first, second = sample.analyses.order_by("pk")
            for analysis in (first, second):
                services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
            services.enter_result(analysis=second, value="4", instrument=instrument, by=analyst)

    add(1)
    before = _count(client, user)
    add(6)
    assert _count(client, user) == before
