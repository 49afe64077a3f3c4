"""Certification (ISO/IEC 17065): schemes, evaluations, decisions, certificates,
surveillance, Batikmark labels and external halal certificates.

A status is assigned only by the lifecycles in `kriya.certification.workflow`.
"""

from .bodies import AuthorisedSignatory, CertificationBody
from .certificates import (
    Certificate,
    CertificateQuerySet,
    CertificateState,
    CertificateStatus,
    Counter,
    Reminder,
    Surveillance,
    SurveillanceStatus,
)
from .evaluations import (
    Audit,
    AuditKind,
    AuditStatus,
    CheckVerdict,
    CorrectiveAction,
    CorrectiveActionStatus,
    CorrectiveEvidence,
    Evaluation,
    EvaluationStatus,
    EvaluatorAssignment,
    Finding,
    FindingGrade,
    Outcome,
    RequirementCheck,
    Sampling,
    SamplingPlace,
)
from .halal import BpjphCheck, HalalCertificate, HalalStatus
from .labels import Label, LabelBatch, LabelBatchStatus
from .schemes import (
    LABEL_COLOURS,
    CertificationType,
    Requirement,
    RequirementKind,
    Scheme,
    SchemeKind,
)

__all__ = [
    "LABEL_COLOURS",
    "Audit",
    "AuthorisedSignatory",
    "BpjphCheck",
    "AuditKind",
    "AuditStatus",
    "Certificate",
    "CertificationBody",
    "CertificateQuerySet",
    "CertificateState",
    "CertificateStatus",
    "CertificationType",
    "CorrectiveAction",
    "CorrectiveActionStatus",
    "CorrectiveEvidence",
    "Counter",
    "RequirementCheck",
    "CheckVerdict",
    "Evaluation",
    "EvaluationStatus",
    "EvaluatorAssignment",
    "Finding",
    "FindingGrade",
    "HalalCertificate",
    "HalalStatus",
    "Label",
    "LabelBatch",
    "LabelBatchStatus",
    "Outcome",
    "Reminder",
    "Requirement",
    "RequirementKind",
    "Sampling",
    "SamplingPlace",
    "Scheme",
    "SchemeKind",
    "Surveillance",
    "SurveillanceStatus",
]
