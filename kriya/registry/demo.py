"""Demo data for `make run`: the Probolinggo batik groups of reference.yaml
(`probolinggo.batik_groups`, real names from public news sources) with plausible
products, verified by the demo regency officer. Every business and product is marked
`is_demo`; the NIBs are made up (prefix 9999) and the figures are invented.

- `pemilik@demo.kriya.id` owns Batik Prabulinggih;
- the other groups were registered by the demo facilitator of APBBA with an
  in-person consent (none has claimed its business yet);
- every business has a demo telephone number that reaches nobody
  (`kriya.accounts.demo.demo_phone`), except one left without, which shows buyers the
  regency office's contact instead;
- every product has a drawn photo of its technique and motif (`demo_photos.py`), stored
  through the same path as an upload; names and prices vary, drawn deterministically;
- villages are looked up by name within their district code; where reference.yaml
  gives no village, or the name matches several villages, the district's first
  match is used and the address says so.
"""

import random
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kriya.accounts.demo import ASSOCIATION, REGENCY_UNIT, demo_email, demo_phone, ensure_user
from kriya.accounts.models import Organisation, User
from kriya.core.reference import load_reference
from kriya.regions.models import Level, Region

from . import services
from .models import Business, Product
from .workflow import LIFECYCLE

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# the accounts (owners, officers).
SEED_ORDER = 20

OWNER_LOCAL = "pemilik"
DEMO_NIB_PREFIX = "9999"
# The group of this index leaves its number empty, so the showcase shows the regency
# office's contact instead (the fallback a buyer meets for such businesses).
WITHOUT_PHONE = 10

# Probolinggo's own motifs (reference.yaml → probolinggo.motifs) come first; the
# classical motifs the groups also make follow.
CLASSICAL_MOTIFS = ["parang rusak", "kawung", "truntum", "mega mendung", "sekar jagad"]
COLOURS = ["soga", "biru indigo", "merah marun", "hijau botol", "cokelat tembakau", "hitam"]
FLOWERS = ["bunga melati", "bunga kenanga", "bunga teratai", "daun anggur"]
TENUN_MOTIFS = ["belah ketupat", "pucuk rebung", "garis Tengger"]


@dataclass(frozen=True)
class Kind:
    """One kind of product a group makes: names, what it is, and its price range."""

    names: tuple[str, ...]  # {motif}, {colour}
    sector: str
    category: str
    techniques: tuple[str, ...]
    fabrics: tuple[str, ...]
    size: str
    prices: tuple[int, int]  # lowest, highest (Rp)
    weight: int = 1  # how often groups make it
    motifs: str = "batik"  # batik, flowers (bordir), tenun


KINDS = [
    Kind(("Kain batik tulis motif {motif}", "Kain panjang batik tulis {motif}, warna {colour}",
          "Jarik batik tulis {motif}"),
         "batik", "kain", ("tulis",), ("katun primissima", "katun dobby", "sutra ATBM"),
         "2,5 x 1,05 m", (425_000, 1_850_000), 5),
    Kind(("Kain batik cap {motif}", "Kain batik cap {motif} warna {colour}"),
         "batik", "kain", ("cap",), ("katun prima", "katun primissima"),
         "2 x 1,15 m", (135_000, 295_000), 4),
    Kind(("Selendang batik tulis {motif}", "Selendang sutra motif {motif}"),
         "batik", "selendang", ("tulis",), ("sutra", "katun rayon"),
         "1,8 x 0,5 m", (185_000, 650_000), 3),
    Kind(("Kemeja batik {motif} lengan panjang", "Kemeja pria batik cap {motif}",
          "Hem batik {motif} lengan pendek"),
         "batik", "kemeja", ("cap",), ("katun prima", "katun paris"),
         "S, M, L, XL, XXL", (165_000, 385_000), 4),
    Kind(("Blus batik {motif}", "Outer batik kombinasi {motif}"),
         "batik", "blus", ("kombinasi",), ("katun rayon",),
         "M, L, XL", (175_000, 345_000), 2),
    Kind(("Sarung batik cap {motif}",),
         "batik", "sarung", ("cap",), ("katun",), "1,1 x 2 m", (95_000, 185_000), 2),
    Kind(("Taplak meja batik {motif}",),
         "batik", "taplak", ("cap",), ("katun",), "1,5 x 1,5 m", (85_000, 165_000)),
    Kind(("Kemeja printing motif {motif}",),
         "batik", "kemeja", ("printing",), ("katun japan",), "M, L, XL", (79_000, 129_000)),
    Kind(("Kerudung segi empat bordir {motif}", "Mukena bordir {motif}"),
         "bordir", "kerudung", ("",), ("voal", "katun rayon"), "115 x 115 cm",
         (65_000, 345_000), motifs="flowers"),
    Kind(("Kain tenun ikat {motif}", "Syal tenun {motif}"),
         "tenun", "kain", ("",), ("benang katun",), "2 x 0,9 m", (145_000, 950_000),
         motifs="tenun"),
]  # fmt: skip

