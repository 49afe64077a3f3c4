"""Every write of the laboratory. Each function runs in a transaction and ends with an
audit event; views, the API, the admin and commands call these."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from kriya.core import audit
from kriya.core.calendar import WorkingCalendar
from kriya.core.workflow import InvalidTransition
from kriya.desk import access as service_access
from kriya.desk import services as service_desk
from kriya.desk.models import Body
from kriya.desk.models import Status as RequestStatus
from kriya.verify import services as verify_services
from kriya.verify.models import DocType

from . import access, documents, reference, verdicts
from .files import validate_photo
from .models import (
    Analysis,
    AnalysisStatus,
    Calibration,
    Condition,
    Counter,
    CustodyAction,
    CustodyEvent,
    Disposal,
    Instrument,
    Parameter,
    Replacement,
    ReportSignatory,
    Result,
    Sample,
    SamplePhoto,
    Specification,
    Standard,
    StandardVersion,
    TestMethod,
    TestReport,
    Verification,
)
from .models.samples import RETENTION_DAYS
from .scales import Scale, parse_value
from .verdicts import DecisionRule
from .workflow import ANALYSIS, REPORT


@transaction.atomic
def load_reference(*, data: dict, by=None) -> dict[str, int]:
    """Create the standards, methods, parameters and unset limits named in reference
    data. Idempotent: rows that exist (matched by code) are left as an administrator
    edited them; only missing rows are created. Returns how many of each were created."""
    ref = reference.parse(data)
    created = {"standards": 0, "versions": 0, "methods": 0, "parameters": 0, "specifications": 0}
    versions: dict[tuple[str, str], StandardVersion] = {}
    for item in ref.standards:
        standard, new = Standard.objects.get_or_create(
            code=item.number, defaults={"title": item.title, "verified": item.verified}
        )
        created["standards"] += new
        version, new = StandardVersion.objects.get_or_create(
            standard=standard,
            version=item.version,
            defaults={"title": item.title, "verified": item.verified},
        )
        created["versions"] += new
        versions[(item.number, item.version)] = version

    methods: dict[str, TestMethod] = {}
    for item in ref.methods:
        method, new = TestMethod.objects.get_or_create(
            code=item.code,
            defaults={
                "name": item.name,
                "reference": item.reference,
                "standard_version": versions.get(item.standard) if item.standard else None,
                "verified": item.verified,
            },
        )
        created["methods"] += new
        methods[item.code] = method

    parameters: dict[str, Parameter] = {}
    for item in ref.parameters:
        parameter, new = Parameter.objects.get_or_create(
            code=item.code,
            defaults={
                "name": item.name,
                "method": methods[item.method],
                "scale": item.scale,
                "unit": item.unit,
                "position": item.position,
                "verified": item.verified,
                "note": item.note,
            },
        )
        created["parameters"] += new
        parameters[item.code] = parameter

    for item in ref.specifications:
        _spec, new = Specification.objects.get_or_create(
            standard_version=versions[item.standard],
            parameter=parameters[item.parameter],
            defaults={"verified": False, "note": reference.UNSET_LIMIT_NOTE},
        )
        created["specifications"] += new

    audit.record(actor=by, verb="lab.reference_loaded", data=created)
    return created


@transaction.atomic
def record_calibration(
    *,
    instrument: Instrument,
    calibrated_on: date,
    valid_until: date,
    certificate_number: str,
    calibrated_by: str = "",
    document=None,
    by,
) -> Calibration:
    """Add a calibration record to an instrument. Records are never changed: a
    correction is a new record (the latest `valid_until` counts)."""
    calibration = Calibration(
        instrument=instrument,
        calibrated_on=calibrated_on,
        valid_until=valid_until,
        certificate_number=certificate_number.strip(),
        calibrated_by=calibrated_by.strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if document is not None:
        calibration.document = document
    calibration.full_clean()
    calibration.save()
    audit.record(
        actor=by,
        verb="lab.calibration_recorded",
        obj=instrument,
        data={
            "certificate": calibration.certificate_number,
            "calibrated_on": calibrated_on.isoformat(),
            "valid_until": valid_until.isoformat(),
        },
    )
    return calibration


# --- Numbers -----------------------------------------------------------------------

SAMPLE_PREFIX = "CU"  # contoh uji
REPORT_PREFIX = "SHU"  # sertifikat hasil uji


def next_number(name: str, year: int) -> int:
    """The next value of a yearly sequence. The counter row is locked for the rest of
    the caller's transaction, so two receipts never share a code."""
    with transaction.atomic():
        counter = Counter.objects.select_for_update().filter(name=name, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    Counter.objects.create(name=name, year=year, value=0)
            except IntegrityError:
                pass  # created meanwhile by a concurrent transaction
            counter = Counter.objects.select_for_update().get(name=name, year=year)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value


# --- Samples -----------------------------------------------------------------------


def _require_lab_worker(by) -> None:
    if not access.can_work(by):
        raise PermissionDenied(
            _("Hanya analis atau penyelia laboratorium yang dapat melakukannya.")
        )


def can_receive_for(request) -> bool:
    """A request in progress takes samples: a testing request of the lab, or a
    certification request under evaluation (its samplings are tested here)."""
    return (
        request.status == RequestStatus.IN_PROGRESS
        and request.service.body in access.sample_bodies()
    )


def report_moves_request(request) -> bool:
    """The one rule for what a test report does to its request: a testing request of
    the lab (body LAB) is moved to "result ready" by its report; any other request (a
    certification request) only gets the report attached — its decision moves it."""
    return request.service.body == Body.LAB


@transaction.atomic
def receive_sample(
    *,
    request,
    description: str,
    methods,
    condition: str,
    storage_location: str,
    by,
    quantity: str = "",
    standard_version: StandardVersion | None = None,
    condition_note: str = "",
    retain_until: date | None = None,
    photos=(),
    received_at=None,
    parameters=None,
    sampling: dict | None = None,
    decision_rule: str = DecisionRule.SIMPLE,
    guard_band=None,
    report_uncertainty: bool = False,
) -> Sample:
    """Receive a sample for a request in progress (`can_receive_for`): give it a code,
    record its condition and where it is kept, start its chain of custody, and create
    one analysis per active parameter of the requested methods — or, when `parameters`
    is given, per active one of those (their methods are the sample's) — each due within
    the method's working days (and never after the request's own deadline). Lab workers
    receive; on a certification request its evaluator may hand the sample in.

    `sampling` says the agency took the sample: {"by": name, "on": date, "place": …,
    "plan": …} (the report prints it); without it the sample came from the customer.
    `decision_rule` (and `guard_band` for guarded acceptance) is the rule agreed at
    contract review: it judges the sample's results and is printed on the report;
    `report_uncertainty` says the customer asked for the measurement uncertainty."""
    if not access.can_receive(by, request):
        raise PermissionDenied(
            _("Hanya analis atau penyelia laboratorium yang dapat melakukannya.")
        )
    if not can_receive_for(request):
        raise ValidationError(
            _("Contoh hanya dapat diterima untuk permohonan pengujian yang sedang diproses.")
        )
    if parameters is not None:
        parameters = [p for p in parameters if p.is_active]
        methods = list({p.method_id: p.method for p in parameters}.values())
    methods = list(methods)
    errors = {}
    if not description.strip():
        errors["description"] = _("Uraikan contoh yang diterima.")
    if not methods:
        errors["methods"] = _("Pilih sedikitnya satu metode uji.")
    elif any(not m.is_active for m in methods):
        errors["methods"] = _("Metode uji yang dipilih tidak aktif.")
    if condition not in Condition.values:
        errors["condition"] = _("Pilih kondisi contoh.")
    elif condition != Condition.GOOD and not condition_note.strip():
        errors["condition_note"] = _("Jelaskan kondisi contoh yang tidak baik.")
    if not storage_location.strip():
        errors["storage_location"] = _("Isi tempat penyimpanan contoh.")
    if decision_rule not in DecisionRule.values:
        errors["decision_rule"] = _("Pilih aturan keputusan.")
    elif decision_rule == DecisionRule.GUARDED:
        if guard_band is None or Decimal(guard_band) < 0:
            errors["guard_band"] = _("Isi lebar pita pengaman (nol atau lebih).")
    else:
        guard_band = None
    received_at = received_at or timezone.now()
    received_on = timezone.localdate(received_at)
    retain_until = retain_until or received_on + timedelta(days=RETENTION_DAYS)
    if retain_until < received_on:
        errors["retain_until"] = _("Tanggal simpan tidak boleh sebelum tanggal terima.")
    if parameters is None:
        parameters = list(
            Parameter.objects.filter(method__in=methods, is_active=True).select_related("method")
        )
    if methods and not parameters and "methods" not in errors:
        errors["methods"] = _("Metode uji yang dipilih belum memiliki parameter aktif.")
    for photo in photos:
        try:
            validate_photo(photo)
        except ValidationError as exc:
            errors["photos"] = exc.messages
    if errors:
        raise ValidationError(errors)

    year = received_on.year
    sample = Sample.objects.create(
        code=f"{SAMPLE_PREFIX}-{year}-{next_number(SAMPLE_PREFIX, year):05d}",
        request=request,
        description=description.strip(),
        quantity=quantity.strip(),
        standard_version=standard_version,
        condition=condition,
        condition_note=condition_note.strip(),
        storage_location=storage_location.strip(),
        received_at=received_at,
        received_by=by,
        retain_until=retain_until,
        decision_rule=decision_rule,
        guard_band=guard_band,
        report_uncertainty=bool(report_uncertainty),
        **_sampling_fields(sampling),
    )
    sample.methods.set(methods)
    calendar = WorkingCalendar()
    deadline = request.clock_deadline
    Analysis.objects.bulk_create(
        [
            Analysis(
                sample=sample,
                parameter=parameter,
                due_date=min(
                    filter(
                        None,
                        [
                            calendar.add_working_days(
                                received_on, parameter.method.turnaround_days
                            ),
                            deadline,
                        ],
                    )
                ),
            )
            for parameter in parameters
        ]
    )
    CustodyEvent.objects.create(
        sample=sample,
        action=CustodyAction.RECEIVED,
        holder=by,
        location=sample.storage_location,
        at=received_at,
        recorded_by=by,
    )
    for photo in photos:
        SamplePhoto.objects.create(sample=sample, image=photo, uploaded_by=by)
    data = {
        "code": sample.code,
        "request": request.pk,
        "methods": [m.code for m in methods],
        "condition": condition,
        "analyses": len(parameters),
    }
    audit.record(actor=by, verb="lab.sample_received", obj=sample, data=data)
    audit.record(actor=by, verb="lab.sample_received", obj=request, data=data)
    return sample


def _sampling_fields(sampling: dict | None) -> dict:
    if not sampling:
        return {}
    return {
        "sampled_by_agency": True,
        "sampled_by": str(sampling.get("by", ""))[:200],
        "sampled_on": sampling.get("on"),
        "sampling_place": str(sampling.get("place", ""))[:300],
        "sampling_plan": str(sampling.get("plan", ""))[:300],
    }


@transaction.atomic
def add_sample_photo(*, sample: Sample, image, caption: str = "", by) -> SamplePhoto:
    """Add a photo (JPEG/PNG by content) to a sample's record."""
    _require_lab_worker(by)
    try:
        validate_photo(image)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from None
    photo = SamplePhoto.objects.create(
        sample=sample, image=image, caption=caption.strip(), uploaded_by=by
    )
    audit.record(actor=by, verb="lab.sample_photo_added", obj=sample, data={"photo": photo.pk})
    return photo


@transaction.atomic
def record_custody(
    *, sample: Sample, action: str, by, holder=None, location: str = "", note: str = ""
) -> CustodyEvent:
    """Append a link to the chain of custody (stored somewhere, handed to someone)."""
    _require_lab_worker(by)
    if sample.is_disposed:
        raise ValidationError(_("Contoh ini sudah dilepas."))
    if action not in (CustodyAction.STORED, CustodyAction.HANDED_OVER):
        raise ValidationError({"action": _("Pilih disimpan atau diserahkan.")})
    if action == CustodyAction.HANDED_OVER and holder is None:
        raise ValidationError({"holder": _("Pilih penerima contoh.")})
    if action == CustodyAction.STORED and not location.strip():
        raise ValidationError({"location": _("Isi tempat penyimpanan.")})
    if holder is not None and not access.can_work(holder):
        raise ValidationError({"holder": _("Penerima harus analis atau penyelia.")})
    event = CustodyEvent.objects.create(
        sample=sample,
        action=action,
        holder=holder or by,
        location=location.strip(),
        note=note.strip(),
        at=timezone.now(),
        recorded_by=by,
    )
    if action == CustodyAction.STORED:
        Sample.objects.filter(pk=sample.pk).update(storage_location=event.location)
        sample.storage_location = event.location
    audit.record(
        actor=by,
        verb="lab.custody_recorded",
        obj=sample,
        data={"action": action, "holder": str(event.holder), "location": event.location},
    )
    return event


@transaction.atomic
def dispose_sample(*, sample: Sample, disposal: str, by, note: str = "", today=None) -> Sample:
    """Return a sample to the applicant or destroy it, once its retention has passed
    and no analysis is open. The record stays; only its disposal is added."""
    _require_lab_worker(by)
    today = today or timezone.localdate()
    sample = Sample.objects.select_for_update().get(pk=sample.pk)
    if sample.is_disposed:
        raise ValidationError(_("Contoh ini sudah dilepas."))
    if disposal not in Disposal.values:
        raise ValidationError({"disposal": _("Pilih cara pelepasan.")})
    if sample.retain_until >= today:
        raise ValidationError(
            _("Contoh masih dalam masa simpan sampai %(date)s.")
            % {"date": date_format(sample.retain_until, "j F Y")}
        )
    if sample.analyses.open().exists():
        raise ValidationError(_("Masih ada analisis yang belum selesai."))
    now = timezone.now()
    sample.disposed_at, sample.disposed_by = now, by
    sample.disposal, sample.disposal_note = disposal, note.strip()
    sample.save(update_fields=["disposed_at", "disposed_by", "disposal", "disposal_note"])
    CustodyEvent.objects.create(
        sample=sample,
        action=CustodyAction.RETURNED if disposal == Disposal.RETURNED else CustodyAction.DESTROYED,
        holder=None,
        note=note.strip(),
        at=now,
        recorded_by=by,
    )
    audit.record(actor=by, verb="lab.sample_disposed", obj=sample, data={"disposal": disposal})
    return sample


# --- Analyses and results -----------------------------------------------------------


def _locked(analysis: Analysis) -> Analysis:
    return (
        Analysis.objects.select_for_update(of=("self",))
        .select_related("parameter", "parameter__method", "sample", "current_result")
        .get(pk=analysis.pk)
    )


def _check_move(analysis: Analysis, action: str, by) -> None:
    move = ANALYSIS.find(analysis.status, action)
    if move is None:
        raise InvalidTransition(action, analysis.status)
    if not move.allowed(by, analysis):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def _refresh(target: Analysis, source: Analysis) -> Analysis:
    for f in source._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


@transaction.atomic
def assign_analysis(*, analysis: Analysis, analyst, by) -> Analysis:
    """A supervisor assigns (or reassigns) an analysis to an analyst or supervisor."""
    if analyst is None or not access.can_work(analyst):
        raise ValidationError({"analyst": _("Pilih analis atau penyelia laboratorium.")})
    locked = _locked(analysis)
    action = "assign" if locked.status == AnalysisStatus.UNASSIGNED else "reassign"
    ANALYSIS.transition(
        locked, action=action, by=by, changes={"analyst": analyst}, data={"analyst": analyst.email}
    )
    return _refresh(analysis, locked)


def specification_for(analysis: Analysis) -> Specification | None:
    if analysis.sample.standard_version_id is None:
        return None
    return Specification.objects.filter(
        standard_version_id=analysis.sample.standard_version_id, parameter=analysis.parameter
    ).first()


def _new_result(
    analysis: Analysis, *, value, observations: str, instrument, by, measured_on: date
) -> Result:
    """Parse, check the instrument and judge a reading; raises ValidationError at the
    field. Nothing is saved until every check passes."""
    parameter = analysis.parameter
    errors = {}
    try:
        parsed = parse_value(parameter.scale, value)
    except ValidationError as exc:
        errors["value"] = exc.messages
        parsed = None
    observations = (observations or "").strip()
    if parameter.scale == Scale.PASS_FAIL and not observations:
        errors["observations"] = _("Tuliskan pengamatan untuk hasil lulus/tidak lulus.")
    if instrument is None:
        if parameter.scale != Scale.PASS_FAIL:
            errors["instrument"] = _("Pilih instrumen yang dipakai.")
    elif not Instrument.objects.usable_on(measured_on).filter(pk=instrument.pk).exists():
        errors["instrument"] = _(
            "Kalibrasi instrumen ini sudah kedaluwarsa (atau instrumen nonaktif); "
            "instrumen ini tidak dapat dipilih."
        )
    if errors:
        raise ValidationError(errors)
    spec = specification_for(analysis)
    result = Result(
        analysis=analysis,
        value_number=None if isinstance(parsed, bool) else parsed,
        value_pass=parsed if isinstance(parsed, bool) else None,
        observations=observations,
        instrument=instrument,
        measured_on=measured_on,
        specification=spec,
        # Stored as the report prints it: in Indonesian, whoever's language entered it.
        limit_text=_limit_text(spec, parameter.scale),
        verdict=verdicts.judge(
            spec,
            parsed,
            rule=analysis.sample.decision_rule,
            guard_band=analysis.sample.guard_band,
        ),
        entered_by=by,
    )
    result.save()
    return result


def _limit_text(spec, scale) -> str:
    with translation.override("id"):
        return verdicts.describe(spec, scale)


@transaction.atomic
def enter_result(
    *, analysis: Analysis, value, by, observations: str = "", instrument=None, measured_on=None
) -> Result:
    """The assigned analyst enters a result on the parameter's scale with a calibrated
    instrument; it is judged against the sample's specification and awaits verification.
    A result after a retest is linked to the one it replaces."""
    locked = _locked(analysis)
    _check_move(locked, "submit", by)
    result = _new_result(
        locked,
        value=value,
        observations=observations,
        instrument=instrument,
        by=by,
        measured_on=measured_on or timezone.localdate(),
    )
    retested = (
        locked.results.filter(replaced_kind=Replacement.RETEST, replaced_by__isnull=True)
        .exclude(pk=result.pk)
        .order_by("-entered_at", "-id")
        .first()
    )
    if retested is not None:
        Result.objects.filter(pk=retested.pk).update(replaced_by=result)
    ANALYSIS.transition(
        locked,
        action="submit",
        by=by,
        changes={"current_result": result},
        data={"result": result.pk, "value": result.display_value, "verdict": result.verdict},
    )
    return result_with_refresh(analysis, locked, result)


def result_with_refresh(analysis: Analysis, locked: Analysis, result: Result) -> Result:
    _refresh(analysis, locked)
    return result


@transaction.atomic
def verify_result(*, analysis: Analysis, by, comment: str = "") -> Verification:
    """Verify the current result — never by the person who entered it, and once per
    person. When the method's number of verifications is reached the analysis is
    verified and the result locked; when that completes every analysis of the request,
    the test report waits for an authorised signatory (`authorise_report`)."""
    locked = _locked(analysis)
    result = locked.current_result
    if locked.status != AnalysisStatus.TO_VERIFY or result is None:
        raise InvalidTransition("verify", locked.status)
    if result.entered_by_id == getattr(by, "pk", None):
        raise PermissionDenied(
            _("Hasil tidak boleh diverifikasi oleh orang yang memasukkannya (prinsip empat mata).")
        )
    if result.verifications.filter(verified_by=by).exists():
        raise PermissionDenied(_("Anda sudah memverifikasi hasil ini; perlu verifikator lain."))
    needed = locked.parameter.method.required_verifications
    final = result.verifications.count() + 1 >= needed
    action = "verify_final" if final else "verify"
    _check_move(locked, action, by)
    # The move is judged on the state before this verification exists.
    ANALYSIS.transition(locked, action=action, by=by, data={"result": result.pk, "of": needed})
    verification = Verification.objects.create(
        result=result, verified_by=by, comment=(comment or "").strip()
    )
    if final:
        Result.objects.filter(pk=result.pk).update(verified_at=timezone.now())
    _refresh(analysis, locked)
    if final:
        note_report_ready(request=locked.sample.request, by=by)
    return verification


def _replace(result: Result, *, kind: str, reason: str, by=None) -> None:
    Result.objects.filter(pk=result.pk).update(
        replaced_kind=kind, replaced_reason=reason, replaced_at=timezone.now()
    )


@transaction.atomic
def request_retest(*, analysis: Analysis, reason: str, by) -> Analysis:
    """Send an unverified result back for a retest. The result stays in the history
    with the reason; the analyst enters a new one."""
    reason = (reason or "").strip()
    locked = _locked(analysis)
    _check_move(locked, "retest", by)
    if not reason:
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    old = locked.current_result
    _replace(old, kind=Replacement.RETEST, reason=reason)
    ANALYSIS.transition(
        locked,
        action="retest",
        by=by,
        reason=reason,
        changes={"current_result": None},
        data={"result": old.pk},
    )
    return _refresh(analysis, locked)


@transaction.atomic
def correct_result(
    *,
    analysis: Analysis,
    value,
    reason: str,
    by,
    observations: str = "",
    instrument=None,
    measured_on=None,
) -> Result:
    """Correct a verified (locked) result: a new result supersedes it with the reason,
    the old one stays in the history, and the new one needs verification again. An
    issued report is replaced by a corrected one with a new number once it is verified."""
    reason = (reason or "").strip()
    locked = _locked(analysis)
    _check_move(locked, "correct", by)
    if not reason:
        raise ValidationError({"reason": _("Alasan koreksi wajib diisi.")})
    old = locked.current_result
    result = _new_result(
        locked,
        value=value,
        observations=observations,
        instrument=instrument,
        by=by,
        measured_on=measured_on or timezone.localdate(),
    )
    Result.objects.filter(pk=old.pk).update(
        replaced_by=result,
        replaced_kind=Replacement.CORRECTION,
        replaced_reason=reason,
        replaced_at=timezone.now(),
    )
    ANALYSIS.transition(
        locked,
        action="correct",
        by=by,
        reason=reason,
        changes={"current_result": result},
        data={"old": old.pk, "new": result.pk, "value": result.display_value},
    )
    return result_with_refresh(analysis, locked, result)


@transaction.atomic
def cancel_analysis(*, analysis: Analysis, reason: str, by) -> Analysis:
    """Cancel an analysis that will not be done (with the reason); it is left out of
    the report."""
    reason = (reason or "").strip()
    locked = _locked(analysis)
    ANALYSIS.transition(
        locked, action="cancel", by=by, reason=reason, changes={"cancel_reason": reason}
    )
    _refresh(analysis, locked)
    note_report_ready(request=locked.sample.request, by=by)
    return analysis


# --- Test reports ------------------------------------------------------------------


def request_analyses(request):
    return Analysis.objects.filter(sample__request=request)


def is_ready_for_report(request) -> bool:
    """Every analysis of the request's samples is verified (or cancelled), at least one
    is verified."""
    statuses = set(request_analyses(request).values_list("status", flat=True))
    return AnalysisStatus.VERIFIED in statuses and statuses <= {
        AnalysisStatus.VERIFIED,
        AnalysisStatus.CANCELLED,
    }


def _result_ids(content: dict) -> set[int]:
    return {r["result"] for s in content.get("samples", []) for r in s["results"]}


def _correction_reasons(request, since_ids: set[int]) -> str:
    reasons = (
        Result.objects.filter(
            analysis__sample__request=request,
            replaced_kind=Replacement.CORRECTION,
            pk__in=since_ids,
        )
        .exclude(replaced_reason="")
        .values_list("replaced_reason", flat=True)
    )
    return "; ".join(dict.fromkeys(reasons))


def _added_samples(request, current: TestReport) -> str:
    """Why a report without corrections replaces `current`: samples tested since (a
    certification request may take a second sampling after the first report)."""
    reported = {s["code"] for s in current.content.get("samples", [])}
    added = sorted(
        set(
            request_analyses(request)
            .filter(status=AnalysisStatus.VERIFIED)
            .values_list("sample__code", flat=True)
        )
        - reported
    )
    if not added:
        return _("Hasil uji dikoreksi.")
    return _("Ditambahkan hasil contoh %(codes)s.") % {"codes": ", ".join(added)}


def _pending(request) -> tuple[TestReport | None, set[int]] | None:
    """(the current report, the verified results) when a report is due: every analysis
    is verified or cancelled and the current report (if any) does not hold exactly
    these results. None otherwise."""
    if not is_ready_for_report(request):
        return None
    current = TestReport.objects.issued().filter(request=request).order_by("-issued_at").first()
    verified_ids = set(
        request_analyses(request)
        .filter(status=AnalysisStatus.VERIFIED)
        .values_list("current_result_id", flat=True)
    )
    if current is not None and _result_ids(current.content) == verified_ids:
        return None
    return current, verified_ids


def report_awaits_authorisation(request) -> bool:
    """The verified results are ready and no report holds them yet: an authorised
    signatory is to authorise the report (`authorise_report`)."""
    return _pending(request) is not None


def report_scope(request) -> set[int]:
    """The test methods of the results a report would hold (the signatory's scope)."""
    return set(
        request_analyses(request)
        .filter(status=AnalysisStatus.VERIFIED)
        .values_list("parameter__method_id", flat=True)
    )


def report_analysts(request) -> set[int]:
    """Who entered the results a report would hold."""
    return set(
        request_analyses(request)
        .filter(status=AnalysisStatus.VERIFIED)
        .values_list("current_result__entered_by_id", flat=True)
    )


def signatory_for(user, request, *, on: date | None = None) -> ReportSignatory | None:
    """The entry of the authorised-signatory list under which `user` may authorise the
    request's report on `on` (today): active that day, its scope covering every method
    of the report, and the user did not enter any of its results (independence). None
    when there is none."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    if user.pk in report_analysts(request):
        return None
    day = on or timezone.localdate()
    scope = report_scope(request)
    for entry in (
        ReportSignatory.objects.active_on(day).filter(user=user).order_by("-all_methods", "id")
    ):
        if entry.covers(scope):
            return entry
    return None


def may_authorise(user, request) -> bool:
    return report_awaits_authorisation(request) and signatory_for(user, request) is not None


def note_report_ready(*, request, by) -> None:
    """Record that a request's verified results wait for authorisation (the lab request
    page and the API show it to the signatories)."""
    if report_awaits_authorisation(request):
        audit.record(actor=by, verb="lab.report_ready", obj=request, data={})


@transaction.atomic
def authorise_report(*, request, by) -> TestReport:
    """An authorised signatory authorises the report of the request's verified results:
    it is then issued, numbered, registered and printed (Indonesian and English). A
    person not on the list, outside its scope or period, or who entered one of the
    results, is refused; with nothing waiting the move no longer exists
    (InvalidTransition). A report issued after a correction gets a new number and
    supersedes the current one."""
    # Lock the request row: two signatories authorising together issue one report.
    type(request).objects.select_for_update().filter(pk=request.pk).first()
    signatory = signatory_for(by, request)
    if signatory is None:
        if getattr(by, "pk", None) in report_analysts(request):
            raise PermissionDenied(
                _("Laporan tidak boleh disahkan oleh analis yang memasukkan hasilnya.")
            )
        raise PermissionDenied(
            _(
                "Anda tidak tercantum sebagai penandatangan berwenang yang aktif untuk "
                "lingkup laporan ini."
            )
        )
    pending = _pending(request)
    if pending is None:
        raise InvalidTransition("authorise", "no_report_pending")
    return _issue_report(request=request, pending=pending, signatory=signatory, by=by)


def _issue_report(*, request, pending, signatory: ReportSignatory, by) -> TestReport:
    current, _verified = pending
    reason = ""
    if current is not None:
        reason = _correction_reasons(request, _result_ids(current.content)) or _added_samples(
            request, current
        )
    now = timezone.now()
    issued_on = timezone.localdate(now)
    number = f"{REPORT_PREFIX}-{issued_on.year}-{next_number(REPORT_PREFIX, issued_on.year):05d}"
    content = documents.build_content(
        request,
        number=number,
        issued_on=issued_on,
        supersedes=current,
        reason=reason,
        signatory=signatory,
    )
    report = TestReport.objects.create(
        number=number,
        request=request,
        supersedes=current,
        correction_reason=reason,
        overall_verdict=content["overall"],
        content=content,
        issued_at=now,
        issued_by=by,
        signatory=signatory,
        authorised_at=now,
        # A report on a demo request is demo data, and so is its register entry.
        is_demo=request.is_demo,
    )
    if current is not None:
        REPORT.transition(
            current, action="supersede", by=None, reason=reason, data={"by": report.number}
        )
    _register(report, current=current, reason=reason, by=by)
    data = {
        "number": number,
        "supersedes": current.number if current else "",
        "signatory": signatory.pk,
    }
    audit.record(actor=by, verb="lab.report_authorised", obj=report, data=data)
    audit.record(actor=by, verb="lab.report_issued", obj=report, data=data)
    audit.record(actor=by, verb="lab.report_issued", obj=request, data=data)
    render_report.enqueue(report.pk)
    return report


def _register(report: TestReport, *, current: TestReport | None, reason: str, by) -> None:
    """Enter the report in kriya.verify's register: it signs the payload the QR carries
    and, for a corrected report, marks the earlier one superseded there too."""
    content = report.content
    standards = sorted({s["standard"] for s in content["samples"] if s["standard"]})
    samples = ", ".join(s["code"] for s in content["samples"])
    with translation.override("id"):
        scope = _("Contoh %(samples)s; %(verdict)s") % {
            "samples": samples,
            "verdict": documents.OVERALL_LABELS[content["overall"]].lower(),
        }
        document = verify_services.issue_document(
            doc_type=DocType.TEST_REPORT,
            number=report.number,
            holder_nib=content["business"]["nib"],
            holder_name=content["business"]["name"],
            scheme=("; ".join(standards) or str(_("Pengujian laboratorium")))[:120],
            scope=str(scope)[:300],
            issued_on=date.fromisoformat(content["issued_on"]),
            source=report,
            supersedes=current.document if current is not None else None,
            reason=reason,
            is_demo=report.is_demo,
            by=by,
        )
    report.document = document
    report.content = {**content, "link": document.url, "qr_text": document.qr_text}
    report.save(update_fields=["document", "content"])


@transaction.atomic
def render_report_pdf(*, report: TestReport, by=None) -> TestReport:
    """Print the report's PDF, attach it to the request as its result document, and
    move a testing request in progress to "result ready" (`report_moves_request`; a
    certification request keeps its status). Runs as a background task."""
    report = TestReport.objects.select_for_update().select_related("request").get(pk=report.pk)
    content = report.content
    qr_text = content.get("qr_text") or content["link"]
    pdf, pages = documents.render_pdf(content, qr_text=qr_text)
    pdf_en, _pages_en = documents.render_pdf(content, qr_text=qr_text, language="en")
    report.pdf.save(f"{report.number}.pdf", ContentFile(pdf), save=False)
    report.pdf_en.save(f"{report.number}-en.pdf", ContentFile(pdf_en), save=False)
    report.page_count = pages
    report.save(update_fields=["pdf", "pdf_en", "page_count"])
    request = report.request
    document = None
    title = _("Sertifikat Hasil Uji %(number)s") % {"number": report.number}
    if service_access.can_attach_result(by, request):
        document = service_desk.attach_result_document(
            request=request, file=pdf, by=by, title=title, slot="shu", name=f"{report.number}.pdf"
        )
        title_en = _("Sertifikat Hasil Uji %(number)s (bahasa Inggris)") % {"number": report.number}
        service_desk.attach_result_document(
            request=request,
            file=pdf_en,
            by=by,
            title=title_en,
            slot="shu_en",
            name=f"{report.number}-en.pdf",
        )
    if (
        request.status == RequestStatus.IN_PROGRESS
        and report.is_current
        and report_moves_request(request)
    ):
        service_desk.mark_result_ready(request=request, by=by, document=document)
    audit.record(
        actor=by,
        verb="lab.report_rendered",
        obj=report,
        data={"pages": pages, "document": document.pk if document else None},
    )
    return report


@task()
def render_report(report_id: int) -> None:
    """Print a test report's PDF and hand it to the request (`render_report_pdf`), in the
    background; enqueued on commit by `authorise_report`. Defined here, beside the
    service it runs, so that the services never import `kriya.lab.tasks`."""
    render_report_pdf(report=TestReport.objects.get(pk=report_id), by=None)
