"""The lifecycles of the laboratory.

An analysis:

    unassigned ─assign─► assigned ─submit─► to_verify ─verify_final─► verified
        │                 │  ▲ reassign         │  ▲ verify (one of several)  │
        └──cancel──► cancelled ◄──cancel┘  └──retest──┘                     │
                                    to_verify ◄──────────correct────────────┘

- a supervisor assigns (and reassigns) an analyst, and may cancel open work with a reason;
- only the assigned analyst submits a result (`services.enter_result`);
- a verifier (supervisor role) verifies a result they did not enter, once per result;
  a method asks for one or more verifications, the last one makes the analysis verified;
- the assigned analyst or a verifier sends a result back for a retest, with a reason;
- a verified result is locked: the assigned analyst or a supervisor corrects it with a
  reason, which enters a new result that needs verification again.

A test report:

    issued ─supersede─► superseded   (by the system, when a corrected report is issued)
"""

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core.workflow import Lifecycle, Move

from .models import AnalysisStatus as A
from .models.reports import ReportStatus as R


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_supervisor(user, obj=None) -> bool:
    return _signed_in(user) and has_role(user, Role.SUPERVISOR)


def is_assigned_analyst(user, analysis) -> bool:
    return _signed_in(user) and analysis.analyst_id is not None and analysis.analyst_id == user.pk


def verifications_needed(analysis) -> int:
    return analysis.parameter.method.required_verifications


def _may_verify(user, analysis) -> bool:
    """Four eyes: a verifier, not the person who entered the result, not twice."""
    result = analysis.current_result
    if not is_supervisor(user) or result is None:
        return False
    if result.entered_by_id == user.pk:
        return False
    return not result.verifications.filter(verified_by=user).exists()


def may_verify_partly(user, analysis) -> bool:
    """A verification that still leaves others to come."""
    if not _may_verify(user, analysis):
        return False
    return analysis.current_result.verifications.count() + 1 < verifications_needed(analysis)


def may_verify_finally(user, analysis) -> bool:
    """The verification that completes the number the method asks for."""
    if not _may_verify(user, analysis):
        return False
    return analysis.current_result.verifications.count() + 1 >= verifications_needed(analysis)


def analyst_or_supervisor(user, analysis) -> bool:
    return is_assigned_analyst(user, analysis) or is_supervisor(user)


def is_system(user, obj=None) -> bool:
    return user is None


ANALYSIS = Lifecycle(
    name="lab_analysis",
    moves=[
        Move("assign", A.UNASSIGNED, A.ASSIGNED, is_supervisor, _("Tugaskan analis")),
        Move(
            "reassign", A.ASSIGNED, A.ASSIGNED, is_supervisor, _("Ganti analis"), style="secondary"
        ),
        Move("submit", A.ASSIGNED, A.TO_VERIFY, is_assigned_analyst, _("Simpan hasil")),
        Move("verify", A.TO_VERIFY, A.TO_VERIFY, may_verify_partly, _("Verifikasi")),
        Move("verify_final", A.TO_VERIFY, A.VERIFIED, may_verify_finally, _("Verifikasi")),
        Move(
            "retest",
            A.TO_VERIFY,
            A.ASSIGNED,
            analyst_or_supervisor,
            _("Uji ulang"),
            needs_reason=True,
            style="secondary",
        ),
        Move(
            "correct",
            A.VERIFIED,
            A.TO_VERIFY,
            analyst_or_supervisor,
            _("Koreksi hasil"),
            needs_reason=True,
            style="secondary",
        ),
        Move(
            "cancel",
            (A.UNASSIGNED, A.ASSIGNED),
            A.CANCELLED,
            is_supervisor,
            _("Batalkan analisis"),
            needs_reason=True,
            style="danger",
        ),
    ],
)

REPORT = Lifecycle(
    name="lab_report",
    moves=[
        Move("supersede", R.ISSUED, R.SUPERSEDED, is_system, _("Digantikan laporan koreksi")),
    ],
)
