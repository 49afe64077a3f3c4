"""The fee a service is likely to cost, from its tariff list, shown before applying
(the public service page and the application form). An estimate only: the desk sets
the official amount in the bill after checking the request (docs/desk.md, "Fee
estimates"). Reads the service's prefetched `tariff_items`; no query of its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Estimate:
    # "free": no fee; "tariff": from the tariff list; "ask": billed, no tariff listed.
    kind: str
    amount: int | None = None
    unit: str = ""
    several: bool = False  # several tariff lines: `amount` is the lowest
    unconfirmed: bool = False  # a tariff the public sources did not confirm


def estimate_for(service) -> Estimate:
    if not service.is_billed:
        return Estimate(kind="free")
    tariffs = [t for t in service.tariff_items.all() if t.is_active and t.amount]
    if not tariffs:
        return Estimate(kind="ask")
    lowest = min(tariffs, key=lambda t: t.amount)
    unit = lowest.unit if lowest.unit and lowest.unit != "layanan" else ""
    return Estimate(
        kind="tariff",
        amount=lowest.amount,
        unit=unit,
        several=len(tariffs) > 1,
        unconfirmed=any(not t.is_verified for t in tariffs),
    )
