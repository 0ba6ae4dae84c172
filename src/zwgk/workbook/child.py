"""Read a large workbook in a forked child process, so that the reading library crashing on it
(calamine aborts when it cannot allocate) is told in words instead of killing zwgk."""
from __future__ import annotations

import os

from zwgk import guard
from zwgk.errors import UnreadableFileError, ZwgkError

_isolated = False                  # this process is itself a reading worker (zwgk.rollup.isolate)


def can_fork() -> bool:
    """A child is worth forking: fork exists and this process is not already a reading worker."""
    return hasattr(os, "fork") and not _isolated


def mark_isolated() -> None:
    """Called in a worker whose death its parent already handles: read in-process there."""
    global _isolated
    _isolated = True


def in_child(read, path):
    """`read()` run in a forked child; its result, its ZwgkError, or a sentence if it died."""
    import pickle

    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:                                     # the child: read, send, leave at once
        os.close(readable)
        _child(read, path, writable)
    os.close(writable)
    with os.fdopen(readable, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        raise UnreadableFileError.of("read.reader_crashed", file=path)
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value


def _child(read, path, writable: int) -> None:
    import pickle

    try:
        guard.quiet_stderr()
        guard.limit_memory()
        try:
            result = (True, read())
        except ZwgkError as exc:
            result = (False, exc)
        except Exception as exc:  # noqa: BLE001 — told in words by the parent
            result = (False, UnreadableFileError.of("read.unforeseen", file=path, kind=type(exc).__name__))
        with os.fdopen(writable, "wb") as pipe:
            pipe.write(pickle.dumps(result))
    finally:
        os._exit(0)
