"""With the production backend (django-tasks' database backend) a change only queues
the delivery; the worker that `make run` starts (`manage.py db_worker`) sends the
e-mail."""

import pytest
from django.core import mail
from django.core.management import call_command

from kriya.desk import services
from kriya.desk.models import Notification


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_queued_email(settings, make_request, owner, desk):
    from django_tasks.backends.database.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.database.DatabaseBackend",
            "ENQUEUE_ON_COMMIT": True,
        }
    }
    request = make_request("in_review")
    services.transition_request(request=request, action="accept", by=desk)

    # Committed: the delivery is queued, nothing is sent yet.
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mail.outbox == [] and not Notification.objects.exists()

    # One pass of the worker runs the delivery and the e-mail it queues.
    call_command("db_worker", "--batch", "--interval", "0")
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert Notification.objects.get().emailed_at is not None
    assert not DBTaskResult.objects.filter(status="READY").exists()
