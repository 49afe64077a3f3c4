"""The published API contract: every (path, method, operation id) stays as recorded.

`openapi_operations.json` is the list the document had before the routers moved into
their apps. Integrations key on operation ids, so adding an operation means adding its
line to the file, and renaming or removing one is a breaking change made on purpose.
"""

import json
from pathlib import Path

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
