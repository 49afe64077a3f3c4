"""Every external adapter of Kriya, for the administrators' status page: whether it is
on (its setting), its last success and last error (`kriya.core.adapters`), and a
connection test calling its harmless read (`check()`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kriya.certification.adapters import bpjph
from kriya.core import adapters as marks
from kriya.desk.adapters import simponi, whatsapp
from kriya.registry.adapters import oss

from . import delivery


@dataclass(frozen=True)
class AdapterInfo:
    name: str
    label: str
    setting: str
    get_adapter: Callable[[], object | None]


ADAPTERS = (
    AdapterInfo(oss.NAME, _("OSS — cek NIB"), "KRIYA_OSS_ADAPTER", oss.get_adapter),
    AdapterInfo(
        bpjph.NAME, _("BPJPH — cek sertifikat halal"), "KRIYA_BPJPH_ADAPTER", bpjph.get_adapter
    ),
    AdapterInfo(
        simponi.NAME, _("SIMPONI — kode billing PNBP"), "KRIYA_SIMPONI_ADAPTER", simponi.get_adapter
    ),
    AdapterInfo(
        whatsapp.NAME,
        _("WhatsApp Business — notifikasi"),
        "KRIYA_WHATSAPP_ADAPTER",
        whatsapp.get_adapter,
    ),
)
BY_NAME = {a.name: a for a in ADAPTERS}
WEBHOOKS = "webhooks"
NAMES = (*BY_NAME, WEBHOOKS)


def is_on(info: AdapterInfo) -> bool:
    return bool(getattr(settings, info.setting, ""))


def rows() -> list[dict]:
    found = []
    for info in ADAPTERS:
        found.append(
            {
                "name": info.name,
                "label": info.label,
                "setting": info.setting,
                "on": is_on(info),
                **marks.status(info.name),
            }
        )
    found.append(
        {
            "name": WEBHOOKS,
            "label": _("Webhook untuk integrator"),
            "setting": "KRIYA_WEBHOOKS",
            "on": delivery.enabled(),
            **marks.status(WEBHOOKS),
        }
    )
    return found


def test_connection(name: str) -> tuple[bool, str]:
    """Call the adapter's harmless read; (ok, error). Off: (False, "")."""
    info = BY_NAME.get(name)
    if info is None or not is_on(info):
        return False, ""
    try:
        with marks.observed(info.name):
            adapter = info.get_adapter()
            adapter.check()
    except Exception as error:
        return False, f"{type(error).__name__}: {error}"[:300]
    return True, ""
