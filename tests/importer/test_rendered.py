"""Reports drawn by zwgk.render (text, Markdown, web page, Word) import back cell for cell:
values, blanks and blank marks, in both formats — the family of layouts a clerk meets."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.importer import import_file
from zwgk.model import Report
from zwgk.spec import load_spec

from zwgk.render import render


def _value(kind):
    if kind == "amount":
        return st.integers(0, 10**7).map(lambda n: n / 100)
    if kind == "signed":
        return st.integers(-60, 60)
    return st.sampled_from([0, 0, 1, 7]) | st.integers(0, 6000)


@st.composite
def published(draw):
    fmt = draw(st.sampled_from(["2021", "2019"]))
    spec = load_spec(fmt)
    share = draw(st.floats(0, 0.6))
    cells, texts = {}, {}
    for cid, cell in spec.cells.items():
        roll = draw(st.floats(0, 1))
        if roll < share:
            cells[cid] = None
        elif roll < share + 0.04:
            cells[cid] = None
            texts[cid] = draw(st.sampled_from(["/", "—", "无"]))
        else:
            cells[cid] = draw(_value(cell.kind))
    year = 2020 if fmt == "2019" else draw(st.integers(2021, 2025))
    return Report(fmt, unit="某某街道办事处", district="某某区", year=year, cells=cells, texts=texts,
                  prose={"overview": "总体情况。", "problems": "存在问题。", "other": "无"})


@settings(max_examples=int(__import__("os").environ.get("ZWGK_HYPO", "15")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(published(), st.sampled_from(["txt", "md", "html", "docx"]))
def test_rendered_report_imports_back(tmp_path, report, kind):
    path = tmp_path / f"r.{kind}"
    render(report, path)
    result = import_file(path)
    got = result.report
    assert got.format == report.format and got.year == report.year and got.unit == report.unit
    for cid, want in report.cells.items():
        have = got.cells[cid]
        if want is None:
            assert have is None or cid in result.inferred, cid
            if cid in report.texts:
                assert got.texts.get(cid) == report.texts[cid], cid
        else:
            assert have is not None and abs(have - want) < 1e-9, (cid, have, want)
