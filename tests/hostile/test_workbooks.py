"""Hostile workbooks: refused in words (exit 2) within a memory cap and a time limit, or, for
formulas however they are written, never read as their cached value."""
from __future__ import annotations

import os

import pytest

from . import generate as g
from .conftest import assert_refused, zwgk

COMMANDS = ("show", "check", "render")


@pytest.mark.parametrize("name", sorted(g.REFUSED))
def test_refused_in_words(name, base, tmp_path):
    path = g.REFUSED[name](base, tmp_path / f"{name}.xlsx")
    assert_refused(zwgk("check", path), f"{name}.xlsx")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_reading_command_refuses(command, base, tmp_path):
    path = g.far_cell("XFD1048576")(base, tmp_path / "远.xlsx")
    args = [command, path] + (["-o", tmp_path / "out.txt"] if command == "render" else [])
    assert_refused(zwgk(*args), "远.xlsx")


@pytest.mark.hostile_sweep
@pytest.mark.parametrize("name", sorted(g.SWEEP))
def test_sweep_refused_in_words(name, base, tmp_path):
    path = g.SWEEP[name](base, tmp_path / f"{name}.xlsx")
    assert_refused(zwgk("check", path, timeout=120), f"{name}.xlsx")


def test_permission_denied_is_not_corrupt(base, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "锁.xlsx"
    path.write_bytes(base.read_bytes())
    path.chmod(0)
    done = zwgk("check", path)
    assert_refused(done, "锁.xlsx")
    assert "权限" in done.stderr and "损坏" not in done.stderr


def test_folder_is_not_called_corrupt(tmp_path):
    (tmp_path / "x.xlsx").mkdir()
    done = zwgk("show", tmp_path / "x.xlsx")
    assert_refused(done, "x.xlsx")
    assert "文件夹" in done.stderr and "损坏" not in done.stderr


@pytest.mark.parametrize("name", sorted(g.FORMULAS))
def test_formula_found_however_written(name, base, tmp_path):
    path = g.FORMULAS[name](base, tmp_path / f"{name}.xlsx")
    done = zwgk("check", path)
    assert done.returncode == 1, done.stderr + done.stdout
    line = next(x for x in done.stdout.splitlines() if "表三!D5" in x)
    assert "公式" in line and "全部校验通过" not in done.stdout


def test_formula_cells_api(base, tmp_path):
    from zwgk.workbook.reader import formula_cells

    path = g.prefixed_namespace(base, tmp_path / "x.xlsx")
    assert formula_cells(path, ["表三"])["表三"]["D5"] == "1+1"
    every = formula_cells(g.FORMULAS["shared_formula"](base, tmp_path / "s.xlsx"))
    assert every["表三"]["D5"] == "（共享公式）" and set(every) >= {"表二", "表三", "表四"}
    entity = formula_cells(g.FORMULAS["entity_in_formula"](base, tmp_path / "e.xlsx"), ["表三"])
    assert entity["表三"]["D5"] == '"a\nb"&1'


def test_error_value_is_named(base, tmp_path):
    path = g.patch_sheet(base, tmp_path / "e.xlsx", lambda x: g.set_cell(x, "D5", '<c r="D5" t="e"><v>#DIV/0!</v></c>'))
    done = zwgk("check", path)
    line = next(x for x in done.stdout.splitlines() if "表三!D5" in x)
    assert "错误值" in line and "#DIV/0!" in line and "未填写" not in line


def test_tiny_number_is_not_zero(base, tmp_path):
    path = g.number("1e-300")(base, tmp_path / "t.xlsx")
    done = zwgk("check", path)
    line = next(x for x in done.stdout.splitlines() if "表三!D5" in x)
    assert "1e-300" in line and '实填“0”' not in line


def test_console_that_cannot_show_chinese(base):
    done = zwgk("check", base, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr and done.stdout


def test_unforeseen_error_goes_to_a_log(tmp_path, monkeypatch, capsys):
    """What no reader foresaw: one sentence naming a log file, which holds the traceback."""
    from zwgk.cli import _unforeseen

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        {}["missing"]
    except KeyError as exc:
        assert _unforeseen(exc) == 2
    err = capsys.readouterr().err
    log = next((tmp_path / "zwgk").glob("*.log"))
    assert err.startswith("错误：") and str(log) in err and "Traceback" not in err
    assert "Traceback" in log.read_text(encoding="utf-8") and "KeyError" in log.read_text(encoding="utf-8")


def test_a_crashing_reader_is_told_in_words(base, tmp_path):
    """A sheet within a report's bounds but large is read in a child process: when the reading
    library dies there (here: a child too small for calamine's rectangle), zwgk says so."""
    path = g.far_cell("IV10000")(base, tmp_path / "大.xlsx")
    done = zwgk("check", path, env={"ZWGK_WORKER_HEADROOM_MB": "16"})
    assert_refused(done, "大.xlsx")
    assert "崩溃" in done.stderr and "memory allocation" not in done.stderr
    assert zwgk("check", path).returncode == 0       # with room enough, the same file reads
