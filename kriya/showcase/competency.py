"""Competency certificates of a business's people on the compliance passport: the hook
the training app fills in.

The showcase must not import the training app (training sits beside it and imports the
showcase's destinations). So training registers a provider when it is ready
(`register`, called from `TrainingConfig.ready`); without one the passport lists no
training certificates. The provider answers in one query and returns only live
certificates (active in kriya.verify's register, not expired) of the people whose
participant record names the business as where they work, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CompetencyCertificate:
    programme: str  # the programme's title, in the page's language
    number: str
    holder_name: str  # as the certificate itself names its holder on /verifikasi/
    issued_on: date
    verify_url: str


_provider = None


def register(provider) -> None:
    """Set the callable answering `certificates_of_business` (training's hook)."""
    global _provider
    _provider = provider


def certificates_of_business(business_id: int, today: date) -> list[CompetencyCertificate]:
    """The live training certificates of the people who work in the business."""
    return _provider(business_id, today) if _provider else []
