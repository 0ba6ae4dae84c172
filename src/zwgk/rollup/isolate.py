"""Run `load_one` over many files in worker processes, so that a reading library crashing on
one file (calamine aborting, a segfault, memory exhausted) loses that file only.

Work goes out in chunks to a persistent pool.  Each worker notes in a shared array when it
starts and ends a file; when a worker dies the pool breaks, and then the files that were
started but not finished are each read again alone, in a process of their own, and the files
not yet started go to a fresh pool.  A file whose lone process dies too is marked
`无法读取（文件异常）`; every other file is read as usual.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from zwgk import guard
from zwgk.workbook.child import mark_isolated

STARTED, DONE = 1, 2
CHUNK = 32                           # files per task at most

_state = None                        # the shared array, in each worker


def can_isolate() -> bool:
    """Worker processes are cheap where processes fork (not on Windows, inside Excel)."""
    return sys.platform != "win32"


def run_isolated(fn, items: list, workers: int, crashed, bar) -> list:
    """[fn(item) …] in order; an item whose process dies gets `crashed(item)` instead."""
    results: list = [None] * len(items)
    todo = list(range(len(items)))
    gc.freeze()                  # what the workers inherit is left alone by their collector
    try:
        while todo:
            state = multiprocessing.Array("b", len(items), lock=False)
            lost = _round(fn, items, todo, results, state, workers, bar)
            suspects = [i for i in lost if state[i] == STARTED]
            for i in suspects:
                results[i] = bar.step(_alone(fn, items[i], crashed))
            todo = [i for i in lost if state[i] != STARTED]
    finally:
        gc.unfreeze()
    return results


def _round(fn, items, todo, results, state, workers, bar) -> list[int]:
    """One pool over `todo`; the indexes left without a result when the pool broke."""
    size = max(1, min(CHUNK, len(todo) // (workers * 24)))   # small last chunks: no worker waits long on the other
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
    lost: list[int] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), initializer=_init,
                             initargs=(state,)) as pool:
        futures = {pool.submit(_chunk, fn, [(i, items[i]) for i in chunk]): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                for i, result in zip(futures[future], future.result()):
                    results[i] = bar.step(result)
            except BrokenProcessPool:
                lost.extend(futures[future])
    return sorted(lost)


def _alone(fn, item, crashed):
    with ProcessPoolExecutor(max_workers=1, initializer=_init, initargs=(None,)) as pool:
        try:
            return pool.submit(fn, item).result()
        except BrokenProcessPool:
            return crashed(item)


def _init(state) -> None:
    global _state
    _state = state
    mark_isolated()
    guard.quiet_stderr()
    guard.limit_memory()


def _chunk(fn, pairs: list) -> list:
    out = []
    for i, item in pairs:
        _state[i] = STARTED
        out.append(fn(item))
        _state[i] = DONE
    return out


def cpu_count() -> int:
    return os.cpu_count() or 1
