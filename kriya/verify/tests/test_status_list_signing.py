"""The published signed status list: what the server signs, when it signs again, and the
refresh the scheduler runs."""

from datetime import timedelta

from django.utils import timezone

from kriya.verify import services
from kriya.verify.keyring import load_keys, load_revocations
from kriya.verify.models import StatusList
from kriya.verify.statuslist import Code, open_signed


def download(client, number):
    response = client.get(f"/verifikasi/status/{number}.cwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/cwt"
    keys_document = client.get("/.well-known/kriya-keys.json").content
    return open_signed(response.content, load_keys(keys_document), load_revocations(keys_document))


def test_the_signed_list_opens_with_the_published_keys_and_shows_statuses(client, issue):
    keep, withdraw = issue(), issue()
    services.set_document_status(document=withdraw, action="withdraw", reason="x", by=None)
    opened = download(client, keep.status_list_id)
    assert opened.status(keep.status_index) is Code.ACTIVE
    assert opened.status(withdraw.status_index) is Code.WITHDRAWN
    assert opened.valid_until - opened.valid_from == services.STATUS_LIST_VALIDITY
    assert opened.ttl == 300
    assert opened.kid == keep.signed_with.kid


def test_the_json_list_carries_the_times_of_the_signed_one(client, issue):
    document = issue()
    signed = download(client, document.status_list_id)
    body = client.get(f"/verifikasi/status/{document.status_list_id}.json").json()
    assert body["validFrom"] == signed.valid_from.isoformat().replace("+00:00", "Z")
    assert body["validUntil"] == signed.valid_until.isoformat().replace("+00:00", "Z")


def test_the_stored_copy_is_served_until_something_changes(client, issue):
    document = issue()
    first = client.get(f"/verifikasi/status/{document.status_list_id}.cwt").content
    again = client.get(f"/verifikasi/status/{document.status_list_id}.cwt").content
    assert again == first
    services.set_document_status(document=document, action="suspend", reason="x", by=None)
    changed = download(client, document.status_list_id)
    assert changed.status(document.status_index) is Code.SUSPENDED


def test_a_rotation_or_revocation_has_the_list_signed_by_the_new_key(client, issue):
    document = issue()
    old = download(client, document.status_list_id).kid
    services.revoke_signing_key(
        key=document.signed_with,
        reason="x",
        compromised_at=timezone.now() - timedelta(minutes=5),
        by=None,
    )
    new = download(client, document.status_list_id)
    assert new.kid != old
    assert new.status(document.status_index) is Code.ACTIVE


def test_refresh_signs_again_only_the_lists_that_need_it(issue):
    document = issue()
    assert services.refresh_status_lists() == 1  # never signed
    assert services.refresh_status_lists() == 0  # nothing changed
    later = timezone.now() + services.STATUS_LIST_RESIGN_AFTER + timedelta(minutes=1)
    assert services.refresh_status_lists(now=later) == 1  # half its validity gone
    services.set_document_status(document=document, action="suspend", reason="x", by=None)
    assert services.refresh_status_lists(now=later) == 1
    row = StatusList.objects.get()
    assert row.signed_until == row.signed_at + services.STATUS_LIST_VALIDITY


def test_the_refresh_task_runs_the_refresh(issue):
    from kriya.verify.tasks import refresh_status_lists_task

    issue()
    assert refresh_status_lists_task.call() == 1
