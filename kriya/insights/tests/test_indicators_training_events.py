"""Training's and events' indicators (registered from kriya/training/indicators.py and
kriya/events/indicators.py) against hand-built records: counted once, in the right
period, district and regency."""

from datetime import date

import pytest

from kriya.insights import indicators

pytestmark = pytest.mark.django_db

KAB, KOTA = "35.13", "35.74"
SUKAPURA, PAITON = "35.13.01", "35.13.20"
Q1 = (date(2026, 1, 1), date(2026, 3, 31))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def value(key, regency, period, district=None):
    return indicators.get(key).value(regency, *period, district)


def test_training_and_events_register_their_indicators():
    keys = {i.key for i in indicators.all_indicators()}
    assert {"peserta_dilatih", "pemuda_dilatih", "peserta_lulus", "peserta_kompeten"} <= keys
    assert "peserta_hasil_positif" in keys
    assert {"acara_terselenggara", "omzet_acara", "peserta_pameran"} <= keys


def test_participants_trained_and_young_people(make_enrolment):
    make = make_enrolment
    make("35.13.01.2001", age=29)  # young: 29 on the first day
    make("35.13.20.2001", age=30)  # 30 on the first day: not young
    make("35.13.20.2001", age=18, status="completed", completed=date(2026, 2, 12))
    make("35.13.20.2001", status="waitlisted")  # no seat
    make("35.13.20.2001", status="cancelled")
    make("35.13.20.2001", batch_status="open")  # not begun
    make("35.13.20.2001", batch_status="cancelled")
    make("35.13.20.2001", starts=date(2026, 5, 4), age=40)
    make("35.74.01.1001", age=20)
    make("35.13.01.2001", starts=date(2025, 12, 30))

    assert value("peserta_dilatih", KAB, Q1) == 3
    assert value("peserta_dilatih", KAB, Q1, PAITON) == 2
    assert value("peserta_dilatih", KAB, Q2) == 1
    assert value("peserta_dilatih", KOTA, Q1) == 1
    assert value("peserta_dilatih", None, YEAR) == 5
    assert value("pemuda_dilatih", KAB, Q1) == 2
    assert value("pemuda_dilatih", KAB, Q1, SUKAPURA) == 1
    assert value("pemuda_dilatih", KAB, Q2) == 0
    assert value("pemuda_dilatih", None, YEAR) == 3


def test_participants_completed_and_competent(make_enrolment):
    make = make_enrolment
    done = {"status": "completed"}
    make("35.13.20.2001", completed=date(2026, 2, 12), competent=True, **done)
    make("35.13.20.2001", completed=date(2026, 2, 12), competent=False, **done)
    make("35.13.20.2001", completed=date(2026, 2, 12), **done)  # never assessed
    make("35.13.01.2001", completed=date(2026, 4, 2), competent=True, **done)
    make("35.74.01.1001", completed=date(2026, 2, 12), competent=True, **done)
    make("35.13.20.2001", competent=True)  # competent but not completed

    assert value("peserta_lulus", KAB, Q1) == 3
    assert value("peserta_lulus", KAB, Q2) == 1
    assert value("peserta_lulus", KAB, YEAR, SUKAPURA) == 1
    assert value("peserta_kompeten", KAB, Q1) == 1
    assert value("peserta_kompeten", KAB, Q2) == 1
    assert value("peserta_kompeten", KOTA, YEAR) == 1
    assert value("peserta_kompeten", None, YEAR) == 3


