"""Tasks the ops tests schedule and run (importable by a worker subprocess too)."""

import os
import time
from pathlib import Path

from django_tasks import task

CALLS: list[str] = []


@task()
def succeeds() -> str:
    CALLS.append("succeeds")
    return "done"


@task()
def always_fails() -> None:
    CALLS.append("always_fails")
    raise RuntimeError("the printer is on fire")


@task()
def fails_once() -> str:
    CALLS.append("fails_once")
    if CALLS.count("fails_once") == 1:
        raise RuntimeError("first time unlucky")
    return "second time lucky"


@task()
def read_and_block(folder: str) -> None:
    """Start the import's reading child process (as a large import does), take its first
    batch, note both pids in `folder`, then block until killed."""
    from kriya.registry.imports.parsing import ParsedRow
    from kriya.registry.imports.reading import _from_child

    def endless():  # runs in the child
        Path(folder, "child.pid").write_text(str(os.getpid()))
        while True:
            yield [ParsedRow(n, {}, [], [], False) for n in range(10)]

    batches = _from_child(endless(), batch_size=10)
    next(batches)
    Path(folder, "worker.pid").write_text(str(os.getpid()))
    while True:
        time.sleep(0.2)
