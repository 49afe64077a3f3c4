"""The lab's pages. Each view checks access where it fetches, calls one service or
query, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.core.permissions_policy import uses_camera
from kriya.core.workflow import InvalidTransition

from . import access, documents, queries, services
from .forms import (
    AssignForm,
    CalibrationForm,
    CustodyForm,
    DisposalForm,
    LookupForm,
    PhotoForm,
    ReasonForm,
    ResultForm,
    SampleReceiptForm,
    VerifyForm,
)
from .models import Instrument, Sample, TestReport
from .workflow import ANALYSIS


def get_instrument_for(user, pk: int) -> Instrument:
    """An instrument, for lab staff only (404 for everyone else)."""
    if not access.is_lab_staff(user):
        raise Http404
    try:
        return Instrument.objects.with_calibration().get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404 from None


def instruments(request):
    access.require_lab_staff(request.user)
    today = timezone.localdate()
    context = queries.instrument_overview(today)
    context["today"] = today
    return render(request, "lab/instruments.html", context)


def instrument_detail(request, pk: int):
    instrument = get_instrument_for(request.user, pk)
    can_record = access.can_manage_instruments(request.user)
    form = CalibrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.require(can_record)
        if form.is_valid():
            try:
                services.record_calibration(
                    instrument=instrument, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Kalibrasi dicatat."))
                return redirect("lab:instrument", pk=instrument.pk)
    today = timezone.localdate()
    return render(
        request,
        "lab/instrument_detail.html",
        {
            "instrument": instrument,
            "history": queries.instrument_history(instrument),
            "usable": instrument.is_usable_on(today),
            "form": form if can_record else None,
            "today": today,
        },
    )


def specifications(request):
    access.require_lab_staff(request.user)
    return render(
        request,
        "lab/specifications.html",
        {
            "versions": queries.specification_table(),
            "show_confirmation": access.can_see_confirmation_marks(request.user),
        },
    )


# --- Work pages -------------------------------------------------------------------------


def worklist(request):
    """The analyst's worklist; supervisors also see the work nobody holds yet."""
    access.require_lab_staff(request.user)
    today = timezone.localdate()
    return render(
        request,
        "lab/worklist.html",
        {
            "mine": queries.rows(queries.worklist(request.user)),
            "unassigned": queries.rows(queries.unassigned())
            if access.is_verifier(request.user)
            else [],
            "waiting": queries.rows(queries.awaiting_others(request.user)),
            "today": today,
        },
    )


def verification_queue(request):
    access.require_lab_staff(request.user)
    return render(
        request,
        "lab/verification_queue.html",
        {
            "queue": queries.rows(queries.verification_queue(request.user))
            if access.is_verifier(request.user)
            else [],
            "is_verifier": access.is_verifier(request.user),
            "today": timezone.localdate(),
        },
    )


def overdue(request):
    access.require_lab_staff(request.user)
    today = timezone.localdate()
    return render(
        request,
        "lab/overdue.html",
        {"analyses": queries.rows(queries.overdue(today)), "today": today},
    )


def lab_requests(request):
    access.require_lab_staff(request.user)
    return render(
        request, "lab/requests.html", {"requests": list(queries.lab_requests_in_progress())}
    )


@uses_camera
def sample_lookup(request):
    """Find a sample by typing its code (always works) or scanning its label's QR."""
    access.require_lab_staff(request.user)
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = code_from_scan(form.cleaned_data["kode"])
        try:
            sample = access.get_sample_for(request.user, code)
        except Http404:
            form.add_error("kode", _("Contoh dengan kode ini tidak ditemukan."))
        else:
            return redirect("lab:sample", code=sample.code)
    recent = Sample.objects.held().select_related("request").order_by("-received_at")[:20]
    return render(request, "lab/sample_lookup.html", {"form": form, "recent": recent})


def code_from_scan(text: str) -> str:
    """A label's QR holds the sample page's address; typing gives the bare code."""
    text = text.strip()
    if "/lab/contoh/" in text:
        text = text.split("/lab/contoh/", 1)[1].split("/", 1)[0]
    return text.upper()


def sample_detail(request, code: str):
    sample = access.get_sample_for(request.user, code)
    context = queries.sample_detail(sample)
    can_work = access.can_work(request.user)
    context.update(
        {
            "sample": sample,
            "can_work": can_work,
            "custody_form": CustodyForm() if can_work and not sample.is_disposed else None,
            "disposal_form": DisposalForm() if can_work and not sample.is_disposed else None,
            "photo_form": PhotoForm() if can_work else None,
            "today": timezone.localdate(),
        }
    )
    return render(request, "lab/sample_detail.html", context)


def sample_label(request, code: str):
    """A printable label: code, request, date received and a QR to the sample page."""
    sample = access.get_sample_for(request.user, code)
    link = request.build_absolute_uri(reverse("lab:sample", args=[sample.code]))
    return render(
        request,
        "lab/sample_label.html",
        {"sample": sample, "qr_svg": mark_safe(documents.qr_svg(link)), "link": link},  # noqa: S308 (segno's own SVG)
    )


