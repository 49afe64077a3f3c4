"""Every notification kind, its channels and its WhatsApp template: the one table.

Each kind (the notification's `event`) is shown in the app and sent by e-mail; a kind
with a WhatsApp template is sent by WhatsApp instead of e-mail to people who opted in
(and by e-mail when WhatsApp fails). A kind without a template is never sent by
WhatsApp: Kriya sends no message outside the approved templates. The kinds of the apps
above the desk (certification, integrations) are named here as plain strings, so the
table stays in one place without the desk importing them; `tests/test_channels.py`
checks that every kind of every app is here.

Templates (approved at Meta in `id` and `en`, same name, parameters in this order):

- `kriya_status_permohonan`: {{1}} name, {{2}} what happened, {{3}} request number and
  service, {{4}} link;
- `kriya_tagihan`: {{1}} name, {{2}} request number, {{3}} billing code, {{4}} amount,
  {{5}} payable until, {{6}} link;
- `kriya_pengingat`: {{1}} name, {{2}} the reminder, {{3}} request number, {{4}} link;
- `kriya_sertifikasi`: {{1}} name, {{2}} what happened, {{3}} certificate or record,
  {{4}} link.
"""

from __future__ import annotations

from dataclasses import dataclass

IN_APP, EMAIL, WHATSAPP = "in_app", "email", "whatsapp"

STATUS, BILL, REMINDER, CERTIFICATION = (
    "kriya_status_permohonan",
    "kriya_tagihan",
    "kriya_pengingat",
    "kriya_sertifikasi",
)
TEMPLATE_PARAMETERS = {STATUS: 4, BILL: 6, REMINDER: 4, CERTIFICATION: 4}


@dataclass(frozen=True)
class Kind:
    template: str = ""  # "" = never by WhatsApp

    @property
    def channels(self) -> tuple[str, ...]:
        return (IN_APP, WHATSAPP, EMAIL) if self.template else (IN_APP, EMAIL)


OFFICE = Kind()  # for officers at their desks: in the app and by e-mail

KINDS: dict[str, Kind] = {
    # Service requests: what the applicant waits for goes by WhatsApp.
    "service_request.submit": Kind(STATUS),
    "service_request.resubmit": Kind(STATUS),
    "service_request.review": Kind(STATUS),
    "service_request.return": Kind(STATUS),
    "service_request.accept": Kind(STATUS),
    "service_request.reject": Kind(STATUS),
    "service_request.issue_bill": Kind(BILL),
    "service_request.confirm_payment": Kind(STATUS),
    "service_request.expire_bill": Kind(STATUS),
    "service_request.start_work": Kind(STATUS),
    "service_request.mark_result_ready": Kind(STATUS),
    "service_request.complete": Kind(STATUS),
    "service_request.cancel": Kind(STATUS),
    "service_request.assigned": OFFICE,
    "service_request.document_added": OFFICE,
    "service_request.payment_proof_uploaded": OFFICE,
    "service_request.payment_proof_rejected": Kind(STATUS),
    "service_request.recommended": Kind(STATUS),
    "service_request.sponsored": Kind(STATUS),
    "service_request.sponsorship_released": Kind(STATUS),
    "complaint.filed": OFFICE,
    "complaint.handle": Kind(STATUS),
    "complaint.answer": Kind(STATUS),
    "complaint.close": Kind(STATUS),
    "reminder.waiting_on_applicant": Kind(REMINDER),
    "reminder.standard_80": OFFICE,
    # Certification (kriya.certification.notifications.LABELS).
    "evaluation.started": Kind(CERTIFICATION),
    "evaluation.return": Kind(CERTIFICATION),
    "evaluation.recommend": OFFICE,
    "evaluation.grant": Kind(CERTIFICATION),
    "evaluation.grant_reduced": Kind(CERTIFICATION),
    "evaluation.refuse": Kind(CERTIFICATION),
    "evaluation.fatwa_recorded": Kind(CERTIFICATION),
    "audit.planned": Kind(CERTIFICATION),
    "finding.raised": Kind(CERTIFICATION),
    "corrective_action.submit": OFFICE,
    "corrective_action.accept": Kind(CERTIFICATION),
    "corrective_action.reject": Kind(CERTIFICATION),
    "certificate.suspend": Kind(CERTIFICATION),
    "certificate.reinstate": Kind(CERTIFICATION),
    "certificate.withdraw": Kind(CERTIFICATION),
    "certificate.expired": Kind(CERTIFICATION),
    "certificate.expires_in_90": Kind(CERTIFICATION),
    "certificate.expires_in_30": Kind(CERTIFICATION),
    "surveillance.start": Kind(CERTIFICATION),
    "surveillance.complete": Kind(CERTIFICATION),
    "surveillance.nonconforming": Kind(CERTIFICATION),
    "surveillance.overdue": OFFICE,
    "label_batch.ordered": OFFICE,
    "label_batch.issue": Kind(CERTIFICATION),
    "label_batch.refuse": Kind(CERTIFICATION),
    "halal_certificate.recorded": OFFICE,
    "halal_certificate.accept": Kind(CERTIFICATION),
    "halal_certificate.reject": Kind(CERTIFICATION),
    "halal_certificate.flagged": OFFICE,
    "halal.obligation_reminder": Kind(CERTIFICATION),
    # Integrations (kriya.hooks.notifications.LABELS).
    "webhook.paused": OFFICE,
}


def kind_of(event: str) -> Kind:
    """The kind of `event`; an event not in the table goes in the app and by e-mail."""
    return KINDS.get(event, OFFICE)
