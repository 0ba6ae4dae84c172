"""zwgk.frame benchmark: 1,000 unit workbooks into one long DataFrame, beside the obvious
alternative, pandas.concat of pandas.read_excel (default engine, openpyxl) of the table sheets.

Target (2-core machine): zwgk.frame at least 10x faster; its totals equal the alternative's.
pandas is imported before either is timed, as in an analyst's session (it takes about 1 s).

    python benchmarks/frame.py [--n 1000] [--alt-n N]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rollup import generate  # noqa: E402  (the same 1,000 distinct workbooks as the rollup benchmark)

TARGET_RATIO = 10


def alternative(paths: list[Path]):
    """pandas.read_excel of the three table sheets of each workbook, concatenated, long by cell."""
    import pandas as pd

    from zwgk.workbook.layout import workbook_layout

    layout = workbook_layout("2021")
    where = [(lay.name, r, c, cid) for lay in layout.tables.values() for cid, (r, c, _, _) in lay.inputs.items()]
    sheets = sorted({s for s, _, _, _ in where})
    parts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in paths:
            frames = pd.read_excel(path, sheet_name=sheets, header=None)
            parts.append(pd.DataFrame({"file": path.name, "cell": [w[3] for w in where],
                                       "value": [frames[s].iat[r, c] for s, r, c, _ in where]}))
    df = pd.concat(parts, ignore_index=True)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--alt-n", type=int, help="workbooks for the alternative (default: all); its time is scaled to --n")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwgk-frame-bench-") as tmp:
        folder = Path(tmp)
        generate(folder, args.n)
        import pandas  # noqa: F401  (loaded before timing, for both)

        import zwgk

        t = time.perf_counter()
        df = zwgk.frame(folder)
        ours = time.perf_counter() - t
        paths = sorted(folder.glob("*.xlsx"))[: args.alt_n or args.n]
        t = time.perf_counter()
        alt = alternative(paths)
        alt_wall = (time.perf_counter() - t) * args.n / len(paths)
    mine = df[df["file"].isin({p.name for p in paths})].groupby("cell")["value"].sum()
    theirs = alt.groupby("cell")["value"].sum()
    same = int((mine.reindex(theirs.index).round(4) == theirs.round(4)).sum())
    ratio = alt_wall / ours
    rows = [(f"zwgk.frame ({args.n} workbooks, {len(df)} rows)", f"{ours:.2f} s", "", None),
            (f"pandas.concat(pandas.read_excel){'' if len(paths) == args.n else f', {len(paths)} files scaled'}",
             f"{alt_wall:.2f} s", "", None),
            ("ratio (alternative / zwgk)", f"{ratio:.1f}x", f">= {TARGET_RATIO}x", ratio >= TARGET_RATIO),
            ("cell totals equal to the alternative's", f"{same}/{len(theirs)}", str(len(theirs)), same == len(theirs))]
    width = max(len(r[0]) for r in rows)
    for name, value, target, ok in rows:
        verdict = "" if ok is None else ("  OK" if ok else "  MISSED")
        print(f"{name:<{width}}  {value:>10}  {target:>8}{verdict}")
    return 0 if all(ok is not False for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
