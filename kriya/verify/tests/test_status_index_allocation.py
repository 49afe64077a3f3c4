"""Status-list entries: handed out in order, never twice, also under concurrency."""

import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.db.models import F

from kriya.verify.models import IssuedDocument, StatusList
from kriya.verify.services import allocate_status_slot


def test_entries_are_handed_out_in_order(issue):
    documents = [issue() for _ in range(3)]
    assert [d.status_index for d in documents] == [0, 1, 2]
    assert len({d.status_list_id for d in documents}) == 1


def test_a_new_list_opens_when_the_current_one_is_full(db):
    StatusList.objects.create(length=2)
    slots = [allocate_status_slot() for _ in range(3)]
    assert [(s.pk, i) for s, i in slots][:2] == [(slots[0][0].pk, 0), (slots[0][0].pk, 1)]
    assert slots[2][0].pk != slots[0][0].pk and slots[2][1] == 0


def test_a_failed_issue_does_not_use_up_an_entry(issue):
    from django.core.exceptions import ValidationError

    issue(number="A/1")
    with pytest.raises(ValidationError):
        issue(number="A/1")
    assert issue(number="A/2").status_index == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_share_an_entry_on_postgresql():
    from kriya.verify.services import active_signing_key, issue_document

    active_signing_key()
    workers, per_worker = 8, 5
    barrier = threading.Barrier(workers)
    errors = []

    def work(n):
        try:
            barrier.wait()
            for i in range(per_worker):
                issue_document(
                    doc_type="certificate",
                    number=f"C/{n}/{i}",
                    holder_nib="",
                    holder_name="Usaha",
                    scheme="Batikmark",
                    scope="",
                    issued_on=date(2026, 1, 1),
                    by=None,
                )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    slots = list(IssuedDocument.objects.values_list("status_list_id", "status_index"))
    assert len(slots) == workers * per_worker
    assert len(set(slots)) == len(slots)
    assert sorted(i for _, i in slots) == list(range(workers * per_worker))


def test_opening_a_list_takes_the_last_one_while_it_has_room(db):
    """What an issue sees after another transaction opened the first list between its own
    two reads: it must take entries from that list, not open a second one."""
    from kriya.verify.services import _open_status_list

    first = StatusList.objects.create(pk=1)
    assert _open_status_list().pk == first.pk
    StatusList.objects.filter(pk=1).update(next_index=F("length"))
    assert _open_status_list().pk == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_an_issue_that_found_no_list_shares_the_first_list_another_issue_opened(monkeypatch):
    """The interleaving behind `[0, 0, 1, 2, …]` (issue 13), forced: issue B finds no open
    list, then issue A opens list 1 and commits, then B opens a list."""
    from kriya.verify import services

    services.active_signing_key()
    b_found_none, a_committed = threading.Event(), threading.Event()
    original = services._open_status_list

    def paused_in_b():
        if threading.current_thread().name == "B":
            b_found_none.set()
            a_committed.wait(timeout=30)
        return original()

    monkeypatch.setattr(services, "_open_status_list", paused_in_b)
    documents, errors = {}, []

    def issue(name):
        try:
            documents[name] = services.issue_document(
                doc_type="certificate",
                number=f"C/{name}",
                holder_nib="",
                holder_name="Usaha",
                scheme="Batikmark",
                scope="",
                issued_on=date(2026, 1, 1),
                by=None,
            )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    b = threading.Thread(target=issue, args=("B",), name="B")
    b.start()
    assert b_found_none.wait(timeout=30)
    a = threading.Thread(target=issue, args=("A",), name="A")
    a.start()
    a.join()
    a_committed.set()
    b.join()
    assert errors == []
    assert StatusList.objects.count() == 1
    assert (documents["A"].status_list_id, documents["A"].status_index) == (1, 0)
    assert (documents["B"].status_list_id, documents["B"].status_index) == (1, 1)
