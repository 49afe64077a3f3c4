"""The one place certification touches the laboratory (kriya.lab).

A sampling of an evaluation (or surveillance) is tied to a lab sample by its code
(`Sampling.lab_sample_code`); the sample's results are pulled back into the
evaluation, and only verified results count towards a grant (`queries.blockers`).

- `find_sample(code)` → the lab's Sample with that code, or None;
- `results_for(sampling)` → its results as `LabResult`s (one per analysis that is not
  cancelled; an analysis without a result yet is listed as pending, unverified);
- `send_to_lab(sampling, by)` → the code of a lab sample created for the sampling, or
  "" when the lab cannot take it.

The lab receives samples only for its own testing requests today
(`kriya.lab.services.can_receive_for`: body LAB), and issuing a report moves that
request to "result ready". So a certification sampling is not pushed into the lab
yet (`send_to_lab` answers ""): the sample is tested on a testing request of the same
business — which is how Batikmark's "lulus uji" requirements are evidenced — and the
evaluator links that lab sample to the sampling (`services.link_lab_sample`). Once
the lab accepts certification requests, `send_to_lab` calls its `receive_sample`.
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


def send_to_lab(sampling, *, by) -> str:
    """Create the lab sample for `sampling`; return its code ("" when not sent)."""
    return ""


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
