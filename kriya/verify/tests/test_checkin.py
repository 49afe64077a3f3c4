"""record_scans: offline check-in scans synced to the server, idempotent by nonce, with
constant queries whatever the number of scans."""

import math
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kriya.verify import services
from kriya.verify.checkin import record_scans
from kriya.verify.models import Scan

from .conftest import Signer, make_claims

CONTEXT = "training.session:12"
TYPES = {"training_pass"}


@pytest.fixture
def passes(issue):
    def make(count, prefix="TP", doc_type="training_pass"):
        return [
            issue(
                doc_type=doc_type,
                number=f"{prefix}/{i:04d}",
                holder_nib="",
                holder_name=f"Peserta {i}",
                scheme="Pelatihan batik tulis",
                scope="Angkatan 2",
                issued_on=date(2026, 3, 1),
                expires_on=None,
            )
            for i in range(count)
        ]

    return make


def scan(document, *, nonce=None, minutes=0, text=None):
    when = timezone.now() - timedelta(minutes=minutes)
    return {
        "nonce": nonce or str(uuid.uuid4()),
        "payload": text if text is not None else document.qr_text,
        "scanned_at": when.isoformat(),
    }


def statuses(result):
    return [(r.status, r.document.number if r.document else None) for r in result.results]


def test_valid_passes_are_accepted_and_stored_once(passes):
    a, b = passes(2)
    scans = [scan(a), scan(b)]
    result = record_scans(scans=scans, context=CONTEXT, doc_types=TYPES, by=None)
    assert statuses(result) == [("accepted", a.number), ("accepted", b.number)]
    assert result.counts() == {"accepted": 2, "duplicate": 0, "rejected": 0}
    assert {d.number for d in result.documents} == {a.number, b.number}
    assert Scan.objects.filter(context=CONTEXT, verdict="accepted").count() == 2

    again = record_scans(scans=scans, context=CONTEXT, doc_types=TYPES, by=None)
    assert statuses(again) == [("duplicate", a.number), ("duplicate", b.number)]
    assert {d.number for d in again.documents} == {a.number, b.number}
    assert Scan.objects.count() == 2


def test_out_of_order_and_partly_repeated_syncs_count_each_scan_once(passes):
    people = passes(4)
    scans = [scan(p, minutes=10 * i) for i, p in enumerate(people)]
    record_scans(scans=[scans[2], scans[0]], context=CONTEXT, doc_types=TYPES, by=None)
    result = record_scans(scans=scans[::-1], context=CONTEXT, doc_types=TYPES, by=None)
    assert [r.status for r in result.results] == ["accepted", "duplicate", "accepted", "duplicate"]
    assert Scan.objects.count() == 4
    stored = Scan.objects.get(nonce=scans[3]["nonce"])
    assert abs(stored.scanned_at - timezone.now() + timedelta(minutes=30)) < timedelta(seconds=5)


def test_the_same_pass_scanned_twice_under_two_nonces_is_one_check_in(passes):
    (a,) = passes(1)
    result = record_scans(scans=[scan(a), scan(a)], context=CONTEXT, doc_types=TYPES, by=None)
    assert [r.status for r in result.results] == ["accepted", "duplicate"]
    assert result.results[1].reason == "Sudah tercatat hadir sebelumnya."
    assert Scan.objects.count() == 1


def test_refusals_are_kept_with_their_reason(passes, issue):
    good, withdrawn, suspended = passes(3)
    services.set_document_status(document=withdrawn, action="withdraw", reason="x", by=None)
    services.set_document_status(document=suspended, action="suspend", reason="x", by=None)
    (exhibitor,) = passes(1, prefix="EP", doc_type="exhibitor_pass")
    certificate = issue()
    outsider = Signer()
    from kriya.verify import payload

    forged = payload.sign(make_claims(doc_type="training_pass"), outsider.private, outsider.kid)
    scans = [
        scan(withdrawn),
        scan(suspended),
        scan(exhibitor),
        scan(certificate),
        scan(None, text="bukan kode"),
        scan(None, text=forged),
        {"payload": good.payload, "scanned_at": "kemarin"},  # no nonce
    ]
    result = record_scans(scans=scans, context=CONTEXT, doc_types=TYPES, by=None)
    reasons = [(r.status, r.reason) for r in result.results]
    assert reasons == [
        ("rejected", "Tanda peserta tidak diterima: Dicabut."),
        ("rejected", "Tanda peserta tidak diterima: Dibekukan."),
        ("rejected", "Ini bukan tanda peserta untuk kegiatan ini."),
        ("rejected", "Ini bukan tanda peserta untuk kegiatan ini."),
        ("rejected", "Tanda peserta tidak diterima: Tidak terdaftar."),
        ("rejected", "Tanda peserta tidak diterima: Kunci tidak dikenal."),
        ("rejected", "Pindaian tanpa penanda yang sah; pindai ulang."),
    ]
    assert Scan.objects.filter(verdict="rejected").count() == 6
    assert Scan.objects.get(nonce=scans[0]["nonce"]).document is None
    # A re-sync reports the same refusals and stores nothing new.
    again = record_scans(scans=scans, context=CONTEXT, doc_types=TYPES, by=None)
    assert [(r.status, r.reason) for r in again.results] == reasons
    assert Scan.objects.count() == 6


