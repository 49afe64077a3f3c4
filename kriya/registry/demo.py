"""Demo data for `make run`: the Probolinggo batik groups of reference.yaml
(`probolinggo.batik_groups`, real names from public news sources) with plausible
products, verified by the demo regency officer. Every business and product is marked
`is_demo`; the NIBs are made up (prefix 9999) and the figures are invented.

- `pemilik@demo.kriya.id` owns Batik Prabulinggih;
- the other groups were registered by the demo facilitator of APBBA with an
  in-person consent (none has claimed its business yet);
- villages are looked up by name within their district code; where reference.yaml
  gives no village, or the name matches several villages, the district's first
  match is used and the address says so.
"""

import io
import re

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kriya.accounts.demo import ASSOCIATION, REGENCY_UNIT, demo_email, ensure_user
from kriya.accounts.models import Organisation, User
from kriya.regions.models import Level, Region

from . import services
from .models import Business
from .workflow import LIFECYCLE

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# the accounts (owners, officers).
SEED_ORDER = 20

OWNER_LOCAL = "pemilik"
DEMO_NIB_PREFIX = "9999"
MOTIFS = ["anggur", "batu-batuan", "letusan Gunung Bromo", "banjir bandang"]

# (name, technique, category, fabric, dye, size, price) — rotated over the groups.
PRODUCTS = [
    (
        "Kain batik tulis motif {motif}",
        "tulis",
        "kain",
        "katun primissima",
        "natural",
        "2 x 1,15 m",
        650_000,
    ),
    (
        "Kemeja batik cap motif {motif}",
        "cap",
        "kemeja",
        "katun prima",
        "synthetic",
        "M, L, XL",
        185_000,
    ),
    (
        "Selendang batik kombinasi {motif}",
        "kombinasi",
        "selendang",
        "sutra",
        "both",
        "2 x 0,5 m",
        375_000,
    ),
    (
        "Kain batik tulis pewarna alam {motif}",
        "tulis",
        "kain",
        "katun dobby",
        "natural",
        "2,2 x 1,15 m",
        1_250_000,
    ),
    (
        "Kain batik cap {motif}",
        "cap",
        "kain",
        "katun primissima",
        "synthetic",
        "2 x 1,15 m",
        225_000,
    ),
]


def load_groups() -> list[dict]:
    path = settings.SHARED_DATA_DIR / "reference.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list((data.get("probolinggo") or {}).get("batik_groups") or [])


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def find_village(district: str, name: str | None) -> tuple[Region | None, str]:
    """The village called `name` within `district` (case and spaces ignored), and a
    note when it had to be guessed."""
    villages = list(Region.objects.filter(parent_id=district, level=Level.VILLAGE).order_by("code"))
    if not villages:
        return None, ""
    district_name = Region.objects.filter(code=district).values_list("name", flat=True).first()
    if not name:
        return villages[0], (
            f"Desa belum diketahui; data demo memakai desa pertama Kecamatan {district_name}."
        )
    exact = [v for v in villages if _key(v.name) == _key(name)]
    if len(exact) == 1:
        return exact[0], ""
    candidates = exact or [v for v in villages if _key(v.name).startswith(_key(name))]
    if not candidates:
        return villages[0], (
            f"Desa {name} tidak ditemukan di Kecamatan {district_name}; "
            "data demo memakai desa pertama kecamatan."
        )
    if len(candidates) > 1:
        others = ", ".join(v.name for v in candidates)
        return candidates[0], f"Desa {name} bisa berarti {others}; data demo memakai yang pertama."
    return candidates[0], ""


def demo_photo(seed: int) -> io.BytesIO:
    """A small generated 'batik' pattern (no real photos in the repository)."""
    from PIL import Image, ImageDraw

    palette = [(122, 59, 18), (31, 78, 121), (140, 30, 40), (46, 96, 60), (90, 60, 120)]
    ground, ink = palette[seed % len(palette)], (245, 236, 220)
    image = Image.new("RGB", (480, 320), ground)
    draw = ImageDraw.Draw(image)
    step = 40 + (seed % 3) * 10
    for x in range(0, 480 + step, step):
        for y in range(0, 320 + step, step):
            draw.ellipse((x - 12, y - 12, x + 12, y + 12), outline=ink, width=3)
            draw.line((x - step // 2, y, x, y - step // 2), fill=ink, width=2)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    buffer.name = f"demo-{seed}.jpg"
    buffer.seek(0)
    return buffer


def _staff(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local)).first()


@transaction.atomic
def seed(groups: list[dict] | None = None, *, photos: int = 4) -> list[Business]:
    """Create the demo batik groups once (idempotent: known NIBs are skipped)."""
    from kriya.core.images import process_image

    groups = load_groups() if groups is None else groups
    officer, facilitator = _staff("dkupp"), _staff("pendamping")
    if not groups or officer is None or facilitator is None:
        return []
    owner = ensure_user(OWNER_LOCAL, "Pemilik Batik Prabulinggih")
    association = Organisation.objects.filter(name=ASSOCIATION).first()
    unit = Organisation.objects.filter(name=REGENCY_UNIT).first()
    if unit is None or not unit.regency_id:
        return []
    created = []
    for index, group in enumerate(groups, start=1):
        nib = f"{DEMO_NIB_PREFIX}{index:09d}"
        if Business.objects.filter(nib=nib).exists():
            continue
        village, note = find_village(group["district"], group.get("village"))
        if village is None:
            continue
        data = {
            "nib": nib,
            "name": group["name"],
            "owner_name": f"Ketua {group['name']}",
            "address": note or f"Jl. Raya {village.name} No. {index}",
            "village_id": village.code,
            "kbli": ["13134"],
            "sector": "batik",
            "year_founded": 2010 + index % 12,
            "workforce_total": 8 + index % 9,
            "workforce_women": 3 + index % 5,
            "workforce_youth": 1 + index % 4,
            "capital": (20 + 15 * (index % 5)) * 1_000_000,
            "annual_sales": (90 + 55 * index) * 1_000_000,
        }
        associations = [association] if association else []
        if index == 1:
            business = services.create_business(
                data=data, by=owner, owner=owner, associations=associations, is_demo=True
            )
            submitter = owner
        else:
            business, _consent = services.create_facilitated_business(
                data=data,
                associations=associations,
                consent={
                    "method": "in_person",
                    "declared_by": data["owner_name"],
                    "declared_at": timezone.now(),
                },
                by=facilitator,
                is_demo=True,
            )
            submitter = facilitator
        services.transition_business(business=business, action="submit", by=submitter)
        if LIFECYCLE.can(business, officer, "verify"):  # the demo officer's own regency
            services.transition_business(business=business, action="verify", by=officer)
        for offset in range(2 + index % 2):
            name, technique, category, fabric, dye, size, price = PRODUCTS[
                (index + offset) % len(PRODUCTS)
            ]
            motif = MOTIFS[(index + offset) % len(MOTIFS)]
            product = services.create_product(
                business=business,
                data={
                    "name": name.format(motif=motif),
                    "description": (
                        f"Batik Pandalungan dari {group['name']}, motif {motif} "
                        "khas Kabupaten Probolinggo."
                    ),
                    "sector": "batik",
                    "category": category,
                    "technique": technique,
                    "motif": motif,
                    "dye": dye,
                    "fabric": fabric,
                    "size": size,
                    "price": price + index * 5_000,
                    "is_published": True,
                },
                by=submitter,
                is_demo=True,
            )
            if offset == 0 and index <= photos:
                services.add_product_photos(
                    product=product, images=[process_image(demo_photo(index))], by=submitter
                )
        created.append(business)
    return created
