"""`zwgk check --mark` killed at any moment, or run by several processes at once on one file:
the workbook is always whole (the original or fully marked), and no temporary file outlives the
next run.  A short version runs with the suite; `make kill-loops` runs the long one."""
from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from zwgk.atomic import TEMP_NAME
from zwgk.wording import words

from .helpers import faulty_report


def _start(path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "zwgk.cli", "check", str(path), "--mark"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _state(path, original: bytes) -> str:
    """"original" or "marked"; anything else (half-written, not a workbook) fails the test."""
    data = path.read_bytes()
    if data == original:
        return "original"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
    sheets = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert words("checks")["marks"]["sheet"] in sheets and words("checks")["marks"]["store"] in sheets, sheets
    return "marked"


def _temps(folder) -> list[str]:
    return [p.name for p in folder.rglob(".*") if TEMP_NAME.fullmatch(p.name)]


def _timed_run(path) -> float:
    start = time.monotonic()
    done = _start(path)
    assert done.wait(timeout=120) == 1, done.stderr.read()
    return time.monotonic() - start


def kill_loop(tmp_path, rounds: int, seed: int = 0) -> dict[str, int]:
    rnd = random.Random(seed)
    path = faulty_report(tmp_path / "x.xlsx")
    original = path.read_bytes()
    full = _timed_run(path)
    seen = {"original": 0, "marked": 0}
    for _ in range(rounds):
        path.write_bytes(original)
        proc = _start(path)
        time.sleep(rnd.uniform(0.3, 1.1) * full)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        seen[_state(path, original)] += 1
    assert _timed_run(path) > 0                            # the next run, to completion
    assert _state(path, original) == "marked"
    assert _temps(tmp_path) == []
    for kept in (tmp_path / "zwgk备份").iterdir():          # every backup is a whole workbook
        assert zipfile.ZipFile(kept).testzip() is None
    return seen


def concurrent_loop(tmp_path, rounds: int, processes: int) -> None:
    path = faulty_report(tmp_path / "x.xlsx")
    original = path.read_bytes()
    for _ in range(rounds):
        path.write_bytes(original)
        procs = [_start(path) for _ in range(processes)]
        while any(p.poll() is None for p in procs):      # whole at every moment it is looked at
            _state(path, original)
            time.sleep(0.02)
        errors = [p.stderr.read().decode("utf-8", "replace") for p in procs]
        assert all(p.returncode == 1 for p in procs), errors
        assert _state(path, original) == "marked"
        assert _temps(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_mid_mark_short(tmp_path):
    seen = kill_loop(tmp_path, rounds=3)
    assert sum(seen.values()) == 3


def test_concurrent_marks_short(tmp_path):
    concurrent_loop(tmp_path, rounds=1, processes=3)


@pytest.mark.kill_loop
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_mid_mark_long(tmp_path):
    seen = kill_loop(tmp_path, rounds=60, seed=1)
    assert seen["original"] and seen["marked"], seen       # the kills fell before and after the rename


@pytest.mark.kill_loop
def test_concurrent_marks_long(tmp_path):
    concurrent_loop(tmp_path, rounds=8, processes=6)