def test_a_pass_of_another_batch_and_a_nonce_of_another_context_are_refused(passes):
    ours, theirs = passes(2)
    first = scan(ours)
    record_scans(scans=[first], context="training.session:99", doc_types=TYPES, by=None)
    result = record_scans(
        scans=[first, scan(theirs)],
        context=CONTEXT,
        doc_types=TYPES,
        by=None,
        numbers=[ours.number],
    )
    assert [(r.status, r.reason) for r in result.results] == [
        ("rejected", "Pindaian ini sudah tercatat untuk kegiatan lain."),
        ("rejected", "Tanda peserta ini bukan untuk kegiatan ini."),
    ]
    assert Scan.objects.get(nonce=first["nonce"]).context == "training.session:99"


def test_a_name_ticked_on_the_manual_list_is_checked_like_a_scan(passes, make_user):
    a, b = passes(2)
    services.set_document_status(document=b, action="withdraw", reason="x", by=None)
    trainer = make_user("pelatih@kriya.test")
    scans = [
        {"nonce": "n-1", "manual_document_number": a.number, "scanned_at": "2026-03-01T09:00"},
        {"nonce": "n-2", "manual_document_number": b.number, "scanned_at": "2026-03-01T09:01"},
        {"nonce": "n-3", "manual_document_number": "TP/9999", "scanned_at": "2026-03-01T09:02"},
    ]
    result = record_scans(scans=scans, context=CONTEXT, doc_types=TYPES, by=trainer)
    assert [(r.status, r.reason) for r in result.results] == [
        ("accepted", ""),
        ("rejected", "Tanda peserta tidak diterima: Dicabut."),
        ("rejected", "Nomor tanda peserta ini tidak terdaftar."),
    ]
    stored = Scan.objects.get(nonce="n-1")
    assert stored.manual and stored.by == trainer and stored.document == a
    # Another scan of the same person afterwards is a duplicate, not a second check-in.
    again = record_scans(scans=[scan(a)], context=CONTEXT, doc_types=TYPES, by=trainer)
    assert again.results[0].status == "duplicate"


def expected_queries(rows: int) -> int:
    """keys, revocations, status list (2), known nonces, documents, earlier check-ins,
    the savepoint pair of the transaction, and the insert: one statement on
    PostgreSQL, one per batch of SQLite's 999 parameters."""
    batch = connection.ops.bulk_batch_size(
        [f for f in Scan._meta.concrete_fields if not f.primary_key], [None] * max(rows, 1)
    )
    return 9 + math.ceil(rows / batch)


@pytest.mark.parametrize("count", [3, 300])
def test_a_sync_costs_the_same_queries_for_3_scans_as_for_300(
    passes, count, django_assert_num_queries
):
    people = passes(count)
    scans = [scan(p) for p in people]
    with django_assert_num_queries(expected_queries(count)):
        result = record_scans(scans=scans, context=CONTEXT, doc_types=TYPES, by=None)
    assert result.counts()["accepted"] == count
    # A re-sync verifies nothing again (no status list) and inserts nothing.
    with django_assert_num_queries(7):
        again = record_scans(scans=scans, context=CONTEXT, doc_types=TYPES, by=None)
    assert again.counts()["duplicate"] == count


def test_the_service_worker_is_served_for_any_scope_with_a_versioned_cache(client, db):
    response = client.get("/pindai/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert 'var CACHE = "kriya-checkin-' in body and "{{" not in body
    assert "/static/verify/checkin.js" in body or "verify/checkin" in body


def test_the_sync_endpoint_refuses_unreadable_bodies(rf, db):
    from django.contrib.auth.models import AnonymousUser

    from kriya.verify.checkin import sync_response

    for body, status in [(b"bukan json", 400), (b'{"scans": 3}', 400)]:
        request = rf.post("/sync", data=body, content_type="application/json")
        request.user = AnonymousUser()
        assert sync_response(request, context=CONTEXT, doc_types=TYPES).status_code == status
    request = rf.post("/sync", data=b'{"scans": []}', content_type="application/json")
    request.user = AnonymousUser()
    answer = sync_response(request, context=CONTEXT, doc_types=TYPES)
    assert answer.status_code == 200
    assert (
        answer.content
        == b'{"results": [], "counts": {"accepted": 0, "duplicate": 0, "rejected": 0}}'
    )
