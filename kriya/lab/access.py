"""Who may do what in the laboratory. Objects are fetched and authorised together.

- lab staff (analyst, supervisor, head of agency, administrator) see the lab's work;
- analysts and supervisors receive samples and enter results; on a certification
  request the body's evaluator also hands in the sample they took (its sampling);
- supervisors verify results (never their own), generate and correct reports;
- administrators keep the reference data and instruments.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kriya.accounts.access import has_role
from kriya.accounts.models import Role

LAB_VIEW_ROLES = (Role.ANALYST, Role.SUPERVISOR, Role.HEAD, Role.ADMINISTRATOR)
LAB_WORK_ROLES = (Role.ANALYST, Role.SUPERVISOR)
VERIFIER_ROLES = (Role.SUPERVISOR,)
INSTRUMENT_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def is_lab_staff(user) -> bool:
    return has_role(user, *LAB_VIEW_ROLES)


def can_work(user) -> bool:
    return has_role(user, *LAB_WORK_ROLES)


def certification_bodies():
    """The certification bodies, whose evaluations take samples for the lab to test."""
    from kriya.desk.models import Body

    return (Body.LSPRO, Body.LSIH, Body.LPH)


def sample_bodies():
    """The bodies whose requests the lab tests samples for: its own testing service
    (LAB) and the certification bodies."""
    from kriya.desk.models import Body

    return (Body.LAB, *certification_bodies())


def can_receive(user, request) -> bool:
    """Lab workers receive samples; on a certification request the evaluator who took
    the sample (kriya.certification's sampling) hands it in too."""
    return can_work(user) or (
        request.service.body in certification_bodies() and has_role(user, Role.EVALUATOR)
    )


def is_verifier(user) -> bool:
    return has_role(user, *VERIFIER_ROLES)


def can_manage_instruments(user) -> bool:
    return has_role(user, *INSTRUMENT_ROLES)


def can_see_confirmation_marks(user) -> bool:
    """Only administrators see which reference values are still "perlu dikonfirmasi"."""
    return has_role(user, Role.ADMINISTRATOR)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_lab_staff(user) -> None:
    require(is_lab_staff(user))


# --- Fetch and authorise --------------------------------------------------------------


def get_sample_for(user, code: str):
    """A sample by its code, for lab staff (404 for everyone else)."""
    from .models import Sample

    if not is_lab_staff(user):
        raise Http404
    sample = (
        Sample.objects.select_related(
            "request",
            "request__business",
            "request__service",
            "standard_version__standard",
            "received_by",
            "disposed_by",
        )
        .filter(code__iexact=(code or "").strip())
        .first()
    )
    if sample is None:
        raise Http404
    return sample


def get_analysis_for(user, pk: int):
    """An analysis, for lab staff (404 for everyone else)."""
    from .models import Analysis

    if not is_lab_staff(user):
        raise Http404
    analysis = (
        Analysis.objects.select_related(
            "sample",
            "sample__request",
            "sample__standard_version__standard",
            "parameter",
            "parameter__method",
            "analyst",
            "current_result",
            "current_result__entered_by",
            "current_result__instrument",
        )
        .filter(pk=pk)
        .first()
    )
    if analysis is None:
        raise Http404
    return analysis


def get_lab_request_for(user, pk: int):
    """A request as the lab sees it — a testing request, or a certification request
    whose samples the lab tests: lab staff only (404 otherwise)."""
    from kriya.desk.models import ServiceRequest

    if not is_lab_staff(user):
        raise Http404
    request = (
        ServiceRequest.objects.select_related("business", "service", "filed_by")
        .filter(pk=pk, service__body__in=sample_bodies())
        .first()
    )
    if request is None:
        raise Http404
    return request


def get_report_for(user, number: str, *, download: bool = False):
    """A test report for someone who may read its request's results (lab staff, the
    desk, the certification body's people on its evaluation, the business and its
    facilitators, the officer of a recommending or sponsoring unit). With download=True the
    applicant side also has to pass the service desk's result gate (PermissionDenied)."""
    from django.utils.translation import gettext as _

    from kriya.desk import access as service_access
    from kriya.desk.models import DocumentKind

    from .models import TestReport

    report = TestReport.objects.select_related("request", "signatory").filter(number=number).first()
    if report is None:
        raise Http404
    request = service_access.get_request_for(user, report.request_id)  # 404 if not visible
    report.request = request
    # A report is a result document: only those whose work needs the request's results
    # read it (docs/document-access.md) — not the trainer, not a regency officer whose
    # unit neither recommended nor sponsors the request.
    if not is_lab_staff(user) and (
        DocumentKind.RESULT not in service_access.readable_document_kinds(user, request)
    ):
        raise PermissionDenied(_("Anda tidak berwenang membaca laporan ini."))
    if download and not is_lab_staff(user):
        gate = service_access.result_gate(user, request)
        if gate is not None:
            raise PermissionDenied(gate.message)
    return report
