"""What the request page shows beside the lifecycle: sponsorship and recommendations,
and the forms each person may use there. Called by `views._detail_context`."""

from __future__ import annotations

from .access import (
    active_sponsorship,
    can_recommend,
    can_sponsor,
    can_withdraw_sponsorship,
    filed_by_owner,
    is_agency,
    officer_unit_ids,
    programmes_for_sponsoring,
)
from .forms import ReasonForm, RecommendForm, SponsorForm
from .notifications import whatsapp_link


def sponsorship_panel(user, req) -> dict:
    sponsorship = active_sponsorship(req)
    recommendations = list(req.recommendations.select_related("unit", "recommended_by"))
    recommended_units = {r.unit_id for r in recommendations}
    context = {
        "sponsorship": sponsorship,
        "recommendations": recommendations,
        "recommend_form": None,
        "sponsor_form": None,
        "withdraw_form": None,
    }
    if can_recommend(user, req) and not (officer_unit_ids(user) & recommended_units):
        context["recommend_form"] = RecommendForm()
    if sponsorship is None and can_sponsor(user, req):
        programmes = programmes_for_sponsoring(user, req)
        if programmes.exists():
            context["sponsor_form"] = SponsorForm(programmes=programmes)
    if sponsorship is not None and can_withdraw_sponsorship(user, sponsorship):
        context["withdraw_form"] = ReasonForm()
    return context


def complaints_panel(user, req) -> dict:
    from .access import can_file_complaint, complaints_visible_to
    from .forms import ComplaintForm

    return {
        "complaints": list(complaints_visible_to(user).filter(request=req)),
        "complaint_form": ComplaintForm() if can_file_complaint(user, req) else None,
    }


# Links an app above the desk adds to a request's page (the desk never imports them):
# `link(user, req)` returns (label, url) or None. Registered in AppConfig.ready.
_request_links: list = []


def register_request_link(link) -> None:
    """Add a link to the request page, e.g. training's details of an in-house batch."""
    if link not in _request_links:
        _request_links.append(link)


def request_links(user, req) -> list[tuple[str, str]]:
    return [found for link in _request_links if (found := link(user, req))]


def request_panels(user, req, **overrides) -> dict:
    context = sponsorship_panel(user, req)
    context["request_links"] = request_links(user, req)
    context.update(complaints_panel(user, req))
    # Who filed for whom: a facilitator files for the business ("X untuk Y").
    context["filed_on_behalf"] = not filed_by_owner(req)
    # The agency officer's page: a WhatsApp click-to-chat link to the business.
    context["whatsapp_url"] = whatsapp_link(req) if is_agency(user) else ""
    context.update(overrides)
    return context
