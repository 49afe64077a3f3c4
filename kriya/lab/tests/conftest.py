"""Lab personas: an analyst, a supervisor (verifier), a person who is both, and the
lab's administrator. The shared personas (desk, officer, other_officer) come from
kriya/conftest.py."""

import pytest

from kriya.accounts.models import Role


@pytest.fixture
def analyst(make_user, agency, member):
    return member(make_user("analis@agency.test", full_name="Ani Analis"), agency, Role.ANALYST)


@pytest.fixture
def other_analyst(make_user, agency, member):
    return member(make_user("analis2@agency.test", full_name="Budi Analis"), agency, Role.ANALYST)


@pytest.fixture
def supervisor(make_user, agency, member):
    return member(
        make_user("penyelia@agency.test", full_name="Sari Penyelia"), agency, Role.SUPERVISOR
    )


@pytest.fixture
def second_supervisor(make_user, agency, member):
    return member(
        make_user("penyelia2@agency.test", full_name="Tono Penyelia"), agency, Role.SUPERVISOR
    )


@pytest.fixture
def analyst_verifier(make_user, agency, member):
    """An analyst who is also a verifier (both roles)."""
    user = make_user("ganda@agency.test", full_name="Gita Ganda")
    member(user, agency, Role.ANALYST)
    return member(user, agency, Role.SUPERVISOR)


@pytest.fixture
def lab_admin(make_user, agency, member):
    user = make_user("admin@agency.test", full_name="Adi Admin", is_staff=True, is_superuser=True)
    return member(user, agency, Role.ADMINISTRATOR)


# --- Phase 2: a testing request in progress, reference data, instruments -------------------

import io  # noqa: E402
from datetime import timedelta  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402

from kriya.lab.scales import Scale  # noqa: E402
from kriya.lab.verdicts import LimitKind  # noqa: E402


