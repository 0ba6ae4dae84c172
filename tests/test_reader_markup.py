"""A report workbook whose sheet XML another writer marked up differently — every element with an
x: prefix (as the .NET Open XML SDK writes), attributes in another order, text as character
references — is read back as the same report, by the reader and by its look inside the sheets."""
from __future__ import annotations

import re
import zipfile

from zwgk.synthetic import consistent_report
from zwgk.workbook.reader import formula_cells, read_report
from zwgk.workbook.writer import write_report

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rewritten(src, dst, edit) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, edit(info.filename, data))


def _other_markup(name: str, xml: bytes) -> bytes:
    if name.startswith("xl/worksheets/sheet"):
        xml = re.sub(rb'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', rb'<c s="\2" r="\1"', xml)
        xml = re.sub(rb'<row r="([0-9]+)"([^>]*?) spans="([^"]*)"', rb'<row spans="\3"\2 r="\1"', xml)
        xml = re.sub(rb"<(/?)(?![?!])([A-Za-z]+)([\s>/])", rb"<\1x:\2\3", xml)
        return xml.replace(b'xmlns="' + MAIN + b'"', b'xmlns:x="' + MAIN + b'"')
    if name == "xl/sharedStrings.xml":          # every CJK character as a character reference
        return re.sub(rb"<t([^>]*)>([^<]*)</t>", lambda m: b"<t" + m[1] + b">" + "".join(
            f"&#{ord(ch)};" if ord(ch) > 0x2000 else ch for ch in m[2].decode()).encode() + b"</t>", xml)
    return xml


def test_prefixed_reordered_and_referenced_markup_reads_the_same(tmp_path):
    report = consistent_report("2021", 7, unit="八里堡街道办事处", year=2024)
    report.prose["overview"] = "第一行\n第二行"
    plain = write_report(report, tmp_path / "plain.xlsx")
    other = tmp_path / "other.xlsx"
    _rewritten(plain, other, _other_markup)
    with zipfile.ZipFile(other) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
        assert b"<x:c " in sheet and b"<c " not in sheet and b'" r="' in sheet
        assert b"&#" in zf.read("xl/sharedStrings.xml")
    assert read_report(other).to_dict() == read_report(plain).to_dict() == report.to_dict()
    assert formula_cells(other) == formula_cells(plain)


def test_a_formula_in_an_input_cell_is_kept_decoded(tmp_path):
    report = consistent_report("2021", 8, unit="甲", year=2024)
    plain = write_report(report, tmp_path / "plain.xlsx")
    sheet = _sheet_part(plain, "表三")
    formula = tmp_path / "formula.xlsx"
    cell = rb'<x:c xmlns:x="' + MAIN + rb'" t="str" r="D5"><x:f>"a&#10;b"&amp;1</x:f></x:c>'
    _rewritten(plain, formula, lambda name, xml: re.sub(
        rb'<c r="D5"([^>]*?)(/>|>.*?</c>)', cell, xml, count=1, flags=re.S) if name == sheet else xml)
    got = read_report(formula)
    assert got.cells["t3.new.natural"] is None
    assert got.texts["t3.new.natural"] == '="a\nb"&1'


def _sheet_part(path, name: str) -> str:
    from zwgk.workbook.parts import sheet_parts

    with zipfile.ZipFile(path) as zf:
        return sheet_parts(path, zf)[name]
