"""Named reads of certification, used by the pages, the API, the services' checks and
the showcase's badges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from kriya.core.models import AuditEvent
from kriya.registry.models import Product, Technique

from . import lab_link
from .models import (
    Audit,
    AuditStatus,
    Certificate,
    CertificateStatus,
    CheckVerdict,
    CorrectiveAction,
    CorrectiveActionStatus,
    Evaluation,
    FindingGrade,
    HalalCertificate,
    HalalStatus,
    Label,
    RequirementCheck,
    SchemeKind,
    Surveillance,
)

# --- Evaluation checks --------------------------------------------------------------


def unchecked_requirements(evaluation: Evaluation, kinds=None) -> list:
    """Mandatory requirements of the scheme without a verdict yet."""
    requirements = evaluation.scheme.requirements.filter(is_mandatory=True)
    if kinds:
        requirements = requirements.filter(kind__in=kinds)
    checked = RequirementCheck.objects.filter(evaluation=evaluation).values("requirement_id")
    return list(requirements.exclude(pk__in=checked))


def blockers(evaluation: Evaluation) -> list[str]:
    """Why the evaluation cannot (yet) lead to a grant; empty when it can.

    A grant needs: every mandatory requirement checked and none nonconforming; every
    planned audit conducted or cancelled; every major nonconformity closed (corrective
    action accepted) and every minor one at least answered; and no lab result of its
    samples outside its limit or still unverified."""
    problems = []
    missing = unchecked_requirements(evaluation)
    if missing:
        problems.append(
            _("Persyaratan wajib belum diperiksa: %(names)s.")
            % {"names": ", ".join(r.name_id for r in missing)}
        )
    failing = evaluation.requirement_checks.filter(verdict=CheckVerdict.NONCONFORM)
    if failing.exists():
        problems.append(
            _("Persyaratan tidak sesuai: %(names)s.")
            % {
                "names": ", ".join(
                    c.requirement.name_id for c in failing.select_related("requirement")
                )
            }
        )
    if evaluation.scheme.is_batikmark and not evaluation.request.business.trademark_number:
        problems.append(
            _("Batikmark mensyaratkan merek: nomor merek (DJKI) usaha belum diisi di registri.")
        )
    if evaluation.audits.filter(status=AuditStatus.PLANNED).exists():
        problems.append(_("Masih ada audit yang belum dilaksanakan."))
    actions = CorrectiveAction.objects.filter(finding__audit__evaluation=evaluation)
    if (
        actions.filter(finding__grade=FindingGrade.MAJOR)
        .exclude(status=CorrectiveActionStatus.ACCEPTED)
        .exists()
    ):
        problems.append(_("Ketidaksesuaian mayor belum ditutup."))
    if actions.filter(
        finding__grade=FindingGrade.MINOR, status=CorrectiveActionStatus.OPEN
    ).exists():
        problems.append(_("Ketidaksesuaian minor belum dijawab dengan tindakan perbaikan."))
    results = [r for s in evaluation.samplings.all() for r in lab_link.results_for(s)]
    if any(not r.verified for r in results):
        problems.append(_("Hasil uji laboratorium belum semuanya diverifikasi."))
    if any(r.verdict == "outside" for r in results):
        problems.append(_("Ada hasil uji di luar batas spesifikasi."))
    return problems


def surveillance_blockers(surveillance: Surveillance) -> list[str]:
    problems = []
    if (
        surveillance.with_audit
        and not surveillance.audits.filter(status=AuditStatus.CONDUCTED).exists()
    ):
        problems.append(_("Audit survailen belum dilaksanakan."))
    if surveillance.audits.filter(status=AuditStatus.PLANNED).exists():
        problems.append(_("Masih ada audit survailen yang direncanakan."))
    if surveillance.with_sampling and not surveillance.samplings.exists():
        problems.append(_("Contoh survailen belum diambil."))
    return problems


def evaluation_detail(pk: int):
    return (
        Evaluation.objects.select_related(
            "request__business", "request__service", "scheme", "evaluator", "decided_by"
        )
        .prefetch_related(
            "products",
            "recommended_products",
            "granted_products",
            Prefetch(
                "audits",
                queryset=Audit.objects.select_related("lead_auditor").prefetch_related(
                    "findings__corrective_action__evidence"
                ),
            ),
            "samplings__product",
        )
        .filter(pk=pk)
    )


def requirement_rows(evaluation: Evaluation) -> list[dict]:
    """Each requirement of the scheme with its check (if any), in order."""
    checks = {
        c.requirement_id: c
        for c in evaluation.requirement_checks.select_related("document", "checked_by")
    }
    return [
        {"requirement": r, "check": checks.get(r.pk)} for r in evaluation.scheme.requirements.all()
    ]


def lab_results(evaluation_or_surveillance) -> list[tuple]:
    return [(s, lab_link.results_for(s)) for s in evaluation_or_surveillance.samplings.all()]


# --- Certificates -----------------------------------------------------------------


#: How a history row names a recorded change: never the raw event code.
HISTORY_LABELS = {
    "certificate.issued": _l("Sertifikat diterbitkan"),
    "certificate.suspend": _l("Sertifikat dibekukan"),
    "certificate.reinstate": _l("Pembekuan dicabut"),
    "certificate.withdraw": _l("Sertifikat dicabut"),
    "certificate.expired": _l("Masa berlaku habis"),
    "certificate.expires_in": _l("Pengingat masa berlaku dikirim"),
    "label_batch.ordered": _l("Label dipesan"),
    "label_batch.issue": _l("Label diterbitkan"),
    "label_batch.labels_issued": _l("Label diterbitkan"),
    "surveillance.scheduled": _l("Survailen dijadwalkan"),
}


def history(obj) -> list[AuditEvent]:
    """Every recorded change of `obj` (status changes with their reasons), oldest first,
    each with a readable `label`."""
    events = list(
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    for event in events:
        event.label = HISTORY_LABELS.get(event.verb) or _("Perubahan dicatat")
    return events


def verify_path(number: str, doc_type: str = "certificate") -> str:
    """The public verification page of a document (kriya.verify), "" if not routed."""
    try:
        return reverse("verify:document", kwargs={"doc_type": doc_type, "number": number})
    except NoReverseMatch:
        return ""


def overdue_surveillance(today: date | None = None):
    return (
        Surveillance.objects.overdue(today)
        .select_related("certificate__business", "certificate__scheme")
        .order_by("due_on")
    )


def surveillance_worklist(today: date | None = None):
    """Open surveillance, the overdue first (by due date)."""
    return (
        Surveillance.objects.open()
        .filter(certificate__status__in=(CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED))
        .select_related("certificate__business", "certificate__scheme")
        .order_by("due_on", "id")
    )


# --- Public directory (ISO/IEC 17065 clause 7.8) ---------------------------------

DIRECTORY_STATES = ("active", "suspended", "withdrawn", "expired", "all")


def directory(
    *,
    q: str = "",
    scheme: str = "",
    district: str = "",
    state: str = "active",
    today: date | None = None,
):
    """Certificates for the public directory: by holder or product name, NIB or number
    (`q`), scheme kind or code, district (kecamatan code) and state (default: active —
    valid today)."""
    today = today or timezone.localdate()
    qs = (
        Certificate.objects.with_state(today)
        .select_related("scheme", "business__district", "business__regency")
        .prefetch_related(Prefetch("products", queryset=Product.objects.order_by("name")))
        .order_by("holder_name", "number")
    )
    q = (q or "").strip()
    if q:
        digits = q.replace(" ", "")
        condition = (
            Q(holder_name__icontains=q)
            | Q(business__name__icontains=q)
            | Q(number__icontains=q)
            | Q(products__name__icontains=q)
        )
        if digits.isdigit():
            condition |= Q(holder_nib__startswith=digits) | Q(business__nib__startswith=digits)
        qs = qs.filter(condition).distinct()
    if scheme:
        qs = qs.filter(Q(scheme__kind=scheme) | Q(scheme__code=scheme))
    if district:
        qs = qs.filter(business__district_id=district)
    if state in DIRECTORY_STATES and state != "all":
        qs = qs.filter(state=state)
    return qs


def directory_districts():
    """(code, name) of the districts that have a certified business, for the filter."""
    from kriya.regions.models import Region

    codes = Certificate.objects.values("business__district_id").distinct()
    return list(Region.objects.filter(code__in=codes).order_by("name").values_list("code", "name"))


# --- Showcase badges ----------------------------------------------------------------


@dataclass(frozen=True)
class BadgeInfo:
    """A valid certificate as the showcase shows it (the fields of
    kriya.showcase.badges.Badge: code, label, number, verify_url)."""

    code: str
    label: str
    number: str = ""
    verify_url: str = ""


def _badge(certificate: Certificate) -> BadgeInfo:
    scheme = certificate.scheme
    if scheme.kind == SchemeKind.BATIKMARK and certificate.technique:
        code = f"batikmark_{certificate.technique}"
        label = _("Batikmark %(technique)s") % {"technique": certificate.technique}
    elif scheme.kind == SchemeKind.SPPT_SNI:
        code, label = "sppt_sni", _("SNI")
    elif scheme.kind == SchemeKind.INDUSTRI_HIJAU:
        code, label = "industri_hijau", _("Industri hijau")
    else:
        code, label = scheme.kind, scheme.name
    return BadgeInfo(code, str(label), certificate.number, verify_path(certificate.number))


def certificate_types() -> list[tuple[str, str]]:
    """(code, label) of the badge types a visitor may filter by."""
    return [
        *[
            (f"batikmark_{t}", str(_("Batikmark %(technique)s") % {"technique": t}))
            for t in (Technique.TULIS, Technique.CAP, Technique.KOMBINASI)
        ],
        ("sppt_sni", str(_("SNI"))),
        ("industri_hijau", str(_("Industri hijau"))),
        ("halal", str(_("Halal"))),
    ]


def product_badges(product_ids, today: date | None = None) -> dict[int, list[BadgeInfo]]:
    """Valid certificates per product id, in two queries: product certificates that
    are active and not expired today, and accepted halal certificates."""
    today = today or timezone.localdate()
    ids = list(product_ids)
    badges: dict[int, list[BadgeInfo]] = {}
    through = Certificate.products.through.objects.filter(
        product_id__in=ids, certificate__in=Certificate.objects.valid(today)
    ).select_related("certificate__scheme")
    for row in through.order_by("certificate__issued_on", "certificate_id"):
        badges.setdefault(row.product_id, []).append(_badge(row.certificate))
    halal = HalalCertificate.products.through.objects.filter(
        product_id__in=ids, halalcertificate__status=HalalStatus.ACCEPTED
    ).select_related("halalcertificate")
    for row in halal:
        badges.setdefault(row.product_id, []).append(
            BadgeInfo("halal", str(_("Halal")), row.halalcertificate.number, "")
        )
    return badges


def business_badges(business_ids, today: date | None = None) -> dict[int, list[BadgeInfo]]:
    """Valid business-wide certificates per business id (green industry), one query.
    Product certificates (SNI, Batikmark, halal) are shown on their products."""
    badges: dict[int, list[BadgeInfo]] = {}
    certificates = (
        Certificate.objects.valid(today)
        .filter(business_id__in=list(business_ids), scheme__kind=SchemeKind.INDUSTRI_HIJAU)
        .select_related("scheme")
        .order_by("issued_on", "id")
    )
    for certificate in certificates:
        badges.setdefault(certificate.business_id, []).append(_badge(certificate))
    return badges


def active_certificates(*, business=None, product=None, today: date | None = None):
    """Certificates valid today for a business or a product (badges, pages)."""
    qs = Certificate.objects.valid(today).select_related("scheme")
    if business is not None:
        qs = qs.filter(business=business)
    if product is not None:
        qs = qs.filter(products=product)
    return qs


# --- The compliance passport (kriya.showcase.passport) ------------------------------


def passport_certificates(business_id: int, today: date | None = None) -> list[Certificate]:
    """The business's certificates that are live on `today`: active, or suspended (a
    buyer should see a suspension); withdrawn and expired ones are left out. Each
    carries `state` and `label_ranges` [(first serial, last serial, count)] of its
    Batikmark labels. Three queries."""
    today = today or timezone.localdate()
    certificates = list(
        Certificate.objects.with_state(today)
        .filter(business_id=business_id, state__in=["active", "suspended"])
        .select_related("scheme")
        .prefetch_related(Prefetch("products", queryset=Product.objects.order_by("name")))
        .order_by("-issued_on", "-id")
    )
    ranges: dict[int, list[tuple[str, str, int]]] = {}
    rows = (
        Label.objects.filter(certificate__in=certificates)
        .values("certificate_id", "batch_id")
        .annotate(first=Min("serial"), last=Max("serial"), count=Count("id"))
        .order_by("first")
    )
    for row in rows:
        ranges.setdefault(row["certificate_id"], []).append(
            (row["first"], row["last"], row["count"])
        )
    for certificate in certificates:
        certificate.label_ranges = ranges.get(certificate.pk, [])
    return certificates


def passport_halal(business_id: int) -> list[HalalCertificate]:
    """The business's halal certificates the desk accepted. Two queries."""
    return list(
        HalalCertificate.objects.accepted()
        .filter(business_id=business_id)
        .prefetch_related(Prefetch("products", queryset=Product.objects.order_by("name")))
        .order_by("-issued_on", "-id")
    )


