import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def tmp(tmp_path):
    return tmp_path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice():
    """LibreOffice is a real engine for these tests: in CI its absence is a failure, not a skip."""
    if soffice():
        return soffice()
    if os.environ.get("CI"):
        pytest.fail("CI 中缺少 LibreOffice（soffice），请检查 scripts/ensure-system-packages")
    pytest.skip("LibreOffice (soffice) not installed")
