"""The published contract, checked by schemathesis against the running API.

The OpenAPI document is loaded from the in-process WSGI application and every
operation is called with an administrator's API token on a small data set, in three
phases: coverage (each operation's boundary values, enum values, required and
optional fields), fuzzing (Hypothesis, valid and invalid data) and stateful (chains
of calls along the links schemathesis infers). The seed is fixed, generation is
deterministic with no example database and the number of examples and steps is
bounded, so the run repeats exactly and takes a bounded time. Every response must be
no server error, have a documented status code and conform to its schema.
"""

from collections import defaultdict

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from kriya.accounts.models import Membership, Role
from kriya.api.models import ApiToken
from kriya.registry import services as registry_services

CHECKS = ("not_a_server_error", "status_code_conformance", "response_schema_conformance")


@pytest.fixture
def admin_token(make_user, agency, regions):
    """An administrator of the agency, with an API token, owning a business and a product."""
    admin = make_user("admin@agency.test", full_name="Ana Admin")
    Membership.objects.create(user=admin, organisation=agency, role=Role.ADMINISTRATOR)
    business = registry_services.create_business(
        data={
            "nib": "9120001234567",
            "name": "Batik Prabulinggih",
            "owner_name": "Ana Admin",
            "village_id": "35.13.20.2001",
            "sector": "batik",
        },
        by=admin,
        owner=admin,
    )
    registry_services.create_product(
        business=business,
        data={"name": "Kain batik", "sector": "batik", "price": 250_000, "availability": "ready"},
        by=admin,
    )
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="schemathesis", user=admin, prefix=prefix, key_hash=key_hash)
    return raw


def run_schemathesis(token: str) -> tuple[dict, list]:
    """(failures by (operation, check), errors of the run itself)."""
    config = SchemathesisConfig.from_dict(
        {
            "seed": 20261202,
            "workers": 1,
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {
                "max-examples": 5,
                "deterministic": True,
                "database": "none",
                "no-shrink": True,
            },
            "phases": {
                "examples": {"enabled": False},
                # Valid data only: the invalid data of every parameter (thousands of
                # requests) is left to the fuzzing phase, which mixes both.
                "coverage": {
                    "enabled": True,
                    "unexpected-methods": [],
                    "generation": {"mode": "positive"},
                },
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": 20},
            },
            "checks": {
                "enabled": False,
                **{name: {"enabled": True} for name in CHECKS},
            },
            "suppress-health-check": ["all"],
        }
    )
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), config=config
    )
    failures = defaultdict(list)
    errors = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.status == Status.FAILURE:
                        case = event.recorder.cases[case_id].value
                        failure = check.failure_info.failure if check.failure_info else ""
                        failures[(event.label, check.name)].append(
                            f"{case.path_parameters} {case.query} {case.body!r:.200}: "
                            f"{str(failure)[:300]}"
                        )
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            errors.append(str(getattr(event, "info", event))[:500])
    return dict(failures), errors


# The engine sends its requests from a thread of its own: the data must be committed.
@pytest.mark.django_db(transaction=True)
def test_every_operation_keeps_its_published_contract(admin_token):
    failures, errors = run_schemathesis(admin_token)
    report = "\n".join(
        f"{label} [{check}] ×{len(cases)}\n    {cases[0]}"
        for (label, check), cases in sorted(failures.items())
    )
    print(report, *errors, sep="\n")
    assert (report, errors) == ("", [])
