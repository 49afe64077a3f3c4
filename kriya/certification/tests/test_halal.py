"""External halal certificates (BPJPH, SH…): recorded by the holder, checked by the
desk, valid while composition and process stay unchanged."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kriya.certification import services
from kriya.certification.models import HalalCertificate, HalalStatus

from .conftest import pdf_upload


def record(business, products, owner, number="SH2026-0001", **kw):
    return services.record_halal_certificate(
        business=business,
        products=products,
        number=number,
        issued_on=kw.pop("issued_on", date(2026, 4, 1)),
        by=owner,
        **kw,
    )


def test_a_holder_records_and_the_desk_accepts(products, business, owner, desk):
    halal = record(business, [products["tulis"]], owner, evidence=pdf_upload("sh.pdf"))
    assert halal.status == HalalStatus.SUBMITTED and halal.evidence.name
    services.check_halal_certificate(halal=halal, accept=True, by=desk)
    assert halal.status == HalalStatus.ACCEPTED and halal.checked_by == desk


@pytest.mark.parametrize("number", ["", "12345", "ID3511000", "SH"])
def test_a_number_must_be_a_bpjph_sh_number(products, business, owner, number):
    with pytest.raises(ValidationError) as error:
        record(business, [products["tulis"]], owner, number=number)
    assert "number" in error.value.message_dict
    assert not HalalCertificate.objects.exists()


def test_an_issue_date_in_the_future_and_no_products_are_refused(products, business, owner):
    with pytest.raises(ValidationError) as error:
        record(business, [], owner, issued_on=timezone.localdate() + timedelta(days=1))
    assert {"issued_on", "products"} <= set(error.value.message_dict)


def test_a_copy_must_be_a_real_pdf_or_image(products, business, owner):
    fake = SimpleUploadedFile("sh.png", b"%PDF-1.4 ... %%EOF", "image/png")
    with pytest.raises(ValidationError) as error:
        record(business, [products["tulis"]], owner, evidence=fake)
    assert "evidence" in error.value.message_dict


def test_the_same_number_is_recorded_once(products, business, owner):
    record(business, [products["tulis"]], owner)
    with pytest.raises(ValidationError):
        record(business, [products["cap"]], owner)


def test_a_rejection_needs_a_reason_and_frees_the_number(products, business, owner, desk):
    halal = record(business, [products["tulis"]], owner)
    with pytest.raises(ValidationError):
        services.check_halal_certificate(halal=halal, accept=False, by=desk)
    services.check_halal_certificate(
        halal=halal, accept=False, reason="Nomor tidak ditemukan di SIHALAL", by=desk
    )
    assert halal.status == HalalStatus.REJECTED
    record(business, [products["tulis"]], owner)


def test_a_changed_composition_lapses_it(products, business, owner, desk):
    halal = record(business, [products["tulis"]], owner)
    services.check_halal_certificate(halal=halal, accept=True, by=desk)
    services.lapse_halal_certificate(halal=halal, reason="Pewarna diganti", by=owner)
    assert halal.status == HalalStatus.LAPSED


def test_only_the_holder_records_and_only_the_desk_checks(
    products, business, owner, stranger, evaluator
):
    with pytest.raises(PermissionDenied):
        record(business, [products["tulis"]], stranger)
    halal = record(business, [products["tulis"]], owner)
    for user in (owner, evaluator):
        with pytest.raises(PermissionDenied):
            services.check_halal_certificate(halal=halal, accept=True, by=user)


def test_products_of_another_business_cannot_be_covered(
    products, business, other_business, owner, stranger
):
    from kriya.registry import services as registry

    other = registry.create_product(
        business=other_business, data={"name": "Tas", "sector": "kulit", "price": 1}, by=stranger
    )
    with pytest.raises(ValidationError):
        record(business, [other], owner)
