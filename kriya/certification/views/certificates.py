"""Pages of certificates: lists and detail with history and status actions, the PDF,
surveillance, and Batikmark label batches."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import documents, register, services
from ..access import (
    certificates_visible_to,
    get_certificate_for,
    get_certificate_pdf_for,
    get_label_batch_for,
    get_surveillance_for,
    is_agency,
    is_holder_of,
)
from ..forms import LabelOrderForm, ReasonForm, SurveillanceCompleteForm
from ..models import CertificateState, LabelBatchStatus, SchemeKind
from ..queries import history, lab_results, surveillance_blockers, surveillance_worklist
from ..workflow import CERTIFICATE, LABEL_BATCH, SURVEILLANCE, is_evaluator
from .common import attachment, form_page, require_agency, run, run_with_message

PAGE_SIZE = 50


def certificate_list(request):
    """Agency staff: every certificate, filterable; a holder: their own."""
    qs = (
        certificates_visible_to(request.user)
        .with_state()
        .select_related("scheme", "business")
        .order_by("-issued_on", "-id")
    )
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q) | Q(holder_name__icontains=q) | Q(holder_nib__startswith=q)
        )
    state = request.GET.get("status") or ""
    if state in CertificateState.values:
        qs = qs.filter(state=state)
    scheme = request.GET.get("skema") or ""
    if scheme in SchemeKind.values:
        qs = qs.filter(scheme__kind=scheme)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "certification/certificate_list.html",
        {
            "page": page,
            "q": q,
            "state": state,
            "scheme": scheme,
            "states": CertificateState.choices,
            "schemes": SchemeKind.choices,
            "staff": is_agency(request.user),
        },
    )


def certificate_detail(request, pk: int):
    certificate = get_certificate_for(request.user, pk)
    user = request.user
    staff = is_agency(user)
    holder = is_holder_of(user, certificate.business)
    document = register.document_of(certificate)
    return render(
        request,
        "certification/certificate.html",
        {
            "c": certificate,
            "staff": staff,
            "holder": holder,
            "may_download": staff or holder,
            "document": document,
            "qr_svg": register.qr_svg(document, scale=3) if document else "",
            "products": certificate.products.order_by("name"),
            "history": history(certificate),
            "moves": CERTIFICATE.available(certificate, user),
            "surveillances": certificate.surveillances.all() if staff or holder else [],
            "batches": certificate.label_batches.all() if staff or holder else [],
            "can_order_labels": holder
            and certificate.scheme.is_batikmark
            and certificate.is_valid(),
        },
    )


def certificate_pdf(request, pk: int):
    """The certificate in the holder's language (their account's language); agency staff
    choose with ?bahasa=id|en. Certificates issued before the English copy existed have
    only the Indonesian one."""
    certificate = get_certificate_pdf_for(request.user, pk)
    language = getattr(request.user, "language", "id")
    if is_agency(request.user):
        language = request.GET.get("bahasa", "id")
    english = language == "en" and bool(certificate.pdf_en)
    filename = (
        ("certificate-" if english else "sertifikat-")
        + certificate.number.replace("/", "-")
        + ".pdf"
    )
    return attachment(
        certificate.pdf_en if english else certificate.pdf, filename, "application/pdf"
    )


def certificate_action(request, pk: int, action: str):
    """Suspend, reinstate or withdraw, each with its reason."""
    certificate = get_certificate_for(request.user, pk)
    if action not in services.certificates.STATUS_ACTIONS:
        raise Http404
    if not CERTIFICATE.can(certificate, request.user, action):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run(
            form,
            lambda: services.change_certificate_status(
                certificate=certificate,
                action=action,
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("Status sertifikat diubah."))
            return redirect("certification:certificate", pk=pk)
    move = CERTIFICATE.find(certificate.status, action)
    return form_page(
        request,
        form,
        title=f"{move.label} — {certificate.number}",
        intro=_("Pemegang sertifikat diberi tahu beserta alasannya."),
        back=("certification:certificate", (pk,)),
        submit=move.label,
        danger=move.style == "danger",
    )


# --- Surveillance --------------------------------------------------------------------


def surveillance_list(request):
    require_agency(request.user)
    today = timezone.localdate()
    rows = list(surveillance_worklist(today)[:300])
    return render(
        request,
        "certification/surveillance_list.html",
        {
            "rows": rows,
            "overdue": [s for s in rows if s.is_overdue(today)],
            "today": today,
        },
    )


def surveillance_detail(request, pk: int):
    surveillance = get_surveillance_for(request.user, pk)
    staff = is_agency(request.user)
    return render(
        request,
        "certification/surveillance.html",
        {
            "s": surveillance,
            "staff": staff,
            "audits": surveillance.audits.select_related("lead_auditor"),
            "samplings": lab_results(surveillance) if staff else [],
            "moves": SURVEILLANCE.available(surveillance, request.user),
            "blockers": surveillance_blockers(surveillance) if staff else [],
            "can_work": is_evaluator(request.user)
            and surveillance.status in ("planned", "in_progress"),
        },
    )


def surveillance_action(request, pk: int, action: str):
    surveillance = get_surveillance_for(request.user, pk)
    if action not in ("start", "complete", "cancel"):
        raise Http404
    if not SURVEILLANCE.can(surveillance, request.user, action):
        raise PermissionDenied
    back = ("certification:surveillance", (pk,))
    if action == "start":
        if request.method != "POST":
            raise Http404
        if run_with_message(
            request,
            lambda: services.start_surveillance(surveillance=surveillance, by=request.user),
        ):
            messages.success(request, _("Survailen dimulai."))
        return redirect("certification:surveillance", pk=pk)
    if action == "complete":
        form = SurveillanceCompleteForm(request.POST or None)
        call = lambda: services.complete_surveillance(  # noqa: E731
            surveillance=surveillance, by=request.user, **form.cleaned_data
        )
        title = _("Selesaikan survailen")
    else:
        form = ReasonForm(request.POST or None)
        call = lambda: services.cancel_surveillance(  # noqa: E731
            surveillance=surveillance, by=request.user, **form.cleaned_data
        )
        title = _("Batalkan survailen")
    if request.method == "POST" and form.is_valid() and run(form, call) is not None:
        messages.success(request, _("Survailen diperbarui."))
        return redirect("certification:surveillance", pk=pk)
    return form_page(request, form, title=title, back=back, danger=action == "cancel")


# --- Labels ----------------------------------------------------------------------------


def label_order(request, pk: int):
    certificate = get_certificate_for(request.user, pk)
    if not is_holder_of(request.user, certificate.business):
        raise PermissionDenied
    form = LabelOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = run(
            form,
            lambda: services.order_labels(
                certificate=certificate, by=request.user, **form.cleaned_data
            ),
        )
        if batch is not None:
            messages.success(request, _("Pesanan label dikirim."))
            return redirect("certification:label_batch", pk=batch.pk)
    return form_page(
        request,
        form,
        title=_("Pesan label Batikmark"),
        intro=certificate.number,
        back=("certification:certificate", (pk,)),
        submit=_("Pesan"),
    )


def label_batch_detail(request, pk: int):
    batch = get_label_batch_for(request.user, pk)
    labels = Paginator(batch.labels.all(), 200).get_page(request.GET.get("halaman"))
    return render(
        request,
        "certification/label_batch.html",
        {
            "batch": batch,
            "c": batch.certificate,
            "labels": labels,
            "moves": LABEL_BATCH.available(batch, request.user),
        },
    )


def label_batch_action(request, pk: int, action: str):
    batch = get_label_batch_for(request.user, pk)
    if action not in ("issue", "refuse", "cancel"):
        raise Http404
    if not LABEL_BATCH.can(batch, request.user, action):
        raise PermissionDenied
    if action in ("issue", "cancel"):
        if request.method != "POST":
            raise Http404
        call = {
            "issue": lambda: services.issue_labels(batch=batch, by=request.user),
            "cancel": lambda: services.cancel_labels(batch=batch, by=request.user),
        }[action]
        if run_with_message(request, call):
            messages.success(request, _("Pesanan label diperbarui."))
        return redirect("certification:label_batch", pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run(
            form,
            lambda: services.refuse_labels(
                batch=batch, reason=form.cleaned_data["reason"], by=request.user
            ),
        )
        if done is not None:
            return redirect("certification:label_batch", pk=pk)
    return form_page(
        request,
        form,
        title=_("Tolak pesanan label"),
        back=("certification:label_batch", (pk,)),
        danger=True,
    )


def label_sheet(request, pk: int):
    """A printable PDF sheet of an issued batch: each label's serial and its QR."""
    batch = get_label_batch_for(request.user, pk)
    if batch.status != LabelBatchStatus.ISSUED:
        raise Http404
    entries = []
    for label in batch.labels.all():
        document = register.label_document(label.serial)
        entries.append((label, register.qr_svg(document, scale=2) if document else ""))
    pdf = documents.labels_pdf(batch, entries)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="label-batikmark-{batch.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
