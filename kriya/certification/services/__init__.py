"""Every write of certification (STYLE.md: verb_noun(*, ..., by) in a transaction,
each leaving an audit event). Grouped by subject:

- evaluations.py: start_evaluation, reassign_evaluator, check_requirement, complete_review, plan_audit,
  record_audit, cancel_audit, raise_finding, submit_corrective_action,
  review_corrective_action, record_sampling, recommend;
- certificates.py: decide, return_evaluation, issue_certificate,
  change_certificate_status, schedule/start/complete/cancel_surveillance,
  record_fatwa_outcome;
- labels.py: order_labels, issue_labels, refuse_labels, cancel_labels;
- halal.py: record_halal_certificate, check_halal_certificate, lapse_halal_certificate;
- reminders.py: send_reminders (expiry, overdue surveillance, halal obligation).
"""

from .certificates import (
    cancel_surveillance,
    change_certificate_status,
    complete_surveillance,
    decide,
    issue_certificate,
    record_fatwa_outcome,
    return_evaluation,
    schedule_surveillance,
    start_surveillance,
)
from .evaluations import (
    cancel_audit,
    check_requirement,
    complete_review,
    link_lab_sample,
    plan_audit,
    raise_finding,
    reassign_evaluator,
    recommend,
    record_audit,
    record_sampling,
    review_corrective_action,
    start_evaluation,
    submit_corrective_action,
)
from .halal import check_halal_certificate, lapse_halal_certificate, record_halal_certificate
from .labels import cancel_labels, issue_labels, order_labels, refuse_labels
from .reminders import send_reminders

__all__ = [
    "cancel_audit",
    "cancel_labels",
    "cancel_surveillance",
    "change_certificate_status",
    "check_halal_certificate",
    "check_requirement",
    "complete_review",
    "complete_surveillance",
    "decide",
    "issue_certificate",
    "issue_labels",
    "lapse_halal_certificate",
    "link_lab_sample",
    "order_labels",
    "plan_audit",
    "raise_finding",
    "reassign_evaluator",
    "recommend",
    "record_audit",
    "record_fatwa_outcome",
    "record_halal_certificate",
    "record_sampling",
    "refuse_labels",
    "return_evaluation",
    "review_corrective_action",
    "schedule_surveillance",
    "send_reminders",
    "start_evaluation",
    "start_surveillance",
    "submit_corrective_action",
]
