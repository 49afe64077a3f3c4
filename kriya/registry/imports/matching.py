"""Matching district (kecamatan) and village (desa/kelurahan) names typed in a spreadsheet
to Kepmendagri region codes within one regency.

Names match regardless of case, spacing, punctuation and a "Kec."/"Kecamatan" or
"Desa"/"Ds."/"Kel."/"Kelurahan" prefix ("Kec. Paiton" = "PAITON", "Bulujaran Lor" =
"bulujaranlor", "Remba'an" = "Rembaan"). A near miss — at most two letters off (one for
names of five letters or fewer) with exactly one candidate — is accepted with a warning
that names the correction; an ambiguous or unknown name is rejected.

The regency's regions are loaded once (one query); results are cached per distinct
(district, village) pair, so a million rows cost one query and a few thousand look-ups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kriya.regions.models import Level, Region

_DISTRICT_PREFIX = re.compile(r"^\s*(kecamatan|kec)(\s*\.\s*|\s+)", re.IGNORECASE)
_VILLAGE_PREFIX = re.compile(r"^\s*(desa|ds|kelurahan|kel)(\s*\.\s*|\s+)", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def name_key(text: str, *, prefix: re.Pattern | None = None) -> str:
    """The comparable form of a region name: lower case letters and digits only."""
    if prefix is not None:
        text = prefix.sub("", text)
    return _NON_ALNUM.sub("", text.lower())


def max_distance(key: str) -> int:
    """How many letters may be off: two, or one for short names (Jati/Jeti are different
    villages more often than typos of each other)."""
    return 1 if len(key) <= 5 else 2


def distance_within(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of a and b if it is at most `limit`, else None."""
    if abs(len(a) - len(b)) > limit:
        return None
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(cost)
            best = min(best, cost)
        if best > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


@dataclass(frozen=True)
class RegionMatch:
    """The village code for a (district, village) pair, or the reason there is none.

    `column` says which column the error or warning belongs to ("district" or "village").
    """

    village: str | None = None
    error: str = ""
    column: str = "village"
    warnings: tuple[tuple[str, str], ...] = field(default=())


@dataclass
class _Place:
    code: str
    name: str
    key: str


class RegionMatcher:
    """District and village look-up for one regency, loaded with one query."""

    def __init__(self, regency: Region):
        self.regency = regency
        self.districts: dict[str, _Place] = {}
        self.villages: dict[str, _Place] = {}
        rows = (
            Region.objects.filter(code__startswith=regency.code + ".")
            .filter(level__in=(Level.DISTRICT, Level.VILLAGE))
            .values_list("code", "name", "level")
        )
        for code, name, level in rows:
            if level == Level.DISTRICT:
                self.districts[code] = _Place(code, name, name_key(name, prefix=_DISTRICT_PREFIX))
            else:
                self.villages[code] = _Place(code, name, name_key(name, prefix=_VILLAGE_PREFIX))
        self._district_by_key: dict[str, list[_Place]] = {}
        for place in self.districts.values():
            self._district_by_key.setdefault(place.key, []).append(place)
        self._villages_by_key: dict[str, list[_Place]] = {}
        self._villages_of: dict[str, dict[str, list[_Place]]] = {}
        for place in self.villages.values():
            self._villages_by_key.setdefault(place.key, []).append(place)
            by_key = self._villages_of.setdefault(place.code[:8], {})
            by_key.setdefault(place.key, []).append(place)
        self._cache: dict[tuple[str, str], RegionMatch] = {}

    def match(self, district: str, village: str) -> RegionMatch:
        """Match typed names (district may be empty). Cached per distinct pair."""
        cache_key = (district, village)
        found = self._cache.get(cache_key)
        if found is None:
            found = self._match(district, village)
            if len(self._cache) < 100_000:
                self._cache[cache_key] = found
        return found

    # --- the rules -----------------------------------------------------------

    def _match(self, district_text: str, village_text: str) -> RegionMatch:
        warnings: list[tuple[str, str]] = []
        district = None
        if district_text.strip():
            d_key = name_key(district_text, prefix=_DISTRICT_PREFIX)
            candidates, exact = self._find(d_key, self._district_by_key, self.districts.values())
            if not candidates:
                return RegionMatch(
                    error=_("Kecamatan “%(name)s” tidak ditemukan di %(regency)s.")
                    % {"name": district_text.strip(), "regency": self.regency.name},
                    column="district",
                )
            if len(candidates) > 1:
                return RegionMatch(
                    error=_("Kecamatan “%(name)s” mirip beberapa kecamatan: %(names)s.")
                    % {"name": district_text.strip(), "names": _names(candidates)},
                    column="district",
                )
            district = candidates[0]
            if not exact:
                warnings.append(
                    (
                        "district",
                        _("Kecamatan “%(name)s” dibaca sebagai “%(match)s”.")
                        % {"name": district_text.strip(), "match": district.name},
                    )
                )
        if not village_text.strip():
            return RegionMatch(error=_("Desa/kelurahan wajib diisi."), column="village")
        v_key = name_key(village_text, prefix=_VILLAGE_PREFIX)
        if district is not None:
            by_key = self._villages_of.get(district.code, {})
            pool = [p for places in by_key.values() for p in places]
            where = _("Kecamatan %(name)s") % {"name": district.name}
        else:
            pool = list(self.villages.values())
            by_key = self._villages_by_key
            where = self.regency.name
        candidates, exact = self._find(v_key, by_key, pool)
        if not candidates:
            hint = ""
            if district is not None and self._villages_by_key.get(v_key):
                hint = " " + _("Nama ini ada di %(names)s.") % {
                    "names": _district_names(self._villages_by_key[v_key], self.districts)
                }
            return RegionMatch(
                error=_("Desa/kelurahan “%(name)s” tidak ditemukan di %(where)s.")
                % {"name": village_text.strip(), "where": where}
                + hint,
                column="village",
                warnings=tuple(warnings),
            )
        if len(candidates) > 1:
            if exact:
                message = _(
                    "Desa/kelurahan “%(name)s” ada di beberapa kecamatan (%(names)s); "
                    "isi kolom Kecamatan."
                ) % {
                    "name": village_text.strip(),
                    "names": _district_names(candidates, self.districts),
                }
            else:
                message = _("Desa/kelurahan “%(name)s” mirip beberapa nama: %(names)s.") % {
                    "name": village_text.strip(),
                    "names": _names(candidates),
                }
            return RegionMatch(error=message, column="village", warnings=tuple(warnings))
        village = candidates[0]
        if not exact:
            warnings.append(
                (
                    "village",
                    _("Desa/kelurahan “%(name)s” dibaca sebagai “%(match)s”.")
                    % {"name": village_text.strip(), "match": village.name},
                )
            )
        return RegionMatch(village=village.code, warnings=tuple(warnings))

    @staticmethod
    def _find(key: str, by_key: dict[str, list[_Place]], pool) -> tuple[list[_Place], bool]:
        """Exact matches (True), else the near misses within the allowed distance (False)."""
        if not key:
            return [], False
        exact = by_key.get(key)
        if exact:
            return exact, True
        limit = max_distance(key)
        near = [p for p in pool if distance_within(key, p.key, limit) is not None]
        return near, False


def _names(places: list[_Place]) -> str:
    return ", ".join(sorted(p.name for p in places))


def _district_names(places: list[_Place], districts: dict[str, _Place]) -> str:
    names = sorted({districts[p.code[:8]].name for p in places if p.code[:8] in districts})
    return ", ".join(_("Kecamatan %(name)s") % {"name": n} for n in names)
