"""Inputs are never touched, the same inputs give the same bytes (serial or parallel), and
the rollup's own output is never counted twice."""
from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from zwgk.problems import entry
from zwgk.rollup import rollup, write_rollup
from zwgk.rollup.load import PARALLEL_FROM
from zwgk.workbook.reader import read_report

from .helpers import status_rows, unit_folder, unit_report, write


def snapshot(folder):
    """Every file under `folder`: bytes digest, size and modification time."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(folder).as_posix()] = (hashlib.sha256(p.read_bytes()).hexdigest(),
                                                      st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """More files than PARALLEL_FROM, a few of them bad, one in a sub-folder."""
    d = tmp_path_factory.mktemp("big")
    for i in range(PARALLEL_FROM + 6):
        write(d if i % 10 else d / "乡镇", f"r{i:03d}.xlsx", unit_report(i, blanks=i % 3))
    (d / "bad.xlsx").write_bytes(b"not a workbook")
    (d / "~$r001.xlsx").write_bytes(b"\x00" * 162)
    return d


def test_inputs_untouched_and_no_lock_files(big, tmp_path):
    before = snapshot(big)
    write_rollup(rollup(big, workers=2, progress=False), tmp_path / "out.xlsx")
    assert snapshot(big) == before


def test_byte_identical_serial_and_parallel(big, tmp_path):
    a = write_rollup(rollup(big, workers=2, progress=False), tmp_path / "a.xlsx")
    b = write_rollup(rollup(big, workers=1, progress=False), tmp_path / "b.xlsx")
    copy = shutil.copytree(big, tmp_path / "copy")        # new mtimes, same contents
    for p in copy.rglob("*.xlsx"):
        os.utime(p, (1_000_000_000, 1_000_000_000))
    c = write_rollup(rollup(copy, workers=2, progress=False), tmp_path / "c.xlsx")
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()


def test_subfolders_read(big):
    result = rollup(big, workers=1, progress=False)
    assert any(e.file.startswith("乡镇/") and e.counted for e in result.entries)
    assert len(result.counted) == PARALLEL_FROM + 6


def test_output_inside_folder_not_counted(tmp_path):
    d = unit_folder(tmp_path / "in", 3)
    out = d / "区汇总.xlsx"
    first = rollup(d, output=out)
    write_rollup(first, out)
    before = out.read_bytes()
    again = rollup(d, output=out)
    assert again.summary.cells == first.summary.cells
    assert all(e.file != out.name for e in again.entries)       # not a file met: reruns agree
    write_rollup(again, out)
    assert out.read_bytes() == before
    # under another name, the summary is recognised and left out while unit reports are present
    shutil.copy(out, d / "上次汇总.xlsx")
    third = rollup(d, output=tmp_path / "x.xlsx")
    assert third.summary.cells == first.summary.cells
    assert status_rows(write_rollup(third, tmp_path / "x.xlsx"))["上次汇总.xlsx"][2] == \
        entry("rollup.summary_checked").message.format(n=3)


def test_summaries_alone_roll_up_again(tmp_path):
    """A city rolls up its districts' summaries: a folder of summaries only is summed."""
    districts = tmp_path / "city"
    expected = {}
    for k, name in enumerate(["二道区", "南关区"]):
        d = tmp_path / name
        reports = [unit_report(10 * k + i) for i in range(3)]
        for i, report in enumerate(reports):
            report.district = name
            write(d, f"{i}.xlsx", report)
        write_rollup(rollup(d), districts / f"{name}.xlsx")
        for r in reports:
            for cid, v in r.cells.items():
                expected[cid] = expected.get(cid, 0) + v
    city = rollup(districts, district="长春市")
    assert len(city.counted) == 2
    assert {c: round(v, 4) for c, v in city.summary.cells.items()} == \
        {c: round(v, 4) for c, v in expected.items()}
    assert city.summary.unit.startswith("长春市")


def test_summary_is_a_report(tmp_path):
    d = unit_folder(tmp_path / "in", 3)
    result = rollup(d)
    out = write_rollup(result, tmp_path / "out.xlsx")
    back = read_report(out)
    assert back.cells == result.summary.cells
    assert back.unit == result.summary.unit and back.year == 2024 and back.format == "2021"
    from zwgk.checks import check
    assert [f for f in check(back) if f.level == "error"] == []


def test_missing_folder_is_an_error(tmp_path):
    from zwgk.errors import ZwgkError

    with pytest.raises(ZwgkError, match="不存在"):
        rollup(tmp_path / "nope")


def test_process_pool_path_runs(big):
    """The parallel path itself (not its serial fallback) reads every file."""
    from zwgk.rollup.discover import discover
    from zwgk.rollup.load import _parallel, load_one
    from zwgk.rollup.progress import Progress

    candidates = [c for c in discover(big) if c.how]
    got = _parallel(candidates, 2, Progress(len(candidates), enabled=False))
    want = [load_one(c) for c in candidates]
    assert [(g.name, g.kind, g.errors, g.warnings) for g in got] == \
        [(w.name, w.kind, w.errors, w.warnings) for w in want]
    assert [g.report.cells for g in got if g.report] == [w.report.cells for w in want if w.report]


def test_output_onto_an_input_is_refused(tmp_path, capsys):
    """-o naming a unit's report, an input file or the unit list: refused in words, exit 2,
    nothing written; an earlier summary inside the folder is simply replaced."""
    from zwgk.cli import main

    folder = unit_folder(tmp_path / "区", 2)
    names = folder / "units.txt"
    names.write_text(unit_report(0).unit + "\n", encoding="utf-8")
    before = snapshot(folder)
    for argv in ([folder, "-o", folder / "0.xlsx"], [folder / "1.xlsx", folder / "0.xlsx", "-o", folder / "0.xlsx"],
                 [folder, "-o", names, "--expect", names]):
        capsys.readouterr()
        assert main(list(map(str, ["rollup", *argv]))) == 2
        assert "输出文件是要汇总的文件之一" in capsys.readouterr().err
    assert snapshot(folder) == before
    out = folder / "区汇总.xlsx"
    assert main(["rollup", str(folder), "-o", str(out)]) == 0
    first = out.read_bytes()
    assert main(["rollup", str(folder), "-o", str(out)]) == 0          # a rerun replaces its summary
    assert out.read_bytes() == first


def test_a_broken_link_is_skipped_with_its_reason(tmp_path):
    from zwgk.rollup import rollup
    from zwgk.synthetic import consistent_report
    from zwgk.workbook.writer import write_report

    folder = tmp_path / "区"
    write_report(consistent_report("2021", 1, unit="甲街道办事处", year=2024), folder / "甲.xlsx")
    (folder / "乙.xlsx").symlink_to(tmp_path / "gone.xlsx")
    entries = {e["file"]: e for e in rollup(folder, progress=False).to_dict()["entries"]}
    assert entries["乙.xlsx"]["label"] == "已跳过" and "链接" in entries["乙.xlsx"]["reason"]
    assert entries["甲.xlsx"]["counted"]
