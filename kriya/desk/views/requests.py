"""Pages of the service desk: the public catalogue, the applicant's pages, the desk's
queue and the head of the agency's overview. Views parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.core.charts import csv_response
from kriya.core.pagecache import cached_page
from kriya.core.workflow import InvalidTransition

from .. import queries, services, survey
from ..access import (
    businesses_for_filing,
    can_assign,
    can_attach_result,
    can_edit_request,
    can_read_document,
    can_see_overview,
    can_see_queue,
    can_upload_application_document,
    can_upload_payment_proof,
    complaints_visible_to,
    get_document_for,
    get_request_for,
    is_agency,
    readable_document_kinds,
    result_gate,
    units_for_filing,
)
from ..forms import (
    AssignForm,
    BillForm,
    CompleteForm,
    DocumentForm,
    EditRequestForm,
    ItemFormSet,
    PaymentProofForm,
    QueueFilterForm,
    ReasonForm,
    RequestForm,
    ResultForm,
    apply_errors,
    items_from,
)
from ..models import Bill, ComplaintStatus, DocumentKind, Payment, Service, ServiceRequest
from ..panels import request_panels
from ..progress import progress_of
from ..services import missing_documents, open_bill, open_bill_among
from ..workflow import LIFECYCLE, is_applicant, may_confirm_payment

# --- Public catalogue --------------------------------------------------------------


@login_not_required
@cached_page("service")
def catalogue(request):
    items = Service.objects.active().prefetch_related("documents", "tariff_items")
    return render(request, "desk/catalogue.html", {"services": items})


@login_not_required
@cached_page("service")
def service_detail(request, code: str):
    service = get_object_or_404(
        Service.objects.active().prefetch_related("documents", "tariff_items"), code=code
    )
    can_apply = (
        businesses_for_filing(request.user).exists()
        or units_for_filing(request.user, service).exists()
    )
    return render(request, "desk/service_detail.html", {"service": service, "can_apply": can_apply})


# --- Applicant ---------------------------------------------------------------------


def new_request(request, code: str):
    """The wizard: requirements, fees and standard first, then items, notes, documents;
    "save as draft" or "submit". A hidden idempotency token makes a double click file
    one request."""
    service = get_object_or_404(
        Service.objects.active().prefetch_related("documents", "tariff_items"), code=code
    )
    businesses = businesses_for_filing(request.user)
    units = list(units_for_filing(request.user, service))
    if not units and not businesses.exists():
        raise PermissionDenied(
            _("Hanya pemilik usaha atau pendamping yang dapat mengajukan permohonan.")
        )
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        service=service,
        businesses=businesses,
        units=units,
    )
    formset = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            filed, created = services.create_request(
                **form.applicant(),
                service=service,
                by=request.user,
                items=items_from(formset),
                notes=form.cleaned_data["notes"],
                documents=form.documents(),
                idempotency_key=form.cleaned_data["idempotency_key"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            aliases = {d.code: f"doc_{d.code}" for d in service.documents.all()}
            if units:
                aliases["business"] = "applicant"
            apply_errors(form, error, aliases=aliases)
        else:
            if created:
                messages.success(
                    request,
                    _("Permohonan %(number)s diajukan.") % {"number": filed.number}
                    if filed.status != "draft"
                    else _("Draf permohonan %(number)s disimpan.") % {"number": filed.number},
                )
            return redirect("desk:request", pk=filed.pk)
    return render(
        request,
        "desk/new_request.html",
        {"service": service, "form": form, "formset": formset, "for_units": bool(units)},
    )


def request_list(request):
    """My requests (an applicant), or the requests a regency officer may read."""
    status = request.GET.get("status", "")
    businesses = list(businesses_for_filing(request.user))
    business = request.GET.get("usaha", "")
    business = int(business) if business.isdigit() else None
    qs = queries.requests_for(request.user, status=status, business=business)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/request_list.html",
        {
            "page": page,
            "rows": queries.with_clocks(page.object_list),
            "status": status,
            "statuses": ServiceRequest._meta.get_field("status").choices,
            # A facilitator follows several businesses: a filter by business.
            "businesses": businesses if len(businesses) > 1 else [],
            "business": business,
        },
    )


def _detail_context(request, req: ServiceRequest, **overrides) -> dict:
    user = request.user
    documents = list(
        req.documents.select_related("uploaded_by").order_by("kind", "slot", "-version")
    )
    gate = result_gate(user, req)
    kinds = readable_document_kinds(user, req)
    # One query for every bill; the open one is picked from them as `open_bill` would
    # (the page links a payment's proof by its id, from `readable_ids`).
    bills = list(req.bills.prefetch_related("items", "payments"))
    bill = current_bill = open_bill_among(bills)
    timeline = queries.timeline(req)
    missing = missing_documents(req) if req.status in ("draft", "returned") else []
    applicant = is_applicant(user, req)
    moves = LIFECYCLE.available(req, user)
    context = {
        "req": req,
        # Links only to documents the user may open (the download checks again).
        "readable_ids": {d.pk for d in documents if can_read_document(user, d, kinds)},
        "clock": req.clock,
        # Cancelling is offered apart, behind a confirmation page.
        "moves": [m for m in moves if m.action != "cancel"],
        "can_cancel": any(m.action == "cancel" for m in moves),
        "progress": progress_of(
            req,
            clock=req.clock,
            timeline=timeline,
            open_bill=current_bill,
            pending_payment=bool(
                current_bill and any(p.is_pending for p in current_bill.payments.all())
            ),
            missing=missing,
            gate=gate,
            applicant=applicant,
        ),
        "is_applicant": applicant,
        "items": req.items.all(),  # the page shows each item's own name and quantity
        "application_documents": [d for d in documents if d.kind == DocumentKind.APPLICATION],
        "result_documents": [d for d in documents if d.kind == DocumentKind.RESULT],
        "internal_documents": [d for d in documents if d.kind == DocumentKind.INTERNAL]
        if is_agency(user)
        else [],
        "payment_documents": [d for d in documents if d.kind == DocumentKind.PAYMENT_PROOF],
        "result_gate": gate,
        "bills": bills,
        "open_bill": bill,
        "missing": missing,
        "timeline": timeline,
        "reason_form": ReasonForm(),
        "can_edit": can_edit_request(user, req),
        "document_form": DocumentForm(service=req.service)
        if can_upload_application_document(user, req) and req.service.documents.exists()
        else None,
        "payment_form": PaymentProofForm()
        if bill and can_upload_payment_proof(user, req)
        else None,
        "result_form": ResultForm() if can_attach_result(user, req) else None,
        "complete_form": CompleteForm() if LIFECYCLE.can(req, user, "complete") else None,
        "assign_form": AssignForm(initial={"officer": req.assigned_to_id})
        if can_assign(user, req) and not req.is_final
        else None,
        "is_desk": can_assign(user, req),
        # Who checks payment proofs: the desk, or the payee of a fee request's bill.
        "checks_payment": bill is not None and may_confirm_payment(user, req),
    }
    context.update(request_panels(user, req))
    context.update(overrides)
    return context


def request_detail(request, pk: int):
    req = get_request_for(request.user, pk)
    return render(request, "desk/request_detail.html", _detail_context(request, req))


def request_cancel(request, pk: int):
    """The confirmation before cancelling: what cancelling means, then the button (which
    posts to the lifecycle's `cancel` move)."""
    req = get_request_for(request.user, pk)
    if not LIFECYCLE.can(req, request.user, "cancel"):
        raise PermissionDenied(_("Permohonan ini tidak dapat dibatalkan sekarang."))
    return render(request, "desk/request_cancel.html", {"req": req, "open_bill": open_bill(req)})


def bill_detail(request, pk: int, bill_pk: int):
    """One bill as its payer reads it: the billing code to copy, how to pay, the lines
    and the total, and (while it is open) the payment proof form."""
    req = get_request_for(request.user, pk)
    bill = get_object_or_404(
        Bill.objects.select_related("sponsorship").prefetch_related("items", "payments"),
        pk=bill_pk,
        request=req,
    )
    can_pay = (
        bill.is_open
        and can_upload_payment_proof(request.user, req)
        and (current := open_bill(req)) is not None
        and current.pk == bill.pk
    )
    payments = list(bill.payments.all())
    return render(
        request,
        "desk/bill_detail.html",
        {
            "req": req,
            "bill": bill,
            "payments": payments,
            "pending_payment": any(p.is_pending for p in payments),
            "payment_form": PaymentProofForm() if can_pay else None,
        },
    )


def _rerender(request, req, **forms):
    return render(
        request, "desk/request_detail.html", _detail_context(request, req, **forms), status=400
    )


@require_POST
def request_action(request, pk: int, action: str):
    """One button of the request page: a move of the lifecycle."""
    req = get_request_for(request.user, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.perform_action(
            request=req, action=action, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except InvalidTransition:
        messages.error(request, _("Tindakan ini tidak tersedia pada status permohonan sekarang."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status permohonan: %(s)s.") % {"s": req.get_status_display()})
    return redirect("desk:request", pk=req.pk)


def request_edit(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_edit_request(request.user, req):
        raise PermissionDenied(_("Permohonan ini tidak dapat diubah sekarang."))
    initial_items = [
        {"name": i.name, "description": i.description, "quantity": i.quantity}
        for i in req.items.all()
    ]
    form = EditRequestForm(request.POST or None, initial={"notes": req.notes})
    formset = ItemFormSet(request.POST or None, prefix="items", initial=initial_items)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.update_request(
                request=req,
                by=request.user,
                notes=form.cleaned_data["notes"],
                items=items_from(formset),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Permohonan disimpan."))
            return redirect("desk:request", pk=req.pk)
    return render(request, "desk/request_edit.html", {"req": req, "form": form, "formset": formset})


@require_POST
def document_upload(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_upload_application_document(request.user, req):
        raise PermissionDenied(_("Dokumen tidak dapat diunggah pada tahap ini."))
    form = DocumentForm(request.POST, request.FILES, service=req.service)
    if form.is_valid():
        try:
            services.upload_document(
                request=req,
                slot=form.cleaned_data["slot"],
                file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Dokumen diunggah."))
            return redirect("desk:request", pk=req.pk)
    return _rerender(request, req, document_form=form)


@require_POST
def payment_proof(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_upload_payment_proof(request.user, req):
        raise PermissionDenied(_("Bukti bayar tidak dapat diunggah pada tahap ini."))
    form = PaymentProofForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_payment_proof(request=req, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Bukti bayar diunggah; petugas akan memeriksanya."))
            return redirect("desk:request", pk=req.pk)
    return _rerender(request, req, payment_form=form)


@require_POST
def payment_reject(request, pk: int, payment_pk: int):
    req = get_request_for(request.user, pk)
    payment = get_object_or_404(Payment, pk=payment_pk, bill__request=req)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.reject_payment_proof(
            payment=payment, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Bukti bayar ditolak; pemohon diminta mengunggah ulang."))
    return redirect("desk:request", pk=req.pk)


@require_POST
def result_upload(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_attach_result(request.user, req):
        raise PermissionDenied(_("Dokumen hasil tidak dapat dilampirkan pada tahap ini."))
    form = ResultForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_result_document(
                request=req,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Dokumen hasil dilampirkan."))
            return redirect("desk:request", pk=req.pk)
    return _rerender(request, req, result_form=form)


@require_POST
def request_complete(request, pk: int):
    req = get_request_for(request.user, pk)
    if not LIFECYCLE.can(req, request.user, "complete"):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.complete_request(
                request=req, by=request.user, file=form.cleaned_data.get("file")
            )
        except InvalidTransition:
            messages.error(
                request, _("Tindakan ini tidak tersedia pada status permohonan sekarang.")
            )
            return redirect("desk:request", pk=req.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Permohonan selesai; hasil diserahkan."))
            return redirect("desk:request", pk=req.pk)
    return _rerender(request, req, complete_form=form)


@require_POST
def request_assign(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_assign(request.user, req):
        raise PermissionDenied(_("Hanya petugas layanan yang dapat menugaskan."))
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.assign_request(
                request=req, officer=form.cleaned_data["officer"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Petugas ditugaskan."))
            return redirect("desk:request", pk=req.pk)
    return _rerender(request, req, assign_form=form)


def bill_new(request, pk: int):
    req = get_request_for(request.user, pk)
    if not LIFECYCLE.can(req, request.user, "issue_bill"):
        raise PermissionDenied(_("Tagihan tidak dapat diterbitkan sekarang."))
    form = BillForm(request.POST or None, service=req.service)
    if request.method == "POST" and form.is_valid():
        try:
            bill = services.issue_bill(
                request=req,
                lines=form.lines(),
                due_date=form.cleaned_data["due_date"],
                billing_code=form.cleaned_data["billing_code"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Tagihan %(code)s diterbitkan.") % {"code": bill.billing_code}
            )
            return redirect("desk:request", pk=req.pk)
    return render(request, "desk/bill_form.html", {"req": req, "form": form})


def document_download(request, pk: int):
    """A document as an attachment, after the access check (and the result gate)."""
    document = get_document_for(request.user, pk)
    services.record_download(document=document, by=request.user)
    req = document.request
    filename = f"{req.number}-{document.slot}-v{document.version}.{document.extension}"
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Desk and head -----------------------------------------------------------------


def queue(request):
    """The desk's queue with filters; desk officers assign one or many requests."""
    if not can_see_queue(request.user):
        raise PermissionDenied(_("Antrean hanya untuk petugas balai."))
    filters = QueueFilterForm(request.GET or None, regencies=queries.queue_regencies(request.user))
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = queries.desk_queue(
        request.user,
        service=params.get("service", ""),
        status=params.get("status", ""),
        overdue=params.get("overdue", False),
        regency=params.get("regency", ""),
        assigned=params.get("assigned", ""),
    )
    assign_form = AssignForm(request.POST or None) if can_assign(request.user) else None
    if request.method == "POST":
        if assign_form is None:
            raise PermissionDenied(_("Hanya petugas layanan yang dapat menugaskan."))
        ids = [int(i) for i in request.POST.getlist("requests") if i.isdigit()]
        if not ids:
            assign_form.add_error(None, _("Pilih paling sedikit satu permohonan."))
        elif assign_form.is_valid():
            chosen = list(qs.model.objects.filter(pk__in=ids).filter(pk__in=qs.values("pk")))
            try:
                count = services.bulk_assign(
                    requests=chosen, officer=assign_form.cleaned_data["officer"], by=request.user
                )
            except ValidationError as error:
                apply_errors(assign_form, error)
            else:
                messages.success(request, _("%(n)d permohonan ditugaskan.") % {"n": count})
                return redirect(request.get_full_path())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/queue.html",
        {
            "filters": filters,
            "page": page,
            "rows": queries.with_clocks(page.object_list),
            "assign_form": assign_form,
            "query": query.urlencode(),
        },
    )


def overview(request):
    if not can_see_overview(request.user):
        raise PermissionDenied(_("Ringkasan hanya untuk kepala balai dan petugas layanan."))
    rows = queries.overview(request.user)
    period = survey.parse_period(request.GET.get("periode"))
    index_rows, index_total = survey.satisfaction_index(period)
    times = queries.lead_times(request.user, start=period.start, end=period.end)
    charts = {
        "status": queries.status_chart(rows),
        "services": queries.service_chart(rows),
        "lead_time": queries.lead_time_chart(times, period_label=period.label),
        "ikm": survey.index_chart(index_rows, index_total, period_label=period.label),
        "elements": survey.element_chart(index_total, period_label=period.label),
    }
    if download := csv_response(request, charts.values()):
        return download
    return render(
        request,
        "desk/overview.html",
        {
            "rows": rows,
            "statuses": queries.OVERVIEW_STATUSES,
            "total_open": sum(r.open for r in rows),
            "total_overdue": sum(r.overdue for r in rows),
            "charts": charts,
            # The satisfaction index (IKM) per service for the chosen period.
            "ikm_period": period,
            "ikm_periods": survey.period_choices(),
            "ikm_rows": index_rows,
            "ikm_total": index_total,
            "open_complaints": complaints_visible_to(request.user)
            .exclude(status=ComplaintStatus.CLOSED)
            .count(),
        },
    )
