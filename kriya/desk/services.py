"""Every write of the service desk. Each function runs in a transaction, checks who acts,
records an audit event on the request (the request's timeline is read from those) and
calls the `notify` seam.

Functions other apps call (lab, certification):

- `start_work(request=, by=)`: paid (or accepted, for free services) → in progress;
- `attach_result_document(request=, file=, by=, title=, slot=)`: a new version of a
  result document (PDF/JPEG/PNG checked by content); returns the RequestDocument;
- `mark_result_ready(request=, by=, document=None)`: in progress → result ready;
- `complete_request(request=, by=, file=None)`: result ready → completed.

`by=None` means the system (a background task) where the lifecycle allows it.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.access import has_role, officer_unit_ids
from kriya.core import audit
from kriya.core.formatting import tanggal
from kriya.core.uploads import check_document
from kriya.core.workflow import InvalidTransition
from kriya.registry.access import has_consent, is_owner_of

from .access import (
    active_sponsorship,
    can_assign,
    can_attach_result,
    can_edit_request,
    can_upload_application_document,
    can_upload_payment_proof,
)
from .adapters import simponi
from .clock import clock_changes
from .models import (
    Bill,
    BillItem,
    DocumentKind,
    Payment,
    RequestDocument,
    RequestItem,
    Service,
    ServiceRequest,
    Status,
    TariffItem,
)
from .notifications import notify
from .signals import request_status_changed
from .workflow import LIFECYCLE, PERFORMER_ROLES, is_desk, may_confirm_payment

BILLING_CODE_DIGITS = 15


def _actor_name(user) -> str:
    return str(user) if user is not None else "sistem"


def on_behalf(by, business) -> dict:
    """Audit data naming the business when `by` acts for it as its facilitator (not as
    its owner): the timeline then shows "X untuk Y" (who acted for whom). A regency
    unit's own request (`business` None) is acted on by its officers for nobody else."""
    if business is None:
        return {}
    if by is None or not getattr(by, "is_authenticated", False) or is_owner_of(by, business):
        return {}
    if not has_consent(by, business):
        return {}
    return {"on_behalf_of": business.pk, "on_behalf_of_name": business.name}


# --- Lifecycle -------------------------------------------------------------------


def transition_request(
    *,
    request: ServiceRequest,
    action: str,
    by,
    reason: str = "",
    changes: dict | None = None,
    data: dict | None = None,
) -> ServiceRequest:
    """Apply one move of the lifecycle to `request` as `by` and keep the clock with it.

    The move, the actor's right and a required reason are checked by
    `LIFECYCLE.transition` (InvalidTransition, PermissionDenied, ValidationError);
    nothing is saved unless all pass. The caller's `request` is refreshed.
    """
    with transaction.atomic():
        locked = (
            # Lock the request only, not the service and business rows it joins.
            ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("service", "business", "organisation")
            .get(pk=request.pk)
        )
        move = LIFECYCLE.find(locked.status, action)
        if move is None:
            raise InvalidTransition(action, locked.status)
        extra = dict(changes or {})
        for name, value in extra.items():
            setattr(locked, name, value)
        extra.update(clock_changes(locked, move.target))
        extra["status_reason"] = (reason or "").strip()
        extra["status_changed_at"] = timezone.now()
        if move.target == Status.COMPLETED:
            extra["completed_at"] = timezone.now()
        data = {**(data or {}), **on_behalf(by, locked.business)}
        from_status = locked.status
        LIFECYCLE.transition(locked, action=action, by=by, reason=reason, changes=extra, data=data)
        request_status_changed.send(
            sender=ServiceRequest,
            request=locked,
            action=action,
            from_status=from_status,
            to_status=locked.status,
            by=by,
        )
        if move.target in (Status.CANCELLED, Status.REJECTED):
            from .sponsorship import release_with_request

            release_with_request(locked, by=by, reason=str(Status(move.target).label))
        if move.target == Status.CANCELLED:
            Bill.objects.filter(
                request=locked, paid_at__isnull=True, expired_at__isnull=True
            ).filter(cancelled_at__isnull=True).update(cancelled_at=timezone.now())
        transaction.on_commit(
            lambda: notify(
                request=locked,
                event=f"service_request.{action}",
                by=by,
                data={**data, "reason": extra["status_reason"]},
            )
        )
    for f in locked._meta.concrete_fields:
        setattr(request, f.attname, getattr(locked, f.attname))
    return request


