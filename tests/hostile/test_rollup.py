"""A rollup over a folder holding hostile files: the summary is written, the good units counted,
each hostile file marked in 报送情况 with its reason; a reader crashing kills only its file."""
from __future__ import annotations

import json

import pytest

from zwgk.problems import entry

from . import generate as g
from .conftest import zwgk

HOSTILE = ("cell_at_XFD1048576", "rows_200k_unnumbered", "zip_bomb_part", "truncated_sheet",
           "bad_shared_string", "value_1e999", "named_pipe", "link_to_dev_zero", "symlink_loop",
           "folder_named_xlsx")


def entries(done) -> dict:
    assert done.returncode == 0, done.stderr[-2000:]
    return {e["file"]: e for e in json.loads(done.stdout)["entries"]}


def good_units(folder, n=2):
    return [g.valid_workbook(folder / f"单位{i}.xlsx", unit=f"第{i}街道办事处", seed=i) for i in range(n)]


@pytest.mark.parametrize("workers", [1, 2])
def test_hostile_files_leave_the_others_counted(workers, tmp_path):
    folder = tmp_path / "区"
    base, _ = good_units(folder)
    for name in HOSTILE:
        g.REFUSED[name](base, folder / f"{name}.xlsx")
    out = tmp_path / "汇总.xlsx"
    got = entries(zwgk("rollup", folder, "-o", out, "--json", "--workers", workers))
    assert out.exists()
    assert got["单位0.xlsx"]["counted"] and got["单位1.xlsx"]["counted"]
    for name in HOSTILE:
        entry = got.get(f"{name}.xlsx")
        if entry is None:                     # a symlink loop or folder named .xlsx is a folder to walk
            assert name in ("folder_named_xlsx", "symlink_loop")
            continue
        assert not entry["counted"] and entry["reason"], entry


CRASH = {"ZWGK_WORKER_HEADROOM_MB": "16"}   # a worker this small dies (calamine aborts) on a big sheet


def crashing(folder):
    """Within a report's bounds, but a 10,000 x 256 rectangle calamine cannot allocate in CRASH."""
    base = g.valid_workbook(folder.parent / "src" / "x.xlsx", unit="丙街道办事处", seed=7)
    return g.far_cell("IV10000")(base, folder / "崩溃.xlsx")


@pytest.mark.parametrize("others", [0, 2, 60])
def test_a_crashing_reader_kills_only_its_file(others, tmp_path):
    folder = tmp_path / "区"
    folder.mkdir()
    good_units(folder, others)
    crashing(folder)
    out = tmp_path / "汇总.xlsx"
    got = entries(zwgk("rollup", folder, "-o", out, "--json", env=CRASH, timeout=180))
    assert out.exists()
    assert got["崩溃.xlsx"]["reason"] == entry("rollup.crashed").message and not got["崩溃.xlsx"]["counted"]
    assert sum(e["counted"] for e in got.values()) == others
