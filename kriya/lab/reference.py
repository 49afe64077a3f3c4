"""Reading the lab's part of reference.yaml (`standards`, `test_parameters`,
`batik_techniques`) into plain records. No database here: `services.load_reference`
writes what this returns.

What the file does not say is not invented: limits of SNI 8302–8304 are not in the
public sources, so each (standard edition, parameter) pair gets an *unset*
specification marked "to be confirmed", for an administrator to fill in or delete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .scales import Scale

UNSET_LIMIT_NOTE = (
    "Batas mutu tidak ditemukan di sumber publik; diisi administrator "
    "setelah dikonfirmasi dari naskah standar. Parameter yang tidak diatur standar ini "
    "boleh dihapus."
)


@dataclass(frozen=True)
class StandardRecord:
    number: str
    version: str
    title: str
    verified: bool = True


@dataclass(frozen=True)
class MethodRecord:
    code: str
    name: str
    reference: str
    standard: tuple[str, str] | None  # (number, version) when the method is a standard
    verified: bool = True


@dataclass(frozen=True)
class ParameterRecord:
    code: str
    name: str
    method: str
    scale: str
    unit: str
    position: int
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class SpecificationRecord:
    standard: tuple[str, str]
    parameter: str


@dataclass
class Reference:
    standards: list[StandardRecord] = field(default_factory=list)
    methods: list[MethodRecord] = field(default_factory=list)
    parameters: list[ParameterRecord] = field(default_factory=list)
    specifications: list[SpecificationRecord] = field(default_factory=list)


def split_code(code: str) -> tuple[str, str]:
    """ "SNI 8302:2016/Amd.1:2019" → ("SNI 8302", "2016/Amd.1:2019"); the edition
    starts after the first colon."""
    number, _, version = code.partition(":")
    return number.strip(), version.strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def scale_of(entry: dict) -> str:
    """The scale from the file's wording ("grey scale 1–5 (half steps)", unit "%", …)."""
    text = (entry.get("scale") or "").lower()
    if entry.get("unit") == "%":
        return Scale.PERCENT
    if "pass/fail" in (entry.get("result") or "").lower():
        return Scale.PASS_FAIL
    if "blue wool" in text:
        return Scale.BLUE_WOOL
    if text.startswith("grey"):  # "grey scale", "grey/staining"
        return Scale.GREY
    if text.startswith("staining"):
        return Scale.STAINING
    raise ValueError(f"Unknown scale for parameter {entry.get('code')!r}: {entry!r}")


def parse(data: dict) -> Reference:
    ref = Reference()
    known: dict[str, tuple[str, str]] = {}
    for item in data.get("standards") or []:
        number, version = split_code(item["code"])
        ref.standards.append(
            StandardRecord(number, version, item.get("title", ""), item.get("verified", True))
        )
        known[item["code"]] = (number, version)

    methods: dict[str, MethodRecord] = {}
    for position, item in enumerate(data.get("test_parameters") or [], start=1):
        text = item.get("method", "").strip()
        verified = item.get("verified", True) and "not confirmed" not in text.lower()
        if text not in methods:
            standard = known.get(text)
            short = re.sub(r"\s*\([^)]*\)$", "", item["name"])
            if standard:
                name, code = text, slug(text)
            elif "not confirmed" in text.lower() or not text:
                name, code = f"{short} (metode belum dikonfirmasi)", slug(item["code"])
            else:
                name, code = f"{short} ({text})", slug(text)
            methods[text] = MethodRecord(code, name, text, standard, verified)
        ref.parameters.append(
            ParameterRecord(
                code=item["code"],
                name=item["name"],
                method=methods[text].code,
                scale=scale_of(item),
                unit=item.get("unit", "") or ("%" if scale_of(item) == Scale.PERCENT else ""),
                position=position * 10,
                verified=item.get("verified", True),
                note=f"Metode menurut sumber: {text}" if not item.get("verified", True) else "",
            )
        )
    ref.methods = list(methods.values())

    # Product standards whose limits are not public: one unset limit per parameter.
    product_codes = [
        t["sni"] for t in (data.get("batik_techniques") or {}).values() if t.get("sni")
    ]
    for code in product_codes:
        if code in known:
            ref.specifications.extend(
                SpecificationRecord(known[code], p.code) for p in ref.parameters
            )
    return ref
