"""The short, anonymous visitor survey (origin, main reason to come), open on the
event's running days only. Not trivially stuffed: one answer per browser per day (a
signed cookie) and at most `PER_ADDRESS_PER_DAY` answers from one network address a
day (counted in the cache, as `kriya.accounts.throttle` counts logins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kriya.accounts.throttle import address_key
from kriya.core import counters

from .. import queries, services
from ..forms import SurveyForm

COOKIE_SALT = "kriya.events.survey"
COOKIE_AGE = 24 * 60 * 60
# A venue's public Wi-Fi or a phone network puts many visitors behind one address.
PER_ADDRESS_PER_DAY = 200


def _cookie_name(day) -> str:
    return f"kriya_survei_{day.pk}"


def _address_cache_key(request, day) -> str:
    return f"events:survey:{day.pk}:{address_key(request)}"


@login_not_required
@never_cache
def survey(request, slug):
    event = queries.public_event(slug)
    if event is None:
        raise Http404
    day = services.survey_day(event)
    if day is None:
        return render(request, "events/survey_closed.html", {"event": event})
    answered = request.get_signed_cookie(_cookie_name(day), default="", salt=COOKIE_SALT)
    if answered:
        return render(request, "events/survey_thanks.html", {"event": event})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _address_cache_key(request, day)
        if counters.bump(key, COOKIE_AGE) > PER_ADDRESS_PER_DAY:
            form.add_error(None, _("Terlalu banyak jawaban dari jaringan ini hari ini."))
        else:
            services.record_survey_answer(
                day=day, origin=form.cleaned_data["origin"], reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Terima kasih atas jawaban Anda."))
            response = redirect("events:survey", slug=event.slug)
            response.set_signed_cookie(
                _cookie_name(day),
                "1",
                salt=COOKIE_SALT,
                max_age=COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(request, "events/survey.html", {"event": event, "form": form, "day": day})
