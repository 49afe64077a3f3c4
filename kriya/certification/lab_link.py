"""The one place certification touches the laboratory (kriya.lab).

A sampling of an evaluation (or surveillance) is tied to a lab sample by its code
(`Sampling.lab_sample_code`); the sample's results are pulled back into the
evaluation, and only verified results count towards a grant (`queries.blockers`).

- `send_to_lab(sampling, by)` → the code of the lab sample created for the sampling,
  or "" when it is not sent;
- `find_sample(code)` → the lab's Sample with that code, or None (for linking by hand);
- `results_for(sampling)` → its results as `LabResult`s (one per analysis that is not
  cancelled; an analysis without a result yet is listed as pending, unverified).

`record_sampling` sends the sample of an evaluation's sampling to the lab at once: the
lab receives it on the certification request (in progress), judged against the
scheme's standard for the product's technique (`Scheme.standard_for`, e.g. SNI
8302:2016/Amd.1:2019 for batik tulis) and tested for that edition's parameters; the
sample records that the agency took it (who, when, where, under which plan), which the
test report prints. The
lab's report, once its analyses are verified, is attached to the certification request
without moving it: the decision does that. A surveillance sampling (its request is
closed) or one whose standard the lab has no edition with parameters for is not sent;
the evaluator links the lab sample tested for it by its code (`link_lab_sample`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabResult:
    parameter: str
    value: str
    limit: str
    verdict: str  # "within", "outside", "no_limit", or "" while there is no result
    verified: bool

    @property
    def verdict_label(self) -> str:
        from django.utils.translation import gettext

        from kriya.lab.verdicts import Verdict

        return Verdict(self.verdict).label if self.verdict else gettext("belum ada hasil")


def find_sample(code: str):
    from kriya.lab.models import Sample

    code = (code or "").strip().upper()
    if not code:
        return None
    return Sample.objects.select_related("request__business").filter(code=code).first()


def standard_for(sampling) -> str:
    """The standard the sample is judged against: the scheme's, for the technique of the
    sampled product (or of all the evaluation's products, when they share one)."""
    evaluation = sampling.evaluation
    technique = sampling.product.technique if sampling.product_id else ""
    if not technique:
        techniques = {p.technique for p in evaluation.products.all() if p.technique}
        technique = techniques.pop() if len(techniques) == 1 else ""
    return evaluation.scheme.standard_for(technique)


def send_to_lab(sampling, *, by) -> str:
    """Create the lab sample for an evaluation's `sampling`, handed in by `by` (its
    evaluator); return its code ("" when not sent, see the module's docstring)."""
    from django.utils import translation
    from django.utils.translation import gettext

    from kriya.lab import queries as lab_queries
    from kriya.lab import services as lab_services
    from kriya.lab.models import Condition

    evaluation = sampling.evaluation
    if evaluation is None or not lab_services.can_receive_for(evaluation.request):
        return ""
    version = lab_queries.standard_version(standard_for(sampling))
    parameters = lab_queries.parameters_for(version) if version is not None else []
    if not parameters:
        return ""
    with translation.override("id"):  # lab records are kept in Indonesian
        description = sampling.description
        if sampling.seal_number:
            description = gettext("%(description)s (segel %(seal)s)") % {
                "description": description,
                "seal": sampling.seal_number,
            }
        place = gettext("Penerimaan contoh laboratorium")
        taken_at = sampling.get_place_display()
        if sampling.product_id:
            taken_at = f"{taken_at} — {sampling.product.business.name}"
        plan = gettext("Pengambilan contoh evaluasi sertifikasi %(scheme)s") % {
            "scheme": evaluation.scheme
        }
    sample = lab_services.receive_sample(
        request=evaluation.request,
        description=description[:300],
        quantity=sampling.quantity,
        methods=(),
        parameters=parameters,
        standard_version=version,
        condition=Condition.GOOD,
        storage_location=place,
        by=by,
        sampling={
            "by": str(sampling.taken_by),
            "on": sampling.taken_on,
            "place": taken_at,
            "plan": plan,
        },
    )
    return sample.code


def results_for(sampling) -> list[LabResult]:
    """The lab results of the sampling's sample (empty when none is linked)."""
    if not sampling.lab_sample_code:
        return []
    from kriya.lab.models import Analysis, AnalysisStatus
    from kriya.lab.scales import format_value

    analyses = (
        Analysis.objects.filter(sample__code=sampling.lab_sample_code)
        .exclude(status=AnalysisStatus.CANCELLED)
        .select_related("parameter", "current_result")
        .order_by("parameter__position", "id")
    )
    results = []
    for analysis in analyses:
        result = analysis.current_result
        results.append(
            LabResult(
                parameter=analysis.parameter.name,
                value=format_value(analysis.parameter.scale, result.value) if result else "",
                limit=result.limit_text if result else "",
                verdict=result.verdict if result else "",
                verified=analysis.status == AnalysisStatus.VERIFIED,
            )
        )
    return results
