"""Pages of the evaluation: the evaluator's worklist, the evaluation with its
requirements, audits, findings, corrective actions and samples, the recommendation,
and the decision maker's queue and decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.desk.access import get_request_for

from .. import queries, services
from ..access import (
    can_read_evidence,
    evaluations_visible_to,
    get_audit_for,
    get_corrective_action_for,
    get_evaluation_for,
    get_evidence_for,
    get_sampling_for,
    get_surveillance_for,
    held_business_ids,
    is_agency,
)
from ..forms import (
    AuditForm,
    ConductAuditForm,
    CorrectiveActionForm,
    DecisionForm,
    FatwaForm,
    FindingForm,
    LabSampleForm,
    ReasonForm,
    RecommendationForm,
    RequirementCheckForm,
    ReviewForm,
    SamplingForm,
    StartEvaluationForm,
)
from ..models import (
    AuditStatus,
    Evaluation,
    EvaluationStatus,
    Outcome,
)
from ..queries import blockers, lab_results, ready_requests, requirement_rows
from ..workflow import (
    AUDIT,
    CORRECTIVE_ACTION,
    EVALUATION,
    is_evaluator,
    is_holder,
    is_independent_decision_maker,
    is_the_evaluator,
)
from .common import attachment, form_page, require_agency, run, run_with_message


def index(request):
    """The certification start page: what this user does here."""
    user = request.user
    return render(
        request,
        "certification/index.html",
        {
            "agency": is_agency(user),
            "evaluator": has_role(user, Role.EVALUATOR),
            "decision_maker": has_role(user, Role.DECISION_MAKER),
            "desk": has_role(user, Role.DESK),
            "holder": bool(held_business_ids(user)),
            "evaluations": evaluations_visible_to(user)
            .select_related("request__business", "scheme")
            .order_by("-updated_at")[:20]
            if not is_agency(user)
            else [],
        },
    )


def evaluation_worklist(request):
    require_agency(request.user)
    mine = request.GET.get("saya") == "1"
    evaluations = (
        Evaluation.objects.open()
        .select_related("request__business", "scheme", "evaluator")
        .order_by("created_at", "id")
    )
    if mine:
        evaluations = evaluations.filter(evaluator=request.user)
    return render(
        request,
        "certification/worklist.html",
        {
            "ready": ready_requests()[:100],
            "evaluations": evaluations[:200],
            "mine": mine,
            "can_start": is_evaluator(request.user),
        },
    )


def decision_queue(request):
    require_agency(request.user)
    evaluations = (
        Evaluation.objects.awaiting_decision()
        .select_related("request__business", "scheme", "evaluator")
        .order_by("recommended_at", "id")
    )
    # A decision maker sees the whole queue but may decide only the files they took no
    # part in (ISO/IEC 17065 7.6.2): those come first, the others are marked.
    mine = set(queries.awaiting_decision_by(request.user).values_list("pk", flat=True))
    for evaluation in evaluations:
        evaluation.may_decide = evaluation.pk in mine
    evaluations = sorted(evaluations, key=lambda e: not e.may_decide)
    return render(
        request,
        "certification/decision_queue.html",
        {
            "evaluations": evaluations,
            "may_decide_count": len(mine),
            "is_decision_maker": has_role(request.user, Role.DECISION_MAKER),
        },
    )


def evaluation_start(request, request_pk: int):
    service_request = get_request_for(request.user, request_pk)
    if not is_evaluator(request.user):
        raise PermissionDenied
    existing = Evaluation.objects.filter(request=service_request).first()
    if existing is not None:
        return redirect("certification:evaluation", pk=existing.pk)
    form = StartEvaluationForm(request.POST or None, request_obj=service_request)
    if request.method == "POST" and form.is_valid():
        evaluation = run(
            form,
            lambda: services.start_evaluation(
                request=service_request,
                by=request.user,
                scheme=form.cleaned_data["scheme"],
                products=form.cleaned_data["products"],
            ),
        )
        if evaluation is not None:
            messages.success(request, _("Evaluasi dimulai."))
            return redirect("certification:evaluation", pk=evaluation.pk)
    return form_page(
        request,
        form,
        title=_("Mulai evaluasi %(number)s") % {"number": service_request.number},
        intro=_("%(business)s — %(service)s")
        % {"business": service_request.business.name, "service": service_request.service.name},
        back=("certification:worklist", ()),
        submit=_("Mulai evaluasi"),
    )


def evaluation_detail(request, pk: int):
    evaluation = get_evaluation_for(request.user, pk)
    user = request.user
    staff = is_agency(user)
    moves = [m for m in EVALUATION.available(evaluation, user)]
    return render(
        request,
        "certification/evaluation.html",
        {
            "e": evaluation,
            "staff": staff,
            "rows": requirement_rows(evaluation),
            "audits": evaluation.audits.all(),
            "samplings": lab_results(evaluation) if staff else [],
            "blockers": blockers(evaluation) if staff and evaluation.is_open else [],
            "is_evaluator": is_the_evaluator(user, evaluation),
            "can_review": is_the_evaluator(user, evaluation)
            and evaluation.status in (EvaluationStatus.REVIEW, EvaluationStatus.EVALUATION),
            "can_complete_review": any(m.action == "complete_review" for m in moves),
            "can_recommend": any(m.action == "recommend" for m in moves),
            "can_decide": is_independent_decision_maker(user, evaluation)
            and evaluation.status == EvaluationStatus.RECOMMENDED,
            "dependent_decision_maker": has_role(user, Role.DECISION_MAKER)
            and evaluation.status == EvaluationStatus.RECOMMENDED
            and not is_independent_decision_maker(user, evaluation),
            "can_record_fatwa": has_role(user, Role.DESK)
            and evaluation.scheme.is_halal
            and evaluation.status == EvaluationStatus.GRANTED
            and not evaluation.fatwa_outcome,
            "certificate": getattr(evaluation, "certificate", None),
        },
    )


@require_POST
def evaluation_action(request, pk: int, action: str):
    """Buttons without input: complete the document review."""
    evaluation = get_evaluation_for(request.user, pk)
    if action != "complete_review":
        raise Http404
    if not EVALUATION.can(evaluation, request.user, action):
        raise PermissionDenied
    if run_with_message(
        request, lambda: services.complete_review(evaluation=evaluation, by=request.user)
    ):
        messages.success(request, _("Kaji ulang dokumen selesai."))
    return redirect("certification:evaluation", pk=pk)


def requirement_check(request, pk: int, requirement_pk: int):
    evaluation = get_evaluation_for(request.user, pk)
    if not is_the_evaluator(request.user, evaluation):
        raise PermissionDenied
    requirement = get_object_or_404(evaluation.scheme.requirements, pk=requirement_pk)
    current = evaluation.requirement_checks.filter(requirement=requirement).first()
    initial = {"verdict": current.verdict, "note": current.note} if current else None
    form = RequirementCheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        check = run(
            form,
            lambda: services.check_requirement(
                evaluation=evaluation,
                requirement=requirement,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
        )
        if check is not None:
            messages.success(request, _("Hasil pemeriksaan disimpan."))
            return redirect("certification:evaluation", pk=pk)
    return form_page(
        request,
        form,
        title=requirement.name,
        intro=requirement.get_kind_display(),
        back=("certification:evaluation", (pk,)),
    )


def _parent(request, evaluation_pk=None, surveillance_pk=None):
    if evaluation_pk is not None:
        evaluation = get_evaluation_for(request.user, evaluation_pk)
        return evaluation, None, ("certification:evaluation", (evaluation.pk,))
    surveillance = get_surveillance_for(request.user, surveillance_pk)
    return None, surveillance, ("certification:surveillance", (surveillance.pk,))


def audit_new(request, evaluation_pk=None, surveillance_pk=None):
    evaluation, surveillance, back = _parent(request, evaluation_pk, surveillance_pk)
    if not (
        is_the_evaluator(request.user, evaluation) if evaluation else is_evaluator(request.user)
    ):
        raise PermissionDenied
    form = AuditForm(request.POST or None, initial={"lead_auditor": request.user.pk})
    if request.method == "POST" and form.is_valid():
        audit = run(
            form,
            lambda: services.plan_audit(
                evaluation=evaluation,
                surveillance=surveillance,
                by=request.user,
                **form.cleaned_data,
            ),
        )
        if audit is not None:
            messages.success(request, _("Audit direncanakan."))
            return redirect("certification:audit", pk=audit.pk)
    return form_page(request, form, title=_("Rencanakan audit"), back=back)


def audit_detail(request, pk: int):
    audit = get_audit_for(request.user, pk)
    staff = is_agency(request.user)
    back = (
        ("certification:evaluation", (audit.evaluation_id,))
        if audit.evaluation_id
        else ("certification:surveillance", (audit.surveillance_id,))
    )
    return render(
        request,
        "certification/audit.html",
        {
            "audit": audit,
            "staff": staff,
            "back": back,
            "findings": audit.findings.select_related("corrective_action", "raised_by"),
            "moves": AUDIT.available(audit, request.user),
            "can_add_finding": is_evaluator(request.user)
            and audit.status != AuditStatus.CANCELLED
            and (audit.evaluation_id is None or audit.evaluation.is_open),
        },
    )


def audit_action(request, pk: int, action: str):
    audit = get_audit_for(request.user, pk)
    if action not in ("conduct", "cancel"):
        raise Http404
    if not AUDIT.can(audit, request.user, action):
        raise PermissionDenied
    if action == "conduct":
        form = ConductAuditForm(request.POST or None)
        call = lambda: services.record_audit(audit_row=audit, by=request.user, **form.cleaned_data)  # noqa: E731
        title = _("Catat pelaksanaan audit")
    else:
        form = ReasonForm(request.POST or None)
        call = lambda: services.cancel_audit(audit_row=audit, by=request.user, **form.cleaned_data)  # noqa: E731
        title = _("Batalkan audit")
    if request.method == "POST" and form.is_valid() and run(form, call) is not None:
        messages.success(request, _("Audit diperbarui."))
        return redirect("certification:audit", pk=pk)
    return form_page(
        request, form, title=title, back=("certification:audit", (pk,)), danger=action == "cancel"
    )


def finding_new(request, audit_pk: int):
    audit = get_audit_for(request.user, audit_pk)
    if not is_evaluator(request.user):
        raise PermissionDenied
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        finding = run(
            form,
            lambda: services.raise_finding(audit_row=audit, by=request.user, **form.cleaned_data),
        )
        if finding is not None:
            messages.success(request, _("Temuan dicatat."))
            return redirect("certification:audit", pk=audit.pk)
    return form_page(
        request, form, title=_("Catat temuan"), back=("certification:audit", (audit.pk,))
    )


def corrective_action_detail(request, pk: int):
    """The holder submits the correction here; an evaluator accepts or returns it."""
    action = get_corrective_action_for(request.user, pk)
    user = request.user
    submit_form = review_form = None
    if CORRECTIVE_ACTION.can(action, user, "submit"):
        submit_form = CorrectiveActionForm(
            request.POST if request.POST.get("step") == "submit" else None,
            request.FILES if request.POST.get("step") == "submit" else None,
            initial={"cause": action.cause, "action_taken": action.action_taken},
        )
    if CORRECTIVE_ACTION.can(action, user, "accept"):
        review_form = ReviewForm(request.POST if request.POST.get("step") == "review" else None)
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "submit" and submit_form is not None and submit_form.is_valid():
            done = run(
                submit_form,
                lambda: services.submit_corrective_action(
                    action=action,
                    cause=submit_form.cleaned_data["cause"],
                    action_taken=submit_form.cleaned_data["action_taken"],
                    files=submit_form.cleaned_data["files"],
                    by=user,
                ),
            )
            if done is not None:
                messages.success(request, _("Tindakan perbaikan diajukan."))
                return redirect("certification:corrective_action", pk=pk)
        elif step == "review" and review_form is not None and review_form.is_valid():
            accept = request.POST.get("decision") == "accept"
            done = run(
                review_form,
                lambda: services.review_corrective_action(
                    action=action, accept=accept, note=review_form.cleaned_data["note"], by=user
                ),
            )
            if done is not None:
                messages.success(request, _("Tindakan perbaikan diperiksa."))
                return redirect("certification:corrective_action", pk=pk)
        elif step not in ("submit", "review") or (submit_form is None and review_form is None):
            raise PermissionDenied
    audit = action.finding.audit
    return render(
        request,
        "certification/corrective_action.html",
        {
            "action": action,
            "finding": action.finding,
            "audit": audit,
            "evidence": action.evidence.all(),
            "submit_form": submit_form,
            "review_form": review_form,
            "holder": is_holder(user, action),
            "can_read_evidence": can_read_evidence(user, action),
        },
    )


def evidence_download(request, pk: int):
    evidence = get_evidence_for(request.user, pk)
    return attachment(evidence.file, evidence.original_name, evidence.content_type)


def sampling_new(request, evaluation_pk=None, surveillance_pk=None):
    evaluation, surveillance, back = _parent(request, evaluation_pk, surveillance_pk)
    if not (
        is_the_evaluator(request.user, evaluation) if evaluation else is_evaluator(request.user)
    ):
        raise PermissionDenied
    business = evaluation.request.business if evaluation else surveillance.business
    form = SamplingForm(request.POST or None, business=business)
    if request.method == "POST" and form.is_valid():
        sampling = run(
            form,
            lambda: services.record_sampling(
                evaluation=evaluation,
                surveillance=surveillance,
                by=request.user,
                **form.cleaned_data,
            ),
        )
        if sampling is not None and sampling.lab_sample_code:
            messages.success(
                request,
                _("Pengambilan contoh dicatat dan dikirim ke laboratorium sebagai %(code)s.")
                % {"code": sampling.lab_sample_code},
            )
            return redirect(back[0], *back[1])
        if sampling is not None:
            messages.success(request, _("Pengambilan contoh dicatat."))
            return redirect(back[0], *back[1])
    return form_page(request, form, title=_("Catat pengambilan contoh"), back=back)


def sampling_lab(request, pk: int):
    """Link a sampling to the lab sample tested for it."""
    sampling = get_sampling_for(request.user, pk)
    evaluation = sampling.evaluation
    allowed = (
        is_the_evaluator(request.user, evaluation) if evaluation else is_evaluator(request.user)
    )
    if not allowed:
        raise PermissionDenied
    back = (
        ("certification:evaluation", (evaluation.pk,))
        if evaluation
        else ("certification:surveillance", (sampling.surveillance_id,))
    )
    form = LabSampleForm(request.POST or None, initial={"code": sampling.lab_sample_code})
    if request.method == "POST" and form.is_valid():
        done = run(
            form,
            lambda: services.link_lab_sample(
                sampling=sampling, code=form.cleaned_data["code"], by=request.user
            ),
        )
        if done is not None:
            messages.success(request, _("Contoh laboratorium ditautkan."))
            return redirect(back[0], *back[1])
    return form_page(
        request, form, title=_("Tautkan contoh laboratorium"), intro=sampling.description, back=back
    )


def evaluation_recommend(request, pk: int):
    evaluation = get_evaluation_for(request.user, pk)
    if not EVALUATION.can(evaluation, request.user, "recommend"):
        raise PermissionDenied
    form = RecommendationForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        done = run(
            form,
            lambda: services.recommend(
                evaluation=evaluation,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                products=form.cleaned_data["products"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("Rekomendasi dikirim kepada pengambil keputusan."))
            return redirect("certification:evaluation", pk=pk)
    problems = blockers(evaluation)
    return form_page(
        request,
        form,
        title=_("Rekomendasi evaluator"),
        intro=" ".join(problems) if problems else "",
        back=("certification:evaluation", (pk,)),
        submit=_("Kirim rekomendasi"),
    )


def evaluation_decide(request, pk: int):
    """The decision (grant, reduced scope, refuse) — or, with ?kembali=1, the return
    to the evaluator. Only a decision maker who took no part in the evaluation."""
    evaluation = get_evaluation_for(request.user, pk)
    if not is_independent_decision_maker(request.user, evaluation):
        raise PermissionDenied(
            _("Keputusan diambil oleh pengambil keputusan yang tidak ikut mengevaluasi.")
        )
    if evaluation.status != EvaluationStatus.RECOMMENDED:
        messages.error(request, _("Evaluasi ini tidak sedang menunggu keputusan."))
        return redirect("certification:evaluation", pk=pk)
    back = ("certification:evaluation", (pk,))
    if request.GET.get("kembali") == "1":
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = run(
                form,
                lambda: services.return_evaluation(
                    evaluation=evaluation, reason=form.cleaned_data["reason"], by=request.user
                ),
            )
            if done is not None:
                messages.success(request, _("Evaluasi dikembalikan kepada evaluator."))
                return redirect("certification:evaluation", pk=pk)
        return form_page(request, form, title=_("Kembalikan ke evaluator"), back=back)
    form = DecisionForm(
        request.POST or None,
        evaluation=evaluation,
        initial={"outcome": evaluation.recommendation or Outcome.GRANT},
    )
    if request.method == "POST" and form.is_valid():
        done = run(
            form,
            lambda: (
                services.decide(
                    evaluation=evaluation,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    products=form.cleaned_data["products"],
                    signatory=form.cleaned_data.get("signatory"),
                    by=request.user,
                )
                or True
            ),
        )
        if done is not None:
            messages.success(request, _("Keputusan disimpan."))
            return redirect("certification:evaluation", pk=pk)
    return form_page(
        request,
        form,
        title=_("Keputusan sertifikasi"),
        intro=_("Rekomendasi evaluator: %(outcome)s. %(note)s")
        % {
            "outcome": evaluation.get_recommendation_display(),
            "note": evaluation.recommendation_note,
        },
        back=back,
        submit=_("Simpan keputusan"),
    )


def evaluation_fatwa(request, pk: int):
    evaluation = get_evaluation_for(request.user, pk)
    if not has_role(request.user, Role.DESK):
        raise PermissionDenied
    form = FatwaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run(
            form,
            lambda: (
                services.record_fatwa_outcome(
                    evaluation=evaluation, by=request.user, **form.cleaned_data
                )
                or True
            ),
        )
        if done is not None:
            messages.success(request, _("Hasil fatwa dicatat."))
            return redirect("certification:evaluation", pk=pk)
    return form_page(
        request,
        form,
        title=_("Catat hasil fatwa dan sertifikat halal"),
        back=("certification:evaluation", (pk,)),
    )
