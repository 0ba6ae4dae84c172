import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

def _shared() -> Path:
    """The team's shared material (official-format.md, seeds, realworld): beside the clone in CI."""
    for candidate in (ROOT.parent / "shared", Path(os.environ.get("ZWGK_SHARED", "/nonexistent")),
                      Path("/work/shared")):
        if (candidate / "official-format.md").exists():
            return candidate
    return ROOT.parent / "shared"


SHARED = _shared()


def require_shared() -> Path:
    if not (SHARED / "official-format.md").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI 中缺少共享资料目录 {SHARED}")
        pytest.skip("shared/ material not beside this checkout")
    return SHARED


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
