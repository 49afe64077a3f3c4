"""The test report (Sertifikat Hasil Uji): its content snapshot and its PDF.

`build_content(request)` freezes what the report says — applicant, business and NIB,
samples, methods, results with their scales, limits and verdicts, who entered and
who verified — so that later edits of reference data never change an issued report.
`render_pdf(report, link)` prints that snapshot with WeasyPrint, with page x of y and
a QR code pointing to the public verification page.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from functools import lru_cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core.formatting import tanggal
from kriya.core.reference import load_reference, reference_path

from .models import Analysis, AnalysisStatus, Condition, Sample, Verification
from .scales import Scale
from .verdicts import DecisionRule, Verdict, overall

DEFAULT_AGENCY = {
    "name": "Balai Besar Standardisasi dan Pelayanan Jasa Industri Kerajinan dan Batik",
    "parent": "Kementerian Perindustrian",
    "address": "",
    "lab": "Laboratorium Uji",
}


@lru_cache(maxsize=1)
def agency_header() -> dict:
    """The agency's name, parent and address and the lab's name, from reference.yaml
    (`first_deployment.agency`) when it is there."""
    header = dict(DEFAULT_AGENCY)
    if reference_path().is_file():
        agency = load_reference().get("first_deployment", {}).get("agency", {})
        header["name"] = agency.get("name", header["name"])
        header["parent"] = agency.get("parent", header["parent"])
        header["address"] = agency.get("address", header["address"])
        for body in agency.get("bodies", []):
            if body.get("code") == "LAB":
                header["lab"] = body.get("name", header["lab"])
    return header


def _person(user, role: str) -> dict:
    return {"name": str(user), "role": str(Role(role).label), "role_code": str(role)}


def _entry_role(user) -> str:
    return Role.ANALYST if has_role(user, Role.ANALYST) else Role.SUPERVISOR


def _uncertainty(parameter, sample) -> dict | None:
    """The expanded uncertainty printed with a result, when its method or the customer
    asks for it (None otherwise, and for pass/fail results): U as written in the
    parameter's unit or in % of the result, and k; `evaluated` False when the lab has
    not evaluated it yet."""
    if parameter.scale == Scale.PASS_FAIL:
        return None
    if not (parameter.method.reports_uncertainty or sample.report_uncertainty):
        return None
    if parameter.uncertainty is None:
        return {"evaluated": False}
    return {
        "evaluated": True,
        "value": format(parameter.uncertainty.normalize(), "f"),
        "unit": "%" if parameter.uncertainty_relative else parameter.unit,
        "k": format(parameter.coverage_factor.normalize(), "f"),
    }


def _sampling(sample) -> dict:
    """Who took the sample: the agency (who, when, where, under which plan) or the
    customer, who handed it in (an empty `by_agency`)."""
    if not sample.sampled_by_agency:
        return {"by_agency": False}
    return {
        "by_agency": True,
        "by": sample.sampled_by,
        "on": sample.sampled_on.isoformat() if sample.sampled_on else "",
        "place": sample.sampling_place,
        "plan": sample.sampling_plan,
    }


def verification_path(number: str) -> str:
    return reverse("lab:report_public", args=[number])


def verification_url(number: str) -> str:
    """The absolute address of the report's public verification page (the QR's text)."""
    base = getattr(settings, "KRIYA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + verification_path(number)


def _signatory(signatory, on: date) -> dict | None:
    """The authorising signatory as printed (ISO/IEC 17025 §7.8.2.1 o): name, function
    in both languages, the date of authorisation."""
    if signatory is None:
        return None
    return {
        "name": signatory.full_name,
        "position_id": signatory.position_id,
        "position_en": signatory.position_en or signatory.position_id,
        "on": on.isoformat(),
    }


def build_content(
    request, *, number: str, issued_on: date, supersedes=None, reason="", signatory=None
) -> dict:
    """The report's snapshot: plain JSON. Its texts are in Indonesian; the codes beside
    them (verdict, scale, condition, decision rule, role) let the English report print
    its own labels."""
    with translation.override("id"):
        samples = list(
            Sample.objects.filter(request=request)
            .select_related("standard_version__standard")
            .prefetch_related("methods")
            .order_by("code")
        )
        analyses = list(
            Analysis.objects.filter(sample__request=request, status=AnalysisStatus.VERIFIED)
            .select_related(
                "sample",
                "parameter__method",
                "current_result__instrument",
                "current_result__entered_by",
            )
            .order_by("sample__code", "parameter__position", "parameter__name")
        )
        verifications: dict[int, list] = {}
        for v in (
            Verification.objects.filter(result__in=[a.current_result_id for a in analyses])
            .select_related("verified_by")
            .order_by("verified_at", "id")
        ):
            verifications.setdefault(v.result_id, []).append(
                _person(v.verified_by, Role.SUPERVISOR)
            )
        by_sample: dict[int, list] = {}
        unconfirmed = False
        for analysis in analyses:
            result = analysis.current_result
            parameter = analysis.parameter
            unconfirmed |= not (parameter.verified and parameter.method.verified)
            by_sample.setdefault(analysis.sample_id, []).append(
                {
                    "analysis": analysis.pk,
                    "result": result.pk,
                    "parameter": parameter.name,
                    "method": parameter.method.name,
                    "confirmed": parameter.verified and parameter.method.verified,
                    "scale": str(Scale(parameter.scale).label),
                    "scale_code": parameter.scale,
                    "value": result.display_value,
                    "unit": parameter.unit,
                    "uncertainty": _uncertainty(parameter, analysis.sample),
                    "observations": result.observations,
                    "limit": result.limit_text,
                    "verdict": result.verdict,
                    "verdict_label": str(Verdict(result.verdict).label),
                    "instrument": str(result.instrument) if result.instrument_id else "",
                    "measured_on": result.measured_on.isoformat(),
                    "entered_by": _person(result.entered_by, _entry_role(result.entered_by)),
                    "verified_by": verifications.get(result.pk, []),
                }
            )
        sample_rows = []
        for sample in samples:
            rows = by_sample.get(sample.pk, [])
            tested = sorted({r["measured_on"] for r in rows})
            sample_rows.append(
                {
                    "code": sample.code,
                    "description": sample.description,
                    "quantity": sample.quantity,
                    "condition": sample.get_condition_display(),
                    "condition_code": sample.condition,
                    "received_on": timezone.localdate(sample.received_at).isoformat(),
                    "standard": sample.standard_version.code if sample.standard_version else "",
                    "standard_title": sample.standard_version.title
                    if sample.standard_version
                    else "",
                    "methods": sorted(m.name for m in sample.methods.all()),
                    "conditions": [
                        {"method": m.name, "conditioning": m.conditioning}
                        for m in sorted(sample.methods.all(), key=lambda m: m.name)
                        if m.conditioning
                    ],
                    "tested_from": tested[0] if tested else "",
                    "tested_to": tested[-1] if tested else "",
                    "sampling": _sampling(sample),
                    "decision_rule": sample.decision_rule,
                    "guard_band": format(sample.guard_band, "f")
                    if sample.guard_band is not None
                    else "",
                    "results": rows,
                    "overall": overall(r["verdict"] for r in rows),
                }
            )
        business = request.business
        applicant = request.filed_by
        return {
            "number": number,
            "issued_on": issued_on.isoformat(),
            "agency": agency_header(),
            "request": {
                "id": request.pk,
                "number": request.number,
                "service": str(request.service),
            },
            "applicant": {"name": str(applicant), "email": applicant.email},
            "business": {
                "name": business.name,
                "nib": business.nib,
                "owner": business.owner_name,
                "address": business.address,
                "regency": str(business.regency) if business.regency_id else "",
            },
            "samples": sample_rows,
            "overall": overall(s["overall"] for s in sample_rows),
            "supersedes": supersedes.number if supersedes else "",
            "correction_reason": reason,
            "has_unconfirmed": unconfirmed,
            "link": verification_url(number),
            "signatory": _signatory(signatory, issued_on),
        }


OVERALL_LABELS = {
    Verdict.WITHIN: "Memenuhi spesifikasi",
    Verdict.OUTSIDE: "Tidak memenuhi spesifikasi",
    Verdict.NO_LIMIT: "Tanpa kesimpulan kesesuaian (ada batas yang belum ditetapkan)",
}


def qr_svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=3, border=2, xmldecl=False)
    return out.getvalue().decode("utf-8")


def _day(iso: str) -> str:
    return tanggal(iso)


def overall_label(verdict: str) -> str:
    """The overall verdict in the active language."""
    return {
        Verdict.WITHIN: gettext("Memenuhi spesifikasi"),
        Verdict.OUTSIDE: gettext("Tidak memenuhi spesifikasi"),
        Verdict.NO_LIMIT: gettext("Tanpa kesimpulan kesesuaian (ada batas yang belum ditetapkan)"),
    }[verdict]


def _limit(text: str) -> str:
    """A limit frozen in Indonesian ("≥ 4 dan ≤ 4-5", "lulus", "batas belum ditetapkan")
    in the active language: only its words are translated, the numbers stay."""
    if text == "batas belum ditetapkan":
        return gettext("batas belum ditetapkan")
    if text == "lulus":
        return gettext("lulus")
    return text.replace(" dan ", f" {gettext('dan')} ")


def _value(r: dict) -> str:
    """A result as written; a pass/fail result in the active language."""
    if r.get("scale_code") == Scale.PASS_FAIL:
        words = {"Lulus": gettext("Lulus"), "Tidak lulus": gettext("Tidak lulus")}
        return words.get(r["value"], r["value"])
    return r["value"]


def _role(person: dict) -> dict:
    code = person.get("role_code")
    return {**person, "role": str(Role(code).label)} if code else person


def _u_for_print(r: dict) -> dict | None:
    u = r.get("uncertainty")
    if not u or not u.get("evaluated"):
        return u
    return {
        **u,
        "value": number_format(Decimal(u["value"])),
        "k": number_format(Decimal(u["k"])),
    }


def _sample_for_print(s: dict) -> dict:
    """A sample of the snapshot with its dates written out. Reports issued before the
    testing dates and sampling were kept read them as absent."""
    tested_from, tested_to = s.get("tested_from", ""), s.get("tested_to", "")
    sampling = dict(s.get("sampling") or {"by_agency": False})
    if sampling.get("on"):
        sampling["on"] = _day(sampling["on"])
    return {
        **s,
        "received_on": _day(s["received_on"]),
        "tested_from": _day(tested_from),
        "tested_to": _day(tested_to) if tested_to != tested_from else "",
        "dates_differ": tested_to != tested_from,
        "condition": str(Condition(s["condition_code"]).label)
        if s.get("condition_code")
        else s["condition"],
        "results": [
            {
                **r,
                "measured_on": _day(r["measured_on"]),
                "value": _value(r),
                "uncertainty": _u_for_print(r),
                "scale": str(Scale(r["scale_code"]).label) if r.get("scale_code") else r["scale"],
                "limit": _limit(r["limit"]),
                "verdict_label": str(Verdict(r["verdict"]).label),
                "entered_by": _role(r["entered_by"]),
                "verified_by": [_role(v) for v in r["verified_by"]],
            }
            for r in s["results"]
        ],
        "sampling": sampling,
        "conditions": s.get("conditions", []),
        "has_uncertainty": any(r.get("uncertainty") for r in s["results"]),
        "decision_rule": str(DecisionRule(s["decision_rule"]).label)
        if s.get("decision_rule")
        else "",
        "guard_band": number_format(Decimal(s["guard_band"]).normalize())
        if s.get("guard_band")
        else "",
        "overall_label": overall_label(s["overall"]),
    }


def _signatory_for_print(content: dict, language: str) -> dict | None:
    signatory = content.get("signatory")
    if not signatory:
        return None
    return {
        "name": signatory["name"],
        "position": signatory["position_en"] if language == "en" else signatory["position_id"],
        "on": _day(signatory["on"]),
    }


def render_pdf(content: dict, *, qr_text: str, language: str = "id") -> tuple[bytes, int]:
    """The report as PDF bytes (A4; Indonesian, or English with language="en": the same
    snapshot, number and QR) and its number of pages. Free text written by the lab
    (descriptions, observations, names of parameters and methods) is printed as
    written."""
    from kriya.core.pdf import weasyprint as load_weasyprint

    weasyprint = load_weasyprint()

    with translation.override(language):
        issued_on = date.fromisoformat(content["issued_on"])
        html = render_to_string(
            "lab/report_pdf.html",
            {
                "c": content,
                "language": language,
                "signatory": _signatory_for_print(content, language),
                "issued_on": tanggal(issued_on),
                "overall_label": overall_label(content["overall"]),
                "qr_svg": qr_svg(qr_text),
                "qr_text": qr_text,
                "samples": [_sample_for_print(s) for s in content["samples"]],
            },
        )
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)
