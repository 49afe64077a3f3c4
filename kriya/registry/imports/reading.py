"""The data rows of a sheet, parsed, in batches, for the runner to write (issue 3 §5).

`read_batches()` yields lists of ParsedRow of `batch_size` rows (the last one fewer). Every
row below the header is a data row — a blank one is a ParsedRow with `blank` set — except the
blank rows after the last filled row, which are not data and never yielded. A file that turns
unreadable midway (a line that is not UTF-8) raises SourceError with `row`, the first row of
the batch that was being read (None when it was at a batch boundary).

A large file is read and parsed in a child process while this process writes: reading,
parsing and building the row to insert is pure Python and costs about as much as the
database's own work, so a second core takes it off the writer (docs/benchmarks.md). The
child is forked, so it shares the header, the region matcher and the translations with no
set-up; it never touches the database. It sends the parsed rows in chunks through a pipe;
a thread here empties the pipe into a queue of at most two batches, so the child works
ahead while the database writes and memory stays bounded. A thread alone would not do: the
database drivers hold the GIL between rows, and a parsing thread would starve the writer.
Small files, and systems without fork, are read in this process.

The child dies with its parent: if the worker running the import is killed, a reader
left behind would hold the database file (SQLite's WAL) or connection open forever. On
Linux the kernel kills it (prctl PR_SET_PDEATHSIG); everywhere, the child closes its copy
of the pipe's reading end, so its next send fails once the parent is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator

from django.utils import translation

from .parsing import ParsedRow, RowParser, Sheet, SourceError

# From this many data rows (estimated from the file) a child process reads the file. Below
# it the import takes a second or less and a fork would cost more than it saves.
PARALLEL_MIN_ROWS = 10_000
# Rows the reading process sends at a time; the writer joins them into its batches.
CHUNK_ROWS = 500

_CHUNK, _END, _SOURCE_ERROR, _CRASH = "chunk", "end", "source-error", "crash"


class ReaderCrashed(Exception):
    """The reading process failed (a bug, or it was killed); the message has its traceback."""


Prepare = Callable[[list[ParsedRow]], None]


def read_batches(
    sheet: Sheet,
    parser: RowParser,
    batch_size: int,
    *,
    prepare: Prepare | None = None,
    parallel: bool | None = None,
) -> Iterator[list[ParsedRow]]:
    """The batches of `sheet`, each passed through `prepare` (where it is read, so in the
    child process too) before it is yielded. `parallel`: read in a child process (None:
    when the file is large and the system can fork). Close the iterator when stopping
    early."""
    if parallel is None:
        parallel = can_fork() and (sheet.total_estimate or 0) >= PARALLEL_MIN_ROWS
    if not parallel:
        return batches(sheet, parser, batch_size, prepare)
    # The child sends small chunks, so the writer never waits long for the next batch
    # (nor at the start for the first one).
    chunks = batches(sheet, parser, min(batch_size, CHUNK_ROWS), prepare)
    return _from_child(chunks, batch_size)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def batches(
    sheet: Sheet, parser: RowParser, batch_size: int, prepare: Prepare | None = None
) -> Iterator[list[ParsedRow]]:
    """The batches, read and parsed here."""
    for batch in _cut(_parsed_rows(sheet, parser), batch_size):
        if prepare:
            prepare(batch)
        yield batch


def _parsed_rows(sheet: Sheet, parser: RowParser) -> Iterator[ParsedRow]:
    """Every data row, parsed; blank rows only when a filled row follows them."""
    pending_blank: list[int] = []
    for number, cells in sheet.rows:
        if parser.is_blank(cells):
            pending_blank.append(number)
            continue
        if pending_blank:
            yield from (ParsedRow(n, {}, [], [], True) for n in pending_blank)
            pending_blank = []
        yield parser.parse(number, cells)


def _cut(rows: Iterator[ParsedRow], batch_size: int) -> Iterator[list[ParsedRow]]:
    """`rows` in batches: each closes after the filled row that makes it `batch_size` rows
    or more. A SourceError leaves with `row`, the first row of the unfinished batch."""
    batch: list[ParsedRow] = []
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size and not row.blank:
                yield batch
                batch = []
    except SourceError as exc:
        exc.row = batch[0].number if batch else getattr(exc, "row", None)
        raise
    if batch:
        yield batch


def _from_child(source: Iterator[list[ParsedRow]], batch_size: int) -> Iterator[list[ParsedRow]]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_produce,
        args=(source, sender, translation.get_language(), receiver, os.getpid()),
        name="kriya-import-reader",
        daemon=True,
    )
    child.start()
    sender.close()  # the child holds the sending end; EOF once it is gone
    # A pipe holds 64 KiB, a fraction of a chunk: the child would stop at every 64 KiB
    # until this process reads, i.e. only between batches. A thread here empties the pipe
    # as the chunks come (it waits on the pipe without the GIL), so the child runs up to two
    # batches ahead; this thread unpickles them when it needs them.
    received: queue.Queue = queue.Queue(maxsize=max(8, 2 * batch_size // CHUNK_ROWS))
    feeder = threading.Thread(target=_feed, args=(receiver, received), daemon=True)
    feeder.start()
    try:
        # Cut exactly where `batches` would have.
        yield from _cut(_received_rows(received, child), batch_size)
    finally:
        if child.is_alive():
            child.kill()  # the writer stopped early (a failing batch): nothing more is read
        child.join()
        while feeder.is_alive():  # it ends at the pipe's end; make room for its last put
            with contextlib.suppress(queue.Empty):
                received.get_nowait()
            feeder.join(timeout=0.01)
        receiver.close()


def _received_rows(received: queue.Queue, child) -> Iterator[ParsedRow]:
    """The rows of the child's chunks, until its end; its failures raised here."""
    while True:
        message = received.get()
        if message is None:
            child.join(timeout=5)
            raise ReaderCrashed(
                f"the reading process ended without finishing (exit code {child.exitcode})"
            )
        kind, payload = pickle.loads(message)  # noqa: S301 (our own child process)
        if kind == _CHUNK:
            yield from payload
        elif kind == _END:
            return
        elif kind == _SOURCE_ERROR:
            text, row = payload
            error = SourceError(text)
            error.row = row
            raise error
        else:
            raise ReaderCrashed(payload)


def _feed(receiver, received: queue.Queue) -> None:
    """In a thread of the importing process: move the child's messages from the pipe into
    `received`; None once the pipe is closed."""
    while True:
        try:
            message = receiver.recv_bytes()
        except (EOFError, OSError):
            received.put(None)
            return
        received.put(message)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int) -> None:
    """In a forked child: be killed when the parent dies (Linux), and stop now if it
    already has (it may die between the fork and the prctl call)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _produce(source, sender, language, receiver, parent_pid) -> None:
    """In the child: read, parse, send. The messages are in the importer's language."""
    die_with_parent(parent_pid)
    # Only the parent reads: with this end closed here, a send fails once it is gone.
    receiver.close()
    translation.activate(language)
    try:
        for chunk in source:
            sender.send((_CHUNK, chunk))
            gc.collect(1)  # automatic collection is off, as in the parent (runner)
        sender.send((_END, None))
    except SourceError as exc:
        sender.send((_SOURCE_ERROR, (str(exc), getattr(exc, "row", None))))
    except BaseException:
        with contextlib.suppress(OSError):  # the parent may have gone already
            sender.send((_CRASH, traceback.format_exc()))
    finally:
        sender.close()
