"""A rendered report a clerk can publish untouched, read as a clerk reads it.

Real published reports are imported, written to a workbook and read back (as the clerk's
workflow goes), then rendered to Word, HTML and text: the standard title comes first, then the
report's own opening paragraph, the six parts in order, the tables, and the sign-off (unit,
date) at the end; no block of 基本信息 fields, no artefacts of the converted source, and a cell
the importer inferred prints blank, as the source printed it.
"""
import io
from pathlib import Path

import docx
import pytest

from zwgk.importer import import_file
from zwgk.render import render
from zwgk.wording import words
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report

from ..conftest import ROOT, require_shared
from .readback import docx_matrix, html_matrix, parse_html, report_from_tables, text_tables

LEGACY = ROOT / "samples" / "legacy"
SOURCES = sorted(p for p in LEGACY.iterdir() if p.suffix in (".txt", ".docx", ".html") and "-" not in p.stem)
FIELDS = [f["label"] for f in words("workbook")["info"]["fields"]]
ARTEFACTS = ("[bookmark", "_GoBack", "由 zwgk")


def via_workbook(source: Path, tmp_path: Path):
    result = import_file(source)
    path = write_report(result.report, tmp_path / "r.xlsx", notes=result.workbook_notes)
    back = read_report(path)
    assert back.to_dict() == result.report.to_dict()          # opening, sign-off, inferred kept
    return back


def docx_text(data: bytes) -> tuple[list[str], list]:
    d = docx.Document(io.BytesIO(data))
    return [p.text for p in d.paragraphs if p.text.strip()], [docx_matrix(t) for t in d.tables]


def html_text(page: str) -> tuple[list[str], list]:
    parsed = parse_html(page)
    blocks = [t for tag, t in parsed.blocks if tag in ("h1", "h2", "p") and t.strip()]
    return blocks, [html_matrix(t) for t in parsed.tables]


def txt_text(text: str) -> tuple[list[str], list]:
    lines = [ln for ln in text.splitlines() if ln.strip() and "\t" not in ln]
    return lines, text_tables(text)


def read_as_a_clerk(report) -> dict:
    docx_lines, docx_tables = docx_text(render(report, "docx"))
    return {"docx": (docx_lines, docx_tables), "html": html_text(render(report, "html")),
            "txt": txt_text(render(report, "txt"))}


def assert_publishable(report, lines: list[str], tables, kind: str) -> None:
    labels = [p["label"] for p in report.spec.parts]
    title = lines[0].replace("\n", "")
    assert title == report.title and "年政府信息公开工作年度报告" in title, kind
    assert [ln for ln in lines if ln in labels] == labels, kind
    opening = [ln for ln in (report.prose.get("opening") or "").splitlines() if ln.strip()]
    assert lines[1:1 + len(opening)] == opening and lines[1 + len(opening)] == labels[0], kind
    sign = [ln for ln in (report.prose.get("signoff") or "").splitlines() if ln.strip()]
    if sign:
        assert lines[-len(sign):] == sign, kind
    assert not [ln for ln in lines if any(ln.startswith(f + "：") for f in FIELDS)], kind   # no 基本信息 block
    assert not [ln for ln in lines if any(a in ln for a in ARTEFACTS)], kind
    back = report_from_tables(report.format, tables)
    for cid in report.inferred:
        assert back.cells[cid] is None and cid not in back.texts, (kind, cid)     # printed blank
    for cid, value in report.cells.items():
        if cid not in report.inferred and value is not None:
            assert back.cells[cid] == value, (kind, cid)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_imported_report_renders_publishable(source, tmp_path):
    report = via_workbook(source, tmp_path)
    for kind, (lines, tables) in read_as_a_clerk(report).items():
        assert_publishable(report, lines, tables, kind)


def test_seed_004_opening_signoff_and_blanks(tmp_path):
    report = via_workbook(LEGACY / "004_28bf39bb901e43e5.txt", tmp_path)
    assert report.prose["opening"].endswith("现将水塔街2023年度政务信息公开报告如下：")
    assert report.prose["signoff"] == "水塔街办事处\n2024年1月22日" and report.prose["other"] == "无"
    assert len(report.inferred) > 100                      # the source printed only 表三's totals
    lines, tables = read_as_a_clerk(report)["txt"]
    assert lines[1].startswith("2023年，水塔街办事处") and lines[-2:] == ["水塔街办事处", "2024年1月22日"]
    t3 = tables[1]
    assert t3[3][3:] == [""] * 6 + [str(report.cells["t3.new.total"])]


def test_a_new_report_signs_with_its_unit_and_date(sample):
    report = sample()
    lines, _ = txt_text(render(report, "txt"))
    assert lines[-2:] == ["八里堡街道办事处", "2025年1月20日"]
    report.prose["opening"] = "现将本街道2024年度政府信息公开工作情况报告如下："
    lines, _ = html_text(render(report, "html"))
    assert lines[:3] == [report.title, report.prose["opening"], "一、总体情况"]


@pytest.mark.parametrize("name", ["shuyang-fgj-2023-tsv.txt", "hongze-2024-pdf-layout.txt",
                                  "pingtan-2021-flat.txt", "shanghai-gov-2025-markdown.txt"])
def test_real_reports_keep_their_opening_without_page_furniture(name):
    report = import_file(require_shared() / "realworld" / name).report
    opening = report.prose["opening"]
    assert opening.startswith(("根据《", "本报告", "本年度报告")), opening[:40]
    assert not any(w in opening for w in ("来源：", "微信", "正文", "==", "发布机构")), opening[:80]
    assert not report.prose["other"].endswith("附件下载")          # page furniture after 六
    if name.startswith("shuyang"):
        assert report.prose["signoff"] == "沭阳县发展和改革局\n2024年1月17日"


@pytest.mark.parametrize("kind", ["docx", "html", "txt"])
def test_paragraphs_are_never_run_together(sample, tmp_path, kind):
    """Lines of a Word document or web page are paragraphs: none is joined to the next as if a
    PDF had broken it, not even the last before the sign-off (found by hypothesis)."""
    report = sample()
    report.prose["other"] = "0\n" + "9" * 30 + "\n" + "本年度政务公开工作进一步加强主动公开信息条件"
    back = import_file(render(report, tmp_path / f"r.{kind}")).report
    assert back.prose["other"] == report.prose["other"]
    assert back.prose["signoff"] == "八里堡街道办事处\n2025年1月20日"


def test_web_page_furniture_around_a_real_report():
    """Seed 004 as a portal prints it: a breadcrumb line before, the site footer after."""
    from zwgk.importer import import_text

    text = (LEGACY / "004_28bf39bb901e43e5.txt").read_text(encoding="utf-8")
    text = ("来源：尧都区政府 时间：2024-01-22 09:00 【大 中 小】 打印\n" + text.rstrip()
            + "\n\n版权所有：临汾市尧都区人民政府  网站标识码：1410020001\n晋ICP备05001234号\n")
    report = import_text(text, source="004.txt").report
    assert report.prose["opening"].startswith("2023年，水塔街办事处")
    assert report.prose["other"] == "无" and report.prose["signoff"] == "水塔街办事处\n2024年1月22日"


@pytest.mark.parametrize("tail,signoff", [
    ("无\n某某局\n2024-01-22", "某某局\n2024-01-22"),
    ("无\n二〇二四年一月二十二日", "二〇二四年一月二十二日"),
    ("全年未收费2024年1月", ""),
    ("本机关未收取信息处理费。", ""),
])
def test_signoff_lines(tail, signoff):
    from zwgk.importer.prose import split_signoff

    assert split_signoff(tail, "")[1] == signoff
