"""Every sheet of every workbook zwgk writes prints legibly on A4 in LibreOffice's PDF export.

A report (2021 and 2019, with long prose and cells inferred on import), a district summary
(with long reasons in 报送情况) and a workbook marked by `zwgk check --mark` (校验结果) are
exported to PDF by LibreOffice headless; each page is given to its sheet by the sheet's title
(pdftotext), and its size and the size of its words (pdftotext -bbox) are read.
"""
import re
import shutil
import subprocess
from statistics import median

import pytest

from zwgk.checks import check
from zwgk.model import Report
from zwgk.rollup import rollup
from zwgk.wording import words
from zwgk.rollup.workbook import write_rollup
from zwgk.spec import load_spec
from zwgk.wording import words
from zwgk.synthetic import consistent_report
from zwgk.workbook.layout import prose_title
from zwgk.workbook.marker import mark
from zwgk.wording import words
from zwgk.workbook.writer import write_report

from .libreoffice import convert
from .rollup.helpers import unit_report, write

pytestmark = pytest.mark.libreoffice

A4 = (595, 842)
PARAGRAPH = "本年度持续推进政务公开标准化规范化建设，主动公开政府信息，回应社会关切，"


def pdf_pages(pdf) -> list[dict]:
    """Every page: its size in points, its text, and the median height of its words."""
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("poppler (pdftotext, pdfinfo) not installed")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    sizes = [tuple(round(float(x)) for x in m) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = []
    for size, page in zip(sizes, bbox.split("<page ")[1:]):
        found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        pages.append({"size": size, "text": "".join(w for _, _, w in found),
                      "height": median([float(b) - float(a) for a, b, _ in found]) if found else 0})
    return pages


def by_sheet(pages: list[dict], titles: dict[str, str]) -> dict[str, list[dict]]:
    """Pages given to sheets in order: a page showing a sheet's title starts that sheet."""
    out, current = {}, None
    for page in pages:
        current = next((name for name, title in titles.items() if title in page["text"] and name not in out),
                       current)
        out.setdefault(current, []).append(page)
    return out


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def report_titles(fmt: str) -> dict[str, str]:
    ui = words("workbook")
    titles = {ui["info"]["sheet"]: ui["info"]["title"]}
    titles |= {t.sheet: t.caption for t in load_spec(fmt).tables.values()}
    titles[ui["prose"]["sheet"]] = prose_title(load_spec(fmt))
    return {k: squeezed(v) for k, v in titles.items()}


def long_report(fmt: str) -> Report:
    report = consistent_report(fmt, 7, unit="八里堡街道办事处", district="二道区", year=2024 if fmt == "2021" else 2020,
                               contact="张三 0431-12345678", date="2025-01-20")
    report.prose = {"opening": PARAGRAPH * 2 + "现报告如下：",
                    "overview": "\n".join(f"（{i}）{PARAGRAPH * 6}第{i}段完。" for i in range(1, 9)),
                    "problems": PARAGRAPH * 3 + "问题段完。", "other": "无。", "signoff": "八里堡街道办事处\n2025年1月20日"}
    report.inferred = ["t3.new.business", "t3.new.research"]
    return report


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """All the workbooks, exported in one LibreOffice run."""
    tmp = tmp_path_factory.mktemp("print")
    books = {fmt: write_report(long_report(fmt), tmp / f"report{fmt}.xlsx") for fmt in ("2021", "2019")}
    units = tmp / "units"
    for i in range(12):
        write(units, f"{i}.xlsx", unit_report(i, unit=f"二道区某某街道第{i:03d}社区服务中心办事处"))
    broken = unit_report(20)
    broken.cells["t3.new.natural"] += 3
    write(units, "有错误的报表（请改正后重新报送的那一份，文件名很长）.xlsx", broken)
    (units / "损坏.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    books["summary"] = write_rollup(rollup(units, year=2024), tmp / "汇总.xlsx")
    marked = write_report(broken, tmp / "marked.xlsx")
    mark(marked, check(broken), keep_backup=False)
    books["marked"] = marked
    pdf = convert(list(books.values()), tmp / "pdf", "pdf")
    return {name: pdf_pages(p) for name, p in zip(books, pdf)}


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_report_sheets(pdfs, fmt):
    sheets = by_sheet(pdfs[fmt], report_titles(fmt))
    ui = words("workbook")
    assert list(sheets) == [ui["info"]["sheet"], "表二", "表三", "表四", ui["prose"]["sheet"]]
    portrait, landscape = A4, A4[::-1]
    info = sheets[ui["info"]["sheet"]]
    assert len(info) == 1 and info[0]["size"] == portrait
    assert "单位名称" in info[0]["text"] and "八里堡街道办事处" in info[0]["text"]    # labels and values together
    assert all(p["size"] == portrait for p in sheets["表二"]) and len(sheets["表二"]) <= 2
    for name in ("表三", "表四"):
        pages = sheets[name]
        assert len(pages) == 1 and pages[0]["size"] == landscape, name
        text = pages[0]["text"]
        assert words("workbook")["live"]["head"] not in text and "✓" not in text and "？" not in text, name
        assert pages[0]["height"] >= 5.5, name                                  # legible, not shrunk
    prose = sheets[ui["prose"]["sheet"]]
    assert all(p["size"] == portrait for p in prose) and all(p["height"] >= 7 for p in prose)
    text = "".join(p["text"] for p in prose)
    for i in range(1, 9):                               # every paragraph printed to its end
        assert f"第{i}段完。" in text
    assert "问题段完。" in text and "现报告如下：" in text and "2025年1月20日" in text


def test_summary_sheets(pdfs):
    s = words("rollup")["sheets"]
    titles = report_titles("2021")
    titles[s["detail"]["name"]] = squeezed(s["detail"]["title"].format(district="二道区", year=2024))
    titles[s["status"]["name"]] = squeezed(s["status"]["title"].format(district="二道区", year=2024))
    sheets = by_sheet(pdfs["summary"], titles)
    landscape = A4[::-1]
    detail, status = sheets[s["detail"]["name"]], sheets[s["status"]["name"]]
    assert all(p["size"] == landscape for p in detail + status)
    assert len(detail) <= 3 and median(p["height"] for p in detail) >= 6          # not 4 pt on one page
    assert median(p["height"] for p in status) >= 6
    text = "".join(p["text"] for p in status)
    assert "请该单位改正后重新报送" in text and words("rollup")["sheets"]["status"]["note_head"] in text
    prose = sheets[words("workbook")["prose"]["sheet"]]
    assert words("rollup")["summary"]["marker"] not in "".join(p["text"] for p in prose)   # 六 is the officer's


def test_check_results_sheet(pdfs):
    w = words("checks")["marks"]
    pages = by_sheet(pdfs["marked"], {**report_titles("2021"), w["sheet"]: squeezed(w["columns"][4])})[w["sheet"]]
    assert all(p["size"] == A4[::-1] for p in pages) and median(p["height"] for p in pages) >= 6
    text = "".join(p["text"] for p in pages)
    assert "相差3" in squeezed(text)                 # 说明 printed whole, not cut at the column edge