def _check_move(request: ServiceRequest, action: str, by) -> None:
    """Refuse early (before other checks say more) when the move does not exist from
    the request's status or `by` may not make it; transition() checks again, locked."""
    move = LIFECYCLE.find(request.status, action)
    if move is None:
        raise InvalidTransition(action, request.status)
    if not move.allowed(by, request):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


# --- Filing ----------------------------------------------------------------------


def _check_applicant(user, business, organisation, service: Service) -> None:
    """Exactly one applicant, and `user` may file for it: a business's owner or consented
    facilitator; a regency unit's officer, for a service open to regency units."""
    if (business is None) == (organisation is None):
        raise ValidationError(
            {"business": _("Pilih satu pemohon: usaha atau perangkat daerah Anda.")}
        )
    if organisation is not None:
        if organisation.pk not in officer_unit_ids(user):
            raise PermissionDenied(
                _("Anda tidak dapat mengajukan permohonan atas nama perangkat daerah ini.")
            )
        if not service.open_to_regency_units:
            raise ValidationError(
                {"service": _("Layanan ini tidak dapat dimohon atas nama perangkat daerah.")}
            )
        return
    if not (is_owner_of(user, business) or has_consent(user, business)):
        raise PermissionDenied(_("Anda tidak dapat mengajukan permohonan untuk usaha ini."))


def _clean_items(items) -> list[dict]:
    cleaned = []
    for position, item in enumerate(items or ()):
        name = (item.get("name") or "").strip()
        if not name:
            raise ValidationError({"items": _("Setiap barang/contoh perlu nama.")})
        quantity = int(item.get("quantity") or 1)
        if quantity < 1:
            raise ValidationError({"items": _("Jumlah paling sedikit 1.")})
        cleaned.append(
            {
                "name": name[:200],
                "description": (item.get("description") or "").strip(),
                "quantity": quantity,
                "kind": item.get("kind") or "sample",
                "product": item.get("product"),
                "position": position,
            }
        )
    return cleaned


def _check_documents(service: Service, documents: dict | None) -> dict:
    """Check uploaded application documents by content before anything is saved."""
    known = {d.code: d for d in service.documents.all()}
    checked = {}
    for slot, file in (documents or {}).items():
        if file is None:
            continue
        if slot not in known:
            raise ValidationError({slot: _("Jenis dokumen tidak dikenal untuk layanan ini.")})
        try:
            checked[slot] = (file, check_document(file))
        except ValidationError as error:
            raise ValidationError({slot: error.messages}) from None
    return checked


