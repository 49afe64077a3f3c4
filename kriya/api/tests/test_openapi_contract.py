"""The published API contract (the OpenAPI document at /api/v1/openapi.json).

`openapi_operations.json` is the list of (path, method, operation id) the document had
before the routers moved into their apps. Integrations key on operation ids, so adding
an operation means adding its line to the file, and renaming or removing one is a
breaking change made on purpose. Every component name belongs to one schema class, and
the document is built once per process.
"""

import enum
import json
import typing
from collections import defaultdict
from pathlib import Path

import ninja.main
import pytest
from ninja.constants import NOT_SET
from pydantic import BaseModel

from kriya.api import errors
from kriya.api.urls import api

RECORDED = Path(__file__).with_name("openapi_operations.json")


def published_operations():
    schema = api.get_openapi_schema()
    return sorted(
        [path, method.upper(), operation["operationId"]]
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    )


def test_every_path_method_and_operation_id_is_the_recorded_one():
    recorded = json.loads(RECORDED.read_text())
    published = published_operations()
    missing = [op for op in recorded if op not in published]
    added = [op for op in published if op not in recorded]
    assert (missing, added) == ([], [])


def test_operation_ids_are_unique():
    ids = [operation_id for _, _, operation_id in published_operations()]
    assert len(ids) == len(set(ids))


def _nested_classes(annotation, found: set) -> None:
    """Every model and enum class an annotation refers to, however deeply."""
    if typing.get_origin(annotation) is typing.Literal:
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _nested_classes(field.annotation, found)
        return
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
        return
    for arg in typing.get_args(annotation):
        _nested_classes(arg, found)


def published_classes() -> dict[str, set[type]]:
    """Component name -> the classes of the operations' inputs and outputs bearing it.

    django-ninja wraps each operation's parameters and response in models of its own
    (never published as components); everything they refer to is published under its
    class name, and two classes with one name silently become one component."""
    by_name = defaultdict(set)
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                wrappers = list(operation.models) + [
                    m for m in operation.response_models.values() if m not in (None, NOT_SET)
                ]
                found = set()
                for wrapper in wrappers:
                    for field in wrapper.model_fields.values():
                        _nested_classes(field.annotation, found)
                for cls in found:
                    by_name[cls.__name__].add(cls)
    # Every error response of every operation is the one ErrorOut (kriya/api/errors.py).
    found = set()
    _nested_classes(errors.ErrorOut, found)
    for cls in found:
        by_name[cls.__name__].add(cls)
    return by_name


def test_every_schema_name_belongs_to_one_class():
    shared = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in published_classes().items()
        if len(classes) > 1
    }
    assert shared == {}


def test_every_component_is_one_of_those_classes():
    """Guards the test above: if it missed a kind of reference, this one fails."""
    components = set(api.get_openapi_schema()["components"]["schemas"])
    assert components == set(published_classes())


@pytest.mark.django_db
def test_the_document_is_built_once_per_process(client, monkeypatch):
    builds = []

    def counted(*args, **kwargs):
        builds.append(1)
        return build(*args, **kwargs)

    build = ninja.main.get_schema
    monkeypatch.setattr(ninja.main, "get_schema", counted)
    monkeypatch.setattr(api, "_openapi_schemas", {}, raising=False)
    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(builds) == 1


def _walk(node, where=""):
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}[{index}]")


def test_every_integer_of_the_document_is_bounded():
    unbounded = [
        where
        for where, node in _walk(api.get_openapi_schema())
        if node.get("type") == "integer"
        and not {"minimum", "maximum"} <= set(node)
        and "enum" not in node  # a fixed set of integers is bounded by its values
    ]
    assert unbounded == []


def test_ids_are_bounded_by_the_primary_key_column():
    schema = api.get_openapi_schema()
    parameter = next(p for p in schema["paths"]["/api/v1/businesses/{pk}"]["get"]["parameters"])
    assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (1, 2**63 - 1)


