"""Public verification: the page, the URL fallback, the keys and the status lists.

Every view here is public (`login_not_required`) and shows only what a document's
own QR already says, plus the successor of a superseded document.
"""

import hashlib
import json

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kriya.core.pagecache import cached_page
from kriya.core.permissions_policy import uses_camera

from . import badges, queries, services
from .models import DocType
from .offline import Verdict
from .verdicts import verdict_text

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
    claims = found.result.claims
    title, explanation, tone = verdict_text(found.verdict, claims.doc_type if claims else "")
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
        "key_revoked_since": found.result.key_revoked_since,
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
@cached_page("verification", "certificate")
@uses_camera
def check(request):
    """/verifikasi/?q=… — a scanned or pasted payload, a document number or label serial."""
    form = CheckForm(request.GET if "q" in request.GET else None)
    outcome = None
    if form.is_bound and form.is_valid():
        outcome = queries.check(form.cleaned_data["q"])
    return render_check(request, form, outcome)


@login_not_required
@require_GET
@cached_page("verification", "certificate")
def document(request, doc_type: str, number: str):
    """/verifikasi/<type>/<number>/ — the URL fallback signed into every payload."""
    if doc_type not in DocType.values:
        raise Http404
    outcome = queries.check(number, doc_type=doc_type)
    status = 404 if outcome.found[0].verdict is Verdict.NOT_REGISTERED else 200
    return render_check(request, CheckForm(initial={"q": number}), outcome, status=status)


def public(response, *, max_age: int):
    response["Cache-Control"] = f"public, max-age={max_age}"
    # Verifier apps on other origins may fetch these.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def public_json(data, *, max_age: int) -> JsonResponse:
    return public(
        JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False}),
        max_age=max_age,
    )


@login_not_required
@require_GET
def keys(request):
    """/.well-known/kriya-keys.json — every public key, retired ones included."""
    return public_json(queries.keys_document(), max_age=3600)


def published(number: int) -> services.PublishedStatusList:
    found = services.published_status_list(number)
    if found is None:
        raise Http404
    return found


@login_not_required
@require_GET
def status_list(request, number: int):
    """/verifikasi/status/<n>.json — status list n for pages (cache for its ttl); its
    validFrom and validUntil are those of the signed copy."""
    document = published(number).status_list.to_json(
        url=queries.status_list_url(number),
        issuer=settings.KRIYA_PUBLIC_URL,
        ttl_ms=int(queries.STATUS_LIST_TTL.total_seconds() * 1000),
    )
    return public_json(document, max_age=int(queries.STATUS_LIST_TTL.total_seconds()))


@login_not_required
@require_GET
def signed_status_list(request, number: int):
    """/verifikasi/status/<n>.cwt — status list n signed (COSE_Sign1 over a CWT with
    iat, exp and ttl), what an offline verifier downloads and may keep until exp."""
    response = HttpResponse(published(number).token, content_type="application/cwt")
    response["Content-Disposition"] = f'attachment; filename="status-{number}.cwt"'
    return public(response, max_age=int(queries.STATUS_LIST_TTL.total_seconds()))


@login_not_required
@require_GET
def jwks(request):
    """/verifikasi/jwks.json — the signing keys as a JSON Web Key Set, for JOSE libraries
    checking a badge's VC-JWT (revoked keys left out; see kriya-keys.json)."""
    return public_json(badges.jwks(), max_age=3600)


@login_not_required
@require_GET
def issuer_profile(request):
    """/verifikasi/penerbit.json — the agency as an Open Badges 3.0 issuer Profile."""
    profile = {"@context": [badges.VC_CONTEXT, badges.OB_CONTEXT], **badges.issuer_profile()}
    return public_json(profile, max_age=3600)


CHECKIN_ASSETS = ("verify/checkin.js", "verify/scan.js", "verify/verify.css")
_worker_cache: dict[str, str] = {}


def _worker_script() -> str:
    if "script" not in _worker_cache:
        digest = hashlib.sha256()
        for asset in CHECKIN_ASSETS:
            path = finders.find(asset)
            if path:
                with open(path, "rb") as handle:
                    digest.update(handle.read())
        body = render_to_string(
            "verify/checkin_sw.js",
            {
                "version": digest.hexdigest()[:12],
                "precache": json.dumps([static(asset) for asset in CHECKIN_ASSETS]),
            },
        )
        _worker_cache["script"] = body
    return _worker_cache["script"]


@login_not_required
@require_GET
def checkin_worker(request):
    """/pindai/sw.js — the check-in pages' service worker. `Service-Worker-Allowed: /`
    lets a check-in page anywhere in Kriya register it for its own folder; the cache
    name carries a digest of the check-in scripts, so a new release replaces it."""
    response = HttpResponse(_worker_script(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