def sample_photo(request, code: str, pk: int):
    sample = access.get_sample_for(request.user, code)
    photo = sample.photos.filter(pk=pk).first()
    if photo is None:
        raise Http404
    from .files import sniff

    handle = photo.image.open("rb")
    content_type = sniff(handle) or "application/octet-stream"
    return FileResponse(handle, content_type=content_type)


def _run(form, call):
    """Call a service with a valid form's data and return what it returns; on bad input
    put the service's field errors back on the form and return None (nothing saved)."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        if hasattr(exc, "message_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


@require_POST
def sample_custody(request, code: str):
    sample = access.get_sample_for(request.user, code)
    access.require(access.can_work(request.user))
    form = CustodyForm(request.POST)
    if _run(form, lambda d: services.record_custody(sample=sample, by=request.user, **d)):
        messages.success(request, _("Riwayat penguasaan contoh dicatat."))
    else:
        messages.error(request, " ".join(_errors_text(form)))
    return redirect("lab:sample", code=sample.code)


@require_POST
def sample_dispose(request, code: str):
    sample = access.get_sample_for(request.user, code)
    access.require(access.can_work(request.user))
    form = DisposalForm(request.POST)
    if _run(form, lambda d: services.dispose_sample(sample=sample, by=request.user, **d)):
        messages.success(request, _("Pelepasan contoh dicatat."))
    else:
        messages.error(request, " ".join(_errors_text(form)))
    return redirect("lab:sample", code=sample.code)


@require_POST
def sample_add_photo(request, code: str):
    sample = access.get_sample_for(request.user, code)
    access.require(access.can_work(request.user))
    form = PhotoForm(request.POST, request.FILES)
    if _run(form, lambda d: services.add_sample_photo(sample=sample, by=request.user, **d)):
        messages.success(request, _("Foto ditambahkan."))
    else:
        messages.error(request, " ".join(_errors_text(form)))
    return redirect("lab:sample", code=sample.code)


def _errors_text(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


# --- Requests and sample receipt ----------------------------------------------------------


def lab_request(request, pk: int):
    """The lab's view of a testing request: its samples and reports, and the receipt."""
    service_request = access.get_lab_request_for(request.user, pk)
    can_receive = access.can_work(request.user) and services.can_receive_for(service_request)
    form = SampleReceiptForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.require(can_receive)
        sample = _run(
            form, lambda d: services.receive_sample(request=service_request, by=request.user, **d)
        )
        if sample is not None:
            messages.success(
                request, _("Contoh %(code)s diterima. Cetak labelnya.") % {"code": sample.code}
            )
            return redirect("lab:sample", code=sample.code)
    samples = list(
        service_request.lab_samples.select_related("standard_version__standard").prefetch_related(
            "analyses"
        )
    )
    return render(
        request,
        "lab/request.html",
        {
            "service_request": service_request,
            "samples": samples,
            "reports": queries.reports_of(service_request),
            "form": form if can_receive else None,
            "awaits_authorisation": services.report_awaits_authorisation(service_request),
            "can_authorise": services.may_authorise(request.user, service_request),
        },
    )


@require_POST
def authorise_report(request, pk: int):
    """An authorised signatory authorises the report of the verified results: it is
    issued, numbered and printed. Anyone else gets 403."""
    service_request = access.get_lab_request_for(request.user, pk)
    try:
        report = services.authorise_report(request=service_request, by=request.user)
    except InvalidTransition:
        messages.error(request, _("Tidak ada laporan yang menunggu pengesahan."))
        return redirect("lab:request", pk=pk)
    messages.success(
        request,
        _("Laporan %(number)s disahkan dan diterbitkan; PDF-nya sedang dibuat.")
        % {"number": report.number},
    )
    return redirect("lab:request", pk=pk)


# --- Analyses ------------------------------------------------------------------------------


def analysis_detail(request, pk: int):
    """One analysis: its results with their history, and the moves the user may make."""
    analysis = access.get_analysis_for(request.user, pk)
    return _render_analysis(request, analysis)


def _render_analysis(request, analysis, forms=None, status=200):
    today = timezone.localdate()
    moves = {m.action for m in ANALYSIS.available(analysis, request.user)}
    forms = forms or {}
    parameter = analysis.parameter
    context = {
        "analysis": analysis,
        "sample": analysis.sample,
        "history": queries.analysis_history(analysis),
        "moves": moves,
        "specification": services.specification_for(analysis),
        "needed": parameter.method.required_verifications,
        "result_form": forms.get("submit")
        or (ResultForm(parameter=parameter, today=today) if "submit" in moves else None),
        "correct_form": forms.get("correct")
        or (
            ResultForm(parameter=parameter, today=today, with_reason=True, prefix="correct")
            if "correct" in moves
            else None
        ),
        "verify_form": forms.get("verify")
        or (VerifyForm() if moves & {"verify", "verify_final"} else None),
        "retest_form": forms.get("retest")
        or (ReasonForm(prefix="retest") if "retest" in moves else None),
        "assign_form": forms.get("assign")
        or (AssignForm() if moves & {"assign", "reassign"} else None),
        "cancel_form": forms.get("cancel")
        or (ReasonForm(prefix="cancel") if "cancel" in moves else None),
        "own_result": analysis.current_result is not None
        and analysis.current_result.entered_by_id == request.user.pk,
    }
    return render(request, "lab/analysis.html", context, status=status)


