"""What a click runs, on Linux: the exact RunPython command of the built add-in, in a fresh
Python of a default install (no pandas), on a real unit workbook.  The full figures come from
`benchmarks/addin_click.py`; here one run of each, to prove the path works without pandas."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from zwgk.resources import data_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("addin_click", ROOT / "benchmarks" / "addin_click.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_xlam(tmp_path_factory) -> Path:
    from zwgk.addin_build.build import build_addin

    return build_addin(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def lean_python(bench, tmp_path_factory) -> str:
    return bench.default_install(tmp_path_factory.mktemp("venv"))


def test_pandas_is_not_a_default_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert not any(d.startswith(("pandas", "numpy")) for d in project["dependencies"])
    assert any(d.startswith("pandas") for d in project["optional-dependencies"]["frame"])


def test_the_command_is_read_from_the_built_addin(bench, built_xlam):
    prefix, command = bench.click_command(built_xlam, "btnCheck")
    assert prefix == "import xlwings.utils;xlwings.utils.prepare_sys_path("
    assert command == "import zwgk.addin as a; a.on_action('btnCheck')"


def test_check_click_python_side_runs_without_pandas(bench, lean_python, built_xlam, tmp_path):
    book = tmp_path / bench.WORKBOOK
    shutil.copyfile(data_dir("samples", "district") / "district" / bench.WORKBOOK, book)
    work = bench.python_side(book) + "; import sys; assert not {'pandas', 'numpy', 'openpyxl'} & set(sys.modules)"
    argv = bench.run_python_argv(lean_python, built_xlam, book, "import zwgk.addin as a; " + work)
    done = subprocess.run(argv, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_exact_command_reaches_excel_attach_without_pandas(bench, lean_python, built_xlam, tmp_path):
    _, command = bench.click_command(built_xlam, "btnCheck")
    argv = bench.run_python_argv(lean_python, built_xlam, tmp_path / "报表.xlsx", command)
    done = subprocess.run(argv, capture_output=True, text=True)
    # No Excel here: xlwings gives up in Book.caller(), after every import of the click path.
    assert done.returncode != 0 and "caller" in done.stderr, done.stderr
    assert "ModuleNotFoundError" not in done.stderr