DESCRIPTIONS = {
    "tulis": "Dibatik tangan dengan canting oleh perajin {group} di {village}. Motif {motif} "
    "khas Kabupaten Probolinggo; setiap lembar sedikit berbeda.",
    "cap": "Dicap dengan cap tembaga lalu diwarnai {dye} di rumah produksi {group}. "
    "Cocok untuk seragam dan oleh-oleh.",
    "kombinasi": "Pola dasar dicap, isen-isen dan cecek dibatik tangan oleh perajin {group}.",
    "printing": "Kain cetak bermotif {motif}; bukan batik (tanpa malam), harga terjangkau.",
    "bordir": "Bordir {motif} dikerjakan perajin bordir di {village} untuk {group}.",
    "tenun": "Ditenun dengan alat tenun bukan mesin (ATBM); motif {motif}.",
}


def _price(rng: random.Random, low: int, high: int) -> int:
    """A price as a seller would write it: Rp 1.250.000, Rp 289.000, Rp 85.000."""
    value = rng.uniform(low, high)
    step = 25_000 if value >= 500_000 else 5_000
    price = round(value / step) * step
    if price < 500_000 and rng.random() < 0.35:
        price -= 1_000  # just under a round figure
    return price


def _pick_kinds(rng: random.Random, n: int) -> list[Kind]:
    left, picked = list(KINDS), []
    while left and len(picked) < n:
        kind = rng.choices(left, weights=[k.weight for k in left])[0]
        left.remove(kind)
        picked.append(kind)
    return picked


def demo_products(
    index: int, group: str, village: str, motifs: list[str], used: set[str] | None = None
) -> list[dict]:
    """The products of the index-th group: two or three, varied and deterministic.
    `used` holds the names given so far, so that no two demo products share one."""
    rng = random.Random(f"kriya-demo-{index}")
    used = set() if used is None else used
    local = [m for m in motifs if m] or ["anggur"]
    products = []
    for kind in _pick_kinds(rng, 2 + index % 2):
        technique = rng.choice(kind.techniques)
        for _attempt in range(12):
            if kind.motifs == "flowers":
                motif = rng.choice(FLOWERS)
            elif kind.motifs == "tenun":
                motif = rng.choice(TENUN_MOTIFS)
            else:  # two in three carry one of Probolinggo's own motifs
                motif = rng.choice(local) if rng.random() < 0.67 else rng.choice(CLASSICAL_MOTIFS)
            name = rng.choice(kind.names).format(motif=motif, colour=rng.choice(COLOURS))
            name = name[0].upper() + name[1:]
            if name not in used:
                break
        used.add(name)
        dye = "" if not technique else rng.choice(
            ["natural", "synthetic", "synthetic"] if technique == "tulis" else ["synthetic", "both"]
        )  # fmt: skip
        description = DESCRIPTIONS[technique or kind.sector].format(
            group=group, village=village, motif=motif,
            dye="pewarna alam" if dye == "natural" else "pewarna sintetis",
        )  # fmt: skip
        products.append(
            {
                "name": name,
                "description": description,
                "sector": kind.sector,
                "category": "mukena" if name.startswith("Mukena") else kind.category,
                "technique": technique,
                "motif": motif,
                "dye": dye,
                "fabric": rng.choice(kind.fabrics),
                "size": kind.size,
                "price": _price(rng, *kind.prices),
                "availability": "preorder"
                if technique == "tulis" and rng.random() < 0.3
                else "ready",
                "is_published": True,
            }
        )
    return products


def add_demo_photo(product, *, by) -> None:
    """Draw the product's picture and store it as an upload would be stored."""
    from kriya.core.images import process_image

    from .demo_photos import demo_photo

    services.add_product_photos(product=product, images=[process_image(demo_photo(product))], by=by)


def load_motifs() -> list[str]:
    """Probolinggo's own motifs (reference.yaml → probolinggo.motifs)."""
    try:
        data = load_reference()
    except FileNotFoundError:
        return []
    return [str(m) for m in (data.get("probolinggo") or {}).get("motifs") or []]


def load_groups() -> list[dict]:
    try:
        data = load_reference()
    except FileNotFoundError:
        return []
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


def _staff(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local)).first()


@transaction.atomic
def seed(groups: list[dict] | None = None, *, photos: bool = True) -> list[Business]:
    """Create the demo batik groups once (idempotent: known NIBs are skipped). Every
    product gets a drawn photo unless `photos` is False."""
    groups = load_groups() if groups is None else groups
    officer, facilitator = _staff("dkupp"), _staff("pendamping")
    if not groups or officer is None or facilitator is None:
        return []
    owner = ensure_user(OWNER_LOCAL, "Pemilik Batik Prabulinggih")
    association = Organisation.objects.filter(name=ASSOCIATION).first()
    unit = Organisation.objects.filter(name=REGENCY_UNIT).first()
    if unit is None or not unit.regency_id:
        return []
    motifs = load_motifs()
    used = set(Product.objects.filter(is_demo=True).values_list("name", flat=True))
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
            "phone": "" if index == WITHOUT_PHONE else demo_phone(index),
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
        for item in demo_products(index, group["name"], f"Desa {village.name}", motifs, used):
            product = services.create_product(
                business=business, data=item, by=submitter, is_demo=True
            )
            if photos:
                add_demo_photo(product, by=submitter)
        created.append(business)
    return created