def png_upload(name="contoh.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 60, 20)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def owner(make_user):
    return make_user("owner@batik.test", full_name="Siti Aminah")


@pytest.fixture
def stranger(make_user):
    """The owner of another business, in another regency."""
    return make_user("owner@kota.test", full_name="Budi Kota")


def _business(owner, nib, name, village):
    from kriya.registry import services as registry_services

    return registry_services.create_business(
        data={
            "nib": nib,
            "name": name,
            "owner_name": str(owner),
            "village_id": village,
            "sector": "batik",
            "address": "Jl. Raya Paiton 1",
        },
        by=owner,
        owner=owner,
    )


@pytest.fixture
def business(regions, owner):
    return _business(owner, "9120001234567", "Batik Prabulinggih", "35.13.20.2001")


@pytest.fixture
def other_business(regions, stranger):
    return _business(stranger, "9120007654321", "Batik Kota", "35.74.01.1001")


@pytest.fixture
def testing_service(db):
    from kriya.desk.models import Service

    return Service.objects.create(
        code="pengujian",
        name_id="Pengujian",
        body="LAB",
        output_id="Sertifikat Hasil Uji",
        standard_days=14,
        variant="billed",
        is_verified=True,
    )


@pytest.fixture
def make_request(owner, business, testing_service):
    """A request in a given status (set directly: only for building test data)."""
    from kriya.desk.models import ServiceRequest

    def make(status="in_progress", *, service=None, business_=None, by=None, **fields):
        request = ServiceRequest.objects.create(
            business=business_ or business,
            service=service or testing_service,
            filed_by=by or owner,
            **fields,
        )
        request.items.create(name="Kain batik tulis", quantity=1)
        if status != "draft":
            ServiceRequest.objects.filter(pk=request.pk).update(
                status=status,
                clock_running_since=timezone.localdate() if status == "in_progress" else None,
            )
            request.refresh_from_db()
        return request

    return make


@pytest.fixture
def testing_request(make_request):
    return make_request("in_progress")


@pytest.fixture
def lab_reference(db):
    """SNI 8302 with a set grey-scale minimum (≥ 4), a pass/fail limit for visual
    characteristics and an unset limit for staining; methods C06 and visual."""
    from .factories import (
        ParameterFactory,
        SpecificationFactory,
        StandardVersionFactory,
        TestMethodFactory,
    )

    version = StandardVersionFactory(
        standard__code="SNI 8302", version="2016/Amd.1:2019", title="Batik tulis – Kain"
    )
    washing = TestMethodFactory(code="c06", name="SNI ISO 105-C06:2010")
    visual = TestMethodFactory(code="ciri", name="Ciri batik (SNI 8302)")
    change = ParameterFactory(
        code="luntur_cuci_perubahan",
        name="Tahan luntur warna pencucian – perubahan warna",
        method=washing,
        scale=Scale.GREY,
        position=10,
    )
    staining = ParameterFactory(
        code="luntur_cuci_penodaan",
        name="Tahan luntur warna pencucian – penodaan",
        method=washing,
        scale=Scale.STAINING,
        position=20,
    )
    look = ParameterFactory(
        code="ciri_visual", name="Ciri batik", method=visual, scale=Scale.PASS_FAIL, position=5
    )
    SpecificationFactory(standard_version=version, parameter=change, min_value=4)
    SpecificationFactory(
        standard_version=version, parameter=staining, kind=LimitKind.UNSET, min_value=None
    )
    SpecificationFactory(
        standard_version=version, parameter=look, kind=LimitKind.PASS_FAIL, min_value=None
    )
    return {
        "version": version,
        "washing": washing,
        "visual": visual,
        "change": change,
        "staining": staining,
        "look": look,
    }


@pytest.fixture
def instrument(db):
    from .factories import calibrated_instrument

    return calibrated_instrument(code="LO-01", name="Launder-Ometer", days_left=90)


@pytest.fixture
def expired_instrument(db):
    from .factories import calibrated_instrument

    return calibrated_instrument(code="XE-09", name="Xenon lama", days_left=-1)


@pytest.fixture
def receive(testing_request, lab_reference, analyst):
    """receive(methods=…) → a sample of `testing_request` judged against SNI 8302."""
    from kriya.lab import services

    def make(methods=None, request=None, by=None, **extra):
        return services.receive_sample(
            request=request or testing_request,
            description=extra.pop("description", "Kain batik tulis motif anggur"),
            quantity=extra.pop("quantity", "1 lembar 2 × 1 m"),
            standard_version=extra.pop("standard_version", lab_reference["version"]),
            methods=[lab_reference["washing"]] if methods is None else methods,
            condition=extra.pop("condition", "good"),
            storage_location=extra.pop("storage_location", "Lemari A-2"),
            by=by or analyst,
            **extra,
        )

    return make


@pytest.fixture
def assigned(receive, supervisor, analyst, lab_reference):
    """assigned(parameter) → that parameter's analysis of a new sample, assigned to `analyst`."""
    from kriya.lab import services

    def make(parameter="change", to=None, sample=None):
        sample = sample or receive(methods=[lab_reference["washing"], lab_reference["visual"]])
        analysis = sample.analyses.get(parameter=lab_reference[parameter])
        services.assign_analysis(analysis=analysis, analyst=to or analyst, by=supervisor)
        return analysis

    return make


@pytest.fixture
def lab_head(make_user, agency, member):
    """The head of the lab: a supervisor on the authorised-signatory list for every
    method (`signatory`)."""
    return member(
        make_user("kepala.lab@agency.test", full_name="Dewi Kepala"), agency, Role.SUPERVISOR
    )


@pytest.fixture
def signatory(lab_head):
    from kriya.lab.models import ReportSignatory

    return ReportSignatory.objects.create(
        user=lab_head,
        full_name="Dr. Dewi Kepala, M.T.",
        position_id="Kepala Laboratorium Uji",
        position_en="Head of the Testing Laboratory",
        all_methods=True,
        active_from=timezone.localdate() - timedelta(days=365),
    )


@pytest.fixture
def verified_sample(
    receive,
    lab_reference,
    supervisor,
    analyst,
    instrument,
    signatory,
    django_capture_on_commit_callbacks,
):
    """A sample with three verified results: outside (3-4 against ≥ 4), no limit
    (staining 4, limit unset) and within (visual: pass)."""
    from kriya.lab import services

    sample = receive(methods=[lab_reference["washing"], lab_reference["visual"]])
    values = {"change": "3-4", "staining": "4", "look": "lulus"}
    with django_capture_on_commit_callbacks(execute=True):
        for key, value in values.items():
            analysis = sample.analyses.get(parameter=lab_reference[key])
            services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
            services.enter_result(
                analysis=analysis,
                value=value,
                observations="Ciri batik tulis: retakan malam tampak" if key == "look" else "",
                instrument=None if key == "look" else instrument,
                by=analyst,
            )
            services.verify_result(analysis=analysis, by=supervisor)
        services.authorise_report(request=sample.request, by=signatory.user)
    return sample


def days(n):
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def report_for(
    receive,
    lab_reference,
    supervisor,
    analyst,
    instrument,
    signatory,
    django_capture_on_commit_callbacks,
):
    """report_for(measured={key: days ago}, **receive kwargs) → the issued report of a
    sample whose three results were measured on those days (today by default)."""

    def make(measured=None, **extra):
        from kriya.lab import services
        from kriya.lab.models import TestReport

        measured = measured or {}
        sample = receive(methods=[lab_reference["washing"], lab_reference["visual"]], **extra)
        values = {"change": "3-4", "staining": "4", "look": "lulus"}
        with django_capture_on_commit_callbacks(execute=True):
            for key, value in values.items():
                analysis = sample.analyses.get(parameter=lab_reference[key])
                services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
                services.enter_result(
                    analysis=analysis,
                    value=value,
                    observations="Retakan malam tampak" if key == "look" else "",
                    instrument=None if key == "look" else instrument,
                    measured_on=timezone.localdate() - timedelta(days=measured.get(key, 0)),
                    by=analyst,
                )
                services.verify_result(analysis=analysis, by=supervisor)
            services.authorise_report(request=sample.request, by=signatory.user)
        return TestReport.objects.get(request=sample.request), sample

    return make