def test_events_held_turnover_and_exhibitors(world, make_event, sell):
    a = world["business"]("35.13.01.2001")
    b = world["business"]("35.13.20.2001")
    k = world["business"]("35.74.01.1001")
    fair = make_event(SUKAPURA, starts=date(2026, 3, 31))  # second day is in Q2
    sell(fair, a, 0, 1_000_000)
    sell(fair, a, 0, 400_000, current=False)  # the corrected report: not counted
    sell(fair, a, 1, 200_000)
    sell(fair, b, 0, 50_000)
    paiton = make_event(PAITON, starts=date(2026, 5, 4), status="reporting")
    sell(paiton, a, 0, 70_000)
    make_event(PAITON, starts=date(2026, 2, 1), status="cancelled")
    make_event(PAITON, starts=date(2026, 2, 1), status="call_open")
    kota = make_event("35.74.01", starts=date(2026, 2, 1))
    sell(kota, k, 0, 9_000_000)
    sell(kota, a, 1, 10, status="withdrawn")  # not exhibiting, but its sales still count

    assert value("acara_terselenggara", KAB, Q1) == 1
    assert value("acara_terselenggara", KAB, Q2, PAITON) == 1
    assert value("acara_terselenggara", KOTA, YEAR) == 1
    assert value("acara_terselenggara", None, YEAR) == 3
    assert value("omzet_acara", KAB, Q1) == 1_050_000
    assert value("omzet_acara", KAB, Q2) == 270_000
    assert value("omzet_acara", KAB, Q2, SUKAPURA) == 200_000
    assert value("omzet_acara", KOTA, YEAR) == 9_000_010
    assert value("omzet_acara", KAB, (date(2025, 1, 1), date(2025, 12, 31))) == 0
    assert value("peserta_pameran", KAB, Q1) == 2  # a and b at the fair, once each
    assert value("peserta_pameran", KAB, YEAR) == 3
    assert value("peserta_pameran", KOTA, YEAR) == 1  # the withdrawn one is out


def test_every_new_indicator_lists_its_records(make_enrolment, world, make_event, sell):
    make_enrolment("35.13.20.2001", status="completed", completed=date(2026, 2, 12))
    fair = make_event(SUKAPURA)
    sell(fair, world["business"]("35.13.01.2001"), 0, 5_000)
    for key in ("peserta_dilatih", "peserta_lulus", "acara_terselenggara", "omzet_acara"):
        indicator = indicators.get(key)
        records = list(indicator.records(KAB, *YEAR))
        assert records, key
        described = indicator.describe(records[0])
        assert described.title and described.place


def test_positive_outcomes_once_per_person_on_the_first_positive_answer(make_enrolment, follow_up):
    from kriya.training.models import Enrolment

    done = {"status": "completed", "completed": date(2025, 11, 10)}
    a = make_enrolment("35.13.20.2001", starts=date(2025, 11, 3), **done)
    follow_up(a, 3, date(2026, 2, 10), sells=True)
    follow_up(a, 6, date(2026, 5, 10), produces=True)  # positive again: not again
    later = make_enrolment("35.13.20.2001", starts=date(2025, 12, 1), **done)
    again = Enrolment.objects.create(
        batch=later.batch, participant=a.participant, status="completed", channel="facilitator"
    )
    follow_up(again, 3, date(2026, 5, 11), employs=True, employees=2)  # same person
    b = make_enrolment("35.13.01.2001", starts=date(2025, 11, 3), **done)
    follow_up(b, 3, date(2026, 2, 10), produces=False, sells=False, turnover="same")
    follow_up(b, 6, date(2026, 5, 10), produces=False, turnover="up")  # first positive
    c = make_enrolment("35.13.01.2001", starts=date(2025, 11, 3), **done)
    follow_up(c, 3, date(2026, 2, 10), produces=False, employs=False, turnover="down")
    d = make_enrolment("35.13.01.2001", starts=date(2025, 11, 3), **done)
    follow_up(d, 3, date(2026, 2, 10), answered=False, produces=True)  # not answered
    e = make_enrolment("35.13.01.2001", starts=date(2025, 11, 3), **done)
    follow_up(e, 3, date(2026, 4, 1), hour=6, sells=True)  # 31 March in UTC, April in WIB
    k = make_enrolment("35.74.01.1001", starts=date(2025, 11, 3), **done)
    follow_up(k, 3, date(2026, 2, 10), sells=True)

    key = "peserta_hasil_positif"
    assert value(key, KAB, Q1) == 1
    assert value(key, KAB, Q1, PAITON) == 1
    assert value(key, KAB, Q2) == 2
    assert value(key, KAB, Q2, SUKAPURA) == 2
    assert value(key, KAB, Q2, PAITON) == 0
    assert value(key, KAB, YEAR) == 3
    assert value(key, KOTA, YEAR) == 1
    assert value(key, None, YEAR) == 4
    assert value(key, KAB, (date(2025, 1, 1), date(2025, 12, 31))) == 0
    indicator = indicators.get(key)
    first = indicator.describe(indicator.records(KAB, *Q1).get())
    assert first.day == date(2026, 2, 10) and "3 bulan" in first.detail
    assert first.title == a.participant.full_name and "Paiton" in first.place
