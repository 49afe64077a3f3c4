"""Fixtures of certification: the schemes (seeded from the reference data's sections,
built here), a batik business in Kabupaten Probolinggo with products of each
technique, another business in Kota Probolinggo, the certification body's people, and
helpers that bring a request to any point of its evaluation."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.certification import services
from kriya.certification.models import Outcome, Scheme
from kriya.certification.reference import seed_schemes
from kriya.desk.models import Service, ServiceRequest
from kriya.desk.models import Status as RequestStatus
from kriya.registry import services as registry_services

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# The sections of reference.yaml the schemes are seeded from (as the yaml says them).
REFERENCE = {
    "batik_techniques": {
        "tulis": {"sni": "SNI 8302:2016/Amd.1:2019", "batikmark_colour": "gold"},
        "cap": {"sni": "SNI 8303:2016/Amd.1:2019", "batikmark_colour": "white"},
        "kombinasi": {"sni": "SNI 8304:2016/Amd.1:2019", "batikmark_colour": "silver"},
        "printing": {"sni": None},
    },
    "workflows": {
        "sppt_sni": ["permohonan", "audit_tahap_1", "uji_laboratorium", "keputusan"],
        "batikmark": ["permohonan", "pemeriksaan_dokumen", "pengambilan_contoh_di_lokasi"],
        "batikmark_requirements": [
            "merek_terdaftar_atau_bukti_permohonan_DJKI",
            "KTP",
            "NIB",
            "NPWP",
            "contoh_merek",
            "lulus_uji_mengkeret",
            "lulus_uji_luntur_gosokan_dan_pencucian",
        ],
    },
    "certificate_validity": {
        "sppt_sni": {"years": 4, "surveillance": "at least yearly"},
        "batikmark": {"years": 3, "verified": False},
        "industri_hijau": {"years": 4, "verified": False},
        "halal": {"years": None, "note": "no fixed expiry"},
    },
}

TODAY = date(2026, 6, 1)


def pdf_upload(name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def catalogue(db):
    """The certification services of the catalogue (codes as in reference.yaml)."""
    rows = [
        ("sppt_sni", "Sertifikasi produk SPPT SNI", "LSPRO"),
        ("batikmark", "Sertifikasi Batikmark", "LSPRO"),
        ("industri_hijau", "Sertifikasi Industri Hijau", "LSIH"),
        ("pemeriksaan_halal", "Pemeriksaan halal", "LPH"),
    ]
    return {
        code: Service.objects.create(
            code=code, name_id=name, body=body, output_id="Sertifikat", standard_days=30
        )
        for code, name, body in rows
    }


@pytest.fixture
def schemes(catalogue):
    seed_schemes(data=REFERENCE)
    return {s.code: s for s in Scheme.objects.all()}


@pytest.fixture
def owner(make_user):
    return make_user("owner@batik.test", full_name="Siti Aminah")


@pytest.fixture
def stranger(make_user):
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
            "address": "Jl. Raya Paiton No. 12",
            "trademark_number": "IDM000123456",
        },
        by=owner,
        owner=owner,
    )


@pytest.fixture
def business(regions, owner):
    """Batik Prabulinggih in Paiton, Kabupaten Probolinggo (35.13), owned by `owner`."""
    return _business(owner, "9120001234567", "Batik Prabulinggih", "35.13.20.2001")


@pytest.fixture
def other_business(regions, stranger):
    return _business(stranger, "9120007654321", "Batik Kota", "35.74.01.1001")


def _product(business, owner, name, technique, motif="anggur", sector="batik", category="kain"):
    return registry_services.create_product(
        business=business,
        data={
            "name": name,
            "sector": sector,
            "category": category,
            "technique": technique,
            "motif": motif,
            "price": 350_000,
            "is_published": True,
        },
        by=owner,
    )


@pytest.fixture
def products(business, owner):
    return {
        "tulis": _product(business, owner, "Kain batik tulis motif anggur", "tulis"),
        "tulis2": _product(business, owner, "Selendang batik tulis Bromo", "tulis", "Bromo"),
        "cap": _product(business, owner, "Kain batik cap", "cap"),
        "printing": _product(business, owner, "Kain printing motif batik", "printing"),
    }


@pytest.fixture
def staff(make_user, agency, member):
    """staff(role, name) → a user with that agency role."""

    def make(role, name=None):
        name = name or role
        user = make_user(f"{name}@agency.test", full_name=name.title())
        member(user, agency, role)
        return user

    return make


@pytest.fixture
def evaluator(staff):
    return staff(Role.EVALUATOR, "eva")


@pytest.fixture
def second_evaluator(staff):
    return staff(Role.EVALUATOR, "edi")


@pytest.fixture
def decision_maker(staff):
    return staff(Role.DECISION_MAKER, "putu")


@pytest.fixture
def head(staff):
    return staff(Role.HEAD, "kepala")


@pytest.fixture
def desk(staff):
    return staff(Role.DESK, "dewi")


@pytest.fixture
def administrator(make_user, agency, member):
    user = make_user("admin@agency.test", full_name="Ani", is_staff=True)
    return member(user, agency, Role.ADMINISTRATOR)


@pytest.fixture
def facilitator(make_user, member, business):
    from kriya.registry.models import FacilitationConsent

    org = Organisation.objects.create(name="APBBA", kind=OrganisationKind.ASSOCIATION)
    user = member(make_user("pendamping@apbba.test", full_name="Pendamping"), org, Role.FACILITATOR)
    FacilitationConsent.objects.create(
        business=business,
        facilitator=user,
        method="in_person",
        declared_by="Siti Aminah",
        declared_at=timezone.now(),
    )
    return user


@pytest.fixture
def make_request(owner, business, catalogue):
    """A paid certification request for `service_code` naming `products` (status set
    directly: only for building test data)."""

    def make(service_code="batikmark", items=(), *, business_=None, status=RequestStatus.PAID):
        request = ServiceRequest.objects.create(
            business=business_ or business,
            service=catalogue[service_code],
            filed_by=owner,
            standard_days=30,
        )
        for product in items:
            request.items.create(kind="product", product=product, name=product.name)
        ServiceRequest.objects.filter(pk=request.pk).update(status=status)
        request.refresh_from_db()
        return request

    return make


@pytest.fixture
def flow(schemes, make_request, products, evaluator, owner):
    """Steps of an evaluation, each usable alone."""

    class Flow:
        def start(self, scheme="batikmark", items=None, service=None):
            items = items if items is not None else [products["tulis"], products["tulis2"]]
            service = service or {"batikmark": "batikmark"}.get(scheme) or _service_of(scheme)
            request = make_request(service, items)
            return services.start_evaluation(request=request, by=evaluator, scheme=schemes[scheme])

        def review(self, evaluation, verdict="conform"):
            for requirement in evaluation.scheme.requirements.all():
                services.check_requirement(
                    evaluation=evaluation, requirement=requirement, verdict=verdict, by=evaluator
                )
            if evaluation.status == "review":
                services.complete_review(evaluation=evaluation, by=evaluator)
            return evaluation

        def recommended(self, scheme="batikmark", outcome=Outcome.GRANT, **kw):
            evaluation = self.review(self.start(scheme, **kw))
            services.recommend(
                evaluation=evaluation, outcome=outcome, note="Memenuhi", by=evaluator
            )
            return evaluation

        def certificate(self, decision_maker, scheme="batikmark", today=None, **kw):
            evaluation = self.recommended(scheme, **kw)
            return services.decide(
                evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker, today=today
            )

    return Flow()


def _service_of(scheme_code: str) -> str:
    if scheme_code.startswith("sppt-sni"):
        return "sppt_sni"
    return {"industri-hijau": "industri_hijau", "pemeriksaan-halal": "pemeriksaan_halal"}[
        scheme_code
    ]


@pytest.fixture
def notices(monkeypatch):
    """Every call of the notification seam, as (event, business, audience)."""
    from kriya.certification import notifications

    calls = []

    def record(*, event, business, obj, by, audience="holder", data=None):
        calls.append((event, business, audience))

    monkeypatch.setattr(notifications, "notify", record)
    return calls


def days(n):
    return timedelta(days=n)


@pytest.fixture
def real_pdf():
    """Ask for this fixture to render PDFs with WeasyPrint; other tests get a tiny
    valid PDF instead (rendering takes about a second each)."""
    return True


@pytest.fixture(autouse=True)
def _quick_pdfs(request, monkeypatch):
    if "real_pdf" in request.fixturenames:
        return
    from kriya.certification import documents

    monkeypatch.setattr(documents, "_pdf", lambda template, context, language="id": PDF_BYTES)