def request_fingerprint(
    *, business, service: Service, items, notes: str, documents, submit, organisation=None
) -> str:
    """What a filing asked for, as a SHA-256: two filings with one idempotency key must
    ask for the same thing (the IETF idempotency-key draft, Stripe)."""
    content = {
        "business": business.pk if business is not None else None,
        "service": service.code,
        "items": [
            {
                "name": (item.get("name") or "").strip(),
                "description": (item.get("description") or "").strip(),
                "quantity": item.get("quantity") or 1,
                "kind": item.get("kind") or "sample",
                "product": item.get("product"),
            }
            for item in items or ()
        ],
        "notes": (notes or "").strip(),
        "documents": sorted(
            (slot, getattr(file, "name", ""), getattr(file, "size", 0))
            for slot, file in (documents or {}).items()
        ),
        "submit": bool(submit),
    }
    if organisation is not None:
        content["organisation"] = organisation.pk
    encoded = json.dumps(content, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _same_filing(existing: ServiceRequest, fingerprint: str) -> ServiceRequest:
    """The request filed before with this key, if it asked for the same thing."""
    if existing.idempotency_fingerprint and existing.idempotency_fingerprint != fingerprint:
        raise ValidationError(
            {
                "idempotency_key": _(
                    "Kunci idempoten ini sudah dipakai untuk permohonan dengan isi lain."
                )
            }
        )
    return existing


def create_request(
    *,
    business=None,
    organisation=None,
    service: Service,
    by,
    items=(),
    notes: str = "",
    documents: dict | None = None,
    idempotency_key: str = "",
    submit: bool = False,
    is_demo: bool = False,
) -> tuple[ServiceRequest, bool]:
    """File a request for `business`, or in the name of the regency unit `organisation`
    (a service open to units, filed by one of its regency officers): a draft, submitted
    at once with submit=True. Exactly one of the two is given.

    Idempotent per user and `idempotency_key`: repeating the call (a double click, a
    retried API call, ten at once) returns the first request and created=False. The
    key cannot be reused for a filing that asks for something else: that raises a
    ValidationError (422 in the API) and files nothing.
    `documents` maps requirement codes to uploads; all are checked by content before
    anything is saved. Returns (request, created).
    """
    key = (idempotency_key or "").strip()[:64]
    fingerprint = ""
    if key:
        fingerprint = request_fingerprint(
            business=business,
            service=service,
            items=items,
            notes=notes,
            documents=documents,
            submit=submit,
            organisation=organisation,
        )
        existing = ServiceRequest.objects.filter(filed_by=by, idempotency_key=key).first()
        if existing is not None:
            return _same_filing(existing, fingerprint), False
    _check_applicant(by, business, organisation, service)
    if not service.is_active:
        raise ValidationError({"service": _("Layanan ini sedang tidak dibuka.")})
    if business is not None and not service.is_eligible(business):
        raise ValidationError(
            {"service": _("Layanan ini hanya untuk usaha dengan kelas tertentu.")}
        )
    cleaned = _clean_items(items)
    checked = _check_documents(service, documents)
    try:
        with transaction.atomic():
            request = ServiceRequest.objects.create(
                business=business,
                organisation=organisation,
                service=service,
                notes=(notes or "").strip(),
                filed_by=by,
                idempotency_key=key,
                idempotency_fingerprint=fingerprint,
                is_demo=is_demo,
            )
            RequestItem.objects.bulk_create(
                [RequestItem(request=request, **item) for item in cleaned]
            )
            audit.record(
                actor=by,
                verb="service_request.created",
                obj=request,
                data={
                    "service": service.code,
                    **(
                        {"organisation": organisation.pk}
                        if organisation is not None
                        else {"business": business.pk}
                    ),
                    "items": len(cleaned),
                    "filed_by": _actor_name(by),
                    **on_behalf(by, business),
                },
            )
            for slot, (file, info) in checked.items():
                _store_document(
                    request=request,
                    kind=DocumentKind.APPLICATION,
                    slot=slot,
                    title=service.documents.get(code=slot).name_id,
                    file=file,
                    info=info,
                    by=by,
                )
            if submit:
                _submit(request, by)
    except IntegrityError:
        if not key:
            raise
        existing = ServiceRequest.objects.filter(filed_by=by, idempotency_key=key).first()
        if existing is None:
            raise
        return _same_filing(existing, fingerprint), False
    return request, True


def update_request(*, request: ServiceRequest, by, notes: str, items) -> ServiceRequest:
    """Change the notes and items of a draft or returned request (applicant only)."""
    if not can_edit_request(by, request):
        raise PermissionDenied(_("Permohonan ini tidak dapat diubah sekarang."))
    cleaned = _clean_items(items)
    with transaction.atomic():
        request.notes = (notes or "").strip()
        request.save(update_fields=["notes", "updated_at"])
        request.items.all().delete()
        RequestItem.objects.bulk_create([RequestItem(request=request, **i) for i in cleaned])
        audit.record(
            actor=by,
            verb="service_request.updated",
            obj=request,
            data={"items": len(cleaned), **on_behalf(by, request.business)},
        )
    return request


def missing_documents(request: ServiceRequest) -> list:
    """Mandatory documents of the service without any version on the request."""
    present = set(
        request.documents.filter(kind=DocumentKind.APPLICATION).values_list("slot", flat=True)
    )
    return [d for d in request.service.documents.all() if d.is_mandatory and d.code not in present]


def _submit(request: ServiceRequest, by, action: str = "submit") -> ServiceRequest:
    _check_move(request, action, by)
    missing = missing_documents(request)
    if missing:
        raise ValidationError(
            {
                "documents": _("Dokumen wajib belum diunggah: %(names)s.")
                % {"names": ", ".join(d.name_id for d in missing)}
            }
        )
    if not request.items.exists():
        raise ValidationError({"items": _("Sebutkan paling sedikit satu barang atau contoh.")})
    changes = {}
    if action == "submit":
        changes = {"standard_days": request.service.standard_days, "submitted_at": timezone.now()}
    return transition_request(request=request, action=action, by=by, changes=changes)


def submit_request(*, request: ServiceRequest, by) -> ServiceRequest:
    """Submit a draft: mandatory documents and at least one item must be there. The
    service standard is copied from the catalogue and the clock starts."""
    with transaction.atomic():
        return _submit(request, by)


def resubmit_request(*, request: ServiceRequest, by) -> ServiceRequest:
    """Send a returned request back to the desk; the clock runs again."""
    with transaction.atomic():
        return _submit(request, by, action="resubmit")


# --- Documents -------------------------------------------------------------------


def _store_document(
    *, request, kind, slot, title, file, by, info=None, name: str | None = None
) -> RequestDocument:
    """Save a new version of a document (content checked); never overwrites one."""
    original = os.path.basename(name or getattr(file, "name", "") or "")[:255]
    info = info or check_document(file, name=original)
    with transaction.atomic():
        # Lock the request so two uploads to one slot get distinct version numbers.
        ServiceRequest.objects.select_for_update().filter(pk=request.pk).first()
        latest = RequestDocument.objects.filter(request=request, kind=kind, slot=slot).aggregate(
            v=Max("version")
        )["v"]
        if hasattr(file, "seek"):
            file.seek(0)
        document = RequestDocument(
            request=request,
            kind=kind,
            slot=slot,
            version=(latest or 0) + 1,
            title=(title or slot)[:200],
            original_name=original or f"dokumen.{info.extension}",
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
            uploaded_by=by,
        )
        document.file.save(f"upload.{info.extension}", file, save=False)
        document.save()
        audit.record(
            actor=by,
            verb="service_request.document_added",
            obj=request,
            data={
                "document": document.pk,
                "kind": kind,
                "slot": slot,
                "version": document.version,
                "title": document.title,
                **on_behalf(by, request.business),
            },
        )
    return document


def upload_document(*, request: ServiceRequest, slot: str, file, by) -> RequestDocument:
    """A new version of an application document (draft or returned requests)."""
    if not can_upload_application_document(by, request):
        raise PermissionDenied(_("Dokumen tidak dapat diunggah pada tahap ini."))
    requirement = request.service.documents.filter(code=slot).first()
    if requirement is None:
        raise ValidationError({"slot": _("Jenis dokumen tidak dikenal untuk layanan ini.")})
    try:
        info = check_document(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    document = _store_document(
        request=request,
        kind=DocumentKind.APPLICATION,
        slot=slot,
        title=requirement.name_id,
        file=file,
        info=info,
        by=by,
    )
    transaction.on_commit(
        lambda: notify(request=request, event="service_request.document_added", by=by)
    )
    return document


def attach_result_document(
    *,
    request: ServiceRequest,
    file,
    by,
    title: str = "",
    slot: str = "hasil",
    name: str | None = None,
    internal: bool = False,
) -> RequestDocument:
    """Attach a result document (a test report, a certificate) to a request in progress
    or with its result ready, as a new version of `slot`. `file` may be an upload, a
    File or bytes (then give `name`, e.g. "SHU-0001.pdf"). Checked by content like any
    upload. With internal=True the document is visible to agency staff only."""
    if not can_attach_result(by, request):
        raise PermissionDenied(_("Dokumen hasil tidak dapat dilampirkan pada tahap ini."))
    if isinstance(file, bytes | bytearray):
        file = ContentFile(bytes(file), name=name or "hasil.pdf")
    try:
        info = check_document(file, name=name)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    return _store_document(
        request=request,
        kind=DocumentKind.INTERNAL if internal else DocumentKind.RESULT,
        slot=slot,
        title=title or _("Dokumen hasil"),
        file=file,
        info=info,
        by=by,
        name=name,
    )


# --- Work ------------------------------------------------------------------------


def start_work(*, request: ServiceRequest, by) -> ServiceRequest:
    """Paid (or accepted, for a free service) → in progress. Lab and certification work
    on a request starts here."""
    return transition_request(request=request, action="start_work", by=by)


def mark_result_ready(
    *, request: ServiceRequest, by, document: RequestDocument | None = None
) -> ServiceRequest:
    """In progress → result ready. `document`, when given, must be a result document of
    this request (from `attach_result_document`); it is named in the timeline."""
    _check_move(request, "mark_result_ready", by)
    data = {}
    if document is not None:
        if document.request_id != request.pk or document.kind != DocumentKind.RESULT:
            raise ValidationError({"document": _("Bukan dokumen hasil permohonan ini.")})
        data = {"document": document.pk, "title": document.title}
    return transition_request(request=request, action="mark_result_ready", by=by, data=data)


def complete_request(*, request: ServiceRequest, by, file=None, title: str = "") -> ServiceRequest:
    """Result ready → completed (the result is handed over). With `file`, the result
    document is attached first. A service with an output needs a result document."""
    _check_move(request, "complete", by)
    with transaction.atomic():
        if file is not None:
            attach_result_document(request=request, file=file, by=by, title=title)
        has_result = request.documents.filter(kind=DocumentKind.RESULT).exists()
        if request.service.output_id and not has_result:
            raise ValidationError({"file": _("Lampirkan dokumen hasil sebelum menyelesaikan.")})
        return transition_request(request=request, action="complete", by=by)


def assign_request(*, request: ServiceRequest, officer, by) -> ServiceRequest:
    """Assign an agency officer to a request (desk only)."""
    if not can_assign(by, request):
        raise PermissionDenied(_("Hanya petugas layanan yang dapat menugaskan."))
    if officer is not None and not has_role(officer, *PERFORMER_ROLES):
        raise ValidationError({"officer": _("Pilih petugas balai.")})
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if locked.is_final:
            raise ValidationError(_("Permohonan yang sudah selesai tidak dapat ditugaskan."))
        locked.assigned_to = officer
        locked.save(update_fields=["assigned_to", "updated_at"])
        audit.record(
            actor=by,
            verb="service_request.assigned",
            obj=locked,
            data={
                "officer": officer.pk if officer else None,
                "officer_name": str(officer) if officer else "",
            },
        )
        transaction.on_commit(
            lambda: notify(request=locked, event="service_request.assigned", by=by)
        )
    request.assigned_to = officer
    return request


def bulk_assign(*, requests, officer, by) -> int:
    """Assign many requests at once; all or none."""
    count = 0
    with transaction.atomic():
        for request in requests:
            assign_request(request=request, officer=officer, by=by)
            count += 1
    return count


# --- Billing ---------------------------------------------------------------------


def _clean_bill_lines(service: Service, lines) -> list[BillItem]:
    items = []
    tariffs = {t.pk: t for t in TariffItem.objects.filter(service=service)}
    for line in lines:
        quantity = int(line.get("quantity") or 0)
        if quantity < 1:
            continue
        tariff = None
        tariff_id = line.get("tariff_item")
        if tariff_id:
            tariff = tariffs.get(int(getattr(tariff_id, "pk", tariff_id)))
            if tariff is None:
                raise ValidationError({"lines": _("Item tarif bukan milik layanan ini.")})
        description = (line.get("description") or (tariff.name_id if tariff else "")).strip()
        unit_price = line.get("unit_price")
        if unit_price in (None, "") and tariff is not None:
            unit_price = tariff.amount
        try:
            unit_price = int(unit_price)
        except (TypeError, ValueError):
            raise ValidationError({"lines": _("Tarif harus bilangan bulat rupiah.")}) from None
        if not description or unit_price < 0:
            raise ValidationError({"lines": _("Setiap baris perlu uraian dan tarif.")})
        items.append(
            BillItem(
                tariff_item=tariff,
                description=description[:200],
                unit=(line.get("unit") or (tariff.unit if tariff else ""))[:60],
                unit_price=unit_price,
                quantity=quantity,
                amount=unit_price * quantity,
            )
        )
    if not items:
        raise ValidationError({"lines": _("Tagihan perlu paling sedikit satu baris.")})
    if sum(i.amount for i in items) <= 0:
        raise ValidationError({"lines": _("Jumlah tagihan harus lebih dari nol.")})
    return items


def issue_bill(
    *, request: ServiceRequest, lines, due_date: date, by, billing_code: str = ""
) -> Bill:
    """Issue the PNBP bill of an accepted request: lines from tariff items (or typed by
    the desk), a due date, and a billing code — typed by the desk, or produced by the
    SIMPONI adapter when it is on and the desk left the code empty. The request waits
    for payment and its clock pauses."""
    if not is_desk(by):
        raise PermissionDenied(_("Hanya petugas layanan yang menerbitkan tagihan."))
    _check_move(request, "issue_bill", by)
    items = _clean_bill_lines(request.service, lines)
    total = sum(i.amount for i in items)
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Jatuh tempo tidak boleh sebelum hari ini.")})
    # A sponsored request is billed to the programme's regency unit (docs/desk.md); a
    # regency unit's own request to that unit.
    sponsorship = active_sponsorship(request)
    payer = sponsorship.programme.unit.name if sponsorship else request.applicant_name
    code = "".join((billing_code or "").split())
    source = "manual"
    if not code:
        adapter = simponi.get_adapter()
        if adapter is None:
            raise ValidationError({"billing_code": _("Kode billing wajib diisi.")})
        try:
            code = adapter.create_billing(
                reference=request.number,
                payer=payer,
                lines=[simponi.BillingLine(i.description, i.amount) for i in items],
                due_date=due_date,
            )
        except simponi.BillingError as error:
            raise ValidationError(
                {"billing_code": _("SIMPONI tidak dapat dihubungi; ketik kode billing.")}
            ) from error
        source = "simponi"
    if not (code.isdigit() and len(code) == BILLING_CODE_DIGITS):
        raise ValidationError(
            {"billing_code": _("Kode billing SIMPONI terdiri dari 15 digit angka.")}
        )
    with transaction.atomic():
        bill = Bill.objects.create(
            request=request,
            billing_code=code,
            code_source=source,
            total=total,
            due_date=due_date,
            issued_by=by,
            sponsorship=sponsorship,
            payer_name=payer,
        )
        for item in items:
            item.bill = bill
        BillItem.objects.bulk_create(items)
        transition_request(
            request=request,
            action="issue_bill",
            by=by,
            data={
                "bill": bill.pk,
                "billing_code": code,
                "total": total,
                "due_date": due_date.isoformat(),
                "payer": payer,
                "sponsored": sponsorship is not None,
            },
        )
    return bill


def open_bill(request: ServiceRequest) -> Bill | None:
    return (
        request.bills.filter(
            paid_at__isnull=True, expired_at__isnull=True, cancelled_at__isnull=True
        )
        .order_by("-issued_at", "-id")
        .first()
    )


def open_bill_among(bills) -> Bill | None:
    """`open_bill` over bills already loaded (a page that lists them all)."""
    unpaid = [
        b for b in bills if b.paid_at is None and b.expired_at is None and b.cancelled_at is None
    ]
    return max(unpaid, key=lambda b: (b.issued_at, b.pk), default=None)


def upload_payment_proof(
    *, request: ServiceRequest, file, by, paid_on: date, reference: str = ""
) -> Payment:
    """The applicant's proof of payment for the open bill (kept as a document version)."""
    if not can_upload_payment_proof(by, request):
        raise PermissionDenied(_("Bukti bayar tidak dapat diunggah pada tahap ini."))
    bill = open_bill(request)
    if bill is None:
        raise ValidationError(_("Tidak ada tagihan yang menunggu pembayaran."))
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("Tanggal bayar tidak boleh di masa depan.")})
    try:
        info = check_document(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        proof = _store_document(
            request=request,
            kind=DocumentKind.PAYMENT_PROOF,
            slot=f"bill-{bill.pk}",
            title=_("Bukti bayar %(code)s") % {"code": bill.billing_code},
            file=file,
            info=info,
            by=by,
        )
        payment = Payment.objects.create(
            bill=bill,
            proof=proof,
            paid_on=paid_on,
            reference=(reference or "").strip()[:40],
            uploaded_by=by,
        )
        audit.record(
            actor=by,
            verb="service_request.payment_proof_uploaded",
            obj=request,
            data={
                "bill": bill.pk,
                "payment": payment.pk,
                "reference": payment.reference,
                **on_behalf(by, request.business),
            },
        )
        transaction.on_commit(
            lambda: notify(request=request, event="service_request.payment_proof_uploaded", by=by)
        )
    return payment


def confirm_payment(*, request: ServiceRequest, by, payment: Payment | None = None) -> Bill:
    """The desk confirms the open bill is paid (after checking the proof or SIMPONI):
    the bill is settled and the request moves to paid; the clock runs again."""
    _check_move(request, "confirm_payment", by)
    with transaction.atomic():
        bill = open_bill(request)
        if bill is None:
            raise ValidationError(_("Tidak ada tagihan yang menunggu pembayaran."))
        bill = Bill.objects.select_for_update().get(pk=bill.pk)
        if payment is None:
            payment = bill.payments.filter(confirmed_at=None, rejected_at=None).first()
        elif payment.bill_id != bill.pk:
            raise ValidationError(_("Bukti bayar bukan untuk tagihan ini."))
        transition_request(
            request=request,
            action="confirm_payment",
            by=by,
            data={"bill": bill.pk, "payment": payment.pk if payment else None},
        )
        now = timezone.now()
        bill.paid_at = now
        bill.save(update_fields=["paid_at"])
        if payment is not None:
            payment.confirmed_by = by
            payment.confirmed_at = now
            payment.save(update_fields=["confirmed_by", "confirmed_at"])
    return bill


def reject_payment_proof(*, payment: Payment, by, reason: str) -> Payment:
    """The desk refuses a payment proof (unreadable, wrong amount); the applicant may
    upload another while the bill is open."""
    if not may_confirm_payment(by, payment.bill.request):
        raise PermissionDenied(_("Hanya petugas layanan yang memeriksa bukti bayar."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update().select_related("bill__request").get(pk=payment.pk)
        )
        if not payment.is_pending:
            raise ValidationError(_("Bukti bayar ini sudah diperiksa."))
        payment.rejected_by = by
        payment.rejected_at = timezone.now()
        payment.rejection_reason = reason
        payment.save(update_fields=["rejected_by", "rejected_at", "rejection_reason"])
        request = payment.bill.request
        audit.record(
            actor=by,
            verb="service_request.payment_proof_rejected",
            obj=request,
            data={"payment": payment.pk, "reason": reason},
        )
        transaction.on_commit(
            lambda: notify(request=request, event="service_request.payment_proof_rejected", by=by)
        )
    return payment


def expire_bills(*, today: date | None = None) -> list[ServiceRequest]:
    """Return to the applicant every request whose open bill is past its due date
    (the system acts). Idempotent: a bill expires once; running again does nothing."""
    today = today or timezone.localdate()
    returned = []
    candidates = Bill.objects.filter(
        due_date__lt=today,
        paid_at__isnull=True,
        expired_at__isnull=True,
        cancelled_at__isnull=True,
        request__status=Status.AWAITING_PAYMENT,
    ).values_list("pk", flat=True)
    for bill_id in list(candidates):
        with transaction.atomic():
            bill = Bill.objects.select_for_update().select_related("request").get(pk=bill_id)
            if not bill.is_open or bill.request.status != Status.AWAITING_PAYMENT:
                continue
            bill.expired_at = timezone.now()
            bill.save(update_fields=["expired_at"])
            if bill.request.origin:
                # A fee request has nothing to resubmit: it ends, and the app above
                # gives the seat or booth up (kriya.desk.fee_requests).
                reason = _(
                    "Tagihan %(number)s tidak dibayar sampai jatuh tempo %(due)s; "
                    "tempat yang ditahan dilepas."
                ) % {"number": bill.request.number, "due": tanggal(bill.due_date)}
                returned.append(
                    transition_request(
                        request=bill.request,
                        action="cancel",
                        by=None,
                        reason=reason,
                        data={"bill": bill.pk, "expired": True},
                    )
                )
                continue
            reason = _(
                "Tagihan %(code)s tidak dibayar sampai jatuh tempo %(due)s. "
                "Ajukan ulang permohonan untuk mendapatkan tagihan baru."
            ) % {"code": bill.billing_code, "due": tanggal(bill.due_date)}
            returned.append(
                transition_request(
                    request=bill.request,
                    action="expire_bill",
                    by=None,
                    reason=reason,
                    data={"bill": bill.pk},
                )
            )
    return returned


# --- One entry point for the buttons --------------------------------------------


def perform_action(*, request: ServiceRequest, action: str, by, reason: str = "") -> ServiceRequest:
    """Apply a move that needs no more than a click (and maybe a reason): what the
    request page's buttons and the API's actions endpoint call. Moves with checks of
    their own go through their service (submit checks documents, confirm_payment
    settles the bill, complete needs a result)."""
    if action == "submit":
        return submit_request(request=request, by=by)
    if action == "resubmit":
        return resubmit_request(request=request, by=by)
    if action == "confirm_payment":
        confirm_payment(request=request, by=by)
        return request
    if action == "start_work":
        return start_work(request=request, by=by)
    if action == "mark_result_ready":
        return mark_result_ready(request=request, by=by)
    if action == "complete":
        return complete_request(request=request, by=by)
    if action == "issue_bill":
        raise ValidationError(_("Tagihan diterbitkan melalui formulir tagihan."))
    return transition_request(request=request, action=action, by=by, reason=reason)


def record_download(*, document: RequestDocument, by) -> None:
    """Audit a download that needs it: identity and tax documents (personal data) for
    everyone, every document an administrator downloads (docs/document-access.md)."""
    from .access import download_needs_audit, is_personal_document

    if not download_needs_audit(by, document):
        return
    request = document.request
    audit.record(
        actor=by,
        verb="service_request.document_downloaded",
        obj=request,
        data={
            "document": document.pk,
            "kind": document.kind,
            "slot": document.slot,
            "version": document.version,
            "request": request.number,
            "personal": is_personal_document(document),
        },
    )
