"""The satisfaction survey page of a completed request (the applicant answers it before
downloading the result)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import survey
from ..access import get_request_for
from ..forms import SurveyForm, apply_errors


def request_survey(request, pk: int):
    req = get_request_for(request.user, pk)
    if not survey.can_answer_survey(request.user, req):
        raise PermissionDenied(_("Survei diisi oleh pemohon setelah permohonan selesai."))
    if survey.has_answered(req):
        messages.info(request, _("Survei untuk permohonan ini sudah diisi. Terima kasih."))
        return redirect("desk:request", pk=req.pk)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey.answer_survey(
                request=req,
                scores=form.scores(),
                suggestion=form.cleaned_data["suggestion"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Terima kasih. Dokumen hasil sekarang dapat diunduh."))
            return redirect("desk:request", pk=req.pk)
    return render(request, "desk/survey_form.html", {"req": req, "form": form})
