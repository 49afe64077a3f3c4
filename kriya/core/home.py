""" "Beranda saya": each signed-in person's home, one section per role they hold.

Core names no app. Each installed app that has a `home` module with a `panels(user,
roles)` function contributes panels to the home, found the way `manage.py seed` finds
each app's `demo.py` (and the admin its `admin.py`). A new app (training, events) adds
its panels in its own `home.py`; nothing here changes.

`panels(user, roles)` receives the user and the set of roles to build for (the user's
roles, or `{NO_ROLE}` for someone who holds none yet, e.g. a new sign-up without a
business) and returns a list of `Panel`s. Each panel belongs to one role's section; it
is rendered with its own template and context. A panel runs a fixed number of queries
whatever the amount of data (the home's tests count them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from kriya.accounts.access import roles_of
from kriya.accounts.models import Role

# The "role" of a signed-in person who holds none yet (a new sign-up).
NO_ROLE = ""

# The order of the sections: the work of the agency first, then the regions, then the
# businesses; a person with one role sees one section.
ROLE_ORDER = [
    Role.DESK,
    Role.ANALYST,
    Role.SUPERVISOR,
    Role.EVALUATOR,
    Role.DECISION_MAKER,
    Role.HEAD,
    Role.TRAINER,
    Role.REGENCY_OFFICER,
    Role.FACILITATOR,
    Role.OWNER,
    Role.ADMINISTRATOR,
    NO_ROLE,
]


@dataclass
class Panel:
    """One block of a home: what to show (`template` with `context`) in which role's
    section; lower `order` first. `count` (optional) is the number shown beside the title,
    `url` where the whole list lives."""

    role: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    count: int | None = None
    url: str = ""


@dataclass
class Section:
    role: str
    title: str
    panels: list[Panel]


@cache
def providers() -> tuple:
    """Each installed app's `home.panels`, in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kriya.") or not module_has_submodule(config.module, "home"):
            continue
        module = import_module(f"{config.name}.home")
        if callable(getattr(module, "panels", None)):
            found.append(module.panels)
    return tuple(found)


def sections_for(user) -> list[Section]:
    """The home of `user`: a section per role with the panels the apps give it."""
    roles = set(roles_of(user)) or {NO_ROLE}
    by_role: dict[str, list[Panel]] = {}
    for panels in providers():
        for panel in panels(user, roles) or []:
            if panel.role in roles:
                by_role.setdefault(panel.role, []).append(panel)
    labels = dict(Role.choices)
    sections = []
    for role in ROLE_ORDER:
        if role in roles and by_role.get(role):
            sections.append(
                Section(
                    role=role,
                    title=str(labels.get(role, "")),
                    panels=sorted(by_role[role], key=lambda p: p.order),
                )
            )
    return sections


def panels(user, roles) -> list[Panel]:
    """Core's own panel: the administrator's reference data kept in the admin
    (organisations and people, collective leave days of the working-day calendar)."""
    if Role.ADMINISTRATOR not in roles:
        return []
    from django.utils.translation import gettext as _

    return [
        Panel(
            role=Role.ADMINISTRATOR,
            title=_("Pengguna dan data rujukan"),
            template="core/home/_admin.html",
            order=10,
        )
    ]
