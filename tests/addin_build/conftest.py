"""Shared fixtures: the xlwings template and one built zwgk.xlam per test session."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from zwgk.addin_build import build

ROOT = Path(__file__).resolve().parents[2]
ADDIN = ROOT / "addin"


@pytest.fixture(scope="session")
def template_xlam() -> Path:
    return build.template_path()


@pytest.fixture(scope="session")
def built_xlam(tmp_path_factory) -> Path:
    return build.build_addin(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def built_parts(built_xlam) -> dict[str, bytes]:
    with zipfile.ZipFile(built_xlam) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.fixture(scope="session")
def template_parts(template_xlam) -> dict[str, bytes]:
    with zipfile.ZipFile(template_xlam) as zf:
        return {n: zf.read(n) for n in zf.namelist()}
