"""Factories for the lab's reference data and instruments (data built in code)."""

from datetime import timedelta

import factory
from django.utils import timezone

from kriya.lab.models import (
    Calibration,
    Instrument,
    Parameter,
    Specification,
    Standard,
    StandardVersion,
    TestMethod,
)
from kriya.lab.scales import Scale
from kriya.lab.verdicts import LimitKind


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"SNI 9{n:03d}")
    title = factory.LazyAttribute(lambda o: f"Judul {o.code}")


class StandardVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardVersion

    standard = factory.SubFactory(StandardFactory)
    version = "2019"
    title = factory.LazyAttribute(lambda o: o.standard.title)


class TestMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TestMethod

    code = factory.Sequence(lambda n: f"metode-{n}")
    name = factory.Sequence(lambda n: f"Metode uji {n}")
    reference = factory.LazyAttribute(lambda o: o.name)
    required_verifications = 1
    turnaround_days = 5


class ParameterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parameter

    code = factory.Sequence(lambda n: f"param-{n}")
    name = factory.Sequence(lambda n: f"Parameter {n}")
    method = factory.SubFactory(TestMethodFactory)
    scale = Scale.GREY


class SpecificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specification

    standard_version = factory.SubFactory(StandardVersionFactory)
    parameter = factory.SubFactory(ParameterFactory)
    kind = LimitKind.RANGE
    min_value = 4
    max_value = None


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    code = factory.Sequence(lambda n: f"ALAT-{n:03d}")
    name = factory.Sequence(lambda n: f"Alat {n}")


class CalibrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Calibration

    instrument = factory.SubFactory(InstrumentFactory)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))
    calibrated_on = factory.LazyAttribute(lambda o: o.valid_until - timedelta(days=365))
    certificate_number = factory.Sequence(lambda n: f"KAL/{n}")


def calibrated_instrument(*, days_left: int = 180, **kwargs) -> Instrument:
    """An instrument whose calibration ends `days_left` days from today (negative: expired)."""
    instrument = InstrumentFactory(**kwargs)
    CalibrationFactory(
        instrument=instrument, valid_until=timezone.localdate() + timedelta(days=days_left)
    )
    return instrument
