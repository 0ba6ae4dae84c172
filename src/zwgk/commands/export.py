"""`zwgk export DIR -o reports.csv|.parquet|.xlsx`: every number of a folder of reports as one
table for analysts (the long view of `zwgk.frame`, or `--wide`: one row per report).

Exit status: 0 written, 2 bad arguments, pandas (or pyarrow for .parquet) missing, or nothing read.
"""
from __future__ import annotations

import sys
from pathlib import Path

from zwgk.errors import ZwgkError

SUFFIXES = (".csv", ".parquet", ".xlsx")


def add_arguments(p) -> None:
    p.add_argument("folder", metavar="DIR", nargs="+", help="报表所在的文件夹（或若干文件）")
    p.add_argument("-o", "--output", metavar="reports.csv", required=True,
                   help="输出文件：.csv（UTF-8，Excel 可直接打开）、.parquet（需 pyarrow）或 .xlsx")
    p.add_argument("--wide", action="store_true", help="每份报表一行、每个单元格编号一列（默认每个单元格一行）")
    p.add_argument("--summaries", action="store_true", help="也列入 zwgk 生成的汇总表（默认不列入，以免重复计数）")
    p.add_argument("--import", dest="use_importer", action="store_true",
                   help="同时导入不是 zwgk 模板的报表（PDF、Word、网页、自制工作簿）")
    p.add_argument("--workers", type=int, help="并行读取的进程数（默认：CPU 核数；文件少时不并行）")


def run(args) -> int:
    from zwgk.frames import frame

    words = _wording()
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise ZwgkError.of("command.export_suffix", suffix=output.suffix or output.name)
    if suffix == ".parquet":
        _need_pyarrow()
    folder = args.folder[0] if len(args.folder) == 1 else args.folder
    df = frame(folder, wide=args.wide, summaries=args.summaries, use_importer=args.use_importer,
               workers=args.workers, progress=None)
    if df.empty:
        raise ZwgkError.of("command.export_nothing", file=folder)
    _write(df, output, suffix)
    reports = len(df) if args.wide else df["file"].nunique()
    print(words["written"].format(output=output, reports=reports, rows=len(df),
                                  wide=words["wide"] if args.wide else ""), file=sys.stderr)
    skipped = df.attrs.get("skipped") or []
    if skipped:
        print(words["skipped"].format(n=len(skipped)), file=sys.stderr)
        for s in skipped:
            print(f"  {s['file']}　{s['reason']}", file=sys.stderr)
    return 0


def _write(df, output: Path, suffix: str) -> None:
    from zwgk.atomic import atomic_path

    with atomic_path(output) as tmp:
        if suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            df.to_excel(tmp, index=False, engine="xlsxwriter", freeze_panes=(1, 0))


def _need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ZwgkError.of("command.no_pyarrow") from None


def _wording() -> dict:
    from zwgk.wording import words

    return words("rollup")["frame"]
