"""Make samples/pdf/ (PDF reports with their truth, a scan, an encrypted PDF) and samples/office/
(old Word .doc and WPS .et files with their truth).

    python samples/make_pdf.py [SEEDS]     # SEEDS: the shared seeds folder (found beside the repo)

- seed-NNN.pdf: each seed report imported, rendered to Word by zwgk, printed by LibreOffice;
- seed-001-narrow.pdf: the same with other column widths, a larger table font, 表二 unruled;
- seed-002-html.pdf: the seed rendered as a web page and printed by LibreOffice;
- seed-002-text.pdf: the seed's text itself printed by LibreOffice (one cell a line, no table);
- blanks-ruled.pdf / blanks-unruled.pdf: a report (pinned in blanks-heavy.json) whose 表三 has many blank cells, with and
  without table borders (where plain text loses the blanks' columns);
- scanned.pdf: page images only, no text layer (the import must refuse it in words);
- encrypted.pdf: a report that opens only with a password (the import must say so);
- seed-000-nocopy.pdf: a report that opens freely but forbids copying (read all the same);
- office/seed-003.doc: the seed's Word document saved by LibreOffice as Word 97-2003;
- office/seed-003-sheet.et: the seed's zwgk workbook saved as Excel 97-2003, named as WPS 表格 does.

Each folder's truth.json holds its files' cells (the report that was printed).  Needs LibreOffice.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from zwgk.importer import import_file
from zwgk.model import Report
from zwgk.importer.convert import soffice
from zwgk.render import render_bytes
from zwgk.workbook.writer import write_report

HERE = Path(__file__).resolve().parent / "pdf"
OFFICE = HERE.parent / "office"
PINNED = HERE / "blanks-heavy.json"        # kept when the folder is made again
NARROW = """column_weights:
  t3: [1, 1, 3, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2]
styles:
  table: {font: table, size: 12, line: 15, align: right}
"""

PLAIN_CSS = "<style>table { border-collapse: collapse; } td, th { border: 1px solid #000; }</style>"
NO_COPYING = ('pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},'
              '"PermissionPassword":{"type":"string","value":"zwgk"},'
              '"EnableCopyingOfContent":{"type":"boolean","value":"false"}}')
ENCRYPTED = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
             '"DocumentOpenPassword":{"type":"string","value":"zwgk"}}')


def seeds_folder() -> Path:
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "seeds" / "truth.json").exists():
            return parent / "shared" / "seeds"
    raise SystemExit("shared/seeds not found: give its path")


def main(seeds: Path) -> None:
    pinned = PINNED.read_bytes()
    for folder in (HERE, OFFICE):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    PINNED.write_bytes(pinned)
    reports = printed_reports(seeds)
    with tempfile.TemporaryDirectory(prefix="zwgk-samples-") as tmp:
        tmp = Path(tmp)
        _print_pdfs(reports, seeds, tmp)
        _soffice([tmp / "seed-003.docx"], "doc", OFFICE)
        write_report(reports["seed-003"], tmp / "seed-003-sheet.xlsx")
        _soffice([tmp / "seed-003-sheet.xlsx"], "xls", tmp)
        shutil.copyfile(tmp / "seed-003-sheet.xls", OFFICE / "seed-003-sheet.et")     # WPS 表格 keeps the BIFF body
        _scan(HERE / "seed-004.pdf", tmp)
        _soffice([tmp / "seed-000.docx"], ENCRYPTED, tmp / "locked")
        shutil.copyfile(tmp / "locked" / "seed-000.pdf", HERE / "encrypted.pdf")
        _soffice([tmp / "seed-000.docx"], NO_COPYING, tmp / "restricted")
        shutil.copyfile(tmp / "restricted" / "seed-000.pdf", HERE / "seed-000-nocopy.pdf")
    for folder, truth in zip((HERE, OFFICE), truths(reports)):
        (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def printed_reports(seeds: Path) -> dict:
    """The report each sample prints, by sample name (without suffix)."""
    truth = json.loads((seeds / "truth.json").read_text(encoding="utf-8"))
    reports = {}
    for i, name in enumerate(sorted(truth)):
        reports[f"seed-{i:03d}"] = import_file(seeds / name).report
        _same_as_truth(reports[f"seed-{i:03d}"], truth[name], name)
    reports["seed-001-narrow"] = reports["seed-001"]
    reports["seed-000-nocopy"] = reports["seed-000"]
    reports["seed-002-html"] = reports["seed-002-text"] = reports["seed-002"]
    reports["blanks-ruled"] = reports["blanks-unruled"] = _blank_heavy()
    return reports


def truths(reports: dict) -> tuple[dict, dict]:
    """truth.json of samples/pdf and of samples/office."""
    pdf = {f"{stem}.pdf": _truth(r) for stem, r in sorted(reports.items())}
    office = {name: _truth(reports["seed-003"]) for name in ("seed-003.doc", "seed-003-sheet.et")}
    return pdf, office


def _print_pdfs(reports: dict, seeds: Path, tmp: Path) -> None:
    """Every report PDF: Word documents (some restyled or unruled), a web page, the seed's text."""
    docx = {stem: render_bytes(reports[stem], "docx") for stem in reports if re.fullmatch(r"seed-\d{3}", stem)}
    style = tmp / "narrow"
    style.mkdir()
    (style / "word.yaml").write_text(NARROW, encoding="utf-8")
    docx["seed-001-narrow"] = _unruled(render_bytes(reports["seed-001"], "docx", style), tables=(0,))
    docx["blanks-ruled"] = render_bytes(reports["blanks-ruled"], "docx")
    docx["blanks-unruled"] = _unruled(docx["blanks-ruled"])
    for stem, data in docx.items():
        (tmp / f"{stem}.docx").write_bytes(data)
    page = render_bytes(reports["seed-002"], "html").decode("utf-8")
    page = re.sub(r"<style>.*?</style>", PLAIN_CSS, page, flags=re.S)    # as a browser prints it
    (tmp / "seed-002-html.html").write_text(page, encoding="utf-8")
    shutil.copyfile(seeds / sorted(json.loads((seeds / "truth.json").read_text(encoding="utf-8")))[2],
                    tmp / "seed-002-text.txt")
    _soffice([tmp / f"{s}.docx" for s in docx], "pdf", HERE)
    _soffice([tmp / "seed-002-html.html"], "pdf:writer_web_pdf_Export", HERE)
    _soffice([tmp / "seed-002-text.txt"], "pdf:writer_pdf_Export", HERE)


