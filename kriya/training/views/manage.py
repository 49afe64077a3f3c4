"""The organiser's and trainer's pages: the batches they work on; one batch with its
roster, waiting list, moves, attendance per session (a manual list for people without
a phone), scores; recording a consenting person; assessing a person's units."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core.workflow import InvalidTransition
from kriya.regions.picker import PICK_BUTTON, build_picker

from .. import certificates, certification_link, imports, queries, services
from ..access import (
    batches_managed_by,
    get_batch_for,
    get_enrolment_for,
    get_organised_batch_for,
    get_public_batch,
    may_manage_programmes,
)
from ..forms import (
    AssessmentForm,
    CancelBatchForm,
    CertificateRunForm,
    ConsentForm,
    NameListForm,
    ParticipantForm,
)
from ..models import (
    CertificateFile,
    CertificateLanguage,
    CertificationReferral,
    Channel,
    Enrolment,
    Session,
)
from ..tasks import render_batch_certificates_task
from ..workflow import BATCH, is_organiser

SCORE_FIELDS = ("pre", "post")


def batch_list(request):
    batches = list(
        queries.with_seats(
            batches_managed_by(request.user).select_related("programme", "village", "destination")
        ).order_by("-starts_on", "id")[:200]
    )
    return render(
        request,
        "training/manage_list.html",
        {"batches": batches, "may_manage_programmes": may_manage_programmes(request.user)},
    )


def manage_batch(request, pk: int):
    batch = get_batch_for(request.user, pk)
    sessions = list(Session.objects.filter(programme_id=batch.programme_id))
    roster = list(queries.roster(batch))
    rates = queries.attendance_rates(batch)
    for enrolment in roster:
        enrolment.rate = rates.get(enrolment.pk, 0)
    per_session = queries.attendance_by_session(batch)
    for s in sessions:
        s.present_count = per_session.get(s.pk, 0)
    chosen = request.GET.get("sesi")
    session = next((s for s in sessions if str(s.pk) == chosen), sessions[0] if sessions else None)
    organiser = is_organiser(request.user, batch)
    return render(
        request,
        "training/manage_batch.html",
        {
            **(_run_context(batch) if organiser and batch.status == "completed" else {}),
            "batch": batch,
            "programme": batch.programme,
            "roster": roster,
            "waiting": list(queries.waiting_list(batch)),
            "moves": BATCH.available(batch, request.user),
            "summary": queries.batch_summary(batch),
            "sessions": sessions,
            "session": session,
            "present": queries.present_ids(batch, session) if session else set(),
            "may_assess": services.may_assess(request.user, batch),
            "is_organiser": organiser,
            "cancel_form": CancelBatchForm(),
            "completed": [e for e in roster if e.certificate_number],
        },
    )


@require_POST
def batch_transition(request, pk: int, action: str):
    batch = get_batch_for(request.user, pk)
    try:
        services.transition_batch(
            batch=batch, action=action, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError:
        messages.error(request, _("Alasan wajib diisi."))
    except (PermissionDenied, InvalidTransition):
        messages.error(request, _("Tindakan ini tidak dapat dilakukan sekarang."))
    else:
        messages.success(request, _("Status angkatan diperbarui."))
    return redirect("training:manage_batch", pk=batch.pk)


@require_POST
def attendance(request, pk: int, session_pk: int):
    batch = get_batch_for(request.user, pk)
    session = Session.objects.filter(pk=session_pk, programme_id=batch.programme_id).first()
    if session is None:
        raise Http404
    ids = [int(v) for v in request.POST.getlist("hadir") if v.isdigit()]
    added = services.record_attendance(
        batch=batch, session=session, enrolment_ids=ids, by=request.user
    )
    messages.success(request, _("%(n)s kehadiran baru dicatat.") % {"n": added})
    url = reverse("training:manage_batch", args=[batch.pk])
    return redirect(f"{url}?sesi={session.pk}#kehadiran")


def _score(value: str):
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(_("Nilai harus angka 0 sampai 100."))
    return int(value)


@require_POST
def scores(request, pk: int):
    batch = get_batch_for(request.user, pk)
    found = {}
    try:
        for enrolment in queries.roster(batch):
            found[enrolment.pk] = (
                _score(request.POST.get(f"pre-{enrolment.pk}")),
                _score(request.POST.get(f"post-{enrolment.pk}")),
            )
        services.record_scores(batch=batch, scores=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Nilai tersimpan."))
    return redirect("training:manage_batch", pk=batch.pk)


def register_person(request, pk: int):
    """A facilitator or organiser records a consenting person and enrols them."""
    batch = get_public_batch(pk)
    if not (
        is_organiser(request.user, batch)
        or has_role(request.user, Role.FACILITATOR, Role.REGENCY_OFFICER, Role.TRAINER)
    ):
        raise PermissionDenied
    programme = batch.programme
    lock = programme.region_id or ""
    needs_nik = programme.leads_to_competency_certificate
    if request.method != "POST":
        form = ParticipantForm(needs_nik=needs_nik)
        consent = ConsentForm()
        picker = build_picker(lock=lock)
    else:
        picker = build_picker(request.POST, lock=lock)
        form = ParticipantForm(
            request.POST, needs_nik=needs_nik, village=picker.value if picker.complete else ""
        )
        consent = ConsentForm(request.POST)
        if PICK_BUTTON in request.POST:
            form.errors.clear()
            consent.errors.clear()
        elif form.is_valid() and consent.is_valid():
            try:
                with transaction.atomic():
                    person = services.register_participant(
                        data=form.service_data(),
                        consent=True,
                        nik=form.cleaned_data.get("nik", ""),
                        by=request.user,
                    )
                    enrolment, _created = services.enrol_participant(
                        batch=batch,
                        participant=person,
                        channel=Channel.FACILITATOR,
                        by=request.user,
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("%(name)s didaftarkan: %(status)s.")
                    % {"name": person.full_name, "status": enrolment.get_status_display()},
                )
                if is_organiser(request.user, batch):
                    return redirect("training:manage_batch", pk=batch.pk)
                return redirect("training:batch", pk=batch.pk)
    return render(
        request,
        "training/register_person.html",
        {
            "batch": batch,
            "programme": programme,
            "form": form,
            "consent": consent,
            "picker": picker,
        },
    )


def assess(request, pk: int):
    """The practical assessment of one person: a result per competency unit."""
    enrolment = get_enrolment_for(request.user, pk)
    batch = enrolment.batch
    if not services.may_assess(request.user, batch):
        raise Http404
    units = list(queries.programme_units(batch.programme))
    done = {a.unit_id: a for a in enrolment.assessments.all()}
    form = None
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise Http404
        form = AssessmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.assess_unit(
                    enrolment=enrolment,
                    unit=unit,
                    result=form.cleaned_data["result"],
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data.get("evidence"),
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(
                    request, _("Penilaian unit %(code)s tersimpan.") % {"code": unit.code}
                )
                return redirect("training:assess", pk=enrolment.pk)
    rows = [
        {
            "unit": u,
            "done": done.get(u.pk),
            "form": form
            if form is not None and str(u.pk) == request.POST.get("unit")
            else AssessmentForm(prefix=None),
        }
        for u in units
    ]
    referral = CertificationReferral.objects.filter(enrolment=enrolment).first()
    return render(
        request,
        "training/assess.html",
        {
            "enrolment": enrolment,
            "batch": batch,
            "rows": rows,
            "referral": referral,
            "referral_problems": certification_link.referral_problems(enrolment)
            if referral is None and batch.programme.leads_to_competency_certificate
            else [],
        },
    )


@require_POST
def refer_to_certification(request, pk: int):
    """Start the competency certification of a competent person (organiser, assessor,
    or the owner of the person's business); once per person and batch."""
    enrolment = (
        Enrolment.objects.select_related("participant__business", "batch__programme__organiser")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None or not certification_link.may_refer(request.user, enrolment):
        raise Http404
    try:
        referral, created = certification_link.request_competency_certification(
            enrolment=enrolment, by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if referral.service_request_id:
            messages.success(
                request,
                _("Permohonan sertifikasi kompetensi dibuat sebagai draf di layanan."),
            )
            return redirect("desk:request", referral.service_request_id)
        messages.success(
            request,
            _(
                "Rujukan sertifikasi kompetensi dicatat; pemilik usaha peserta dapat "
                "mengajukannya dari halaman pelatihan peserta."
            )
            if created
            else _("Rujukan sertifikasi untuk peserta ini sudah ada."),
        )
    if services.may_assess(request.user, enrolment.batch):
        return redirect("training:assess", pk=enrolment.pk)
    return redirect("training:my_enrolment", pk=enrolment.pk)


@require_POST
def file_referral(request, pk: int):
    referral = (
        CertificationReferral.objects.select_related("enrolment__participant__business")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    try:
        referral = certification_link.file_referral(referral=referral, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("training:my_enrolment", pk=referral.enrolment_id)
    return redirect("desk:request", referral.service_request_id)


def export(request, pk: int, fmt: str):
    """Attendance and results of the batch (its organisers only: others 404)."""
    from django.http import HttpResponse

    from .. import exports

    batch = get_batch_for(request.user, pk)
    if not is_organiser(request.user, batch):
        raise Http404
    name = f"pelatihan-{batch.programme.slug}-angkatan-{batch.number}"
    if fmt == "csv":
        response = HttpResponse(exports.csv_text(batch), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(batch),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _run_context(batch, form=None) -> dict:
    counts = certificates.file_counts(batch)
    return {
        "run": certificates.latest_run(batch),
        "run_form": form or CertificateRunForm(),
        "files_count": sum(counts.values()),
        "files_by_language": [
            (code, label, counts[code])
            for code, label in CertificateLanguage.choices
            if counts[code]
        ],
    }


@require_POST
def certificates_render(request, pk: int):
    """Queue the batch's run in the language the organiser chose."""
    batch = get_organised_batch_for(request.user, pk)
    form = CertificateRunForm(request.POST)
    if not form.is_valid():
        context = {"batch": batch, **_run_context(batch, form)}
        return render(request, "training/certificate_run.html", context, status=422)
    try:
        with transaction.atomic():
            run, created = certificates.start_run(
                batch=batch, by=request.user, language=form.cleaned_data["language"]
            )
            if created:
                transaction.on_commit(lambda: render_batch_certificates_task.enqueue(run.pk))
    except PermissionDenied:
        raise Http404 from None
    if created:
        messages.success(request, _("Pembuatan PDF sertifikat dimulai."))
    elif run.language != form.cleaned_data["language"]:
        messages.info(
            request,
            _(
                "Pembuatan sertifikat lain sedang berjalan (%(language)s); pilih bahasa lain "
                "sesudah selesai."
            )
            % {"language": run.get_language_display()},
        )
    return redirect("training:certificate_run", pk=batch.pk)


def certificate_run(request, pk: int):
    """The run's progress (the htmx partial while polled); the full page also lists each
    kept PDF for download."""
    batch = get_organised_batch_for(request.user, pk)
    if request.htmx:
        return render(
            request, "training/_certificate_run.html", {"batch": batch, **_run_context(batch)}
        )
    by_person: dict[int, dict] = {}
    for item in certificates.files_of(batch):
        row = by_person.setdefault(
            item.enrolment_id, {"person": item.enrolment.participant, "files": []}
        )
        row["number"] = item.number
        row["files"].append(item)
    rows = sorted(by_person.values(), key=lambda r: (r["person"].full_name, r["number"]))
    return render(
        request,
        "training/certificate_run.html",
        {"batch": batch, "file_rows": rows, **_run_context(batch)},
    )


def certificate_file(request, pk: int, file_pk: int):
    """One kept PDF of the batch (its organisers only)."""
    batch = get_organised_batch_for(request.user, pk)
    item = CertificateFile.objects.filter(batch=batch, pk=file_pk).first()
    if item is None:
        raise Http404
    response = FileResponse(
        item.pdf.open("rb"),
        as_attachment=True,
        filename=item.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def certificates_zip(request, pk: int):
    """The batch's kept PDFs as one ZIP: every language, or one (`?bahasa=en`)."""
    batch = get_organised_batch_for(request.user, pk)
    language = request.GET.get("bahasa") or None
    if language is not None and language not in CertificateLanguage.values:
        raise Http404
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for item in certificates.files_of(batch, language):
            with item.pdf.open("rb") as pdf:
                archive.writestr(item.filename, pdf.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    suffix = f"-{language}" if language else ""
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-angkatan-{batch.pk}{suffix}.zip"'
    )
    return response


def import_names(request, pk: int):
    """An organiser enrols a spreadsheet of names; the page then shows a line per row."""
    batch = get_batch_for(request.user, pk)
    if not is_organiser(request.user, batch):
        raise Http404
    outcome = None
    if request.method == "POST":
        form = NameListForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                outcome = imports.enrol_from_file(
                    batch=batch, fileobj=upload, consent=True, by=request.user
                )
            except imports.SourceError as error:
                form.add_error("file", str(error))
            finally:
                upload.seek(0)
    else:
        form = NameListForm()
    return render(
        request, "training/import_names.html", {"batch": batch, "form": form, "outcome": outcome}
    )
