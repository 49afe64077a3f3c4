"""Who may do what in the laboratory. Objects are fetched and authorised together.

- lab staff (analyst, supervisor, head of agency, administrator) see the lab's work;
- analysts and supervisors receive samples and enter results;
- supervisors verify results (never their own), generate and correct reports;
- administrators keep the reference data and instruments.
"""

from django.core.exceptions import PermissionDenied

from kriya.accounts.access import has_role
from kriya.accounts.models import Role

LAB_VIEW_ROLES = (Role.ANALYST, Role.SUPERVISOR, Role.HEAD, Role.ADMINISTRATOR)
LAB_WORK_ROLES = (Role.ANALYST, Role.SUPERVISOR)
VERIFIER_ROLES = (Role.SUPERVISOR,)
INSTRUMENT_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def is_lab_staff(user) -> bool:
    return has_role(user, *LAB_VIEW_ROLES)


def can_work(user) -> bool:
    return has_role(user, *LAB_WORK_ROLES)


def is_verifier(user) -> bool:
    return has_role(user, *VERIFIER_ROLES)


def can_manage_instruments(user) -> bool:
    return has_role(user, *INSTRUMENT_ROLES)


def can_see_confirmation_marks(user) -> bool:
    """Only administrators see which reference values are still "perlu dikonfirmasi"."""
    return has_role(user, Role.ADMINISTRATOR)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_lab_staff(user) -> None:
    require(is_lab_staff(user))
