"""Demo data for `make run`: the catalogue from reference.yaml, and a few requests in
different states for the demo businesses (marked is_demo): a draft, a submitted halal
request sponsored by the demo regency's programme, one awaiting payment with a complaint,
one completed whose survey is still open and one completed and surveyed. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .catalogue import seed_catalogue
from .models import Service, ServiceRequest

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# the registry (requests of its businesses).
SEED_ORDER = 40

# A minimal valid PDF, standing in for documents in the demo.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_user(local: str):
    from kriya.accounts.demo import demo_email
    from kriya.accounts.models import User

    return User.objects.filter(email=demo_email(local)).first()


def _owner_of(business):
    from kriya.accounts.models import Membership, Role

    membership = (
        Membership.objects.filter(organisation=business.organisation, role=Role.OWNER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed() -> None:
    """Load the catalogue; then, once, demo requests for up to two demo businesses."""
    seed_catalogue()
    if ServiceRequest.objects.filter(is_demo=True).exists():
        return
    from kriya.registry.models import Business

    desk, analyst = _demo_user("layanan"), _demo_user("analis")
    pairs = [(b, _owner_of(b)) for b in Business.objects.filter(is_demo=True).order_by("pk")]
    pairs = [(b, o) for b, o in pairs if o is not None][:2]
    if not pairs or desk is None or analyst is None:
        return
    with transaction.atomic():
        _seed_requests(pairs, desk, analyst)


def _seed_requests(pairs, desk, analyst) -> None:
    from django.core.files.base import ContentFile

    from . import complaints, services, survey

    services_by_code = {s.code: s for s in Service.objects.all()}
    business, owner = pairs[0]
    items = [{"name": "Kain batik tulis motif anggur", "description": "Pewarna alam, 2 × 1,15 m"}]

    def file(code: str, business, submit: bool):
        request, _ = services.create_request(
            business=business,
            service=services_by_code[code],
            by=_owner_of(business),
            items=items,
            notes="Data demo.",
            submit=submit,
            is_demo=True,
        )
        return request

    file("batikmark", business, submit=False)
    halal = file("pemeriksaan_halal", business, submit=True)

    billed = file("pengujian", business, submit=True)
    services.transition_request(request=billed, action="review", by=desk)
    services.transition_request(request=billed, action="accept", by=desk)
    services.issue_bill(
        request=billed,
        lines=[
            {
                "description": "Baris tagihan contoh (data demo, bukan tarif resmi)",
                "unit_price": 100_000,
                "quantity": 1,
            }
        ],
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        billing_code="820260000000001",
        by=desk,
    )

    business2 = pairs[-1][0]

    def completed(billing_code: str):
        done = file("pengujian", business2, submit=True)
        services.transition_request(request=done, action="review", by=desk)
        services.transition_request(request=done, action="accept", by=desk)
        services.issue_bill(
            request=done,
            lines=[
                {
                    "description": "Baris tagihan contoh (data demo, bukan tarif resmi)",
                    "unit_price": 100_000,
                    "quantity": 1,
                }
            ],
            due_date=timezone.localdate() + datetime.timedelta(days=7),
            billing_code=billing_code,
            by=desk,
        )
        services.confirm_payment(request=done, by=desk)
        services.start_work(request=done, by=analyst)
        document = services.attach_result_document(
            request=done,
            file=ContentFile(DEMO_PDF, name="SHU-demo.pdf"),
            name="SHU-demo.pdf",
            title="Sertifikat Hasil Uji (demo)",
            by=analyst,
        )
        services.mark_result_ready(request=done, by=analyst, document=document)
        services.complete_request(request=done, by=desk)
        return done

    # Completed, its survey still open: the owner meets the survey before the download.
    completed("820260000000002")
    # Completed and surveyed, so the head's overview shows a satisfaction index.
    surveyed = completed("820260000000003")
    survey.answer_survey(
        request=surveyed,
        scores={"u1": 4, "u2": 3, "u3": 3, "u4": 3, "u5": 4, "u6": 4, "u7": 4, "u8": 3, "u9": 3},
        suggestion="Data demo.",
        by=_owner_of(business2),
    )
    # A complaint on the billed request, waiting for the desk.
    complaints.file_complaint(
        request=billed,
        subject="Kode billing belum bisa dibayar (data demo)",
        body="Bank menolak kode billing; mohon dicek.",
        by=owner,
    )
    _seed_sponsorship(
        halal, services_by_code=services_by_code, note="Usaha binaan DKUPP (data demo)."
    )


def _seed_sponsorship(request, *, services_by_code, note: str) -> None:
    """The demo regency unit's programme, sponsoring the submitted halal request."""
    from kriya.accounts.demo import REGENCY_UNIT
    from kriya.accounts.models import Organisation

    from . import sponsorship

    unit = Organisation.objects.filter(name=REGENCY_UNIT).first()
    officer = _demo_user("dkupp")
    if unit is None or officer is None or unit.regency_id != request.business.regency_id:
        return
    year = timezone.localdate().year
    programme = sponsorship.create_programme(
        unit=unit,
        name=f"Fasilitasi sertifikasi dan pengujian {year} (data demo)",
        services=[services_by_code["pemeriksaan_halal"], services_by_code["pengujian"]],
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        quota=10,
        by=officer,
        is_demo=True,
    )
    sponsorship.sponsor_request(request=request, programme=programme, note=note, by=officer)
