"""Data built in code for the registry tests."""

import io
import itertools

from PIL import Image

from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role
from kriya.registry import services

_nib = itertools.count(9120000000001)


def next_nib() -> str:
    return str(next(_nib))


def business_data(**extra) -> dict:
    data = {
        "nib": next_nib(),
        "name": "Batik Prabulinggih",
        "owner_name": "Siti Aminah",
        "village_id": "35.13.20.2001",
        "sector": "batik",
        "annual_sales": 150_000_000,
    }
    data.update(extra)
    return data


def make_business(owner, *, status: str = "draft", officer=None, **extra):
    """A business owned by `owner`, moved to `status` through the lifecycle."""
    business = services.create_business(data=business_data(**extra), by=owner, owner=owner)
    if status in ("submitted", "verified", "returned", "suspended"):
        services.transition_business(business=business, action="submit", by=owner)
    if status in ("verified", "suspended"):
        services.transition_business(business=business, action="verify", by=officer)
    if status == "returned":
        services.transition_business(
            business=business, action="return", by=officer, reason="Foto kurang jelas"
        )
    if status == "suspended":
        services.transition_business(
            business=business, action="suspend", by=officer, reason="Alamat fiktif"
        )
    return business


def product_data(**extra) -> dict:
    data = {
        "name": "Kain batik tulis motif anggur",
        "sector": "batik",
        "technique": "tulis",
        "motif": "anggur",
        "dye": "natural",
        "price": 450_000,
        "is_published": True,
    }
    data.update(extra)
    return data


def make_product(business, by, **extra):
    return services.create_product(business=business, data=product_data(**extra), by=by)


def make_facilitator(make_user, email="pendamping@example.test"):
    org = Organisation.objects.create(name="APBBA", kind=OrganisationKind.ASSOCIATION)
    user = make_user(email, full_name="Pendamping APBBA")
    Membership.objects.create(user=user, organisation=org, role=Role.FACILITATOR)
    return user


def image_bytes(fmt="JPEG", size=(64, 48), color=(150, 60, 20), exif: bytes | None = None):
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def exif_with_gps_and_orientation(orientation: int = 6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "KameraMerk"  # Make
    exif[0x0131] = "RahasiaSoftware"  # Software
    gps = {1: "S", 2: (7.0, 45.0, 0.0), 3: "E", 4: (113.0, 12.0, 0.0)}
    exif[0x8825] = gps
    return exif.tobytes()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
