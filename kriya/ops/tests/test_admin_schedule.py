"""The schedule in the admin: each job with its cron expression, last run, outcome and
next run; administrators only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.ops.models import JobRun, RunStatus
from kriya.ops.schedule import SCHEDULE

PAGE = "/admin/ops/jobrun/"


@pytest.fixture
def administrator(make_user, agency, member):
    return member(make_user("admin@agency.test", is_staff=True), agency, Role.ADMINISTRATOR)


@pytest.fixture
def staff_desk(make_user, agency, member):
    return member(make_user("staff@agency.test", is_staff=True), agency, Role.DESK)


def test_an_administrator_sees_every_job_with_cron_last_run_outcome_and_next_run(
    client, administrator
):
    JobRun.objects.create(
        job="expire_bills",
        period=timezone.now() - timedelta(hours=3),
        status=RunStatus.FAILED,
        attempts=3,
        outcome="RuntimeError: the printer is on fire",
    )
    client.force_login(administrator)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    for job in SCHEDULE:
        assert job.name in page
        assert f"<code>{job.cron}</code>" in page
    assert "the printer is on fire" in page
    assert "Gagal" in page
    rows = {row["job"].name: row for row in response.context["schedule"]}
    assert rows["expire_bills"]["last"].status == RunStatus.FAILED
    assert rows["expire_bills"]["next"] > timezone.now()
    assert rows["send_reminders"]["last"] is None


def test_other_staff_are_refused(client, staff_desk):
    client.force_login(staff_desk)
    assert client.get(PAGE).status_code == 403
    assert client.get("/admin/ops/heartbeat/").status_code == 403


def test_anonymous_is_sent_to_the_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]
