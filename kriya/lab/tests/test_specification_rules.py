"""An administrator can only save limits that make sense for the parameter's scale."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kriya.lab.scales import Scale
from kriya.lab.verdicts import LimitKind

from .factories import ParameterFactory, SpecificationFactory, StandardVersionFactory

pytestmark = pytest.mark.django_db


def build(**kwargs):
    kwargs.setdefault("standard_version", StandardVersionFactory())
    kwargs.setdefault("parameter", ParameterFactory(scale=Scale.GREY))
    return SpecificationFactory.build(**kwargs)


def errors_of(spec):
    with pytest.raises(ValidationError) as exc:
        spec.full_clean()
    return exc.value.message_dict


def test_a_range_needs_at_least_one_bound():
    assert "min_value" in errors_of(build(min_value=None, max_value=None))


def test_an_unset_limit_carries_no_bounds():
    assert "kind" in errors_of(build(kind=LimitKind.UNSET, min_value=4))
    build(kind=LimitKind.UNSET, min_value=None).full_clean()


def test_bounds_must_lie_on_the_parameter_scale():
    assert "min_value" in errors_of(build(min_value=Decimal("3.7")))
    assert "max_value" in errors_of(build(min_value=None, max_value=Decimal("6")))
    build(min_value=Decimal("3.5")).full_clean()


def test_minimum_may_not_exceed_maximum():
    assert "max_value" in errors_of(build(min_value=4, max_value=3))


def test_pass_fail_parameter_takes_a_pass_fail_limit_only():
    param = ParameterFactory(scale=Scale.PASS_FAIL)
    assert "kind" in errors_of(build(parameter=param, min_value=4))
    build(parameter=param, kind=LimitKind.PASS_FAIL, min_value=None).full_clean()
    assert "kind" in errors_of(build(kind=LimitKind.PASS_FAIL, min_value=None))


def test_one_limit_per_edition_and_parameter():
    existing = SpecificationFactory()
    with pytest.raises(ValidationError):
        build(standard_version=existing.standard_version, parameter=existing.parameter).full_clean()


def test_database_refuses_a_range_without_bounds_even_past_the_form():
    with pytest.raises(IntegrityError), transaction.atomic():
        SpecificationFactory(min_value=None, max_value=None)


def test_database_refuses_bounds_on_an_unset_limit():
    with pytest.raises(IntegrityError), transaction.atomic():
        SpecificationFactory(kind=LimitKind.UNSET, min_value=4)