# --- Work of the certification body ("Beranda saya", the worklist) ----------------------


def ready_requests():
    """Certification requests the body may start evaluating: paid (or accepted, when
    free) or already in progress, of a service with a scheme, without an evaluation."""
    from kriya.desk.models import ServiceRequest, Variant
    from kriya.desk.models import Status as RequestStatus

    from .models import Scheme

    services_with_schemes = Scheme.objects.active().values("service_id")
    return (
        ServiceRequest.objects.filter(service_id__in=services_with_schemes)
        .filter(
            Q(status__in=(RequestStatus.PAID, RequestStatus.IN_PROGRESS))
            | Q(status=RequestStatus.ACCEPTED, service__variant=Variant.FREE)
        )
        .filter(certification_evaluation__isnull=True)
        .select_related("business", "service")
        .order_by("submitted_at", "id")
    )


def awaiting_decision_by(user):
    """Evaluations awaiting a decision that `user` may make: a decision maker who took
    no part in them. The same rule as `workflow.evaluation_team` /
    `is_independent_decision_maker` (ISO/IEC 17065 7.6.2), asked of the whole queue at
    once (two queries whatever its length) instead of evaluation by evaluation."""
    from django.db.models import Exists, OuterRef

    from kriya.accounts.access import has_role
    from kriya.accounts.models import Role

    from .models import EvaluatorAssignment, Finding, Sampling

    if not (getattr(user, "is_authenticated", False) and has_role(user, Role.DECISION_MAKER)):
        return Evaluation.objects.none()
    reviewed = [
        int(pk)
        for pk in AuditEvent.objects.filter(
            verb__in=("corrective_action.accept", "corrective_action.reject"),
            object_type__app_label="certification",
            object_type__model="correctiveaction",
            actor=user,
        ).values_list("object_id", flat=True)
        if str(pk).isdigit()
    ]
    evaluation = OuterRef("pk")
    took_part = (
        Q(evaluator=user)
        | Exists(EvaluatorAssignment.objects.filter(evaluation=evaluation, evaluator=user))
        | Exists(
            Audit.objects.filter(evaluation=evaluation).filter(
                Q(lead_auditor=user) | Q(created_by=user)
            )
        )
        | Exists(RequirementCheck.objects.filter(evaluation=evaluation, checked_by=user))
        | Exists(Sampling.objects.filter(evaluation=evaluation, taken_by=user))
        | Exists(Finding.objects.filter(audit__evaluation=evaluation, raised_by=user))
        | Exists(
            CorrectiveAction.objects.filter(finding__audit__evaluation=evaluation).filter(
                Q(reviewed_by=user) | Q(pk__in=reviewed)
            )
        )
    )
    return (
        Evaluation.objects.awaiting_decision()
        .exclude(took_part)
        .select_related("request__business", "scheme", "evaluator")
        .order_by("recommended_at", "id")
    )


