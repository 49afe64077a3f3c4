"""Indicators: each defined once, here, in code.

An `Indicator` has a key (stored in `Target.indicator`, used in URLs and the API), a
name and a definition in Indonesian and English (the definition is shown on every page
that shows the figure), a unit, `value(regency, start, end, district=None)` and
`records(regency, start, end, district=None)` — the queryset of the records that make
the value, which the programme page lists one click away. `regency` and `district` are
Kepmendagri codes; `regency=None` means every regency (the agency's view).

Later apps (training, events) add theirs with `register(Indicator(...))` in their own
`indicators.py`; `kriya.insights` imports that module when the app is installed
(`discover()`), the way `manage.py seed` finds `demo.py` — see docs/insights.md.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, F, QuerySet

from kriya.core.figures import INDICATORS, Indicator, Record, register_indicator

from . import discovery

REGISTRY = INDICATORS
register = register_indicator


def discover() -> None:
    """Import `indicators.py` of every installed Kriya app (this one is already loaded)."""
    discovery.discover("indicators")


def all_indicators() -> list[Indicator]:
    discover()
    return sorted(REGISTRY.values(), key=lambda i: (i.order, i.key))


def get(key: str) -> Indicator | None:
    discover()
    return REGISTRY.get(key)


def choices() -> list[tuple[str, str]]:
    return [(i.key, i.name) for i in all_indicators()]


# --- Helpers ------------------------------------------------------------------------


def _place(qs: QuerySet, prefix: str, regency, district) -> QuerySet:
    if regency:
        qs = qs.filter(**{f"{prefix}regency_id": regency})
    if district:
        qs = qs.filter(**{f"{prefix}district_id": district})
    return qs


def _place_name(business) -> str:
    district = getattr(business, "district", None)
    regency = getattr(business, "regency", None)
    return ", ".join(r.name for r in (district, regency) if r is not None)


def _local_day(moment) -> date | None:
    from django.utils import timezone

    return timezone.localtime(moment).date() if moment else None


# --- The registry ---------------------------------------------------------------------


def _registered(regency, start, end, district=None):
    from kriya.registry.models import Business, BusinessStatus

    qs = Business.objects.exclude(status=BusinessStatus.DRAFT).filter(
        created_at__date__range=(start, end)
    )
    return (
        _place(qs, "", regency, district)
        .select_related("district", "regency")
        .order_by("created_at", "pk")
    )


def _describe_business(day_field):
    def describe(business) -> Record:
        return Record(
            _local_day(getattr(business, day_field)),
            business.name,
            business.get_sector_display(),
            _place_name(business),
        )

    return describe


def _verified(regency, start, end, district=None):
    from kriya.registry.models import Business

    qs = Business.objects.filter(verified_at__date__range=(start, end))
    return (
        _place(qs, "", regency, district)
        .select_related("district", "regency")
        .order_by("verified_at", "pk")
    )


def _listed(regency, start, end, district=None):
    from kriya.registry.models import Product

    public = Product.objects.public().values("business_id")
    return _verified(regency, start, end, district).filter(pk__in=public)


register(
    Indicator(
        key="usaha_terdaftar",
        name_id="Usaha terdaftar",
        name_en="Businesses registered",
        definition_id=(
            "Usaha yang didaftarkan di Kriya dan diajukan untuk verifikasi (bukan draf), "
            "dihitung sekali pada tanggal pendaftarannya, di kecamatan dan kabupaten/kota "
            "alamat usahanya."
        ),
        definition_en=(
            "Businesses registered in Kriya and submitted for verification (not drafts), "
            "counted once on the day they were registered, in the district and regency of "
            "their address."
        ),
        unit_id="usaha",
        unit_en="businesses",
        records=_registered,
        describe=_describe_business("created_at"),
        order=10,
    )
)

register(
    Indicator(
        key="usaha_terverifikasi",
        name_id="Usaha terverifikasi",
        name_en="Businesses verified",
        definition_id=(
            "Usaha yang datanya diverifikasi petugas kabupaten/kota, dihitung sekali pada "
            "tanggal verifikasi terakhirnya."
        ),
        definition_en=(
            "Businesses whose data a regency officer verified, counted once on the day of "
            "their latest verification."
        ),
        unit_id="usaha",
        unit_en="businesses",
        records=_verified,
        describe=_describe_business("verified_at"),
        order=20,
    )
)

register(
    Indicator(
        key="usaha_di_etalase",
        name_id="Usaha tampil di etalase",
        name_en="Businesses listed in the showcase",
        definition_id=(
            "Usaha terverifikasi yang saat ini menampilkan sedikitnya satu produk di etalase "
            "publik, dihitung sekali pada tanggal verifikasi usahanya."
        ),
        definition_en=(
            "Verified businesses that now show at least one product in the public showcase, "
            "counted once on the day the business was verified."
        ),
        unit_id="usaha",
        unit_en="businesses",
        records=_listed,
        describe=_describe_business("verified_at"),
        order=30,
    )
)


# --- The laboratory --------------------------------------------------------------------


def _tested(regency, start, end, district=None):
    from kriya.lab.models import TestReport

    # A corrected report replaces an earlier one: only first issues count, so a product
    # tested once is counted once however often its report is corrected.
    qs = TestReport.objects.filter(supersedes__isnull=True, issued_at__date__range=(start, end))
    return (
        _place(qs, "request__business__", regency, district)
        .select_related("request__business__district", "request__business__regency")
        .order_by("issued_at", "pk")
    )


def _describe_report(report) -> Record:
    business = report.request.business
    return Record(_local_day(report.issued_at), report.number, business.name, _place_name(business))


register(
    Indicator(
        key="produk_diuji",
        name_id="Produk diuji",
        name_en="Products tested",
        definition_id=(
            "Sertifikat hasil uji (SHU) yang diterbitkan laboratorium, dihitung sekali pada "
            "tanggal terbit pertamanya (koreksi tidak dihitung lagi), menurut alamat usaha "
            "pemohon."
        ),
        definition_en=(
            "Test reports issued by the laboratory, counted once on the day first issued "
            "(corrections are not counted again), by the address of the applicant business."
        ),
        unit_id="laporan uji",
        unit_en="test reports",
        records=_tested,
        describe=_describe_report,
        order=40,
    )
)


# --- Certification --------------------------------------------------------------------


def _certified(kind: str):
    def records(regency, start, end, district=None):
        from kriya.certification.models import Certificate

        qs = Certificate.objects.filter(scheme__kind=kind, issued_on__range=(start, end))
        return (
            _place(qs, "business__", regency, district)
            .select_related("business__district", "business__regency", "scheme")
            .order_by("issued_on", "pk")
        )

    return records


def _distinct_businesses(qs) -> int:
    return qs.order_by().values("business_id").distinct().count()


def _describe_certificate(certificate) -> Record:
    business = certificate.business
    return Record(
        certificate.issued_on,
        business.name,
        f"{certificate.scheme.name_id} · {certificate.number}",
        _place_name(business),
    )


for _key, _kind, _order, _name_id, _name_en in (
    (
        "usaha_bersertifikat_sni",
        "sppt_sni",
        50,
        "Usaha bersertifikat SNI",
        "Businesses certified SNI",
    ),
    (
        "usaha_bersertifikat_batikmark",
        "batikmark",
        60,
        "Usaha bersertifikat Batikmark",
        "Businesses certified Batikmark",
    ),
):
    register(
        Indicator(
            key=_key,
            name_id=_name_id,
            name_en=_name_en,
            definition_id=(
                f"Usaha yang memperoleh sertifikat {_name_id.split()[-1]} dari balai, dihitung "
                "sekali per periode walau memperoleh lebih dari satu sertifikat, pada tanggal "
                "terbit sertifikat."
            ),
            definition_en=(
                f"Businesses granted a {_name_en.split()[-1]} certificate by the agency, "
                "counted once per period even with more than one certificate, on the day "
                "the certificate was issued."
            ),
            unit_id="usaha",
            unit_en="businesses",
            records=_certified(_kind),
            describe=_describe_certificate,
            measure=_distinct_businesses,
            summable=False,
            order=_order,
        )
    )


# --- The service desk -------------------------------------------------------------------


def _completed(regency, start, end, district=None):
    from kriya.desk.models import ServiceRequest, Status, applicant_place_q

    qs = ServiceRequest.objects.filter(
        status=Status.COMPLETED, completed_at__date__range=(start, end)
    )
    return (
        qs.filter(applicant_place_q(regency=regency or "", district=district or ""))
        .select_related(
            "business__district", "business__regency", "organisation__regency", "service"
        )
        .order_by("completed_at", "pk")
    )


def _describe_request(request) -> Record:
    applicant = request.applicant
    return Record(
        _local_day(request.completed_at),
        applicant.name,
        request.service.name,
        _place_name(applicant),
    )


register(
    Indicator(
        key="permohonan_selesai",
        name_id="Permohonan layanan selesai",
        name_en="Service requests completed",
        definition_id=(
            "Permohonan layanan balai yang selesai, dihitung sekali pada tanggal selesainya, "
            "menurut alamat usaha pemohon; permohonan perangkat daerah atas nama "
            "instansinya dihitung di kabupaten/kotanya, tanpa kecamatan."
        ),
        definition_en=(
            "Requests for the agency's services that were completed, counted once on the "
            "day they were completed, by the address of the applicant business; a regency "
            "unit's request in its own name counts in its regency, in no district."
        ),
        unit_id="permohonan",
        unit_en="requests",
        records=_completed,
        describe=_describe_request,
        order=70,
    )
)


def _surveys(regency, start, end, district=None):
    from kriya.desk.models import SurveyResponse, applicant_place_q

    qs = SurveyResponse.objects.filter(created_at__date__range=(start, end))
    place = applicant_place_q(regency=regency or "", district=district or "", prefix="request__")
    return (
        qs.filter(place)
        .select_related(
            "request__business__district",
            "request__business__regency",
            "request__organisation__regency",
            "service",
        )
        .order_by("created_at", "pk")
    )


def _ikm(qs):
    from kriya.desk.models import SURVEY_FIELDS

    total = sum((F(code) for code in SURVEY_FIELDS[1:]), F(SURVEY_FIELDS[0]))
    mean = qs.order_by().aggregate(m=Avg(total * 1.0))["m"]
    if mean is None:
        return None
    return round(mean / len(SURVEY_FIELDS) * 25, 2)


def _describe_survey(response) -> Record:
    applicant = response.request.applicant
    return Record(
        _local_day(response.created_at),
        applicant.name,
        response.service.name,
        _place_name(applicant),
    )


register(
    Indicator(
        key="ikm",
        name_id="Indeks kepuasan masyarakat (IKM)",
        name_en="Public satisfaction index (IKM)",
        definition_id=(
            "Rata-rata nilai sembilan unsur survei kepuasan (PermenPAN-RB 14/2017) dikali 25, "
            "dari survei yang diisi pemohon pada periode itu, menurut alamat usaha pemohon "
            "(perangkat daerah pemohon: kabupaten/kotanya, tanpa kecamatan); "
            "kosong bila belum ada responden."
        ),
        definition_en=(
            "The mean score of the nine survey elements (PermenPAN-RB 14/2017) times 25, from "
            "the surveys applicants answered in the period, by the address of the applicant "
            "business (a regency unit applicant: its regency, in no district); empty without "
            "respondents."
        ),
        unit_id="IKM (25–100)",
        unit_en="IKM (25–100)",
        records=_surveys,
        describe=_describe_survey,
        measure=_ikm,
        decimals=2,
        summable=False,
        order=80,
    )
)
