"""Demo data for `make run`, marked as demo: the reference data from reference.yaml,
a few instruments whose calibrations are valid, about to expire and expired, and — when
the service desk's demo has a testing request in progress — a received sample with
work at each stage (waiting for an analyst, waiting for verification, verified).

`seed_report(business, owner)` — called by the certification demo for its certified
business — takes a testing request through the real services to an issued, signed
and registered test report, judged against a demo specification (`DEMO_SPEC`): limits
invented for the demo, in a "standard" of their own whose title says so, never
entered on a real standard's edition (whose limits stay unset until an administrator
confirms them from the standard's text)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kriya.core import audit
from kriya.core.reference import load_reference

from . import services
from .models import Instrument, Sample

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# the desk (samples of its requests).
SEED_ORDER = 50

# (code, name, needs calibration, days from today the calibration ends; None = never)
INSTRUMENTS = [
    ("DEMO-LP-01", "Launder-Ometer (uji luntur pencucian)", True, 300),
    ("DEMO-CR-01", "Crockmeter (uji luntur gosokan)", True, 20),
    ("DEMO-XE-01", "Xenon arc fade-ometer (uji luntur cahaya)", True, -10),
    ("DEMO-LB-01", "Kabinet penilaian warna (light box)", True, 200),
    ("DEMO-MT-01", "Pita ukur dan templat mengkeret", False, None),
]


def load_reference_data() -> dict | None:
    try:
        data = load_reference()
    except FileNotFoundError:
        return None
    return services.load_reference(data=data)


@transaction.atomic
def seed() -> None:
    """Idempotent: reference rows and demo instruments are created only when missing."""
    load_reference_data()
    seed_instruments()
    seed_sample()


def seed_instruments() -> None:
    today = timezone.localdate()
    for code, name, needs_calibration, days in INSTRUMENTS:
        instrument, created = Instrument.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "needs_calibration": needs_calibration,
                "location": "Laboratorium uji tekstil (demo)",
                "is_demo": True,
            },
        )
        if created and days is not None:
            valid_until = today + timedelta(days=days)
            services.record_calibration(
                instrument=instrument,
                calibrated_on=valid_until - timedelta(days=365),
                valid_until=valid_until,
                certificate_number=f"DEMO/KAL/{code}",
                calibrated_by="Laboratorium kalibrasi (demo)",
                by=None,
            )


def _demo_testing_request(desk, analyst):
    """The first demo testing request in progress; or, when the service desk's demo has
    none, one filed for the first demo business and taken through the desk's own
    services (review, accept, bill, payment, start of work)."""
    import datetime

    from kriya.accounts.models import Membership, Role
    from kriya.desk import services as service_desk
    from kriya.desk.models import Body, Service, ServiceRequest, Status

    found = (
        ServiceRequest.objects.filter(
            is_demo=True, service__body=Body.LAB, status=Status.IN_PROGRESS
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    service = Service.objects.filter(code="pengujian", is_active=True).first()
    owners = Membership.objects.filter(role=Role.OWNER, organisation__business__is_demo=True)
    membership = owners.select_related("organisation__business", "user").order_by("pk").first()
    if service is None or membership is None:
        return None
    request, _created = service_desk.create_request(
        business=membership.organisation.business,
        service=service,
        by=membership.user,
        items=[{"name": "Kain batik tulis motif anggur", "description": "Data demo."}],
        notes="Data demo: contoh sedang diuji di laboratorium.",
        submit=True,
        is_demo=True,
    )
    service_desk.transition_request(request=request, action="review", by=desk)
    service_desk.transition_request(request=request, action="accept", by=desk)
    if service.is_billed:
        service_desk.issue_bill(
            request=request,
            lines=[
                {"description": "Tagihan contoh (data demo)", "unit_price": 100_000, "quantity": 1}
            ],
            due_date=timezone.localdate() + datetime.timedelta(days=7),
            billing_code="820260000000009",
            by=desk,
        )
        service_desk.confirm_payment(request=request, by=desk)
    service_desk.start_work(request=request, by=analyst)
    return request


def seed_sample() -> None:
    """One demo sample, with work at each stage, on a demo testing request in progress
    that has no sample yet."""
    from kriya.accounts.demo import demo_email
    from kriya.accounts.models import User

    from .models import StandardVersion, TestMethod

    analyst = User.objects.filter(email=demo_email("analis")).first()
    supervisor = User.objects.filter(email=demo_email("penyelia")).first()
    desk = User.objects.filter(email=demo_email("layanan")).first()
    methods = list(TestMethod.objects.filter(code__in=["sni-iso-105-c06-2010", "sni-0288-2008"]))
    if analyst is None or supervisor is None or desk is None or not methods:
        return
    if Sample.objects.filter(is_demo=True).exists():
        return
    request = _demo_testing_request(desk, analyst)
    if request is None or Sample.objects.filter(request=request).exists():
        return
    sample = services.receive_sample(
        request=request,
        description="Kain batik tulis motif anggur, pewarna sintetis (demo)",
        quantity="1 lembar, 2 × 1,15 m",
        standard_version=StandardVersion.objects.filter(standard__code="SNI 8302").first(),
        methods=methods,
        condition="good",
        storage_location="Lemari contoh A-2 (demo)",
        by=analyst,
    )
    Sample.objects.filter(pk=sample.pk).update(is_demo=True)
    instrument = Instrument.objects.get(code="DEMO-LP-01")
    analyses = list(sample.analyses.select_related("parameter").order_by("parameter__position"))
    for analysis in analyses[:-1]:
        services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
    if analyses:
        services.enter_result(analysis=analyses[0], value="4", instrument=instrument, by=analyst)
        services.verify_result(analysis=analyses[0], by=supervisor)
    if len(analyses) > 1:
        services.enter_result(analysis=analyses[1], value="3-4", instrument=instrument, by=analyst)


# The demo specification: a customer's specification of the demo, not a standard. Its
# title and note say the limits are demo values; `verified=False` lists it among the
# reference data an administrator sees as "perlu dikonfirmasi".
DEMO_STANDARD = "Spesifikasi demo Kriya"
DEMO_STANDARD_TITLE = "Batas contoh untuk demo — bukan nilai SNI 8302 atau standar lain"
DEMO_STANDARD_NOTE = (
    "Data demo: batas ini dibuat untuk memperlihatkan kesimpulan memenuhi/tidak memenuhi "
    "pada laporan hasil uji demo. Bukan nilai dari naskah standar mana pun."
)
# (parameter code, minimum on the parameter's scale, the demo result)
DEMO_SPEC = [
    ("luntur_cuci_perubahan", "4", "4-5"),
    ("luntur_cuci_penodaan", "3-4", "4"),
    ("luntur_gosok_kering", "4", "4"),
    ("luntur_gosok_basah", "3", "2-3"),
]


def demo_specification():
    """The demo specification's edition with its limits (created once; an
    administrator's edits are kept). None when the parameters are not loaded."""
    from .models import Parameter, Specification, Standard, StandardVersion
    from .scales import parse_value
    from .verdicts import LimitKind

    parameters = {p.code: p for p in Parameter.objects.filter(code__in=[c for c, *_ in DEMO_SPEC])}
    if len(parameters) != len(DEMO_SPEC):
        return None
    standard, created = Standard.objects.get_or_create(
        code=DEMO_STANDARD,
        defaults={"title": DEMO_STANDARD_TITLE, "verified": False, "note": DEMO_STANDARD_NOTE},
    )
    version, _new = StandardVersion.objects.get_or_create(
        standard=standard,
        version="",
        defaults={"title": DEMO_STANDARD_TITLE, "verified": False, "note": DEMO_STANDARD_NOTE},
    )
    for code, minimum, _result in DEMO_SPEC:
        parameter = parameters[code]
        Specification.objects.get_or_create(
            standard_version=version,
            parameter=parameter,
            defaults={
                "kind": LimitKind.RANGE,
                "min_value": parse_value(parameter.scale, minimum),
                "source": "Data demo",
                "verified": False,
                "note": DEMO_STANDARD_NOTE,
            },
        )
    if created:
        audit.record(
            actor=None,
            verb="lab.reference_loaded",
            data={"demo_specification": DEMO_STANDARD, "limits": len(DEMO_SPEC)},
        )
    return version


