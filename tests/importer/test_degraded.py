"""The layouts copy-paste produces from a published table: tabs turned into spaces (PDF -layout),
one cell per line (PDF raw, Word/HTML copies), all separators lost (flattened pages).  Blank
cells vanish with their separators; the importer may leave cells blank but never misplaces one."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.importer import import_text
from zwgk.model import Report
from zwgk.spec import load_spec

from zwgk.render import render

DEGRADE = {
    "spaces": lambda t: t.replace("\t", "   "),
    "per-line": lambda t: t.replace("\t", "\n"),
    "single-space": lambda t: re.sub(r"\t+", " ", t),
    "flattened": lambda t: "".join(ln.replace("\t", "") if "\t" in ln else ln + "\n" for ln in t.split("\n")),
}


@st.composite
def consistent(draw):
    """A report that keeps its own arithmetic (as most published ones do), some zeros left blank."""
    fmt = draw(st.sampled_from(["2021", "2019"]))
    spec = load_spec(fmt)
    t3 = spec.tables["t3"]
    parts, rows = t3.col_ids()[:-1], t3.row_ids()
    small = st.sampled_from([0, 0, 0, 1, 2, 3]) | st.integers(0, 3000)
    outcome = [r for r in rows if r not in ("new", "carried_in", "total", "carried_out")]
    cells = {f"t3.{r}.{c}": draw(small) if c in ("natural", "business") else draw(st.sampled_from([0, 0, 1]))
             for r in outcome for c in parts}
    for c in parts:
        cells[f"t3.total.{c}"] = sum(cells[f"t3.{r}.{c}"] for r in outcome)
        cells[f"t3.carried_out.{c}"] = draw(st.sampled_from([0, 0, 1, 3]))
        cells[f"t3.carried_in.{c}"] = cells[f"t3.total.{c}"] + cells[f"t3.carried_out.{c}"]
        cells[f"t3.new.{c}"] = 0
        move = draw(st.integers(0, cells[f"t3.carried_in.{c}"]))
        cells[f"t3.new.{c}"], cells[f"t3.carried_in.{c}"] = move, cells[f"t3.carried_in.{c}"] - move
    for r in rows:
        cells[f"t3.{r}.total"] = sum(cells[f"t3.{r}.{c}"] for c in parts)
    for g in t3_groups():
        vals = [draw(st.sampled_from([0, 0, 1, 2]) | st.integers(0, 40)) for _ in range(4)]
        cells.update(dict(zip((f"t4.{g}.{c}" for c in ("upheld", "corrected", "other", "pending")), vals)))
        cells[f"t4.{g}.total"] = sum(vals)
    share = draw(st.sampled_from([0.0, 0.0, 0.1, 0.4]))
    texts = {}
    for cid in list(cells):
        if cells[cid] == 0 and draw(st.floats(0, 1)) < share:
            cells[cid] = None
            if draw(st.booleans()):
                texts[cid] = draw(st.sampled_from(["/", "—", "无"]))
    year = 2020 if fmt == "2019" else 2023
    return Report(fmt, unit="某某街道办事处", year=year, cells=cells, texts=texts,
                  prose={"overview": "总体情况。", "problems": "问题。", "other": "无"})


def t3_groups():
    return load_spec("2021").tables["t4"].row_ids()


@settings(max_examples=int(__import__("os").environ.get("ZWGK_HYPO", "20")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(consistent(), st.sampled_from(sorted(DEGRADE)))
def test_degraded_copies_never_misplace_a_number(report, how):
    text = DEGRADE[how](render(report, "txt"))
    result = import_text(text)
    assert result.report.format == report.format
    for cid, have in result.report.cells.items():
        want = report.cells.get(cid)
        if have is None or cid not in report.cells:
            continue
        if want is None:
            assert cid in result.inferred, (how, cid, have)      # only the arithmetic fills a blank
        else:
            assert abs(have - want) < 1e-9, (how, cid, have, want)


def test_degraded_copies_of_a_full_report_are_mostly_read():
    """A real report with every cell stated: the spaced and per-line copies read in full, the
    flattened one at least in its 表三 and 表四 rows that the totals settle."""
    import json

    from tests.importer.helpers import LEGACY

    want = json.loads((LEGACY / "expected" / "002_940e26fdc8c2d394.txt.json").read_text(encoding="utf-8"))
    report = Report(want["format"], unit=want["unit"], year=want["year"], cells=want["cells"],
                    prose={"overview": "总体情况。", "problems": "问题。", "other": "无"})
    text = render(report, "txt")
    for how, degrade in DEGRADE.items():
        cells = import_text(degrade(text)).report.cells
        right = sum(cells[c] is not None and abs(cells[c] - v) < 1e-9 for c, v in report.cells.items())
        assert right >= (0.8 if how == "flattened" else 1.0) * len(report.cells), (how, right)
