"""Build the hand-made workbook samples: a unit's own workbook in the official layout, drawn
the ways units type it in Excel or WPS, each with its truth (samples/handmade/truth.json).

    python samples/handmade/make_samples.py [SEEDS_DIR]      # default: the nearest shared/seeds above

Values come from the seeds' truth (real reports, mostly zeros and blanks) and from synthetic but
consistent reports (zwgk.synthetic, non-zero numbers in every column).  The official tables are
drawn from zwgk's workbook layout without its live checks; then each sample changes one thing
units change: one sheet or one per table in odd order, title and note rows, one label column,
a 备注 and a 序号 column, merges undone and filled, 表三's columns swapped or one left out, numbers typed as text, / — 无 - for blanks, totals as formulas (with
and without cached values), the 2019 format.  .xls and .ods copies are saved by LibreOffice.
The results are committed, so tests never need ../shared or LibreOffice.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zwgk.model import Report  # noqa: E402
from zwgk.synthetic import consistent_report  # noqa: E402
from zwgk.workbook.layout import workbook_layout  # noqa: E402

BLANKS = ["/", "—", "无", "-", "", "／"]


@dataclass
class Block:
    """Cells of one table: {(r, c): (text or value, (r2, c2) merge end or None, formula or None)}."""

    cells: dict = field(default_factory=dict)
    inputs: dict = field(default_factory=dict)          # cell id -> (r, c)

    @property
    def height(self) -> int:
        return 1 + max(max(r, (m or (r, 0))[0]) for (r, _), (_, m, _) in self.cells.items())

    @property
    def width(self) -> int:
        return 1 + max(max(c, (m or (0, c))[1]) for (_, c), (_, m, _) in self.cells.items())


# --- the official tables ----------------------------------------------------------------------
def official(report: Report, tid: str, title: bool = True, text_numbers: bool = False) -> Block:
    """The table as the official format draws it (three label columns for 表三, merged)."""
    lay = workbook_layout(report.format).tables[tid]
    last = max(c for _, c, _, _ in lay.inputs.values())
    last = max([last] + [c for _, c in lay.units.values()])
    block = Block()
    for box in lay.boxes:
        if box.role in ("live-head", "note") or (box.role == "title" and not title):
            continue
        c2 = min(box.c2, last)
        if box.c1 > last:
            continue
        merge = (box.r2, c2) if (box.r2, c2) != (box.r1, box.c1) else None
        block.cells[(box.r1, box.c1)] = (box.text, merge, None)
    for n, (cid, (r, c, r2, c2)) in enumerate(lay.inputs.items()):
        value = report.cells.get(cid)
        shown = BLANKS[n % len(BLANKS)] if value is None else (_text(value) if text_numbers else value)
        block.cells[(r, c)] = (shown, (r2, c2) if (r2, c2) != (r, c) else None, None)
        block.inputs[cid] = (r, c)
    for cid, (r, c) in lay.units.items():
        if report.units.get(cid):
            block.cells[(r, c)] = (report.units[cid], None, None)
    if not title:
        _shift(block, -1, 0)
    return block


def _text(value) -> str:
    return str(value)


def _shift(block: Block, dr: int, dc: int) -> None:
    block.cells = {(r + dr, c + dc): (v, (m[0] + dr, m[1] + dc) if m else None, f)
                   for (r, c), (v, m, f) in block.cells.items()}
    block.inputs = {cid: (r + dr, c + dc) for cid, (r, c) in block.inputs.items()}


def one_label_column(report: Report, block: Block) -> Block:
    """表三 with one label column: a group's label on a row of its own above its items."""
    table = report.spec.tables["t3"]
    out = Block()
    lay = workbook_layout(report.format).tables["t3"]
    first_body = lay.header_rows[1] + 1
    for (r, c), (v, m, f) in block.cells.items():
        if r < first_body and c >= 3:
            out.cells[(r, c - 2)] = (v, (m[0], m[1] - 2) if m else None, f)
        elif r < first_body and c == 0:
            out.cells[(r, 0)] = (v, (m[0], 0) if m else None, f)
    r = first_body

    def walk(heads):
        nonlocal r
        for head in heads:
            out.cells[(r, 0)] = (head.label, None, None)
            if head.children:
                r += 1
                walk(head.children)
                continue
            for cid, (rr, cc) in block.inputs.items():
                if cid.split(".")[1] == head.id:
                    out.cells[(r, cc - 2)] = block.cells[(rr, cc)]
                    out.inputs[cid] = (r, cc - 2)
            r += 1
    walk(table.rows)
    return out


