"""Fixtures of the service desk: a catalogue service, businesses in two regencies, the
agency's people, and helpers to build requests and small valid files."""

import io

import pytest
from PIL import Image

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.desk.models import Service, ServiceDocument, ServiceRequest, TariffItem
from kriya.registry import services as registry_services

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def pdf():
    return lambda name="dokumen.pdf": upload(name, PDF_BYTES, "application/pdf")


@pytest.fixture
def owner(make_user):
    return make_user("owner@batik.test", full_name="Siti Aminah")


@pytest.fixture
def stranger(make_user):
    """The owner of another business, in another regency."""
    return make_user("owner@kota.test", full_name="Budi")


def _business(owner, nib, name, village):
    return registry_services.create_business(
        data={
            "nib": nib,
            "name": name,
            "owner_name": str(owner),
            "village_id": village,
            "sector": "batik",
            "annual_sales": 150_000_000,
        },
        by=owner,
        owner=owner,
    )


@pytest.fixture
def business(regions, owner):
    """Batik Prabulinggih in Kabupaten Probolinggo (35.13), owned by `owner`."""
    return _business(owner, "9120001234567", "Batik Prabulinggih", "35.13.20.2001")


@pytest.fixture
def other_business(regions, stranger):
    """A business in Kota Probolinggo (35.74), owned by `stranger`."""
    return _business(stranger, "9120007654321", "Batik Kota", "35.74.01.1001")


@pytest.fixture
def staff(make_user, agency, member):
    """make staff("analyst") → a user with that agency role."""

    def make(role, email=None):
        user = make_user(email or f"{role}@agency.test", full_name=role.title())
        member(user, agency, role)
        return user

    return make


@pytest.fixture
def analyst(staff):
    return staff(Role.ANALYST)


@pytest.fixture
def head(staff):
    return staff(Role.HEAD)


@pytest.fixture
def facilitator(make_user, regions, member):
    org = Organisation.objects.create(name="APBBA", kind=OrganisationKind.ASSOCIATION)
    return member(make_user("pendamping@apbba.test", full_name="Pendamping"), org, Role.FACILITATOR)


@pytest.fixture
def testing_service(db):
    """Testing (pengujian) by the lab: billed, 5 working days, one mandatory document."""
    service = Service.objects.create(
        code="pengujian",
        name_id="Pengujian",
        name_en="Testing",
        body="LAB",
        output_id="Sertifikat Hasil Uji",
        standard_days=5,
        variant="billed",
        is_verified=True,
    )
    ServiceDocument.objects.create(
        service=service, code="surat_permohonan", name_id="Surat permohonan", is_mandatory=True
    )
    TariffItem.objects.create(
        service=service,
        code="luntur",
        name_id="Uji tahan luntur warna",
        unit="parameter",
        amount=150_000,
        is_verified=True,
    )
    return service


@pytest.fixture
def free_service(db):
    return Service.objects.create(
        code="konsultansi", name_id="Konsultansi", body="DESK", variant="free", standard_days=3
    )


@pytest.fixture
def make_request(owner, business, testing_service):
    """A request in any status (set directly: only for building test data)."""

    def make(status="draft", *, service=None, business_=None, by=None, **fields):
        req = ServiceRequest.objects.create(
            business=business_ or business,
            service=service or testing_service,
            filed_by=by or owner,
            **fields,
        )
        req.items.create(name="Kain batik tulis", quantity=1)
        if status != "draft":
            ServiceRequest.objects.filter(pk=req.pk).update(status=status)
            req.refresh_from_db()
        return req

    return make


@pytest.fixture
def consent(facilitator, business):
    """`business` consents that `facilitator` files and follows its requests."""
    from django.utils import timezone

    from kriya.registry.models import FacilitationConsent

    return FacilitationConsent.objects.create(
        business=business,
        facilitator=facilitator,
        method="in_person",
        declared_by="Siti Aminah",
        declared_at=timezone.now(),
    )


@pytest.fixture
def personas(
    owner, stranger, other_business, facilitator, consent, officer, other_officer, desk, staff
):
    """Everyone who might try a move, by name; `system` is None (a background task)."""
    from django.contrib.auth.models import AnonymousUser

    return {
        "owner": owner,
        "facilitator": facilitator,
        "stranger": stranger,
        "officer": officer,
        "other_officer": other_officer,
        "desk": desk,
        "analyst": staff(Role.ANALYST),
        "supervisor": staff(Role.SUPERVISOR),
        "evaluator": staff(Role.EVALUATOR),
        "decision_maker": staff(Role.DECISION_MAKER),
        "head": staff(Role.HEAD),
        "trainer": staff(Role.TRAINER),
        "administrator": staff(Role.ADMINISTRATOR),
        "anonymous": AnonymousUser(),
        "system": None,
    }


@pytest.fixture
def programme(probolinggo_unit, testing_service, officer):
    """Kabupaten Probolinggo's programme funding testing for 3 businesses this year."""
    import datetime

    from django.utils import timezone

    from kriya.desk.models import Programme

    year = timezone.localdate().year
    programme = Programme.objects.create(
        unit=probolinggo_unit,
        name=f"Fasilitasi pengujian {year}",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        quota=3,
        created_by=officer,
    )
    programme.services.add(testing_service)
    return programme


@pytest.fixture
def make_business(regions, make_user):
    """make_business(n) → a business in Kabupaten Probolinggo with its own owner."""

    def make(n: int, village="35.13.20.2001"):
        owner = make_user(f"owner{n}@batik.test", full_name=f"Pemilik {n}")
        return _business(owner, f"91200{n:08d}", f"Batik Nomor {n}", village)

    return make


@pytest.fixture
def make_complaint(owner, make_request):
    """A complaint in any status on a submitted request (status set directly)."""
    from kriya.desk.models import Complaint

    def make(status="received", *, request=None, by=None):
        complaint = Complaint.objects.create(
            request=request or make_request("submitted"),
            filed_by=by or owner,
            subject="Hasil uji terlambat",
            body="Sudah lewat standar pelayanan.",
        )
        if status != "received":
            Complaint.objects.filter(pk=complaint.pk).update(status=status)
            complaint.refresh_from_db()
        return complaint

    return make
