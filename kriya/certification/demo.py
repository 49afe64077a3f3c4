"""Demo data for `make run`: the schemes, and a demo batik business whose requests went
through the real services — a granted Batikmark certificate with labels, an SPPT SNI
certificate with overdue surveillance, an evaluation awaiting its decision, one with
an open nonconformity, and a halal certificate waiting for the desk. Every record is
marked demo (through its request or business). Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kriya.accounts.demo import demo_email, demo_phone, ensure_user
from kriya.accounts.models import User
from kriya.regions.models import Region

from .models import Certificate, Scheme

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# the desk and the lab (it files its requests through the desk's catalogue).
SEED_ORDER = 60

DEMO_NIB = "9120000131340"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _catalogue(data: dict) -> None:
    """The certification services of the catalogue (kept when already seeded)."""
    from kriya.desk.catalogue import seed_catalogue
    from kriya.desk.models import Service

    if not Service.objects.filter(code="batikmark").exists():
        seed_catalogue(data=data)


def _business(owner):
    from kriya.registry import services as registry
    from kriya.registry.demo import add_demo_photo
    from kriya.registry.models import Business

    business = Business.objects.filter(nib=DEMO_NIB).first()
    if business is not None:
        return business
    village = (
        Region.objects.filter(code="35.13.20.2001").first()
        or Region.objects.filter(level=4).first()
    )
    if village is None:
        return None
    business = registry.create_business(
        data={
            "nib": DEMO_NIB,
            "name": "Batik Pandalungan Bromo",
            "owner_name": "Siti Aminah",
            "phone": demo_phone(20),  # reaches nobody (kriya.accounts.demo)
            "village_id": village.pk,
            "sector": "batik",
            "annual_sales": 180_000_000,
            "kbli": ["13134"],
            # Batikmark requires a trademark; a demo value, not a DJKI registration.
            "trademark_number": "DEMO-IDM000000001",
        },
        by=owner,
        owner=owner,
        is_demo=True,
    )
    # Verified by the demo regency officer, so that its certificates' badges show in the
    # showcase.
    from kriya.registry.workflow import LIFECYCLE

    officer = User.objects.filter(email=demo_email("dkupp")).first()
    registry.transition_business(business=business, action="submit", by=owner)
    if officer is not None and LIFECYCLE.can(business, officer, "verify"):
        registry.transition_business(business=business, action="verify", by=officer)
    # The record is marked demo; the site-wide demo banner says so, not the names.
    for name, technique, motif, category, dye, price in [
        ("Kain batik tulis anggur pewarna alam", "tulis", "anggur", "kain", "natural", 875_000),
        ("Selendang batik tulis letusan Bromo", "tulis", "letusan Gunung Bromo", "selendang",
         "synthetic", 465_000),
        ("Kain batik cap batu-batuan warna soga", "cap", "batu-batuan", "kain", "synthetic",
         189_000),
        ("Kemeja printing motif kawung", "printing", "kawung", "kemeja", "", 99_000),
    ]:  # fmt: skip
        product = registry.create_product(
            business=business,
            data={
                "name": name,
                "sector": "batik",
                "category": category,
                "technique": technique,
                "motif": motif,
                "dye": dye,
                "price": price,
                "is_published": True,
            },
            by=owner,
            is_demo=True,
        )
        add_demo_photo(product, by=owner)
    return business


def _paid_request(*, business, code, products, owner, desk):
    """A request filed and paid through the service desk's own services."""
    from kriya.desk import services as desk_services
    from kriya.desk.models import Service

    service = Service.objects.get(code=code)
    documents = {d.code: ContentFile(PDF, name=f"{d.code}.pdf") for d in service.documents.all()}
    request, _created = desk_services.create_request(
        business=business,
        service=service,
        by=owner,
        items=[{"name": p.name, "kind": "product", "product": p} for p in products],
        documents=documents,
        submit=True,
        is_demo=True,
    )
    desk_services.transition_request(request=request, action="review", by=desk)
    desk_services.transition_request(request=request, action="accept", by=desk)
    if not service.is_billed:
        return request
    today = timezone.localdate()
    desk_services.issue_bill(
        request=request,
        lines=[{"description": "Biaya sertifikasi (demo)", "unit_price": 1_000_000, "quantity": 1}],
        due_date=today + timedelta(days=7),
        billing_code="820260000000001",
        by=desk,
    )
    desk_services.upload_payment_proof(
        request=request, file=ContentFile(PDF, name="bukti.pdf"), paid_on=today, by=owner
    )
    desk_services.confirm_payment(request=request, by=desk)
    return request


