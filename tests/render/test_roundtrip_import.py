"""Render, then import (zwgk.importer, the reader of published reports): the report comes back.

Compared: format, unit, year, date (from the sign-off); every cell as read (a blank that the
importer filled in by inference from a total counts as read blank: `ImportResult.inferred`);
the kept text of a blank (“/”); the unit of every amount that has one; the prose, paragraph by
paragraph.  District and contact are not published (a published report prints no such block),
so they do not come back; the sign-off is tested apart.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.render import render

from ..strategies import reports

from zwgk import importer

KINDS = ["txt", "md", "html", "docx"]
UNITS = ["八里堡街道办事处", "二道区人民政府", "长春市二道区教育局", "荣光街道办事处", "泉眼镇人民政府"]
DISTRICTS = ["二道区", "西工区", "洪泽区", ""]
paragraph = st.text(st.sampled_from("本年度政务公开工作进一步加强主动公开信息条件，。；（一）二三0123456789"),
                    min_size=1, max_size=60).map(str.strip).filter(bool)
prose = st.lists(paragraph, max_size=3).map("\n".join)
SETTINGS = settings(max_examples=15, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def published_reports(draw):
    """Random valid reports (every cell, blanks and kept marks from tests.strategies), with a
    unit, district and prose such as published reports have."""
    report = draw(reports())
    report.unit, report.district = draw(st.sampled_from(UNITS)), draw(st.sampled_from(DISTRICTS))
    report.year = draw(st.integers(2019, 2030))
    report.contact = draw(st.sampled_from(["", "张三 0431-12345678", "政务公开办 0431-84567890"]))
    report.prose = {p["id"]: text for p in report.spec.prose_parts() if (text := draw(prose))}
    return report


def as_read(result) -> dict:
    """The imported report as read: inferred cells blank again."""
    data = result.report.to_dict()
    data["cells"] = {c: (None if c in result.inferred else v) for c, v in data["cells"].items()}
    data["inferred"] = []
    return normalised(data)


def normalised(data: dict) -> dict:
    """Prose as its non-empty lines; units only of amounts that have a value (a blank prints blank)."""
    data["prose"] = {k: "\n".join(ln.strip() for ln in v.splitlines() if ln.strip())
                     for k, v in data["prose"].items() if v.strip() and k != "signoff"}
    data["district"] = data["contact"] = ""
    data["units"] = {c: u for c, u in data["units"].items() if data["cells"].get(c) is not None}
    return data


def round_trip(tmp_path, kind, report) -> tuple[dict, dict]:
    path = render(report, tmp_path / f"report.{kind}")
    return as_read(importer.import_file(path)), normalised(report.to_dict())


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(report=published_reports())
def test_round_trip(tmp_path, kind, report):
    got, expected = round_trip(tmp_path, kind, report)
    assert got == expected


def test_blank_zero_and_slash_come_back_apart(tmp_path, sample):
    report = sample()
    for kind in KINDS:
        back = importer.import_file(render(report, tmp_path / f"r.{kind}")).report
        assert back.cells["t4.review.upheld"] == 0, kind
        assert back.cells["t3.new.business"] is None and back.texts["t3.new.business"] == "/", kind
        assert back.unit == report.unit and back.year == report.year and back.date == report.date
