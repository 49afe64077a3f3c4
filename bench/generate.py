"""Realistic registry data for East Java (province 35): businesses spread over the real
villages of regions_id.csv, with Indonesian names, phone numbers, NIBs and products, and
regency spreadsheets to import, written the way regency offices write them.

Deterministic: the same seed gives the same data.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROVINCE = "35"

MALE = [
    "Ahmad",
    "Muhammad",
    "Moh.",
    "Slamet",
    "Budi",
    "Agus",
    "Bambang",
    "Joko",
    "Hadi",
    "Sugeng",
    "Suparman",
    "Abdul",
    "Imam",
    "Rudi",
    "Eko",
    "Dwi",
    "Heru",
    "Wahyu",
    "Hasan",
    "Fathur",
    "Samsul",
    "Yusuf",
    "Arif",
    "Bagus",
    "Dedi",
    "Hendra",
    "Supriyadi",
    "Sutrisno",
    "Kusnadi",
    "Mustofa",
    "Syaiful",
    "Zainal",
    "Nur",
    "Rahmat",
    "Teguh",
    "Yanto",
    "Didik",
    "Puji",
    "Gatot",
    "Suroso",
]
FEMALE = [
    "Siti",
    "Sri",
    "Nur",
    "Dewi",
    "Endang",
    "Lilik",
    "Tutik",
    "Umi",
    "Yuli",
    "Rina",
    "Ani",
    "Wati",
    "Sulastri",
    "Suliha",
    "Maimunah",
    "Khotimah",
    "Fatimah",
    "Aminah",
    "Ninik",
    "Erna",
    "Yayuk",
    "Rukmini",
    "Sumiati",
    "Suwarni",
    "Indah",
    "Ika",
    "Lina",
    "Ratna",
    "Anis",
    "Halimah",
    "Zulaikha",
    "Mariyam",
    "Rohmah",
    "Wiwik",
    "Puspita",
    "Lusi",
    "Eni",
]
FAMILY = [
    "Aminah",
    "Rahayu",
    "Wahyuni",
    "Lestari",
    "Hidayat",
    "Santoso",
    "Susanto",
    "Prasetyo",
    "Setiawan",
    "Kurniawan",
    "Hariyanto",
    "Suryani",
    "Handayani",
    "Mulyani",
    "Rohman",
    "Hasanah",
    "Fauzi",
    "Syaifuddin",
    "Zainuddin",
    "Wibowo",
    "Purnomo",
    "Sugiarto",
    "Hartono",
    "Utomo",
    "Saputra",
    "Maulana",
    "Anwar",
    "Ridwan",
    "Hakim",
    "Sholeh",
    "Ma'ruf",
    "Nurhayati",
    "Kusumawati",
    "Rahmawati",
    "Fitriani",
    "Ningsih",
    "Sulistyowati",
    "Yuliana",
    "Wulandari",
]
WORDS = [
    "Sekar",
    "Arum",
    "Jaya",
    "Sari",
    "Mekar",
    "Lestari",
    "Abadi",
    "Makmur",
    "Sejahtera",
    "Mulia",
    "Indah",
    "Melati",
    "Mawar",
    "Kenanga",
    "Wijaya",
    "Kusuma",
    "Puspa",
    "Dewi",
    "Cahaya",
    "Barokah",
    "Berkah",
    "Rizki",
    "Amanah",
    "Sentosa",
    "Agung",
    "Sumber",
    "Rejeki",
    "Karya",
    "Mandiri",
    "Putri",
    "Sakinah",
    "Nusantara",
    "Bintang",
    "Pelangi",
    "Kembang",
    "Sri",
    "Tanjung",
    "Wangi",
    "Asri",
    "Ayu",
    "Rahayu",
    "Jati",
    "Prima",
    "Permata",
    "Lancar",
    "Sinar",
    "Surya",
    "Bumi",
    "Gemilang",
]

# sector: (share, name prefixes, KBLI, product categories)
SECTORS = {
    "batik": (
        30,
        ("Batik", "Griya Batik", "Sanggar Batik", "Batik Tulis", "Rumah Batik"),
        "13134",
        ("Kain batik", "Kemeja batik", "Selendang", "Daster", "Sarung batik"),
    ),
    "bordir": (
        12,
        ("Bordir", "Bordir dan Sulam", "Konveksi Bordir"),
        "13920",
        ("Mukena bordir", "Kebaya", "Kerudung", "Taplak meja"),
    ),
    "tenun": (
        5,
        ("Tenun", "Tenun Ikat", "Sarung Tenun"),
        "13121",
        ("Sarung tenun", "Kain tenun", "Syal"),
    ),
    "anyaman": (
        10,
        ("Anyaman", "Kerajinan Bambu", "Anyaman Pandan"),
        "16294",
        ("Tas anyaman", "Tikar", "Keranjang", "Topi"),
    ),
    "kayu": (
        12,
        ("Kerajinan Kayu", "Ukir", "Mebel"),
        "16221",
        ("Patung kayu", "Hiasan dinding", "Kursi", "Nampan"),
    ),
    "kulit": (
        5,
        ("Kerajinan Kulit", "Sepatu Kulit", "Tas Kulit"),
        "15121",
        ("Tas kulit", "Dompet", "Sandal", "Ikat pinggang"),
    ),
    "keramik_gerabah": (5, ("Gerabah", "Keramik"), "23933", ("Vas", "Pot", "Kendi", "Cobek")),
    "perhiasan_aksesoris": (
        6,
        ("Aksesoris", "Perhiasan", "Manik-manik"),
        "32111",
        ("Gelang", "Kalung", "Bros", "Anting"),
    ),
    "rajut": (5, ("Rajut", "Rajutan"), "13912", ("Tas rajut", "Topi rajut", "Boneka")),
    "ecoprint": (3, ("Ecoprint", "Eco Print"), "13134", ("Kain ecoprint", "Syal ecoprint")),
    "lainnya": (7, ("UD", "Kerajinan", "KUB"), "32909", ("Suvenir", "Hiasan", "Miniatur")),
}
MOTIFS = [
    "Mangrove",
    "Manggur",
    "Jaran",
    "Bodhag",
    "Sekar",
    "Jagad",
    "Parang",
    "Kawung",
    "Truntum",
    "Sido",
    "Mukti",
    "Mega",
    "Mendung",
    "Gajah",
    "Oling",
    "Tembakau",
    "Anggur",
    "Kopi",
    "Pecut",
    "Madura",
    "Tanjung",
    "Bromo",
    "Sekar",
    "Jati",
]
OPERATORS = [
    "811",
    "812",
    "813",
    "821",
    "822",
    "823",
    "852",
    "853",
    "814",
    "815",
    "816",
    "855",
    "856",
    "857",
    "858",
    "817",
    "818",
    "819",
    "859",
    "877",
    "878",
    "895",
    "896",
    "897",
    "898",
    "899",
    "881",
    "882",
    "883",
    "831",
    "832",
    "838",
]
AREA_CODES = ("0335", "0341", "0331", "0343", "0321", "0351", "0356", "0358")
STATUSES = (("verified", 60), ("submitted", 25), ("draft", 10), ("returned", 5))


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    district: str


def load_villages(regions_csv: Path, *, prefix: str = PROVINCE) -> list[Village]:
    names = {}
    villages = []
    with open(regions_csv, newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if code == prefix or code.startswith(prefix + "."):
                names[code] = row["name"].strip()
                if len(code) == 13:
                    villages.append(code)
    return [Village(c, names[c], names.get(c[:8], "")) for c in sorted(villages)]


def _weighted(rng: random.Random, table):
    return rng.choices([k for k, _w in table], [w for _k, w in table])[0]


class People:
    """Names, phones, NIBs and money as they appear in Indonesian registries."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.sector_table = [(s, v[0]) for s, v in SECTORS.items()]

    def owner(self) -> str:
        rng = self.rng
        first = rng.choice(FEMALE if rng.random() < 0.55 else MALE)
        return f"{first} {rng.choice(FAMILY)}" if rng.random() < 0.8 else first

    def sector(self) -> str:
        return _weighted(self.rng, self.sector_table)

    def business_name(self, sector: str, village: Village) -> str:
        rng = self.rng
        prefix = rng.choice(SECTORS[sector][1])
        words = " ".join(rng.sample(WORDS, rng.choice((1, 2, 2, 3))))
        if rng.random() < 0.15:
            return f"{prefix} {words} {village.name}"
        return f"{prefix} {words}"

    def mobile(self) -> str:
        """National form, 08…: ten to thirteen digits."""
        rng = self.rng
        digits = rng.choice((7, 8, 8))
        return f"0{rng.choice(OPERATORS)}{rng.randrange(10 ** (digits - 1), 10**digits)}"

    def sales(self) -> int:
        return int(round(self.rng.lognormvariate(18.6, 1.0), -5))  # median ≈ Rp 120 juta

    def capital(self) -> int:
        return int(round(self.rng.lognormvariate(17.0, 1.0), -5))  # median ≈ Rp 24 juta


