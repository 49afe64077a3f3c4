"""Who sees which figures: the agency sees every regency, a regency officer their own
regency only; anyone else is refused. Every page, CSV and API answer of this app asks
`scope_for(user)` first and passes its `regencies` into the queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from kriya.accounts.access import has_role, officer_regency_codes
from kriya.accounts.models import ROLES_BY_KIND, OrganisationKind
from kriya.desk.survey import Period, parse_period
from kriya.regions.models import Level, Region

AGENCY_ROLES = tuple(ROLES_BY_KIND[OrganisationKind.AGENCY])


@dataclass(frozen=True)
class Scope:
    regencies: frozenset | None  # None: every regency (the agency)

    @property
    def is_agency(self) -> bool:
        return self.regencies is None

    def allows(self, regency_code: str | None) -> bool:
        if self.regencies is None:
            return True
        return regency_code in self.regencies

    def regency_choices(self) -> list[tuple[str, str]]:
        qs = Region.objects.filter(level=Level.REGENCY).order_by("name")
        if self.regencies is not None:
            qs = qs.filter(code__in=self.regencies)
        return list(qs.values_list("code", "name"))


def scope_of(user) -> Scope | None:
    if has_role(user, *AGENCY_ROLES):
        return Scope(None)
    codes = officer_regency_codes(user)
    if codes:
        return Scope(frozenset(codes))
    return None


def scope_for(user) -> Scope:
    """The scope of a signed-in user; PermissionDenied when they may see no figures."""
    scope = scope_of(user)
    if scope is None:
        raise PermissionDenied(_("Dasbor hanya untuk petugas balai dan kabupaten/kota."))
    return scope


@dataclass(frozen=True)
class Filters:
    period: Period
    regency: str | None  # None: every regency of the scope
    district: str | None

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end


def parse_filters(scope: Scope, params, *, today: date | None = None) -> Filters:
    """`periode` (2026, 2026-S1, 2026-Q3), `kabupaten` and `kecamatan` (Kepmendagri codes).
    A regency outside the scope is a 404; an officer of one regency always gets it."""
    period = parse_period(params.get("periode"), today=today)
    regency = (params.get("kabupaten") or "").strip() or None
    if regency is not None and not scope.allows(regency):
        raise Http404
    if regency is None and scope.regencies is not None:
        regency = sorted(scope.regencies)[0]
    district = (params.get("kecamatan") or "").strip() or None
    if district is not None:
        ok = (
            regency is not None
            and Region.objects.filter(
                code=district, level=Level.DISTRICT, parent_id=regency
            ).exists()
        )
        if not ok:
            district = None
    return Filters(period, regency, district)


def district_choices(regency: str | None) -> list[tuple[str, str]]:
    if not regency:
        return []
    return list(
        Region.objects.filter(level=Level.DISTRICT, parent_id=regency)
        .order_by("name")
        .values_list("code", "name")
    )
