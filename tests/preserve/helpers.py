"""Real workbooks for the preservation tests: a report with errors written by zwgk, its .xlsm twin
carrying a real VBA project (the xlwings template's), and the zwgk command run as a user runs it."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from zwgk.synthetic import consistent_report
from zwgk.workbook.writer import write_report

XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
VBA_REL = (b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/'
           b'vbaProject" Target="vbaProject.bin"/>')


def faulty_report(path: Path, seed: int = 3, **meta) -> Path:
    """A report workbook with errors (表三 本年新收 does not add up), as zwgk writes it."""
    report = consistent_report("2021", seed, **meta)
    report.cells["t3.new.natural"] += 1
    return write_report(report, path)


def vba_project() -> bytes:
    from zwgk.addin_build import build

    with zipfile.ZipFile(build.template_path()) as zf:
        return zf.read("xl/vbaProject.bin")


def as_xlsm(xlsx: Path, target: Path) -> Path:
    """The workbook relabelled as a macro workbook holding a real VBA project."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(XLSX_MAIN, XLSM_MAIN).replace(b"<Default ", VBA_TYPE + b"<Default ", 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", VBA_REL + b"</Relationships>")
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", vba_project())
    return target


def with_part(xlsx: Path, name: str, data: bytes) -> Path:
    """The workbook with one more package part (what Excel or an add-in may leave in it)."""
    with zipfile.ZipFile(xlsx, "a") as zf:
        zf.writestr(name, data)
    return xlsx


def zwgk(*args, check_rc: int | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, **kw)
    if check_rc is not None:
        assert done.returncode == check_rc, (done.returncode, done.stdout, done.stderr)
    return done
