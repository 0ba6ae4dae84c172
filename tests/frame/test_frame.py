"""`zwgk.frame` and `zwgk export` on real workbooks: totals equal an independent sum of the
generated reports and the rollup summary's cells; files without a report are listed, not rows."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import zwgk
from zwgk.cli import main
from zwgk.problems import problem
from zwgk.rollup import rollup, write_rollup
from zwgk.workbook.reader import read_report

from ..rollup.helpers import unit_report, write


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("frame") / "二道区"
    reports = [unit_report(i, blanks=3 if i % 3 == 0 else 0) for i in range(7)]
    for i, r in enumerate(reports):
        write(d, f"{i}.xlsx", r)
    old = unit_report(20, year=2020)             # 2019 format, its 采购 amount in 元
    old.units["t2.procurement.amount"] = "元"
    old.cells["t2.procurement.amount"] = 251000
    write(d, "old.xlsx", old)
    (d / "名单.txt").write_text("第000街道办事处\n", encoding="utf-8")
    (d / "损坏.xlsx").write_bytes(b"not a workbook")
    return d, reports + [old]


def independent(reports, fmt):
    """Cell sums of the generated reports of one format, blank cells left out."""
    out = {}
    for r in reports:
        if r.format != fmt:
            continue
        for cid, v in r.cells.items():
            if v is not None:
                out[cid] = out.get(cid, 0) + v
    return out


def test_long_totals_equal_independent_sum_and_summary(folder, tmp_path):
    d, reports = folder
    df = zwgk.frame(d)
    assert list(df.columns) == ["unit", "district", "year", "format", "table", "row", "column", "cell",
                                "cell_2021", "value", "status", "file"]
    assert sorted(df["file"].unique()) == sorted(f"{i}.xlsx" for i in range(7)) + ["old.xlsx"]
    new = df[df["format"] == "2021"]
    totals = new.groupby("cell")["value"].sum(min_count=1)
    want = independent(reports, "2021")
    assert {c: v for c, v in totals.items() if pd.notna(v)} == pytest.approx(want)
    # blank stays blank (NaN), never 0
    blanks = sum(v is None for r in reports if r.format == "2021" for v in r.cells.values())
    assert new["value"].isna().sum() == blanks > 0
    result = rollup(d, year=2024)
    out = write_rollup(result, tmp_path / "区汇总.xlsx")
    summary = read_report(out)
    assert {c: v for c, v in totals.items() if pd.notna(v)} == pytest.approx(
        {c: v for c, v in summary.cells.items() if v is not None})
    old = df[df["file"] == "old.xlsx"].set_index("cell")["value"]
    assert old["t2.procurement.amount"] == pytest.approx(25.1)          # 元 → 万元
    skipped = {s["file"]: s["reason"] for s in df.attrs["skipped"]}
    assert set(skipped) == {"名单.txt", "损坏.xlsx"}


def test_years_across_formats_pivot_on_cell_2021(tmp_path, capsys):
    reports = {2020: unit_report(1, year=2020), 2021: unit_report(1, year=2021, seed=9)}
    for year, r in reports.items():                   # one file name in each year's folder
        write(tmp_path / str(year), "1.xlsx", r)
    folders = [str(tmp_path / "2020"), str(tmp_path / "2021")]
    df = zwgk.frame(folders)
    assert sorted(df["file"].unique()) == ["2020/1.xlsx", "2021/1.xlsx"]
    assert main(["export", *folders, "-o", str(tmp_path / "r.csv")]) == 0
    assert "2 份报表" in capsys.readouterr().err
    assert (df[df["format"] == "2021"]["cell_2021"] == df[df["format"] == "2021"]["cell"]).all()
    old = df[df["format"] == "2019"].set_index("cell")["cell_2021"]
    assert old["t3.new.natural"] == "t3.new.natural" and old["t2.license.decisions"] == "t2.license.decisions"
    assert pd.isna(old["t2.regulation.total_public"]) and pd.isna(old["t3.other.total"])
    pivot = df.pivot_table(index="cell_2021", columns="year", values="value", aggfunc="sum")
    for year, r in reports.items():
        assert pivot.loc["t3.new.total", year] == r.cells["t3.new.total"]
        assert pivot.loc["t4.review.total", year] == r.cells["t4.review.total"]
    assert pd.isna(pivot.loc["t2.fees.amount"].get(2020))


def test_summary_in_folder_left_out_unless_asked(folder, tmp_path):
    d, _ = folder
    copy = tmp_path / "c"
    copy.mkdir()
    for p in d.glob("?.xlsx"):
        (copy / p.name).write_bytes(p.read_bytes())
    write_rollup(rollup(copy), copy / "区汇总.xlsx")
    df = zwgk.frame(copy)
    assert "区汇总.xlsx" not in set(df["file"])
    assert [s["file"] for s in df.attrs["skipped"]] == ["区汇总.xlsx"]
    assert "区汇总.xlsx" in set(zwgk.frame(copy, summaries=True)["file"])


def test_wide_one_row_per_report(folder):
    d, reports = folder
    wide = zwgk.frame(d, wide=True)
    assert len(wide) == 8
    assert list(wide.columns[:6]) == ["unit", "district", "year", "format", "status", "file"]
    row = wide.set_index("file").loc["3.xlsx"]
    for cid, v in reports[3].cells.items():
        assert (pd.isna(row[cid]) if v is None else row[cid] == v), cid
    assert wide[wide["format"] == "2021"]["t3.new.total"].sum() == independent(reports, "2021")["t3.new.total"]
    # a cell of the 2021 format only is blank on the 2019 report's row, and the reverse
    by_file = wide.set_index("file")
    assert pd.isna(by_file.loc["old.xlsx", "t2.fees.amount"]) and pd.isna(by_file.loc["3.xlsx", "t2.fees.change"])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_writes_what_frame_gives(folder, tmp_path, capsys, suffix):
    d, _ = folder
    out = tmp_path / f"reports{suffix}"
    assert main(["export", str(d), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "8 份报表" in err and "损坏.xlsx" in err
    back = pd.read_csv(out, encoding="utf-8-sig") if suffix == ".csv" else pd.read_excel(out, engine="calamine")
    df = zwgk.frame(d)
    assert len(back) == len(df)
    assert back["value"].sum() == pytest.approx(df["value"].sum())
    assert list(back["cell"]) == list(df["cell"])


def test_export_refusals_in_words(folder, tmp_path, capsys):
    d, _ = folder
    assert main(["export", str(d), "-o", str(tmp_path / "x.json")]) == 2
    assert ".csv、.parquet 或 .xlsx" in capsys.readouterr().err
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        assert main(["export", str(d), "-o", str(tmp_path / "x.parquet")]) == 2
        assert "pip install pyarrow" in capsys.readouterr().err
        assert not (tmp_path / "x.parquet").exists()
    empty = tmp_path / "空"
    empty.mkdir()
    assert main(["export", str(empty), "-o", str(tmp_path / "x.csv")]) == 2
    assert problem("command.export_nothing").message in capsys.readouterr().err


def test_without_pandas_a_clear_sentence(folder):
    """pandas blocked in a fresh interpreter: `import zwgk` works, frame() says how to install it."""
    d, _ = folder
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import zwgk\nfrom zwgk.errors import ZwgkError\n"
            "try:\n    zwgk.frame(sys.argv[1])\nexcept ZwgkError as e:\n    print(e.message)\n")
    done = subprocess.run([sys.executable, "-c", code, str(d)], capture_output=True, text=True, check=True)
    assert "pip install zwgk[frame]" in done.stdout


def test_rollup_and_import_zwgk_do_not_import_pandas(folder):
    d, _ = folder
    code = "import sys, zwgk\nfrom zwgk.rollup import rollup\nrollup(sys.argv[1])\nprint('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code, str(d)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
