"""Exports of a batch's attendance and results: organisers only, formula-safe."""

import io

from django.urls import reverse

from kriya.training import services


def test_the_organiser_downloads_attendance_and_results(
    client, organiser, trainer, batch, programme, make_person, enrol
):
    a = enrol(batch, make_person("=HYPERLINK(1)"))
    session = programme.sessions.first()
    services.record_attendance(batch=batch, session=session, enrolment_ids=[a.pk], by=trainer)
    services.record_scores(batch=batch, scores={a.pk: (40, 90)}, by=trainer)
    client.force_login(organiser)
    text = client.get(reverse("training:export_csv", args=[batch.pk])).content.decode()
    lines = text.splitlines()
    assert "Kehadiran (%)" in lines[0]
    assert lines[1].startswith("'=HYPERLINK(1)")
    assert ",1,0,25,40,90,50," in lines[1]
    from openpyxl import load_workbook

    data = client.get(reverse("training:export_xlsx", args=[batch.pk])).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(2, 1).value == "'=HYPERLINK(1)"


def test_trainers_and_others_cannot_export(client, trainer, other_organiser, batch):
    for user in (trainer, other_organiser):
        client.force_login(user)
        assert client.get(reverse("training:export_csv", args=[batch.pk])).status_code == 404
