"""SIMPONI e-billing: the Finance Ministry's system that issues PNBP billing codes.

Kriya works fully without it: by default the desk types the billing code it got from
SIMPONI. An adapter that talks to SIMPONI implements `BillingAdapter`; it is switched
on with the setting `KRIYA_SIMPONI_ADAPTER` (a dotted path to a class), off by default.
`FakeSimponi` is the local fake tests use.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class BillingError(Exception):
    """SIMPONI refused or could not be reached; the desk may type the code instead."""


@dataclass(frozen=True)
class BillingLine:
    description: str
    amount: int


class BillingAdapter(Protocol):
    def create_billing(
        self, *, reference: str, payer: str, lines: list[BillingLine], due_date: date
    ) -> str:
        """Return a billing code for the lines (integer rupiah), payable until due_date."""
        ...

    def check(self) -> None:
        """A harmless read proving the connection works; BillingError when it does not."""
        ...


class FakeSimponi:
    """Deterministic 15-digit codes ("8" + 14 digits) without any network."""

    def __init__(self):
        self.calls: list[dict] = []

    def create_billing(
        self, *, reference: str, payer: str, lines: list[BillingLine], due_date: date
    ) -> str:
        self.calls.append(
            {"reference": reference, "payer": payer, "lines": lines, "due_date": due_date}
        )
        digest = hashlib.sha256(f"{reference}|{len(self.calls)}".encode()).hexdigest()
        return "8" + str(int(digest, 16))[:14]

    def check(self) -> None:
        return None


NAME = "simponi"


def get_adapter() -> BillingAdapter | None:
    """The configured adapter, or None when SIMPONI is off (the default)."""
    path = getattr(settings, "KRIYA_SIMPONI_ADAPTER", "")
    if not path:
        return None
    return import_string(path)()
