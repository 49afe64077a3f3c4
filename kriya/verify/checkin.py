"""Check-in by scanning passes, offline first (docs/verify.md, "Check-in").

A check-in page (the component `verify/_checkin.html` with `static/verify/checkin.js`)
records scans in the browser, each with a nonce it makes itself, and syncs them when
it can. `record_scans` stores them: it verifies every payload with the same function
as /verifikasi/ (offline.verify over the live keys, revocations and status lists),
accepts only valid passes of the consumer's document types (and, when given, of its
roster), and is idempotent by nonce. The consumer (training, events) then records
attendance from the accepted results.

    record_scans(*, scans, context, doc_types, by, numbers=None, now=None) -> ScanBatchResult
    sync_response(request, *, context, doc_types, numbers=None) -> JsonResponse

The number of queries does not grow with the number of scans: keys, revocations,
status lists, known nonces, the documents and the earlier check-ins are each read once,
and the new rows are written with one bulk insert (on SQLite split into batches of
its 999 parameters).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .models import IssuedDocument, Scan, ScanVerdict
from .offline import Verdict, verify
from .payload import extract
from .queries import LiveStatusLists, keyring, revocations
from .verdicts import verdict_text

MAX_SCANS = 1000  # per request: a day's door at one check-in page, synced at once
MAX_NONCE = 64

ACCEPTED = "accepted"
DUPLICATE = "duplicate"
REJECTED = "rejected"


@dataclass
class ScanResult:
    """What became of one scan: `status` accepted | duplicate | rejected, `reason` (in
    Indonesian, empty when accepted) and the pass's register entry when known."""

    nonce: str
    status: str
    reason: str = ""
    document: IssuedDocument | None = None
    scanned_at: datetime | None = None
    manual: bool = False

    def as_dict(self) -> dict:
        return {
            "nonce": self.nonce,
            "status": self.status,
            "reason": self.reason,
            "number": self.document.number if self.document else "",
            "name": self.document.holder_name if self.document else "",
        }


@dataclass
class ScanBatchResult:
    results: list[ScanResult] = field(default_factory=list)

    def _with(self, status):
        return [result for result in self.results if result.status == status]

    @property
    def accepted(self) -> list[ScanResult]:
        return self._with(ACCEPTED)

    @property
    def duplicates(self) -> list[ScanResult]:
        return self._with(DUPLICATE)

    @property
    def rejected(self) -> list[ScanResult]:
        return self._with(REJECTED)

    @property
    def documents(self) -> list[IssuedDocument]:
        """Every pass checked in by this batch or before it (accepted and duplicates),
        once each: what the consumer records attendance for."""
        seen, found = set(), []
        for result in self.results:
            if result.status != REJECTED and result.document and result.document.pk not in seen:
                seen.add(result.document.pk)
                found.append(result.document)
        return found

    def counts(self) -> dict:
        return {
            ACCEPTED: len(self.accepted),
            DUPLICATE: len(self.duplicates),
            REJECTED: len(self.rejected),
        }

    def as_dict(self) -> dict:
        return {"results": [r.as_dict() for r in self.results], "counts": self.counts()}


