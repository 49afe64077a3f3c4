"""The demo data goes through the real services and can be loaded twice."""

from django.urls import reverse

from kriya.accounts import demo as accounts_demo
from kriya.certification import demo
from kriya.certification.models import (
    AuthorisedSignatory,
    Certificate,
    CorrectiveAction,
    Evaluation,
    HalalCertificate,
    Label,
    Scheme,
)
from kriya.certification.queries import overdue_surveillance
from kriya.certification.register import document_of, label_document
from kriya.core.reference import load_reference
from kriya.lab import demo as lab_demo
from kriya.lab.models import TestReport
from kriya.registry.models import Business


def test_the_demo_seeds_every_situation_once(regions, settings, tmp_path, client):
    import yaml

    from .conftest import REFERENCE

    services = [
        {"code": "sppt_sni", "name": "Sertifikasi produk SPPT SNI", "body": "LSPRO"},
        {"code": "batikmark", "name": "Sertifikasi Batikmark", "body": "LSPRO"},
        {"code": "industri_hijau", "name": "Sertifikasi Industri Hijau", "body": "LSIH"},
        {"code": "pemeriksaan_halal", "name": "Pemeriksaan halal", "body": "LPH"},
    ]
    services.append({"code": "pengujian", "name": "Pengujian", "body": "LAB"})
    bodies = [{"code": c, "name": f"{c} (uji)"} for c in ("LSPRO", "LPH", "LSIH")]
    shipped = load_reference()  # the lab's standards and parameters, as shipped
    data = {
        **REFERENCE,
        "services": services,
        "first_deployment": {"agency": {"bodies": bodies}},
        "standards": shipped["standards"],
        "test_parameters": shipped["test_parameters"],
    }
    (tmp_path / "reference.yaml").write_text(yaml.safe_dump(data))
    settings.KRIYA_REFERENCE_YAML = tmp_path / "reference.yaml"
    accounts_demo.seed()
    lab_demo.seed()
    demo.seed()
    demo.seed()
    assert Scheme.objects.count() == 6
    assert Certificate.objects.filter(is_demo=True).count() == 3
    assert Label.objects.count() == 5
    assert overdue_surveillance().count() == 1
    assert Evaluation.objects.awaiting_decision().count() == 1
    assert CorrectiveAction.objects.unresolved().count() == 1
    halal = dict(HalalCertificate.objects.values_list("number", "status"))
    assert halal == {"SH2026-DEMO-0001": "submitted", "SH2026-DEMO-0002": "accepted"}
    assert all(e.is_demo for e in Evaluation.objects.all())
    # Every demo product has its drawn photo; the banner, not the names, says "demo".
    from kriya.registry.models import Product

    products = Product.objects.filter(is_demo=True)
    assert products.exists() and not products.filter(photos__isnull=True).exists()
    assert not any("(demo)" in p.name for p in products)
    assert not any("(demo)" in b.name for b in Business.objects.filter(is_demo=True))
    # One signatory per certifying body, marked demo, printed on the certificates.
    signatories = AuthorisedSignatory.objects.all()
    assert signatories.count() == 2
    assert all("(demo)" in s.full_name for s in signatories)
    assert all(
        c.signatory_name == demo.DEMO_SIGNATORY["full_name"] for c in Certificate.objects.all()
    )
    # The business is verified, so its showcase page is public.
    business = Business.objects.get(nib=demo.DEMO_NIB)
    assert business.status == "verified"
    # The suspended certificate and its labels are suspended in the register too.
    suspended = Certificate.objects.get(status="suspended")
    assert suspended.scheme.code == "batikmark"
    assert document_of(suspended).status == "suspended"
    serials = Label.objects.filter(certificate=suspended).values_list("serial", flat=True)
    assert len(serials) == 2
    assert all(label_document(s).parent == document_of(suspended) for s in serials)
    # /verifikasi/ says so for the certificate's number and for a label's serial.
    for q in (suspended.number, serials[0]):
        response = client.get("/verifikasi/", {"q": q})
        assert [r["verdict"] for r in response.context["results"]] == ["suspended"], q
        assert 'data-verdict="suspended"' in response.content.decode()
    # The test report of the same business is issued, with verdicts.
    report = TestReport.objects.get(request__business=business)
    assert report.is_demo and report.is_current
    assert report.overall_verdict in ("within", "outside")
    # The showcase page of the business is public and its product cards show badges.
    response = client.get(reverse("showcase:business", args=[business.slug]))
    assert response.status_code == 200
    badges = {p.name: {b.code for b in p.badges} for p in response.context["products"]}
    codes = set().union(*badges.values())
    assert {"sppt_sni", "halal"} <= codes
    assert any(code.startswith("batikmark") for code in codes)
    assert badges[demo.SUSPENDED_PRODUCT] == set()  # a suspended certificate shows no badge
    html = response.content.decode()
    labels = {b.label for p in response.context["products"] for b in p.badges}
    assert all(f'data-badge="{code}">' in html for code in codes)
    assert all(f">{label}</li>" in html for label in labels)


def test_the_demo_waits_for_the_reference_data(regions, settings, tmp_path):
    settings.KRIYA_REFERENCE_YAML = tmp_path / "missing.yaml"
    accounts_demo.seed()
    demo.seed()
    assert not Scheme.objects.exists()