def with_column(block: Block, head: str, texts: list[str], where: str = "right") -> Block:
    """A side column (备注 at the right, 序号 at the left) beside the value rows."""
    rows = sorted({r for r, _ in block.inputs.values()})
    heads = sorted({r for (r, c), (v, _, _) in block.cells.items()
                    if isinstance(v, str) and v in ("信息内容", block_corner(block))})
    if where == "left":
        _shift(block, 0, 1)
        col = 0
    else:
        col = block.width
    for r in heads:
        block.cells[(r, col)] = (head, None, None)
    for i, r in enumerate(rows):
        block.cells[(r, col)] = (texts[i % len(texts)], None, None)
    return block


def unmerged_filled(block: Block) -> Block:
    """Merges undone and every cell they covered filled with their text (WPS 取消合并并填充)."""
    cells = {rc: (v, None, f) for rc, (v, m, f) in block.cells.items()}
    for (r, c), (v, m, _) in block.cells.items():
        if m and isinstance(v, str):
            cells.update({(a, b): (v, None, None) for a in range(r, m[0] + 1) for b in range(c, m[1] + 1)})
    block.cells = cells
    return block


def column_of(block: Block, head: str) -> int:
    return next(c for (_, c), (v, _, _) in block.cells.items() if v == head)


def swap_columns(block: Block, a: str, b: str) -> Block:
    """Two columns typed in each other's place (heads and numbers)."""
    ca, cb = column_of(block, a), column_of(block, b)
    move = {ca: cb, cb: ca}.get

    def merge(c, m):                # heads merged across columns lose their merge; a vertical one moves
        return (m[0], move(c, c)) if m and m[1] == c else None
    block.cells = {(r, move(c, c)): (v, merge(c, m), f) for (r, c), (v, m, f) in block.cells.items()}
    block.inputs = {cid: (r, move(c, c)) for cid, (r, c) in block.inputs.items()}
    return block


def drop_column(block: Block, head: str) -> list[str]:
    """A column left out (head and numbers); returns the cell ids it held."""
    gone = column_of(block, head)
    left = lambda c: c - 1 if c > gone else c  # noqa: E731
    shrink = lambda m: (m[0], m[1] - 1 if m[1] >= gone else m[1]) if m else None  # noqa: E731
    block.cells = {(r, left(c)): (v, shrink(m), f) for (r, c), (v, m, f) in block.cells.items() if c != gone}
    dropped = [cid for cid, (_, c) in block.inputs.items() if c == gone]
    block.inputs = {cid: (r, left(c)) for cid, (r, c) in block.inputs.items() if c != gone}
    return dropped


def block_corner(block: Block) -> str:
    return next((v for v, _, _ in block.cells.values() if isinstance(v, str) and "勾稽关系" in v), "")


def with_formulas(report: Report, blocks: dict[str, Block]) -> list[str]:
    """Totals as formulas (表三's 总计 column and （七）总计 row, 表四's 总计), cached values kept."""
    from zwgk.workbook.layout import a1

    done = []
    for rule in report.spec.rules:
        if rule.check not in ("t3-row-total", "t3-outcome-total", "t4-total"):
            continue
        total, parts = rule.terms[0].cell, [t.cell for t in rule.terms[1:]]
        block = blocks[total.split(".")[0]]
        if total not in block.inputs or any(report.cells.get(c) is None for c in [total, *parts]):
            continue
        refs = [a1(*block.inputs[c]) for c in parts]
        formula = "=" + ("SUM(%s:%s)" % (refs[0], refs[-1]) if _in_line(block, parts) else "+".join(refs))
        r, c = block.inputs[total]
        value, merge, _ = block.cells[(r, c)]
        block.cells[(r, c)] = (value, merge, formula)
        done.append(total)
    return done


