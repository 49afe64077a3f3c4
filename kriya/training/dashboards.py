"""Training's dashboard for `kriya.insights` at /dasbor/pelatihan/ (docs/insights.md):
the people trained in the period (their batch began in it) by gender and age group, by
district, and how many of them completed and were found competent. Four queries
whatever the number of people. Places and definitions as in `indicators.py`."""

from __future__ import annotations

from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kriya.core.charts import Chart, Series
from kriya.core.figures import Dashboard, register_dashboard

from .indicators import competent_q, trained, with_age_key
from .models import EnrolmentStatus, Gender

# Age groups on the batch's first day: (label, upper bound of age_key, exclusive).
AGE_GROUPS = (
    ("< 20", 200000),
    ("20–29", 300000),
    ("30–39", 400000),
    ("40–49", 500000),
    ("≥ 50", None),
)


def _age_group():
    return Case(
        *(
            When(age_key__lt=bound, then=Value(label))
            for label, bound in AGE_GROUPS
            if bound is not None
        ),
        default=Value(AGE_GROUPS[-1][0]),
        output_field=CharField(),
    )


def training_charts(filters) -> list[Chart]:
    people = trained(filters.regency, filters.start, filters.end, filters.district).order_by()
    genders = list(Gender)

    groups: dict[tuple[str, str], int] = {}
    for group, gender, n in (
        with_age_key(people)
        .annotate(group=_age_group())
        .values("group", "participant__gender")
        .annotate(n=Count("id"))
        .values_list("group", "participant__gender", "n")
    ):
        groups[(group, gender)] = groups.get((group, gender), 0) + n
    labels = [label for label, _bound in AGE_GROUPS]

    steps = {
        row["participant__gender"]: row
        for row in people.values("participant__gender").annotate(
            trained=Count("id"),
            completed=Count("id", filter=Q(status=EnrolmentStatus.COMPLETED)),
            competent=Count("id", filter=competent_q()),
        )
    }
    youth = with_age_key(people).filter(age_key__lt=300000)
    young = youth.aggregate(
        trained=Count("id"),
        completed=Count("id", filter=Q(status=EnrolmentStatus.COMPLETED)),
        competent=Count("id", filter=competent_q()),
    )
    step_names = (
        ("trained", _("Dilatih")),
        ("completed", _("Lulus")),
        ("competent", _("Kompeten")),
    )

    districts = list(
        people.filter(participant__village__isnull=False)
        .values("participant__village__parent__name")
        .annotate(n=Count("id"), women=Count("id", filter=Q(participant__gender=Gender.FEMALE)))
        .order_by("-n", "participant__village__parent__name")
        .values_list("participant__village__parent__name", "n", "women")
    )

    return [
        Chart(
            key="peserta-per-usia",
            title=_("Peserta dilatih menurut kelompok usia dan jenis kelamin"),
            label_header=_("Kelompok usia (tahun)"),
            labels=labels,
            series=tuple(
                Series(g.label, tuple(groups.get((label, g.value), 0) for label in labels))
                for g in genders
            ),
            unit=_("orang"),
            kind="stacked",
            summary=_("Usia pada hari pertama angkatan."),
        ),
        Chart(
            key="kelulusan",
            title=_("Dilatih, lulus dan kompeten"),
            label_header=_("Tahap"),
            labels=[name for _key, name in step_names],
            series=(
                *(
                    Series(
                        g.label,
                        tuple((steps.get(g.value) or {}).get(key, 0) for key, _n in step_names),
                    )
                    for g in genders
                ),
                Series(
                    _("Pemuda (< 30)"),
                    tuple(young[key] or 0 for key, _n in step_names),
                    plot=False,
                ),
            ),
            unit=_("orang"),
            kind="bar",
            summary=_(
                "Orang yang angkatannya dimulai pada periode ini; lulus menurut aturan "
                "kelulusan program, kompeten bila semua unit praktik dinilai kompeten."
            ),
        ),
        Chart(
            key="peserta-per-kecamatan",
            title=_("Peserta dilatih per kecamatan domisili"),
            label_header=_("Kecamatan"),
            labels=[name for name, _n, _w in districts],
            series=(
                Series(_("Peserta"), tuple(n for _name, n, _w in districts)),
                Series(_("Perempuan"), tuple(w for _name, _n, w in districts), plot=False),
            ),
            unit=_("orang"),
            kind="hbar",
        ),
    ]


register_dashboard(
    Dashboard(
        "pelatihan",
        gettext_lazy("Pelatihan"),
        gettext_lazy(
            "Peserta dilatih menurut jenis kelamin, kelompok usia dan kecamatan; kelulusan "
            "dan kompetensi."
        ),
        training_charts,
        order=50,
    )
)
