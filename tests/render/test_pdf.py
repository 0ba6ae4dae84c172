"""Through LibreOffice: the .docx converts to a PDF with A4 portrait and landscape pages in order."""
import re
import shutil
import subprocess

import pytest

from zwgk.render import render

from ..conftest import require_soffice
from ..libreoffice import convert

pytestmark = pytest.mark.libreoffice

A4 = (595.3, 841.9)          # points


def page_sizes(pdf) -> list[tuple[float, float]]:
    """(width, height) of every page, in order (pdfinfo), or in file order from the MediaBoxes."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                             text=True, check=True).stdout
        return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]
    boxes = re.findall(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    return [(float(w), float(h)) for w, h in boxes]


def orientation(size) -> str:
    w, h = size
    assert sorted((round(w, 1), round(h, 1))) == sorted(A4), size
    return "landscape" if w > h else "portrait"


def pdf_text(pdf) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_docx_converts_with_portrait_and_landscape_pages(sample, tmp_path):
    require_soffice()
    paths = [render(sample(fmt), tmp_path / f"r{fmt}.docx") for fmt in ("2021", "2019")]
    for pdf in convert(paths, tmp_path / "pdf", to="pdf"):
        kinds = [orientation(s) for s in page_sizes(pdf)]
        assert kinds[0] == "portrait" and kinds[-1] == "portrait" and "landscape" in kinds
        first = kinds.index("landscape")
        assert set(kinds[first:first + kinds.count("landscape")]) == {"landscape"}   # one landscape run
        text = pdf_text(pdf)
        assert "八里堡街道办事处" in text and "政府信息公开工作" in text and "年度报告" in text
        pages = text.split("\f")
        assert any("三、收到和处理政府信息公开申请情况" in p for p in pages[first:first + 2])
        assert re.search(r"—\s*1\s*—", pages[0])


def test_render_to_pdf_directly(sample, tmp_path):
    require_soffice()
    pdf = render(sample(), tmp_path / "年报.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [orientation(s) for s in page_sizes(pdf)][0] == "portrait"
