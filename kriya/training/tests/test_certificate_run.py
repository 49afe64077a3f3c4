"""Certificates of a whole batch rendered by the worker (django-tasks' database backend,
`db_worker` run in-process as the desk's worker test does), with its progress on the batch
page: htmx polling and a plain refresh link; a second run re-renders nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kriya.training import services
from kriya.training.models import CertificateFile, CertificateRun


@pytest.fixture
def completed(make_batch, make_person, enrol, organiser, trainer, assessor, programme, unit):
    batch = make_batch(capacity=3)
    people = [enrol(batch, make_person(f"Peserta {n}")) for n in range(3)]
    for session in programme.sessions.all():
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=[e.pk for e in people], by=trainer
        )
    services.record_scores(batch=batch, scores={e.pk: (40, 90) for e in people}, by=trainer)
    for e in people:
        services.assess_unit(enrolment=e, unit=unit, result="competent", by=assessor)
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    return batch


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_a_batch_once_with_progress(
    client, settings, tmp_path, monkeypatch, completed, organiser
):
    from django_tasks.backends.database.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.database.DatabaseBackend",
            "ENQUEUE_ON_COMMIT": True,
        }
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    rendered = []
    monkeypatch.setattr(
        "kriya.training.documents.html_to_pdf",
        lambda html, *, base_url: rendered.append(html) or b"%PDF-1.7 fake",
    )
    client.force_login(organiser)
    page = client.get(reverse("training:manage_batch", args=[completed.pk])).content.decode()
    assert "certificate-run" in page and "hx-trigger" not in page
    start = reverse("training:certificates_render", args=[completed.pk])
    assert client.post(start, {"language": "id"}).status_code == 302
    client.post(start, {"language": "en"})  # asked twice while queued: still one run
    run = CertificateRun.objects.get()
    assert run.status == "queued" and run.total == 3
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    status_url = reverse("training:certificate_run", args=[completed.pk])
    CertificateRun.objects.filter(pk=run.pk).update(status="running", done=1)
    page = client.get(status_url).content.decode()
    assert 'hx-trigger="every 2s"' in page and f'href="{status_url}"' in page  # no-JS refresh
    assert '<progress id="certificate-progress" max="3" value="1">' in page
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "certificate-progress" in partial
    CertificateRun.objects.filter(pk=run.pk).update(status="queued", done=0)

    call_command("db_worker", "--batch", "--interval", "0")
    run.refresh_from_db()
    assert (run.status, run.done, run.rendered) == ("done", 3, 3)
    assert CertificateFile.objects.count() == 3 and len(rendered) == 3
    page = client.get(status_url).content.decode()
    assert "hx-trigger" not in page and 'value="3"' in page
    archive = client.get(reverse("training:certificates_zip", args=[completed.pk]))
    assert archive["Content-Type"] == "application/zip"

    # Again: a new run, nothing issued or rendered twice.
    client.post(start, {"language": "id"})
    call_command("db_worker", "--batch", "--interval", "0")
    latest = CertificateRun.objects.order_by("-pk").first()
    assert (latest.status, latest.done, latest.rendered) == ("done", 3, 0)
    assert CertificateFile.objects.count() == 3 and len(rendered) == 3


@pytest.mark.parametrize("who", ["trainer", "other", "anonymous"])
def test_only_organisers_start_or_watch_a_run(who, client, completed, trainer, other_organiser):
    if who == "trainer":
        client.force_login(trainer)
    elif who == "other":
        client.force_login(other_organiser)
    start = client.post(reverse("training:certificates_render", args=[completed.pk]))
    watch = client.get(reverse("training:certificate_run", args=[completed.pk]))
    expected = 302 if who == "anonymous" else 404
    assert (start.status_code, watch.status_code) == (expected, expected)
    assert not CertificateRun.objects.exists()


def test_a_run_left_behind_by_a_dead_worker_does_not_block_the_batch(completed, organiser):
    from datetime import timedelta

    from django.utils import timezone

    from kriya.training import certificates

    stuck, created = certificates.start_run(batch=completed, by=organiser)
    assert created and certificates.start_run(batch=completed, by=organiser) == (stuck, False)
    CertificateRun.objects.filter(pk=stuck.pk).update(
        status="running", created_at=timezone.now() - timedelta(hours=3)
    )
    fresh, created = certificates.start_run(batch=completed, by=organiser)
    stuck.refresh_from_db()
    assert created and fresh.pk != stuck.pk and stuck.status == "failed"