def _evaluate(request, evaluator, scheme, products, *, recommend=True):
    from . import services

    evaluation = services.start_evaluation(
        request=request, by=evaluator, scheme=scheme, products=products
    )
    for requirement in scheme.requirements.all():
        services.check_requirement(
            evaluation=evaluation,
            requirement=requirement,
            verdict="conform",
            note="Demo",
            by=evaluator,
        )
    services.complete_review(evaluation=evaluation, by=evaluator)
    if recommend:
        services.recommend(evaluation=evaluation, outcome="grant", note="Demo", by=evaluator)
    return evaluation


@transaction.atomic
def seed() -> None:
    from .reference import load_reference, seed_bodies, seed_schemes

    try:
        data = load_reference()
    except FileNotFoundError:
        return  # KRIYA_REFERENCE_YAML does not point at a file
    _catalogue(data)
    seed_bodies(data=data)
    seed_schemes(data=data)
    if Certificate.objects.filter(is_demo=True).exists():
        return
    evaluator = User.objects.filter(email=demo_email("evaluator")).first()
    decider = User.objects.filter(email=demo_email("pemutus")).first()
    desk = User.objects.filter(email=demo_email("layanan")).first()
    if not (evaluator and decider and desk):
        return  # the accounts demo comes first
    owner = ensure_user("pemilik-batik", "Siti Aminah")
    business = _business(owner)
    if business is None:
        return  # no regions loaded
    from . import services

    products = {
        p.technique + ("2" if "Selendang" in p.name else ""): p for p in business.products.all()
    }
    batikmark = Scheme.objects.get(code="batikmark")
    sppt = Scheme.objects.get(code="sppt-sni-5")
    today = timezone.localdate()

    # 1. A granted Batikmark certificate with a batch of labels.
    request = _paid_request(
        business=business,
        code="batikmark",
        products=[products["tulis"], products["tulis2"]],
        owner=owner,
        desk=desk,
    )
    evaluation = _evaluate(request, evaluator, batikmark, [products["tulis"], products["tulis2"]])
    certificate = services.decide(
        evaluation=evaluation, outcome="grant", by=decider, today=today - timedelta(days=30)
    )
    batch = services.order_labels(certificate=certificate, quantity=3, by=owner, note="Demo")
    services.issue_labels(batch=batch, by=desk)

    # 2. An SPPT SNI type 5 certificate issued 13 months ago: its surveillance is overdue.
    request = _paid_request(
        business=business, code="sppt_sni", products=[products["cap"]], owner=owner, desk=desk
    )
    evaluation = _evaluate(request, evaluator, sppt, [products["cap"]])
    services.decide(
        evaluation=evaluation, outcome="grant", by=decider, today=today - timedelta(days=395)
    )

    # 3. A Batikmark evaluation of the cap cloth waiting for the decision.
    request = _paid_request(
        business=business, code="batikmark", products=[products["cap"]], owner=owner, desk=desk
    )
    _evaluate(request, evaluator, batikmark, [products["cap"]])

    # 4. Green industry: an audit found a minor nonconformity the holder must correct.
    green = Scheme.objects.get(code="industri-hijau")
    request = _paid_request(
        business=business,
        code="industri_hijau",
        products=[products["tulis"]],
        owner=owner,
        desk=desk,
    )
    evaluation = _evaluate(request, evaluator, green, [products["tulis"]], recommend=False)
    audit = services.plan_audit(
        evaluation=evaluation,
        kind="assessment",
        planned_on=today,
        lead_auditor=evaluator,
        location="Rumah produksi, Paiton",
        by=evaluator,
    )
    services.record_audit(
        audit_row=audit, conducted_on=today, summary="Verifikasi lapangan (demo).", by=evaluator
    )
    services.raise_finding(
        audit_row=audit,
        grade="minor",
        clause="SIH 13134:2023 — air limbah",
        description="Catatan pengolahan air limbah pewarnaan belum ada (demo).",
        deadline=today + timedelta(days=30),
        by=evaluator,
    )

    # 5. A BPJPH halal certificate recorded by the holder, waiting for the desk.
    services.record_halal_certificate(
        business=business,
        products=[products["printing"]],
        number="SH2026-DEMO-0001",
        issued_on=today - timedelta(days=60),
        by=owner,
    )