def _file_testing_request(business, owner, desk, analyst, *, billing_code: str):
    """A demo testing request of `business`, filed by `owner` and taken through the
    desk's services to "in progress"; None without the testing service."""
    import datetime

    from kriya.desk import services as service_desk
    from kriya.desk.models import Service

    service = Service.objects.filter(code="pengujian", is_active=True).first()
    if service is None:
        return None
    request, _created = service_desk.create_request(
        business=business,
        service=service,
        by=owner,
        items=[{"name": "Kain batik, uji tahan luntur warna", "description": "Data demo."}],
        notes="Data demo: contoh diuji sampai laporan hasil uji terbit.",
        submit=True,
        is_demo=True,
    )
    service_desk.transition_request(request=request, action="review", by=desk)
    service_desk.transition_request(request=request, action="accept", by=desk)
    if service.is_billed:
        service_desk.issue_bill(
            request=request,
            lines=[
                {"description": "Tagihan contoh (data demo)", "unit_price": 100_000, "quantity": 1}
            ],
            due_date=timezone.localdate() + datetime.timedelta(days=7),
            billing_code=billing_code,
            by=desk,
        )
        service_desk.confirm_payment(request=request, by=desk)
    service_desk.start_work(request=request, by=analyst)
    return request


@transaction.atomic
def seed_report(business, owner):
    """An issued test report for `business` (once): a sample received by the analyst
    with the demo specification and simple acceptance, every analysis assigned by the
    supervisor, entered by the analyst and verified by the supervisor (four eyes) —
    the last verification issues the report, signs it and registers it in kriya.verify
    with its QR; its PDF is printed by the task worker. Returns the report, or None
    when the demo users, the reference data or the testing service are missing."""
    from kriya.accounts.demo import demo_email
    from kriya.accounts.models import User

    from .models import TestMethod, TestReport

    found = TestReport.objects.filter(is_demo=True, request__business=business).first()
    if found is not None:
        return found
    analyst = User.objects.filter(email=demo_email("analis")).first()
    supervisor = User.objects.filter(email=demo_email("penyelia")).first()
    desk = User.objects.filter(email=demo_email("layanan")).first()
    version = demo_specification()
    methods = list(TestMethod.objects.filter(code__in=["sni-iso-105-c06-2010", "sni-0288-2008"]))
    if not (analyst and supervisor and desk and version and len(methods) == 2):
        return None
    seed_instruments()
    request = _file_testing_request(business, owner, desk, analyst, billing_code="820260000000010")
    if request is None:
        return None
    parameters = [spec.parameter for spec in version.specifications.select_related("parameter")]
    sample = services.receive_sample(
        request=request,
        description="Kain batik cap motif batu-batuan, pewarna sintetis (demo)",
        quantity="1 lembar, 2 × 1,15 m",
        standard_version=version,
        methods=methods,
        parameters=parameters,
        condition="good",
        storage_location="Lemari contoh A-3 (demo)",
        by=analyst,
    )
    Sample.objects.filter(pk=sample.pk).update(is_demo=True)
    instruments = {
        "sni-iso-105-c06-2010": Instrument.objects.get(code="DEMO-LP-01"),
        "sni-0288-2008": Instrument.objects.get(code="DEMO-CR-01"),
    }
    values = {code: result for code, _minimum, result in DEMO_SPEC}
    for analysis in sample.analyses.select_related("parameter__method"):
        services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
        services.enter_result(
            analysis=analysis,
            value=values[analysis.parameter.code],
            instrument=instruments[analysis.parameter.method.code],
            by=analyst,
        )
        # Four eyes: never the analyst. A method asking for more verifications than
        # the demo has verifiers leaves its analysis waiting (and no report).
        services.verify_result(analysis=analysis, by=supervisor)
    # The verified results wait for an authorised signatory (ISO/IEC 17025 §7.8.2.1 k):
    # the demo supervisor, on the list for every method, authorises and so issues it.
    _demo_signatory(supervisor)
    services.authorise_report(request=request, by=supervisor)
    return TestReport.objects.filter(request=request).order_by("-issued_at").first()


def _demo_signatory(user) -> None:
    """The demo's authorised signatory of test reports (once; "(demo)" in the name and
    function marks it, the model having no demo flag)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import ReportSignatory

    ReportSignatory.objects.get_or_create(
        user=user,
        defaults={
            "full_name": f"{user.full_name or user.email} (demo)",
            "position_id": "Penyelia laboratorium (data demo)",
            "position_en": "Laboratory supervisor (demo data)",
            "all_methods": True,
            "active_from": timezone.localdate() - timedelta(days=365),
        },
    )
