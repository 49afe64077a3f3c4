"""Tasks moved beside the code they run (so that no service imports a tasks module)
still run when the database backend queued them under their old path."""

import pytest
from django.utils.module_loading import import_string

from kriya.desk import notifications
from kriya.lab import services as lab_services


@pytest.mark.parametrize(
    "old_path, task",
    [
        ("kriya.desk.tasks.deliver_notifications", notifications.deliver_notifications),
        ("kriya.desk.tasks.send_notification_email", notifications.send_notification_email),
        ("kriya.lab.tasks.render_report", lab_services.render_report),
    ],
)
def test_a_task_queued_under_its_old_path_resolves_to_the_moved_task(old_path, task):
    assert import_string(old_path) is task


def test_a_queued_task_is_stored_under_its_new_path():
    assert notifications.deliver_notifications.module_path == (
        "kriya.desk.notifications.deliver_notifications"
    )
