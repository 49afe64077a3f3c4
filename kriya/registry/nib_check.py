"""A NIB checked against OSS: what to prefill, and each difference for a person to
decide on. Nothing here writes: the owner confirms a change on the check page of the
business form, the regency officer reads the differences beside "Verifikasi".

`check_nib(nib)` asks the OSS adapter (`adapters/oss.py`) once and keeps the answer ten
minutes, so a page reloaded does not ask again. With the adapter off it answers
`OssCheck("off")` and every page shows what it showed before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kriya.core.adapters import observed

from .adapters import oss
from .normalize import normalize_nib

OFF, FOUND, NOT_FOUND, ERROR = "off", "found", "not_found", "error"
CACHE_SECONDS = 600

RISK_LABELS = {
    "rendah": _("Rendah"),
    "menengah_rendah": _("Menengah rendah"),
    "menengah_tinggi": _("Menengah tinggi"),
    "tinggi": _("Tinggi"),
}

# The fields OSS knows, in the business form's names, with their labels.
COMPARED = (("name", _("Nama usaha")), ("address", _("Alamat")), ("kbli", _("KBLI")))


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    ours: str
    theirs: str


@dataclass
class OssCheck:
    state: str  # OFF, FOUND, NOT_FOUND, ERROR
    record: oss.OssRecord | None = None
    differences: list[Difference] = field(default_factory=list)

    @property
    def risk_label(self) -> str:
        if self.record is None:
            return ""
        return str(RISK_LABELS.get(self.record.risk_level, ""))


def _lookup(nib: str) -> tuple[str, oss.OssRecord | None]:
    adapter = oss.get_adapter()
    if adapter is None:
        return OFF, None
    try:
        nib = normalize_nib(nib)
    except ValidationError:
        return OFF, None  # the form says what is wrong with it
    key = f"kriya:oss:{nib}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        with observed(oss.NAME, answers=(oss.OssNotFound,)):
            answer = (FOUND, adapter.lookup(nib))
    except oss.OssNotFound:
        answer = (NOT_FOUND, None)
    except Exception:
        return ERROR, None  # not cached: the next page asks again
    cache.set(key, answer, CACHE_SECONDS)
    return answer


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _kbli_set(value) -> set[str]:
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return {str(v).strip() for v in value or () if str(v).strip()}


def _same(name: str, ours, theirs) -> bool:
    if name == "kbli":
        return _kbli_set(ours) == _kbli_set(theirs)
    return _text(ours).casefold() == _text(theirs).casefold()


def theirs_for(record: oss.OssRecord, name: str):
    return {"name": record.name, "address": record.address, "kbli": list(record.kbli)}[name]


def check_nib(nib: str, values: dict | None = None) -> OssCheck:
    """Ask OSS about `nib`; with `values` (the business's fields by form name), list
    each field OSS knows whose value differs and is not empty on our side."""
    state, record = _lookup(nib)
    result = OssCheck(state, record)
    if record is not None and values is not None:
        for name, label in COMPARED:
            ours, theirs = values.get(name), theirs_for(record, name)
            if _text(ours) and not _same(name, ours, theirs):
                result.differences.append(Difference(name, str(label), _text(ours), _text(theirs)))
    return result


def prefill(values: dict, record: oss.OssRecord) -> list[str]:
    """Fill the empty fields of `values` (form data as strings) from OSS; returns the
    names filled. A field with something typed in is never touched."""
    filled = []
    for name, _label in COMPARED:
        if not _text(values.get(name)):
            values[name] = _text(theirs_for(record, name))
            filled.append(name)
    return filled


def values_of(business) -> dict:
    return {"name": business.name, "address": business.address, "kbli": list(business.kbli)}