def _same_as_truth(report, truth: dict, name: str) -> None:
    wrong = [c for c, v in truth["cells"].items() if v is not None and report.cells.get(c) != v]
    if wrong:
        raise SystemExit(f"{name}: the import differs from truth.json at {wrong[:5]}")


def _truth(report) -> dict:
    return {"unit": report.unit, "district": report.district, "year": report.year,
            "format": report.format, "cells": dict(report.cells)}


def _blank_heavy():
    """A consistent report whose 表三 leaves most zero cells blank (每行只填有数的列) and has the
    issue's case, a 1 in 科研机构 alone; pinned in blanks-heavy.json, so that the samples stay what
    the importer is tested on when zwgk.synthetic draws differently.  It was made once from
    zwgk.synthetic's report of seed 31, 70 % of 表三's zero cells (not totals) left blank."""
    return Report.from_json_file(PINNED)


def _unruled(docx: bytes, tables=None) -> bytes:
    """The Word document with no borders on its tables (all, or those numbered in `tables`)."""
    src = zipfile.ZipFile(__import__("io").BytesIO(docx))
    xml = src.read("word/document.xml").decode("utf-8")
    count = iter(range(10**6))

    def strip(m):
        n = next(count)
        return m.group(0).replace('w:val="single"', 'w:val="nil"') if tables is None or n in tables else m.group(0)

    xml = re.sub(r"<w:tblBorders>.*?</w:tblBorders>", strip, xml)
    buf = __import__("io").BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, xml.encode("utf-8") if item.filename == "word/document.xml" else src.read(item))
    return buf.getvalue()


def _soffice(files: list[Path], to: str, outdir: Path) -> None:
    exe = soffice()
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is needed")
    with tempfile.TemporaryDirectory(prefix="zwgk-lo-") as profile:
        subprocess.run([exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", to, "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=600)


def _scan(pdf: Path, tmp: Path) -> None:
    """scanned.pdf: the first two pages of a report as grey JPEG images and no text (pdftoppm
    renders them; pypdfium2 places each image on a page of its own)."""
    import pypdfium2 as pdfium

    subprocess.run(["pdftoppm", "-r", "60", "-gray", "-jpeg", "-l", "2", str(pdf), str(tmp / "scan")], check=True)
    out = pdfium.PdfDocument.new()
    for jpeg in sorted(tmp.glob("scan*.jpg")):
        image = pdfium.PdfImage.new(out)
        image.load_jpeg(str(jpeg), inline=False)
        w, h = image.get_px_size()
        width, height = 595.0, 595.0 * h / w
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page = out.new_page(width, height)
        page.insert_obj(image)
        page.gen_content()
    out.save(str(HERE / "scanned.pdf"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else seeds_folder())
