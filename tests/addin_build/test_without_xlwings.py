"""xlwings is the `zwgk[addin]` extra: without it the add-in commands say, in Chinese, how to get it,
and the rest of zwgk works (it never imports xlwings)."""
from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

# Python's own rule: a None in sys.modules makes `import xlwings` fail and find_spec answer None,
# as in an install without the extra.
WITHOUT_XLWINGS = "import sys; sys.modules['xlwings'] = None; from zwgk.cli import main; sys.exit(main(sys.argv[1:]))"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-c", WITHOUT_XLWINGS, *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_addin_build_without_xlwings_says_how_to_install_it(tmp_path):
    done = run("addin", "build", "-o", tmp_path / "dist", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert 'pip install "zwgk[addin]"' in done.stderr and "xlwings" in done.stderr
    assert not (tmp_path / "dist" / "zwgk.xlam").exists()


def test_check_and_new_need_no_xlwings(tmp_path):
    assert run("new", "-o", tmp_path / "r.xlsx", cwd=tmp_path).returncode == 0
    sample = ROOT / "samples" / "district" / "东站街道-2024.xlsx"
    assert run("check", sample, cwd=tmp_path).returncode in (0, 1)
