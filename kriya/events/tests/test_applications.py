"""The exhibitor call: one application per business per event, only while the call is
open, by the owner or a facilitator with consent; decisions notify the applicant."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kriya.desk.models import Notification
from kriya.events import services
from kriya.events.models import Application, ApplicationStatus

from .conftest import apply, make_event


def test_applying_twice_returns_the_same_application(event, business, owner):
    first = apply(event, business, owner)
    again = apply(event, business, owner, note="lagi")
    assert again.pk == first.pk
    assert Application.objects.filter(event=event, business=business).count() == 1


def test_the_database_refuses_a_second_application(event, business, owner):
    apply(event, business, owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(event=event, business=business, sector="batik")


def test_no_application_when_the_call_is_closed(officer, probolinggo_unit, business, owner):
    event = make_event(officer, probolinggo_unit, status="call_closed")
    with pytest.raises(ValidationError):
        apply(event, business, owner)


def test_another_owner_cannot_apply_for_the_business(event, business, other_owner):
    with pytest.raises(PermissionDenied):
        apply(event, business, other_owner)


def test_a_facilitator_with_consent_applies(event, business, owner, facilitator):
    from django.utils import timezone

    from kriya.registry.models import FacilitationConsent

    FacilitationConsent.objects.create(
        business=business,
        facilitator=facilitator,
        method="owner_online",
        declared_by="Siti Aminah",
        declared_at=timezone.now(),
    )
    application = apply(event, business, facilitator)
    assert application.applied_by == facilitator


@pytest.mark.parametrize(
    "action,reason,status",
    [
        ("accept", "", ApplicationStatus.ACCEPTED),
        ("waitlist", "", ApplicationStatus.WAITLISTED),
        ("reject", "Kuota batik penuh", ApplicationStatus.REJECTED),
    ],
)
def test_each_decision_notifies_the_applicant(
    django_capture_on_commit_callbacks, event, business, owner, officer, action, reason, status
):
    application = apply(event, business, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application=application, action=action, by=officer, reason=reason
        )
    application.refresh_from_db()
    assert application.status == status
    notice = Notification.objects.get(recipient=owner, event=f"event_application.{action}")
    assert notice.url.endswith(f"/acara/pendaftaran/{application.pk}/")


def test_rejecting_needs_a_reason(event, business, owner, officer):
    application = apply(event, business, owner)
    with pytest.raises(ValidationError):
        services.decide_application(application=application, action="reject", by=officer)


def test_another_regencys_officer_cannot_decide(event, business, owner, other_officer):
    application = apply(event, business, owner)
    with pytest.raises(PermissionDenied):
        services.decide_application(application=application, action="accept", by=other_officer)


def test_accepted_exhibitor_confirms_attendance_and_terms(event, business, owner, officer):
    application = apply(event, business, owner)
    services.decide_application(application=application, action="accept", by=officer)
    with pytest.raises(ValidationError):
        services.confirm_attendance(application=application, terms_accepted=False, by=owner)
    services.confirm_attendance(application=application, terms_accepted=True, by=owner)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    assert application.terms_accepted and application.confirmed_at