def nib_for(prefix: str, index: int) -> str:
    """Unique 13-digit NIBs: a prefix and a scrambled serial (7919 is coprime with 10^k)."""
    width = 13 - len(prefix)
    return prefix + f"{(index * 7919 + 104729) % 10**width:0{width}d}"


def size_class(capital: int | None, sales: int | None) -> str:
    value, limits = (
        (sales, (2_000_000_000, 15_000_000_000, 50_000_000_000))
        if sales is not None
        else (capital, (1_000_000_000, 5_000_000_000, 10_000_000_000))
    )
    if value is None:
        return ""
    for name, limit in zip(("mikro", "kecil", "menengah"), limits, strict=True):
        if value <= limit:
            return name
    return "besar"


# --- the registry: businesses and products ------------------------------------------


def businesses(villages: list[Village], count: int, *, seed: int = 35) -> Iterator[dict]:
    """`count` businesses spread evenly over the villages (so over every regency)."""
    people = People(seed)
    rng = people.rng
    for i in range(count):
        village = villages[(i * 104729) % len(villages)]
        sector = people.sector()
        total = max(1, int(rng.expovariate(1 / 4)))
        capital = people.capital()
        sales = people.sales()
        yield {
            "nib": nib_for(rng.choice(("9120", "8120", "0220")), i),
            "name": people.business_name(sector, village),
            "owner_name": people.owner(),
            "phone": "+62" + people.mobile()[1:],
            "address": f"Dusun {rng.choice(WORDS)} RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 5):02d}",
            "village_id": village.code,
            "district_id": village.code[:8],
            "regency_id": village.code[:5],
            "kbli": [SECTORS[sector][2]],
            "sector": sector,
            "year_founded": rng.randint(1980, 2025),
            "workforce_total": total,
            "workforce_women": rng.randint(0, total),
            "workforce_youth": rng.randint(0, total),
            "capital": capital,
            "annual_sales": sales,
            "size_class": size_class(capital, sales),
            "status": _weighted(rng, STATUSES),
        }


