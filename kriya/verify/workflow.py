"""Lifecycles of the register: issued documents and signing keys.

`by=None` is the system (a management command or a background task), which may make
every move; pages and the API always pass the signed-in user.
"""

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core.workflow import Lifecycle, Move

from .models import DocType, DocumentStatus, KeyStatus

CERTIFICATION_ROLES = (Role.DECISION_MAKER, Role.HEAD, Role.ADMINISTRATOR)
LAB_ROLES = (Role.SUPERVISOR, Role.HEAD, Role.ADMINISTRATOR)
# A corrected test report is issued by whoever completes its verification, which may be
# an analyst acting as verifier (issue 6), so analysts may supersede a report too.
LAB_SUPERSEDE_ROLES = (Role.ANALYST, *LAB_ROLES)
# Training certificates and passes: the trainer of the programme, and for exhibitor
# passes the regency officer running the event, besides the head and administrators.
# The consumer (training, events) checks that the user belongs to that batch or event.
TRAINING_ROLES = (Role.TRAINER, Role.HEAD, Role.ADMINISTRATOR)
EVENT_ROLES = (Role.REGENCY_OFFICER, Role.HEAD, Role.ADMINISTRATOR)

ROLES = {
    DocType.CERTIFICATE: {"*": CERTIFICATION_ROLES},
    DocType.BATIKMARK_LABEL: {"*": CERTIFICATION_ROLES},
    DocType.TEST_REPORT: {"*": LAB_ROLES, "supersede": LAB_SUPERSEDE_ROLES},
    DocType.TRAINING_CERTIFICATE: {"*": TRAINING_ROLES},
    DocType.TRAINING_PASS: {"*": TRAINING_ROLES},
    DocType.EXHIBITOR_PASS: {"*": EVENT_ROLES},
}


def may(action: str):
    def allowed(user, document) -> bool:
        if document.parent_id:  # a label follows its certificate's status
            return False
        if user is None:
            return True
        by_action = ROLES[document.doc_type]
        return has_role(user, *by_action.get(action, by_action["*"]))

    return allowed


S = DocumentStatus
DOCUMENT_LIFECYCLE = Lifecycle(
    name="document",
    moves=[
        Move("suspend", S.ACTIVE, S.SUSPENDED, may("suspend"), _("Bekukan"), needs_reason=True),
        Move(
            "reinstate", S.SUSPENDED, S.ACTIVE, may("reinstate"), _("Pulihkan"), needs_reason=True
        ),
        Move(
            "withdraw",
            (S.ACTIVE, S.SUSPENDED),
            S.WITHDRAWN,
            may("withdraw"),
            _("Cabut"),
            needs_reason=True,
            style="danger",
        ),
        Move(
            "supersede",
            (S.ACTIVE, S.SUSPENDED),
            S.SUPERSEDED,
            may("supersede"),
            _("Gantikan"),
            needs_reason=True,
        ),
    ],
)


def is_administrator(user, key) -> bool:
    return user is None or has_role(user, Role.ADMINISTRATOR)


KEY_LIFECYCLE = Lifecycle(
    name="signing_key",
    moves=[
        Move("retire", KeyStatus.ACTIVE, KeyStatus.RETIRED, is_administrator, _("Pensiunkan")),
        Move(
            "revoke",
            (KeyStatus.ACTIVE, KeyStatus.RETIRED),
            KeyStatus.REVOKED,
            is_administrator,
            _("Cabut kunci"),
            needs_reason=True,
            style="danger",
        ),
    ],
)
