"""Render, then import (zwgk.importer, the reader of published reports): every cell and the
metadata come back, for random valid reports of both formats, in every output format.

What is compared: format, unit, district, year, contact, date; every cell as read (a blank the
importer filled by inference from a total counts as read blank: `ImportResult.inferred`); the
kept texts (“/”); the unit of every amount that has one; the prose, paragraph by paragraph.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.render import render

from ..strategies import reports

importer = pytest.importorskip("zwgk.importer")

UNITS = ["八里堡街道办事处", "二道区人民政府", "长春市二道区教育局", "荣光街道办事处", "泉眼镇人民政府"]
DISTRICTS = ["二道区", "西工区", "洪泽区", ""]
paragraph = st.text(st.sampled_from("本年度政务公开工作进一步加强主动公开信息条件，。；（一）二三0123456789"),
                    min_size=1, max_size=60).map(str.strip).filter(bool)
prose = st.lists(paragraph, max_size=3).map("\n".join)


@st.composite
def published_reports(draw):
    report = draw(reports())
    report.unit, report.district = draw(st.sampled_from(UNITS)), draw(st.sampled_from(DISTRICTS))
    report.year = draw(st.integers(2019, 2030))
    report.contact = draw(st.sampled_from(["", "张三 0431-12345678", "政务公开办 0431-84567890"]))
    report.prose = {p["id"]: text for p in report.spec.prose_parts() if (text := draw(prose))}
    return report


def as_read(result) -> dict:
    """The imported report as read: inferred cells blank again, prose paragraphs normalised."""
    data = result.report.to_dict()
    data["cells"] = {c: (None if c in result.inferred else v) for c, v in data["cells"].items()}
    return normalised(data)


def normalised(data: dict) -> dict:
    data["prose"] = {k: "\n".join(ln.strip() for ln in v.splitlines() if ln.strip())
                     for k, v in data["prose"].items() if v.strip()}
    data["units"] = {c: u for c, u in data["units"].items() if data["cells"][c] is not None}
    return data


@pytest.mark.parametrize("kind", ["txt", "md", "html", "docx"])
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(report=published_reports())
def test_render_then_import_gives_the_report_back(tmp_path, kind, report):
    path = render(report, tmp_path / f"report.{kind}")
    got = as_read(importer.import_file(path))
    expected = normalised(report.to_dict())
    assert got == expected