def test_fixed_sets_are_enums():
    components = api.get_openapi_schema()["components"]["schemas"]
    assert components["OutcomeIn"]["properties"]["outcome"]["enum"] == [
        "grant",
        "grant_reduced",
        "refuse",
    ]
    assert "reverify" in components["ActionIn"]["properties"]["action"]["enum"]
    assert components["RequirementCheckIn"]["properties"]["verdict"]["enum"] == [
        "conform",
        "nonconform",
        "not_applicable",
    ]


def test_every_operation_declares_the_errors_the_shared_handlers_give_it():
    schema = api.get_openapi_schema()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            secured = bool(operation.get("security"))
            declared = {int(code) for code in responses}
            assert ({401, 403} <= declared) == secured, (path, method)
            if operation.get("parameters") or operation.get("requestBody"):
                assert 422 in declared, (path, method)
            if "{" in path:
                assert 404 in declared, (path, method)
            for code in declared - {200, 201}:
                assert responses[code]["content"]["application/json"]["schema"] == error


def test_a_move_refused_by_the_lifecycle_is_declared_as_409():
    operation = api.get_openapi_schema()["paths"]["/api/v1/businesses/{pk}/actions"]["post"]
    assert 409 in operation["responses"]


def _fixed_set_names() -> set[str]:
    """The names of every model field of Kriya that has choices (`kind`, `legal_form`, …),
    and the names the API gives such a value elsewhere (`from_status`, `scheme_kind`, …)."""
    from django.apps import apps

    names = {
        field.name
        for model in apps.get_models()
        if model.__module__.startswith("kriya.")
        for field in model._meta.concrete_fields
        if field.choices
    }
    # `code` has choices only on the certification body (published as `body`); every
    # other `code` (region, service, sample, …) is an open identifier.
    return (names - {"code"}) | {"state", "language", "grade"}


#: Names that make a fixed set also as the end of a longer name (`scheme_kind`).
FIXED_SUFFIXES = ("kind", "status", "state", "verdict")

#: A property with a fixed-set name that carries something else, and why.
NOT_A_FIXED_SET = {
    ("AnalysisOut", "method"): "the test method's name (lab reference data, open)",
    ("AnalysisDetailOut", "method"): "the test method's name (lab reference data, open)",
    ("ComplaintOut", "body"): "the complaint's text",
    ("ComplaintIn", "body"): "the complaint's text",
    # `turnover` is a fixed set only on a training follow-up (down / same / up)
    ("EventSalesOut", "turnover"): "an amount in rupiah",
    ("EventSalesReportOut", "turnover"): "an amount in rupiah",
    ("EventReportDayOut", "turnover"): "an amount in rupiah",
    ("EventReportOut", "turnover"): "an amount in rupiah",
}


def _enum_of(prop: dict, components: dict) -> list | None:
    """The enum of a property, seen through `$ref`s and `anyOf` (`X | None`) / `allOf`."""
    if "$ref" in prop:
        return _enum_of(components[prop["$ref"].rsplit("/", 1)[1]], components)
    if "enum" in prop:
        return prop["enum"]
    if "const" in prop:  # a set of one value (`Literal["in_person"]`)
        return [prop["const"]]
    for key in ("anyOf", "allOf", "oneOf"):
        for option in prop.get(key, ()):
            if found := _enum_of(option, components):
                return found
    return None


def test_every_fixed_set_is_published_as_an_enum():
    # A field named like one with choices (`kind`, `verdict`), or ending in one of those
    # names (`scheme_kind`, `to_status`, `certificate_state`), is an enum in the document,
    # input and output alike, so that clients can rely on the set of values.
    names = _fixed_set_names()
    components = api.get_openapi_schema()["components"]["schemas"]
    free = []
    for component, schema in components.items():
        for prop_name, prop in schema.get("properties", {}).items():
            fixed = prop_name in names or prop_name.endswith(tuple("_" + n for n in FIXED_SUFFIXES))
            exempt = (component, prop_name) in NOT_A_FIXED_SET
            if fixed and not exempt and not _enum_of(prop, components):
                free.append(f"{component}.{prop_name}")
    assert free == []
