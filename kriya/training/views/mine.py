"""The participant's pages: enrol (their data, then the batch), "Pelatihan saya", and one
enrolment with what to do next (accept or decline an offered seat, cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.core.workflow import InvalidTransition
from kriya.regions.picker import PICK_BUTTON, build_picker

from .. import certification_link, queries, services
from ..access import get_enrolment_for, get_public_batch, participant_of
from ..forms import ParticipantForm
from ..models import CertificationReferral, EnrolmentStatus
from ..workflow import ENROLMENT


def _picker(request, programme, participant):
    lock = programme.region_id or ""
    if request.method == "POST":
        return build_picker(request.POST, lock=lock)
    initial = participant.village_id if participant and participant.village_id else ""
    return build_picker(initial=initial, lock=lock)


def enrol(request, pk: int):
    batch = get_public_batch(pk)
    programme = batch.programme
    person = participant_of(request.user)
    picker = _picker(request, programme, person)
    needs_nik = programme.leads_to_competency_certificate
    if request.method != "POST":
        initial = (
            {} if person else {"full_name": request.user.full_name, "phone": request.user.phone}
        )
        if not person:
            initial["email"] = request.user.email
        form = ParticipantForm(instance=person, initial=initial, needs_nik=needs_nik)
    else:
        form = ParticipantForm(
            request.POST,
            instance=person,
            needs_nik=needs_nik,
            village=picker.value if picker.complete else "",
        )
        if PICK_BUTTON not in request.POST and form.is_valid():
            try:
                with transaction.atomic():
                    person = services.save_own_participant(
                        user=request.user,
                        data=form.service_data(),
                        nik=form.cleaned_data.get("nik", ""),
                    )
                    enrolment, created = services.enrol_participant(
                        batch=batch, participant=person, by=request.user
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                if not created:
                    messages.info(request, _("Anda sudah terdaftar di angkatan ini."))
                elif enrolment.status == EnrolmentStatus.WAITLISTED:
                    messages.success(
                        request,
                        _(
                            "Kursi sudah penuh: Anda masuk daftar tunggu. Bila ada kursi "
                            "kosong, kami tawarkan kepada Anda menurut urutan."
                        ),
                    )
                else:
                    messages.success(request, _("Anda terdaftar. Sampai jumpa di pelatihan!"))
                return redirect("training:my_enrolment", pk=enrolment.pk)
        elif PICK_BUTTON in request.POST:
            form.errors.clear()
    return render(
        request,
        "training/enrol.html",
        {"batch": batch, "programme": programme, "form": form, "picker": picker},
    )


def my_trainings(request):
    person = participant_of(request.user)
    enrolments = list(queries.my_enrolments(person))
    return render(request, "training/mine.html", {"person": person, "enrolments": enrolments})


def my_enrolment(request, pk: int):
    enrolment = get_enrolment_for(request.user, pk)
    if enrolment.participant.user_id != request.user.pk:
        return redirect("training:manage_batch", pk=enrolment.batch_id)
    position = None
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        order = list(queries.waiting_list(enrolment.batch).values_list("pk", flat=True))
        position = order.index(enrolment.pk) + 1 if enrolment.pk in order else None
    rate = queries.attendance_rates(enrolment.batch).get(enrolment.pk)
    referral = CertificationReferral.objects.filter(enrolment=enrolment).first()
    business = enrolment.participant.business
    may_file = business is not None and certification_link.may_refer(request.user, enrolment)
    return render(
        request,
        "training/my_enrolment.html",
        {
            "enrolment": enrolment,
            "batch": enrolment.batch,
            "position": position,
            "moves": ENROLMENT.available(enrolment, request.user),
            "attendance_rate": rate,
            "referral": referral,
            "may_refer": may_file
            and referral is None
            and not certification_link.referral_problems(enrolment),
            "may_file_referral": may_file
            and referral is not None
            and referral.service_request_id is None,
        },
    )


ACTIONS = {
    "accept": services.accept_offer,
    "decline": services.decline_offer,
    "cancel": services.cancel_enrolment,
}


@require_POST
def enrolment_action(request, pk: int, action: str):
    enrolment = get_enrolment_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (PermissionDenied, InvalidTransition):
        messages.error(request, _("Tindakan ini tidak dapat dilakukan sekarang."))
    else:
        messages.success(
            request,
            {
                "accept": _("Kursi Anda sudah dipastikan."),
                "decline": _("Tawaran kursi ditolak; kursi ditawarkan ke orang berikutnya."),
                "cancel": _("Pendaftaran dibatalkan."),
            }[action],
        )
    if enrolment.participant.user_id == request.user.pk:
        return redirect("training:my_enrolment", pk=enrolment.pk)
    return redirect("training:manage_batch", pk=enrolment.batch_id)


def my_data(request):
    """Everything training holds about the signed-in person, as a JSON file (UU 27/2022:
    a person may see and take their data). The NIK is given masked, as on the page."""
    import json

    from django.http import HttpResponse

    person = participant_of(request.user)
    if person is None:
        raise Http404
    data = {
        "full_name": person.full_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
        "phone": person.phone,
        "email": person.email,
        "education": person.education,
        "is_student": person.is_student,
        "school": person.school,
        "village_code": person.village_id,
        "business": person.business.name if person.business_id else None,
        "nik": person.nik_masked or None,
        "consent_at": person.consent_at.isoformat() if person.consent_at else None,
        "enrolments": [
            {
                "programme": e.batch.programme.title_id,
                "batch": e.batch.number,
                "starts_on": e.batch.starts_on.isoformat(),
                "status": e.status,
                "channel": e.channel,
                "pre_test": e.pre_test,
                "post_test": e.post_test,
                "pass_number": e.pass_number,
                "certificate_number": e.certificate_number,
            }
            for e in queries.my_enrolments(person)
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="data-pelatihan-saya.json"'
    return response
