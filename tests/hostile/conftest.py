"""Run zwgk as the user does, in a child process under a memory cap and a time limit."""
from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from .generate import valid_workbook

MEMORY_CAP = 1536 * 1024 * 1024          # address space of the zwgk process (and its workers)
TIME_LIMIT = 60                          # seconds


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def zwgk(*args, env: dict | None = None, timeout: int = TIME_LIMIT) -> subprocess.CompletedProcess:
    """`zwgk args…` under MEMORY_CAP and TIME_LIMIT (a timeout fails the test)."""
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_capped, env={**os.environ, **(env or {})})


def assert_refused(done: subprocess.CompletedProcess, name: str) -> None:
    """Exit 2, one Chinese sentence naming the file; no traceback, nothing unforeseen."""
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "意外情况" not in done.stderr, done.stderr[-2000:]
    assert name in done.stderr and done.stderr.startswith("错误："), done.stderr


@pytest.fixture(scope="session")
def base(tmp_path_factory):
    return valid_workbook(tmp_path_factory.mktemp("base") / "甲街道办事处.xlsx")
