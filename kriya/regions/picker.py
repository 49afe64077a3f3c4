"""The cascading region picker (province → regency → district → village).

With JavaScript, htmx swaps the picker after each change. Without it, the picker's
"next" button submits the surrounding form and the page renders the next level.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Region

LEVELS = [
    ("province", _("Provinsi")),
    ("regency", _("Kabupaten/kota")),
    ("district", _("Kecamatan")),
    ("village", _("Desa/kelurahan")),
]
PICK_BUTTON = "_pick"


@dataclass
class PickerLevel:
    key: str
    field: str
    label: str
    options: list[tuple[str, str]] = field(default_factory=list)
    selected: str = ""
    locked: bool = False


@dataclass
class RegionPicker:
    prefix: str
    depth: int
    levels: list[PickerLevel]

    @property
    def dom_id(self) -> str:
        return f"region-picker-{self.prefix or 'main'}"

    @property
    def value(self) -> str:
        """The deepest selected code (a village when the picker is complete)."""
        chosen = [lvl.selected for lvl in self.levels if lvl.selected]
        return chosen[-1] if chosen else ""

    @property
    def complete(self) -> bool:
        return bool(self.levels[-1].selected)


def build_picker(
    data: Mapping | None = None,
    *,
    prefix: str = "",
    depth: int = 4,
    initial: str = "",
    lock: str = "",
) -> RegionPicker:
    """Build the picker from submitted `data` (or an `initial` code).

    `lock` fixes the levels down to that code (a regency officer's own regency).
    A selection that does not belong to its parent is dropped, so the value is
    always a consistent chain.
    """
    depth = max(1, min(depth, 4))
    data = data or {}
    wanted: list[str] = []
    if initial and not any(data.get(prefix + key) for key, _l in LEVELS):
        parts = initial.split(".")
        wanted = [".".join(parts[: i + 1]) for i in range(len(parts))]
    else:
        wanted = [str(data.get(prefix + key, "") or "").strip() for key, _l in LEVELS[:depth]]
    locked_parts = lock.split(".") if lock else []
    locked_codes = [".".join(locked_parts[: i + 1]) for i in range(len(locked_parts))]

    levels: list[PickerLevel] = []
    parent = ""
    for index, (key, label) in enumerate(LEVELS[:depth]):
        level = PickerLevel(key=key, field=prefix + key, label=label)
        if index < len(locked_codes):
            code = locked_codes[index]
            region = Region.objects.filter(code=code).only("code", "name").first()
            level.options = [(code, region.name if region else code)]
            level.selected = code
            level.locked = True
        elif index == 0 or parent:
            level.options = list(
                Region.objects.children_of(parent or None).values_list("code", "name")
            )
            candidate = wanted[index] if index < len(wanted) else ""
            if candidate and any(code == candidate for code, _n in level.options):
                level.selected = candidate
        levels.append(level)
        parent = level.selected
        if not parent:
            # Deeper levels stay empty until this one is chosen.
            for key2, label2 in LEVELS[index + 1 : depth]:
                levels.append(PickerLevel(key=key2, field=prefix + key2, label=label2))
            break
    return RegionPicker(prefix=prefix, depth=depth, levels=levels)