def corrective_actions_to_review(user):
    """Corrective actions submitted by the holder that `user` reviews: as the current
    evaluator of the evaluation, or as lead auditor of a surveillance audit."""
    return (
        CorrectiveAction.objects.filter(status=CorrectiveActionStatus.SUBMITTED)
        .filter(
            Q(finding__audit__evaluation__evaluator=user)
            | Q(finding__audit__evaluation__isnull=True, finding__audit__lead_auditor=user)
        )
        .select_related("finding__audit")
        .order_by("submitted_at", "id")
    )


def holder_home_certificates(organisation_ids, today: date | None = None):
    """The certificates of the businesses of these owner organisations with their
    state today, the soonest to expire first."""
    from django.db.models import F

    return (
        Certificate.objects.filter(business__organisation_id__in=organisation_ids)
        .with_state(today)
        .select_related("scheme", "business")
        .order_by(F("valid_until").asc(nulls_last=True), "id")
    )


def holder_open_corrective_actions(organisation_ids):
    """Corrective actions waiting for the holder (findings of an evaluation or of a
    surveillance audit of the owner's businesses)."""
    return (
        CorrectiveAction.objects.filter(status=CorrectiveActionStatus.OPEN)
        .filter(
            Q(finding__audit__evaluation__request__business__organisation_id__in=organisation_ids)
            | Q(
                finding__audit__surveillance__certificate__business__organisation_id__in=(
                    organisation_ids
                )
            )
        )
        .select_related("finding")
        .order_by("deadline", "id")
    )


def certificate_dates(business_ids) -> list[tuple[int, object]]:
    """(business id, issued on) of every certificate of these businesses (one query); for
    training's outcomes."""
    return list(
        Certificate.objects.filter(business_id__in=list(business_ids)).values_list(
            "business_id", "issued_on"
        )
    )
