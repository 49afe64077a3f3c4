"""The demo data goes through the real services and can be loaded twice."""

from kriya.accounts import demo as accounts_demo
from kriya.certification import demo
from kriya.certification.models import (
    Certificate,
    CorrectiveAction,
    Evaluation,
    HalalCertificate,
    Label,
    Scheme,
)
from kriya.certification.queries import overdue_surveillance


def test_the_demo_seeds_every_situation_once(regions, settings, tmp_path):
    import yaml

    from .conftest import REFERENCE

    services = [
        {"code": "sppt_sni", "name": "Sertifikasi produk SPPT SNI", "body": "LSPRO"},
        {"code": "batikmark", "name": "Sertifikasi Batikmark", "body": "LSPRO"},
        {"code": "industri_hijau", "name": "Sertifikasi Industri Hijau", "body": "LSIH"},
        {"code": "pemeriksaan_halal", "name": "Pemeriksaan halal", "body": "LPH"},
    ]
    data = {**REFERENCE, "services": services}
    (tmp_path / "reference.yaml").write_text(yaml.safe_dump(data))
    settings.KRIYA_REFERENCE_YAML = tmp_path / "reference.yaml"
    accounts_demo.seed()
    demo.seed()
    demo.seed()
    assert Scheme.objects.count() == 6
    assert Certificate.objects.filter(is_demo=True).count() == 2
    assert Label.objects.count() == 3
    assert overdue_surveillance().count() == 1
    assert Evaluation.objects.awaiting_decision().count() == 1
    assert CorrectiveAction.objects.unresolved().count() == 1
    assert HalalCertificate.objects.get().status == "submitted"
    assert all(e.is_demo for e in Evaluation.objects.all())
    # Every demo product has its drawn photo; the banner, not the names, says "demo".
    from kriya.registry.models import Business, Product

    products = Product.objects.filter(is_demo=True)
    assert products.exists() and not products.filter(photos__isnull=True).exists()
    assert not any("(demo)" in p.name for p in products)
    business = Business.objects.get(is_demo=True)
    assert "(demo)" not in business.name
    # Verified, so the showcase shows it with the badges of its live certificates.
    from kriya.certification.queries import product_badges

    assert business.status == "verified"
    found = product_badges(list(products.values_list("pk", flat=True)))
    assert {b.code for infos in found.values() for b in infos} == {"batikmark_tulis", "sppt_sni"}


def test_the_demo_waits_for_the_reference_data(regions, settings, tmp_path):
    settings.KRIYA_REFERENCE_YAML = tmp_path / "missing.yaml"
    accounts_demo.seed()
    demo.seed()
    assert not Scheme.objects.exists()