def _analysis_action(request, pk: int, action: str):
    analysis = access.get_analysis_for(request.user, pk)
    today = timezone.localdate()
    parameter = analysis.parameter
    user = request.user
    if action == "submit":
        form = ResultForm(request.POST, parameter=parameter, today=today)
        call = lambda d: services.enter_result(  # noqa: E731
            analysis=analysis,
            value=d["value"],
            observations=d["observations"],
            instrument=d["instrument"],
            by=user,
        )
        done = _("Hasil disimpan dan menunggu verifikasi.")
    elif action == "correct":
        form = ResultForm(
            request.POST, parameter=parameter, today=today, with_reason=True, prefix="correct"
        )
        call = lambda d: services.correct_result(  # noqa: E731
            analysis=analysis,
            value=d["value"],
            observations=d["observations"],
            instrument=d["instrument"],
            reason=d["reason"],
            by=user,
        )
        done = _("Koreksi disimpan; hasil lama tetap tercatat dan hasil baru menunggu verifikasi.")
    elif action == "verify":
        form = VerifyForm(request.POST)
        call = lambda d: services.verify_result(analysis=analysis, comment=d["comment"], by=user)  # noqa: E731
        done = _("Hasil diverifikasi.")
    elif action == "retest":
        form = ReasonForm(request.POST, prefix="retest")
        call = lambda d: services.request_retest(analysis=analysis, reason=d["reason"], by=user)  # noqa: E731
        done = _("Hasil dikembalikan untuk uji ulang; hasil lama tetap tercatat.")
    elif action == "assign":
        form = AssignForm(request.POST)
        call = lambda d: services.assign_analysis(analysis=analysis, analyst=d["analyst"], by=user)  # noqa: E731
        done = _("Analis ditugaskan.")
    elif action == "cancel":
        form = ReasonForm(request.POST, prefix="cancel")
        call = lambda d: services.cancel_analysis(analysis=analysis, reason=d["reason"], by=user)  # noqa: E731
        done = _("Analisis dibatalkan.")
    else:
        raise Http404
    try:
        outcome = _run(form, call)
    except InvalidTransition:
        messages.error(request, _("Tindakan ini tidak tersedia lagi; halaman dimuat ulang."))
        return redirect("lab:analysis", pk=analysis.pk)
    if outcome is None:
        return _render_analysis(request, analysis, {action: form}, status=400)
    messages.success(request, done)
    return redirect("lab:analysis", pk=analysis.pk)


@require_POST
def analysis_action(request, pk: int, action: str):
    return _analysis_action(request, pk, action)


# --- Reports --------------------------------------------------------------------------------


def report_download(request, number: str):
    """The report's PDF for lab and agency staff, and for the applicant once the
    service desk's result gate opens (completed request, survey answered); in the
    reader's language or the one asked for with ?bahasa=en (reports issued before the
    English copy existed have only the Indonesian one)."""
    report = access.get_report_for(request.user, number, download=True)
    # ?bahasa=id|en chooses; otherwise the reader's language (the applicant's account).
    language = request.GET.get("bahasa") or getattr(request.user, "language", "id")
    english = language == "en" and bool(report.pdf_en)
    pdf = report.pdf_en if english else report.pdf
    if not pdf:
        raise Http404
    response = FileResponse(
        pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{report.number}-en.pdf" if english else f"{report.number}.pdf",
    )
    return response


@login_not_required
def report_public(request, number: str):
    """A report number's public page. Registered reports are verified by kriya.verify
    (signature, status, "digantikan oleh …"); the lab's own page remains for a report
    that is not in the register."""
    report = (
        TestReport.objects.select_related("superseded_by", "supersedes", "document")
        .filter(number=number.strip())
        .first()
    )
    if report is not None and report.document_id:
        return redirect(report.document.get_absolute_url())
    status = 200 if report else 404
    return render(
        request,
        "lab/report_public.html",
        {"report": report, "number": number, "facts": queries.public_facts(report)},
        status=status,
    )


def report_detail(request, number: str):
    """A report for those who may see its request; the download button appears when
    the result gate is open for them."""
    report = access.get_report_for(request.user, number)
    try:
        access.get_report_for(request.user, number, download=True)
        gate = None
    except PermissionDenied as exc:
        gate = str(exc)
    return render(
        request,
        "lab/report_detail.html",
        {"report": report, "facts": queries.public_facts(report), "gate": gate},
    )
