"""The participant's signed pass (a page with the QR, printable), the training
certificate PDF (id/en) and its Open Badge; the organiser's revocation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import register, services
from ..access import get_enrolment_for
from ..documents import certificate_pdf


@require_GET
def pass_page(request, pk: int):
    enrolment = get_enrolment_for(request.user, pk)
    document = register.document_of(register.PASS, enrolment.pass_number)
    if document is None:
        raise Http404
    return render(
        request,
        "training/pass.html",
        {
            "enrolment": enrolment,
            "batch": enrolment.batch,
            "document": document,
            "qr": register.qr_svg(document, scale=5),
        },
    )


def _certificate(request, pk: int):
    enrolment = get_enrolment_for(request.user, pk)
    document = register.document_of(register.CERTIFICATE, enrolment.certificate_number)
    if document is None:
        raise Http404
    return enrolment, document


@require_GET
def certificate_download(request, pk: int):
    enrolment, document = _certificate(request, pk)
    language = "en" if request.GET.get("bahasa") == "en" else "id"
    pdf = certificate_pdf(enrolment, document, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = document.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{name}-{language}.pdf"'
    return response


@require_POST
def certificate_revoke(request, pk: int):
    enrolment = get_enrolment_for(request.user, pk)
    try:
        services.revoke_certificate(
            enrolment=enrolment, reason=request.POST.get("reason", ""), by=request.user
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sertifikat dicabut."))
    return redirect("training:manage_batch", pk=enrolment.batch_id)


def _badge(request, enrolment, document):
    from kriya.verify import badges

    programme = enrolment.batch.programme
    person = enrolment.participant
    hours = sum(s.hours for s in programme.sessions.all())
    criteria = _(
        "Hadir minimal %(a)s%% dari %(h)s jam pelajaran, nilai post-test minimal %(p)s"
    ) % {"a": programme.min_attendance_pct, "h": hours, "p": programme.min_post_test}
    if programme.all_units_competent:
        criteria += _(", kompeten di semua unit praktik")
    return badges.build_achievement_credential(
        document=document,
        recipient_name=person.full_name,
        recipient_email_or_id=person.email
        or (person.user.email if person.user_id else f"urn:kriya:peserta:{person.pk}"),
        achievement={
            "id": request.build_absolute_uri(programme.get_absolute_url()),
            "name": programme.title_id,
            "description": programme.description_id or programme.title_id,
            "criteria_narrative": criteria,
            "inLanguage": "id",
        },
        issued_on=document.issued_on,
    )


@require_GET
def badge_json(request, pk: int):
    """The Open Badges 3.0 credential (JSON) of a training certificate."""
    import json

    enrolment, document = _certificate(request, pk)
    credential = _badge(request, enrolment, document)
    response = HttpResponse(
        json.dumps(credential, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = document.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="lencana-{name}.json"'
    return response


@require_GET
def badge_jwt(request, pk: int):
    """The same credential signed with the agency's key (VC-JWT), for digital wallets."""
    from kriya.verify import badges

    enrolment, document = _certificate(request, pk)
    token = badges.sign_credential(_badge(request, enrolment, document))
    response = HttpResponse(token, content_type="application/vc+jwt")
    name = document.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="lencana-{name}.jwt"'
    return response