def products(business_ids: list[tuple[int, str]], count: int, *, seed: int = 36) -> Iterator[dict]:
    """`count` products over the businesses (id, sector): one to eight each, 3.3 on average."""
    rng = random.Random(seed)
    n = len(business_ids)
    for i in range(count):
        business_id, sector = business_ids[(i * 7919) % n] if n else (None, "batik")
        category = rng.choice(SECTORS[sector][3])
        technique = motif = dye = fabric = ""
        if sector == "batik":
            technique = rng.choice(("tulis", "tulis", "cap", "kombinasi", "printing"))
            motif = f"{rng.choice(MOTIFS)} {rng.choice(MOTIFS)}"
            dye = rng.choice(("natural", "synthetic", "synthetic", "both"))
            fabric = rng.choice(("Katun primisima", "Katun prima", "Sutra", "Rayon", "Dobby"))
        name = f"{category} {motif}".strip() if motif else f"{category} {rng.choice(WORDS)}"
        yield {
            "business_id": business_id,
            "name": name,
            "description": f"{category} buatan tangan perajin setempat.",
            "sector": sector,
            "category": category,
            "technique": technique,
            "motif": motif,
            "dye": dye,
            "fabric": fabric,
            "size": rng.choice(("", "2 x 1,15 m", "S, M, L, XL", "20 x 30 cm")),
            "price": int(round(rng.lognormvariate(12.2, 0.8), -3)),  # median ≈ Rp 200 ribu
            "availability": rng.choice(("ready", "ready", "preorder", "sold_out")),
            "is_published": rng.random() < 0.7,
            "serial": i,
        }


# --- a regency's spreadsheet -----------------------------------------------------------

