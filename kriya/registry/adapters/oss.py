"""OSS (Online Single Submission, BKPM): the register that issues each business its NIB.

Kriya works fully without it: by default the owner types the NIB, the name and the KBLI
codes printed on their NIB and the regency officer checks them by eye. An adapter that
talks to OSS implements `OssAdapter`; it is switched on with the setting
`KRIYA_OSS_ADAPTER` (a dotted path to a class), off by default. `FakeOss` is the local
fake tests use (`kriya/registry/tests/test_oss_contract.py` is the contract every
adapter passes). See docs/integrations.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

NAME = "oss"

# OSS's four risk levels (PP 5/2021).
RISK_LEVELS = ("rendah", "menengah_rendah", "menengah_tinggi", "tinggi")


class OssNotFound(Exception):
    """OSS answered: no business has this NIB."""


class OssError(Exception):
    """OSS could not be reached or answered nonsense; Kriya goes on without it."""


@dataclass(frozen=True)
class OssRecord:
    nib: str
    name: str
    kbli: tuple[str, ...]
    address: str
    risk_level: str  # one of RISK_LEVELS


class OssAdapter(Protocol):
    def lookup(self, nib: str) -> OssRecord:
        """The business OSS registered under `nib`; OssNotFound or OssError."""
        ...

    def check(self) -> None:
        """A harmless read proving the connection works; OssError when it does not."""
        ...


class FakeOss:
    """A few NIBs, without any network. `UNKNOWN` is a NIB OSS does not know;
    `DIFFERENT_NAME` is registered under another name than the demo business uses;
    `BROKEN` makes the fake fail like an unreachable OSS."""

    UNKNOWN = "9999999999999"
    BROKEN = "0000000000000"
    DIFFERENT_NAME = "9120000000002"
    RECORDS = {
        "9120000000001": OssRecord(
            nib="9120000000001",
            name="Batik Prabulinggih",
            kbli=("13134", "47711"),
            address="Jl. Raya Kraksaan No. 12",
            risk_level="rendah",
        ),
        "9120000000002": OssRecord(
            nib="9120000000002",
            name="CV Batik Sumber Rejeki Abadi",
            kbli=("13134",),
            address="Dusun Krajan RT 02 RW 01",
            risk_level="menengah_rendah",
        ),
        "9120000000003": OssRecord(
            nib="9120000000003",
            name="Anyaman Pandan Lestari",
            kbli=("16291",),
            address="Jl. Pantai Bentar 5",
            risk_level="rendah",
        ),
    }

    def __init__(self):
        self.calls: list[str] = []

    def lookup(self, nib: str) -> OssRecord:
        self.calls.append(nib)
        if nib == self.BROKEN:
            raise OssError("OSS tidak menjawab (fake)")
        try:
            return self.RECORDS[nib]
        except KeyError:
            raise OssNotFound(nib) from None

    def check(self) -> None:
        self.calls.append("check")


def get_adapter() -> OssAdapter | None:
    """The configured adapter, or None when OSS is off (the default)."""
    path = getattr(settings, "KRIYA_OSS_ADAPTER", "")
    if not path:
        return None
    return import_string(path)()