def _in_line(block: Block, cids: list[str]) -> bool:
    cells = [block.inputs[c] for c in cids]
    rows, cols = {r for r, _ in cells}, [c for _, c in cells]
    return len(rows) == 1 and cols == list(range(cols[0], cols[0] + len(cols)))


# --- writing --------------------------------------------------------------------------------
def write(path: Path, sheets: list[tuple[str, list[tuple[int, int, object]]]]) -> None:
    """sheets: [(name, [(top, left, Block or text)])] written with xlsxwriter (a formula's cached
    value is the report's value)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    wrap = book.add_format({"text_wrap": True, "valign": "vcenter", "border": 1})
    for name, items in sheets:
        sheet = book.add_worksheet(name)
        for top, left, item in items:
            if isinstance(item, str):
                sheet.write_string(top, left, item)
                continue
            for (r, c), (value, merge, formula) in sorted(item.cells.items()):
                r, c = r + top, c + left
                if merge and (merge[0] + top, merge[1] + left) != (r, c):
                    sheet.merge_range(r, c, merge[0] + top, merge[1] + left, "", wrap)
                if formula:
                    sheet.write_formula(r, c, _moved(formula, top, left), wrap, value)
                else:
                    sheet.write(r, c, value, wrap)
    book.close()


def _moved(formula: str, top: int, left: int) -> str:
    import re

    from zwgk.workbook.layout import a1

    def move(m):
        col = 0
        for ch in m.group(1):
            col = col * 26 + ord(ch) - 64
        return a1(int(m.group(2)) - 1 + top, col - 1 + left)
    return re.sub(r"([A-Z]+)(\d+)", move, formula)


# --- the samples ----------------------------------------------------------------------------
def _title(report: Report) -> str:
    return f"{report.unit}{report.year}年政府信息公开工作年度报告"


NOTE = "填报说明：1.本表由各单位填写；2.数据统计截至12月31日；3.无数据的填0。"


def stacked(report: Report, blocks: list[Block], top: int = 0, left: int = 0, gap: int = 1,
            title: bool = True, note: bool = True) -> list:
    items = [(top, left, _title(report))] if title else []
    r = top + (2 if title else 0)
    for block in blocks:
        items.append((r, left, block))
        r += block.height + gap
    if note:
        items.append((r, left, NOTE))
    return items


def samples(seeds: dict) -> dict[str, tuple[Report, list, list[str]]]:
    """{file name: (report, sheets, formula cell ids[, cell ids of a column left out])}."""
    def seed(name):
        t = seeds[name]
        return Report(t["format"], unit=t["unit"], district=t.get("district") or "", year=t["year"],
                      cells=t["cells"])

    def synthetic(n, unit):
        return consistent_report("2021", seed=n, unit=unit, year=2024)

    out = {}
    r = seed("000_7f6376809d30ba6a.txt")
    out["一表全部-王城路.xlsx"] = (r, [("年报", stacked(r, [official(r, t) for t in ("t2", "t3", "t4")]))], [])
    r = seed("002_940e26fdc8c2d394.txt")
    out["分表乱序-八里堡.xlsx"] = (r, [
        ("填报说明", [(0, 0, _title(r)), (1, 0, NOTE)]),
        ("表四", [(0, 0, official(r, "t4", title=False))]),
        ("主动公开", [(0, 0, official(r, "t2"))]),
        ("依申请公开", [(1, 1, official(r, "t3"))]),
    ], [])
    r = synthetic(7, "合成街道办事处")
    out["单列标签-合成七.xlsx"] = (r, [("Sheet1", stacked(r, [official(r, "t2"), one_label_column(r, official(r, "t3")),
                                                           official(r, "t4")], top=2, left=2, gap=2))], [])
    r = synthetic(11, "合成镇人民政府")
    t2, t3 = official(r, "t2"), official(r, "t3")
    with_column(t2, "备注", ["无", "", "含废止后重新制发 2 件"])
    with_column(t3, "备注", ["无", "", "含 1 件网上申请", "/"])
    with_column(t3, "序号", [str(i) for i in range(1, 40)], where="left")
    out["备注序号-合成十一.xlsx"] = (r, [("年度报告", stacked(r, [t2, t3, official(r, "t4")]))], [])
    r = synthetic(13, "合成社区")
    out["文本数字-合成十三.xlsx"] = (r, [("年报", stacked(r, [official(r, t, text_numbers=True)
                                                          for t in ("t2", "t3", "t4")]))], [])
    r = seed("004_28bf39bb901e43e5.txt")
    out["空白符号-水塔.xlsx"] = (r, [("年报", stacked(r, [official(r, t) for t in ("t2", "t3", "t4")]))], [])
    r = synthetic(5, "合成乡人民政府")
    blocks = {t: official(r, t) for t in ("t2", "t3", "t4")}
    formulas = with_formulas(r, blocks)
    out["公式合计-合成五.xlsx"] = (r, [("表格", stacked(r, list(blocks.values())))], formulas)
    r = synthetic(17, "合成村民委员会")
    out["取消合并-合成十七.xlsx"] = (r, [("年报", stacked(r, [unmerged_filled(official(r, t))
                                                          for t in ("t2", "t3", "t4")]))], [])
    r = synthetic(19, "合成开发区管委会")
    t3 = swap_columns(official(r, "t3"), "科研机构", "社会公益组织")
    left_out = drop_column(t3, "法律服务机构")
    out["列序缺列-合成十九.xlsx"] = (r, [("年报", stacked(r, [official(r, "t2"), t3, official(r, "t4")]))], [], left_out)
    r = seed("001_b39e880f26e76352.txt")
    out["2019格式-凯旋东路.xlsx"] = (r, [("年报", stacked(r, [official(r, t) for t in ("t2", "t3", "t4")]))], [])
    return out


UNCACHED = ("公式合计-合成五.xlsx", "公式未计算-合成五.xlsx")     # saved again by openpyxl: no cached values


def main(argv: list[str]) -> int:
    near = [d / "shared" / "seeds" for d in ROOT.parents]
    seeds_dir = Path(argv[0]) if argv else next((d for d in near if d.exists()), near[0])
    seeds = json.loads((seeds_dir / "truth.json").read_text(encoding="utf-8"))
    for old in HERE.glob("*.x*"):
        old.unlink()
    for old in HERE.glob("*.ods"):
        old.unlink()
    truth = {}
    made = []
    for name, (report, sheets, formulas, *left_out) in samples(seeds).items():
        write(HERE / name, sheets)
        truth[name] = _truth(report, formulas, [])
        truth[name]["cells"].update(dict.fromkeys(left_out[0] if left_out else [], None))
        made.append(HERE / name)
    source, target = UNCACHED
    _resave_with_openpyxl(HERE / source, HERE / target)
    truth[target] = _truth(None, [], truth[source]["formulas"], base=truth[source])
    for suffix in ("xls", "ods"):
        for path in _convert(made, suffix):
            truth[path.name] = truth[path.stem + ".xlsx"]
    (HERE / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(truth)} samples written to {HERE}")
    return 0


def _truth(report, formulas, uncached, base=None) -> dict:
    if base is not None:
        cells = {c: (None if c in uncached else v) for c, v in base["cells"].items()}
        return {**base, "cells": cells, "formulas": [], "uncached": list(uncached)}
    return {"format": report.format, "unit": report.unit, "year": report.year,
            "cells": dict(report.cells), "formulas": formulas, "uncached": []}


def _resave_with_openpyxl(source: Path, target: Path) -> None:
    """openpyxl keeps the formulas and drops their cached values (as a script editing a workbook does)."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    book.save(target)


def _convert(paths: list[Path], suffix: str) -> list[Path]:
    """Save copies through LibreOffice headless (a throw-away profile), as a clerk's 另存为 does."""
    with tempfile.TemporaryDirectory(prefix="zwgk-lo-") as profile:
        cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", suffix, "--outdir", str(HERE), *map(str, paths)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    out = [HERE / f"{p.stem}.{suffix}" for p in paths]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise SystemExit(f"LibreOffice did not write {missing}")
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
