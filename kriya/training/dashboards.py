"""Training's dashboard for `kriya.insights` at /dasbor/pelatihan/ (docs/insights.md):
the people trained in the period (their batch began in it) by gender and age group, by
district, and how many of them completed and were found competent; the follow-ups
answered in the period and their positive outcomes by round, gender and youth. Five
queries whatever the number of people. Places and definitions as in `indicators.py`."""

from __future__ import annotations

from django.db.models import BooleanField, Case, CharField, Count, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kriya.core.charts import Chart, Series
from kriya.core.figures import Dashboard, register_dashboard

from .indicators import (
    YOUTH_KEY,
    answered_follow_ups,
    competent_q,
    positive_q,
    trained,
    with_age_key,
)
from .models import EnrolmentStatus, FollowUpRound, Gender

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

    outcomes: dict[tuple[int, str, bool], tuple[int, int]] = {}
    for round_, gender, young_, n, good in (
        with_age_key(
            answered_follow_ups(filters.regency, filters.start, filters.end, filters.district),
            prefix="enrolment__",
        )
        .annotate(
            young=Case(
                When(age_key__lt=YOUTH_KEY, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values("round", "enrolment__participant__gender", "young")
        .annotate(n=Count("id"), good=Count("id", filter=positive_q()))
        .order_by()
        .values_list("round", "enrolment__participant__gender", "young", "n", "good")
    ):
        key = (round_, gender, bool(young_))
        a, p = outcomes.get(key, (0, 0))
        outcomes[key] = (a + n, p + good)

    def outcome_sum(index: int, keep) -> int:
        return sum(v[index] for k, v in outcomes.items() if keep(*k))

    rounds = list(FollowUpRound)
    groups_of_people = (
        *((g.label, lambda _r, gender, _y, g=g: gender == g.value) for g in genders),
        (_("Pemuda (< 30)"), lambda _r, _g, young: young),
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
        Chart(
            key="hasil-per-putaran",
            title=_("Tindak lanjut dijawab dan hasil positif per putaran"),
            label_header=_("Putaran"),
            labels=[r.label for r in rounds],
            series=(
                Series(
                    _("Dijawab"),
                    tuple(outcome_sum(0, lambda r, _g, _y, n=r.value: r == n) for r in rounds),
                ),
                Series(
                    _("Hasil positif"),
                    tuple(outcome_sum(1, lambda r, _g, _y, n=r.value: r == n) for r in rounds),
                ),
            ),
            unit=_("jawaban tindak lanjut"),
            kind="bar",
            summary=_(
                "Jawaban tindak lanjut 3, 6 dan 12 bulan setelah pelatihan yang masuk pada "
                "periode ini; positif bila kini memproduksi, menjual atau mempekerjakan "
                "orang, atau omzetnya naik."
            ),
        ),
        Chart(
            key="hasil-per-kelompok",
            title=_("Tindak lanjut dijawab dan hasil positif menurut jenis kelamin dan usia"),
            label_header=_("Kelompok"),
            labels=[name for name, _keep in groups_of_people],
            series=(
                Series(_("Dijawab"), tuple(outcome_sum(0, k) for _n, k in groups_of_people)),
                Series(_("Hasil positif"), tuple(outcome_sum(1, k) for _n, k in groups_of_people)),
            ),
            unit=_("jawaban tindak lanjut"),
            kind="bar",
            summary=_(
                "Semua putaran; satu orang dihitung sekali per putaran yang dijawabnya. "
                "Pemuda: di bawah 30 tahun pada hari pertama angkatan."
            ),
        ),
    ]


register_dashboard(
    Dashboard(
        "pelatihan",
        gettext_lazy("Pelatihan"),
        gettext_lazy(
            "Peserta dilatih menurut jenis kelamin, kelompok usia dan kecamatan; kelulusan, "
            "kompetensi dan hasil tindak lanjut."
        ),
        training_charts,
        order=50,
    )
)