SHEET_HEADER = [
    "No.",
    "NIB",
    "Nama Usaha",
    "Nama Pemilik",
    "No. HP/WA",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Sektor",
    "KBLI",
    "Tahun Berdiri",
    "Jumlah Tenaga Kerja",
    "TK Perempuan",
    "Modal Usaha",
    "Omset per Tahun",
]


def _messy_phone(rng: random.Random, mobile: str) -> str:
    style = rng.random()
    if style < 0.45:
        return mobile
    if style < 0.6:
        return f"{mobile[:4]}-{mobile[4:8]}-{mobile[8:]}"
    if style < 0.7:
        return f"{mobile[:4]} {mobile[4:8]} {mobile[8:]}"
    if style < 0.8:
        return "62" + mobile[1:]
    if style < 0.88:
        return f"+62 {mobile[1:4]} {mobile[4:8]} {mobile[8:]}"
    if style < 0.93:
        return f"({rng.choice(AREA_CODES)}) {rng.randint(400000, 899999)}"
    return ""


def _messy_rupiah(rng: random.Random, amount: int) -> str:
    style = rng.random()
    if style < 0.5:
        return str(amount)
    if style < 0.7:
        return "Rp " + f"{amount:,}".replace(",", ".")
    if style < 0.8:
        return f"{amount:,}".replace(",", ".") + ",00"
    if style < 0.9 and amount >= 1_000_000:
        return f"{amount / 1_000_000:.1f}".replace(".", ",").replace(",0", "") + " juta"
    if style < 0.95:
        return ""
    return "Rp. " + f"{amount:,}".replace(",", ".") + ",-"


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 7:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1 :]  # one letter dropped


def sheet_rows(
    villages: list[Village], count: int, *, nib_prefix: str, seed: int = 37
) -> Iterator[list[str]]:
    """Data rows of a regency's spreadsheet, about as messy as real ones: NIBs with spaces,
    phones and amounts in every common form, 'Kec.'/'Desa' prefixes and upper case, a few
    misspelt villages (near misses), invalid NIBs, in-file duplicates and blank rows."""
    people = People(seed)
    rng = people.rng
    recent: list[list[str]] = []
    number = 0
    for i in range(count):
        roll = rng.random()
        if roll < 0.002:
            yield [""] * len(SHEET_HEADER)
            continue
        if roll < 0.007 and recent:
            yield rng.choice(recent)  # the same business entered twice
            continue
        number += 1
        village = villages[(i * 7919) % len(villages)]
        sector = people.sector()
        nib = nib_for(nib_prefix, i)
        if rng.random() < 0.1:
            nib = f"{nib[:4]} {nib[4:8]} {nib[8:]}"
        if roll > 0.99:
            nib = nib[:-2]  # invalid: too short
        district = village.district
        village_name = village.name
        style = rng.random()
        if style < 0.2:
            district, village_name = f"Kec. {district}", f"Desa {village_name}"
        elif style < 0.5:
            district, village_name = district.upper(), village_name.upper()
        if rng.random() < 0.01:
            village_name = _typo(rng, village_name)
        total = max(1, int(rng.expovariate(1 / 4)))
        row = [
            str(number),
            nib,
            people.business_name(sector, village),
            people.owner(),
            _messy_phone(rng, people.mobile()),
            f"Dusun {rng.choice(WORDS)} RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 5):02d}",
            village_name,
            district,
            rng.choice((sector, sector.replace("_", " ").title(), SECTORS[sector][1][0])),
            SECTORS[sector][2] if rng.random() < 0.6 else "",
            str(rng.randint(1980, 2025)) if rng.random() < 0.9 else "",
            str(total),
            str(rng.randint(0, total)),
            _messy_rupiah(rng, people.capital()),
            _messy_rupiah(rng, people.sales()),
        ]
        if len(recent) < 1000:
            recent.append(row)
        elif rng.random() < 0.01:
            recent[rng.randrange(1000)] = row
        yield row


def write_sheet(
    path: Path, villages: list[Village], count: int, *, nib_prefix: str, regency_name: str
) -> None:
    """A CSV as regency offices export it: UTF-8 with BOM, semicolons, title rows."""
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow([f"DATA IKM KERAJINAN DAN BATIK {regency_name.upper()}"])
        writer.writerow(["Sumber: pendataan lapangan DKUPP"])
        writer.writerow([])
        writer.writerow(SHEET_HEADER)
        writer.writerows(sheet_rows(villages, count, nib_prefix=nib_prefix))
