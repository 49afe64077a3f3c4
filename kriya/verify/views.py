"""Public verification: the page, the URL fallback, the keys and the status lists.

Every view here is public (`login_not_required`) and shows only what a document's
own QR already says, plus the successor of a superseded document.
"""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import queries
from .models import DocType
from .offline import Verdict
from .verdicts import VERDICTS

MAX_QUERY = 5000


class CheckForm(forms.Form):
    q = forms.CharField(
        label=_("Kode QR, nomor dokumen atau nomor seri label"),
        help_text=_("Tempel isi kode QR, atau ketik nomor sertifikat, laporan uji atau label."),
        max_length=MAX_QUERY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
    )


def describe(found) -> dict:
    """What the template shows for one verdict."""
    title, explanation, tone = VERDICTS[found.verdict]
    claims = found.result.claims
    document = found.document
    return {
        "verdict": found.verdict.value,
        "title": title,
        "explanation": explanation,
        "tone": tone,
        "claims": claims,
        "doc_type_label": DocType(claims.doc_type).label if claims else "",
        "superseded_by": document.superseded_by if document else None,
        "status_checked": found.result.status_checked,
    }


def render_check(request, form, outcome, *, status=200):
    return render(
        request,
        "verify/check.html",
        {
            "form": form,
            "query": outcome.query if outcome else "",
            "results": [describe(found) for found in outcome.found] if outcome else [],
        },
        status=status,
    )


@login_not_required
@require_GET
def check(request):
    """/verifikasi/?q=… — a scanned or pasted payload, a document number or label serial."""
    form = CheckForm(request.GET if "q" in request.GET else None)
    outcome = None
    if form.is_bound and form.is_valid():
        outcome = queries.check(form.cleaned_data["q"])
    return render_check(request, form, outcome)


@login_not_required
@require_GET
def document(request, doc_type: str, number: str):
    """/verifikasi/<type>/<number>/ — the URL fallback signed into every payload."""
    if doc_type not in DocType.values:
        raise Http404
    outcome = queries.check(number, doc_type=doc_type)
    status = 404 if outcome.found[0].verdict is Verdict.NOT_REGISTERED else 200
    return render_check(request, CheckForm(initial={"q": number}), outcome, status=status)


def public_json(data, *, max_age: int) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={max_age}"
    # Verifier apps on other origins may fetch these.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def keys(request):
    """/.well-known/kriya-keys.json — every public key, retired ones included."""
    return public_json(queries.keys_document(), max_age=3600)


@login_not_required
@require_GET
def status_list(request, number: int):
    """/verifikasi/status/<n>.json — status list n (cache for its ttl)."""
    document = queries.status_list_document(number)
    if document is None:
        raise Http404
    return public_json(document, max_age=int(queries.STATUS_LIST_TTL.total_seconds()))