def _text(value, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _scanned_at(value, now: datetime) -> datetime:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return now
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return min(moment, now)  # a phone clock ahead of the server is not believed


@transaction.atomic
def record_scans(
    *,
    scans: list[dict],
    context: str,
    doc_types: Collection[str],
    by,
    numbers: Collection[str] | None = None,
    now: datetime | None = None,
) -> ScanBatchResult:
    """Store a batch of check-in scans; return one result per scan, in order.

    Each scan is {"nonce", "payload", "scanned_at" (ISO 8601)} or, ticked on the
    manual list, {"nonce", "manual_document_number", "scanned_at"}. `context` is the
    consumer's key ("training.session:12"); `doc_types` the pass types it accepts;
    `numbers` (optional) the document numbers on its roster — a valid pass not on it
    is rejected as belonging to another batch or event.

    - accepted: a valid pass (verdict `valid`) of an accepted type, first seen here;
      stored as a Scan with verdict accepted.
    - duplicate: the nonce was stored before (a second sync), or the pass was already
      accepted in this context under another nonce (scanned twice); nothing stored.
    - rejected: unreadable, not a pass of these types, not on the roster, or not valid
      (withdrawn, suspended, expired, forged …); stored with the reason when it has a
      nonce, so the desk sees refusals, and reported with that reason again on a re-sync.

    A nonce already used in another context is rejected (never moved). The caller
    has checked that `by` may check people in for `context`.
    """
    now = now or timezone.now()
    doc_types = set(doc_types)
    roster = {n.strip().upper() for n in numbers} if numbers is not None else None
    batch = ScanBatchResult()
    items = []  # (result, scan dict) for the scans to judge
    nonces = []
    for raw in scans[:MAX_SCANS]:
        raw = raw if isinstance(raw, dict) else {}
        nonce = _text(raw.get("nonce"), MAX_NONCE + 1)
        result = ScanResult(
            nonce=nonce,
            status=REJECTED,
            scanned_at=_scanned_at(raw.get("scanned_at"), now),
            manual=bool(_text(raw.get("manual_document_number"), 100)),
        )
        batch.results.append(result)
        if not nonce or len(nonce) > MAX_NONCE:
            result.reason = _("Pindaian tanpa penanda yang sah; pindai ulang.")
            continue
        items.append((result, raw))
        nonces.append(nonce)

    known = {
        row["nonce"]: row
        for row in Scan.objects.filter(nonce__in=nonces).values(
            "nonce", "context", "verdict", "reason", "document_id"
        )
    }
    keys, revoked, lists = keyring(), revocations(), LiveStatusLists()
    today = timezone.localdate(now)
    wanted = set()  # (doc_type, number) of valid passes and manual ticks
    judged = []  # (result, raw, claims-or-None, manual number)
    seen_in_batch = set()
    for result, raw in items:
        if result.nonce in known:
            judged.append((result, raw, None, ""))
            continue
        if result.nonce in seen_in_batch:
            result.status, result.reason = DUPLICATE, _("Pindaian ini sudah tercatat.")
            continue
        seen_in_batch.add(result.nonce)
        manual_number = _text(raw.get("manual_document_number"), 100)
        if manual_number:
            wanted.update((doc_type, manual_number) for doc_type in doc_types)
            judged.append((result, raw, None, manual_number))
            continue
        text = _text(raw.get("payload"), 5000)
        outcome = verify(text, keys, lists, today=today, now=now, revoked=revoked)
        claims = outcome.claims
        if claims is not None and claims.doc_type not in doc_types:
            result.reason = _("Ini bukan tanda peserta untuk kegiatan ini.")
        elif outcome.verdict is not Verdict.VALID:
            title, _explanation, _tone = verdict_text(
                outcome.verdict, claims.doc_type if claims else ""
            )
            result.reason = _("Tanda peserta tidak diterima: %(verdict)s.") % {"verdict": title}
        else:
            wanted.add((claims.doc_type, claims.number))
            judged.append((result, raw, (claims, extract(text), outcome.kid), ""))
            continue
        judged.append((result, raw, None, ""))  # rejected: stored with its reason

    wanted_types = {doc_type for doc_type, _n in wanted}
    wanted_numbers = {number for _t, number in wanted}
    known_ids = {row["document_id"] for row in known.values() if row["document_id"]}
    documents = {}
    if wanted or known_ids:
        for document in IssuedDocument.objects.select_related("parent").filter(
            Q(doc_type__in=wanted_types, number__in=wanted_numbers) | Q(pk__in=known_ids)
        ):
            documents[(document.doc_type, document.number)] = document
            documents[document.pk] = document
    checked_in = set(
        Scan.objects.filter(
            context=context, verdict=ScanVerdict.ACCEPTED, document__in=documents.values()
        ).values_list("document_id", flat=True)
        if documents
        else []
    )

    rows = []
    for result, _raw, valid, manual_number in judged:
        previous = known.get(result.nonce)
        if previous is not None:
            result.document = documents.get(previous["document_id"])
            if previous["context"] != context:
                result.reason = _("Pindaian ini sudah tercatat untuk kegiatan lain.")
            elif previous["verdict"] == ScanVerdict.ACCEPTED:
                result.status, result.reason = DUPLICATE, _("Pindaian ini sudah tercatat.")
            else:
                result.reason = previous["reason"]
            continue
        document = None
        if manual_number:
            matches = [
                documents[(doc_type, manual_number)]
                for doc_type in sorted(doc_types)
                if (doc_type, manual_number) in documents
            ]
            document = matches[0] if matches else None
            if document is None:
                result.reason = _("Nomor tanda peserta ini tidak terdaftar.")
            else:
                status = verify(
                    document.payload, keys, lists, today=today, now=now, revoked=revoked
                )
                if status.verdict is not Verdict.VALID:
                    title, _e, _t = verdict_text(status.verdict, document.doc_type)
                    result.reason = _("Tanda peserta tidak diterima: %(verdict)s.") % {
                        "verdict": title
                    }
        elif valid is not None:
            claims, payload_text, kid = valid
            document = documents.get((claims.doc_type, claims.number))
            if document is None:
                result.reason = _("Tanda peserta ini tidak terdaftar.")
            elif kid in revoked and payload_text != document.payload:
                # As on /verifikasi/: a revoked key's payload counts only when it is the
                # very payload the register stored (queries.verify_payload).
                title, _e, _t = verdict_text(Verdict.KEY_REVOKED, document.doc_type)
                result.reason = _("Tanda peserta tidak diterima: %(verdict)s.") % {"verdict": title}
        result.document = document
        if document is not None and not result.reason:
            if roster is not None and document.number.upper() not in roster:
                result.reason = _("Tanda peserta ini bukan untuk kegiatan ini.")
            elif document.pk in checked_in:
                result.status, result.reason = DUPLICATE, _("Sudah tercatat hadir sebelumnya.")
                continue
            else:
                result.status = ACCEPTED
                checked_in.add(document.pk)
        rows.append(
            Scan(
                nonce=result.nonce,
                context=context,
                document=document,
                verdict=ScanVerdict.ACCEPTED if result.status == ACCEPTED else ScanVerdict.REJECTED,
                reason=result.reason[:200],
                manual=result.manual,
                scanned_at=result.scanned_at,
                by=by if getattr(by, "is_authenticated", False) else None,
            )
        )
    if rows:
        Scan.objects.bulk_create(rows, ignore_conflicts=True)
    return batch


def sync_response(
    request, *, context: str, doc_types: Collection[str], numbers: Collection[str] | None = None
) -> JsonResponse:
    """The sync endpoint's answer for a consumer's view (POST, JSON body
    {"scans": [...]}, CSRF-protected like any POST): record_scans, then
    {"results": [{"nonce", "status", "reason", "number", "name"}], "counts": {…}}.
    The consumer checks access before calling it and records attendance from
    `record_scans` itself when it needs more than the scans."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    scans = body.get("scans") if isinstance(body, dict) else None
    if not isinstance(scans, list):
        return JsonResponse({"error": _("Data pindaian tidak terbaca.")}, status=400)
    if len(scans) > MAX_SCANS:
        message = _("Paling banyak %(n)s pindaian sekali kirim.") % {"n": MAX_SCANS}
        return JsonResponse({"error": message}, status=413)
    result = record_scans(
        scans=scans, context=context, doc_types=doc_types, by=request.user, numbers=numbers
    )
    return JsonResponse(result.as_dict())
