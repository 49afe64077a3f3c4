"""BPJPH (Badan Penyelenggara Jaminan Produk Halal): the register of halal certificates,
read through SIHALAL.

Kriya works fully without it: by default the desk checks a recorded halal certificate
against SIHALAL or the paper by hand. An adapter that reads BPJPH implements
`BpjphAdapter`; it is switched on with the setting `KRIYA_BPJPH_ADAPTER` (a dotted path
to a class), off by default. `FakeBpjph` is the local fake tests use
(`kriya/certification/tests/test_bpjph_contract.py` is the contract every adapter
passes). See docs/integrations.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

NAME = "bpjph"


class BpjphNotFound(Exception):
    """BPJPH answered: no certificate has this number."""


class BpjphError(Exception):
    """BPJPH could not be reached or answered nonsense; the desk checks by hand."""


@dataclass(frozen=True)
class HalalRecord:
    number: str
    holder_name: str
    holder_nib: str  # "" when BPJPH does not give it
    products: tuple[str, ...]
    issued_on: date


class BpjphAdapter(Protocol):
    def lookup(self, number: str) -> HalalRecord:
        """The certificate BPJPH issued under `number`; BpjphNotFound or BpjphError."""
        ...

    def check(self) -> None:
        """A harmless read proving the connection works; BpjphError when it does not."""
        ...


class FakeBpjph:
    """A few certificates, without any network. `UNKNOWN` is a number BPJPH does not
    know; `OTHER_HOLDER` belongs to another business; `BROKEN` fails like an
    unreachable BPJPH."""

    UNKNOWN = "SH2026-9999999"
    OTHER_HOLDER = "SH2026-0000002"
    BROKEN = "SH2026-0000000"
    RECORDS = {
        "SH2026-0001": HalalRecord(
            number="SH2026-0001",
            holder_name="Batik Prabulinggih",
            holder_nib="9120001234567",
            products=("Batik tulis motif mangrove", "Batik cap"),
            issued_on=date(2026, 4, 1),
        ),
        "SH2026-0000002": HalalRecord(
            number="SH2026-0000002",
            holder_name="UD Tenun Sejahtera",
            holder_nib="9120007654321",
            products=("Kain tenun ikat",),
            issued_on=date(2026, 2, 10),
        ),
    }

    def __init__(self):
        self.calls: list[str] = []

    def lookup(self, number: str) -> HalalRecord:
        self.calls.append(number)
        if number == self.BROKEN:
            raise BpjphError("BPJPH tidak menjawab (fake)")
        try:
            return self.RECORDS[number]
        except KeyError:
            raise BpjphNotFound(number) from None

    def check(self) -> None:
        self.calls.append("check")


def get_adapter() -> BpjphAdapter | None:
    """The configured adapter, or None when BPJPH is off (the default)."""
    path = getattr(settings, "KRIYA_BPJPH_ADAPTER", "")
    if not path:
        return None
    return import_string(path)()
