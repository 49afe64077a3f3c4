"""The one place certification touches the laboratory (kriya.lab).

A sampling in an evaluation becomes a lab sample on the certification request; the
verified results of that sample are pulled back into the evaluation. Two functions:

- `send_to_lab(sampling, by)` → the lab sample's code (or "" when the lab cannot take
  it yet), stored on `Sampling.lab_sample_code`;
- `results_for(sampling)` → the sample's results as `LabResult`s, verified ones only
  counting towards a decision.

Until kriya.lab's samples are on main these answer "not sent" and "no results", and
the evaluation shows the sampling without lab results (the evaluator can still judge
the test requirements from an uploaded test report).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabResult:
    parameter: str
    value: str
    limit: str
    verdict: str  # "within", "outside", "no_limit"
    verified: bool


def send_to_lab(sampling, *, by) -> str:
    """Create the lab sample for `sampling`; return its code ("" when not sent)."""
    return ""


def results_for(sampling) -> list[LabResult]:
    """The lab results of the sampling's sample (empty when none or not sent)."""
    return []
