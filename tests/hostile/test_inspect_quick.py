"""The quick look at a sheet (zwgk.workbook.inspect_quick) never disagrees with the full scan:
on zwgk's own sheets it is taken and finds the same extent and formulas; on every crafted or
hostile variant it either finds exactly what the scan finds or leaves the sheet to the scan."""
from __future__ import annotations

import re
import zipfile

import pytest

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.inspect import MAX_COLS, MAX_ROWS, SHARED_FORMULA, _SheetScan
from zwgk.workbook.inspect_quick import MAX_QUICK, quick_extent
from zwgk.workbook.parts import sheet_parts

from .generate import FORMULAS, REFUSED, add_row, set_cell

SHEET_BUILDERS = {**{k: v for k, v in REFUSED.items() if k not in (
    "sparse_10GB", "folder_named_xlsx", "named_pipe", "link_to_dev_zero", "symlink_loop", "random_bytes",
    "empty_file", "truncated_zip", "zip_header_lies", "many_entries", "zip_bomb_part",
    "zip_bomb_shared_strings", "missing_sheet")}, **FORMULAS}


def _sheets(path) -> dict[str, bytes]:
    with guard.open_package(path) as package:
        return {name: guard.read_part(path, package, part) for name, part in sheet_parts(path, package).items()}


def _full(data: bytes):
    """(rows, cols, formulas) by the full scan, or None when it refuses the sheet or finds an error value."""
    try:
        extent = _SheetScan("x.xlsx", "表三").run(data, "xl/worksheets/sheet3.xml")
    except UnreadableFileError:
        return None
    return None if extent.errors else (extent.rows, extent.cols, extent.formulas)


def _agrees(data: bytes) -> object:
    quick = quick_extent(data, MAX_ROWS, MAX_COLS, SHARED_FORMULA)
    if quick is not None:
        assert quick == _full(data)
    return quick


@pytest.fixture(scope="module")
def sheet3(base) -> bytes:
    return _sheets(base)["表三"]


def test_taken_for_every_sheet_zwgk_writes(base):
    for name, data in _sheets(base).items():
        quick = _agrees(data)
        assert quick is not None, name
    assert _agrees(_sheets(base)["表三"])[2], "表三's check formulas are found"


@pytest.mark.parametrize("name", sorted(SHEET_BUILDERS))
def test_hostile_workbooks(name, base, tmp_path):
    target = SHEET_BUILDERS[name](base, tmp_path / "x.xlsx")
    with zipfile.ZipFile(target) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.file_size <= 2 * MAX_QUICK:
                _agrees(zf.read(info))


CRAFTED = {
    "comment_hides_cell": lambda x: add_row(x, '<!-- <row r="2"><c r="XFD2"/></row> -->'),
    "cdata": lambda x: set_cell(x, "D5", '<c r="D5" t="inlineStr"><is><t><![CDATA[<c r="XFD9">]]></t></is></c>'),
    "error_cell": lambda x: set_cell(x, "D5", '<c r="D5" t="e"><v>#DIV/0!</v></c>'),
    "error_cell_spaced": lambda x: set_cell(x, "D5", '<c r="D5" t = "e"><v>#N/A</v></c>'),
    "error_cell_single": lambda x: set_cell(x, "D5", "<c r=\"D5\" t='e'><v>#N/A</v></c>"),
    "error_by_reference": lambda x: set_cell(x, "D5", '<c r="D5" t="&#101;"><v>#N/A</v></c>'),
    "lower_case_ref": lambda x: x.replace(b'<c r="D5"', b'<c r="xfd5"', 1),
    "r_not_first": lambda x: x.replace(b'<c r="D5"', b'<c s="1" r="XFD5"', 1),
    "r_spaced": lambda x: x.replace(b'<c r="D5"', b'<c r = "XFD5"', 1),
    "r_twice": lambda x: x.replace(b'<c r="D5"', b'<c r="D5" r="XFD5"', 1),
    "cell_without_r": lambda x: add_row(x, '<row r="50">' + "<c><v>1</v></c>" * 300 + "</row>"),
    "row_without_r": lambda x: add_row(x, "<row><c r='A1'/></row>"),
    "row_far": lambda x: add_row(x, '<row r="10001"/>'),
    "row_just_inside": lambda x: add_row(x, f'<row r="{MAX_ROWS}"><c r="IV{MAX_ROWS}"><v>1</v></c></row>'),
    "column_just_outside": lambda x: add_row(x, '<row r="60"><c r="IW60"><v>1</v></c></row>'),
    "prefixed_cell": lambda x: add_row(x, '<row r="61"><y:c xmlns:y="urn:y" r="XFD61"/></row>'),
    "dimension_far": lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A20000"', x),
    "dimension_odd": lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="$A$1:$XFD$9"', x),
    "dimension_twice": lambda x: x.replace(b"<sheetViews>", b'<dimension ref="A1:ZZ99999"/><sheetViews>', 1),
    "formula_crlf": lambda x: set_cell(x, "D5", '<c r="D5"><f>1+\r\n1</f><v>2</v></c>'),
    "formula_entities": lambda x: set_cell(x, "D5", '<c r="D5"><f>IF(A1&lt;&gt;2,"&amp;&quot;&apos;",1)</f></c>'),
    "formula_nested_markup": lambda x: set_cell(x, "D5", '<c r="D5"><f>1<x/>+1</f><v>2</v></c>'),
    "formula_sibling": lambda x: set_cell(x, "D5", '<c r="D5"/><f>9*9</f>'),
    "formula_before_any_cell": lambda x: x.replace(b"<sheetData>", b"<sheetData><f>7</f>", 1),
    "formula_spaces_only": lambda x: set_cell(x, "D5", '<c r="D5"><f>   </f><v>2</v></c>'),
    "formula_odd_attribute": lambda x: set_cell(x, "D5", "<c r=\"D5\"><f t='shared' si='0'/><v>2</v></c>"),
    "formula_gt_in_attribute": lambda x: set_cell(x, "D5", '<c r="D5"><f ref="a>b">1+1</f><v>2</v></c>'),
    "truncated": lambda x: x[: len(x) * 2 // 3],
    "not_well_formed": lambda x: x.replace(b"</sheetData>", b"</sheetDat>", 1),
    "utf16": lambda x: x.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
    "bom": lambda x: b"\xef\xbb\xbf" + x,
    "latin1": lambda x: x.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1),
    "no_declaration": lambda x: x[x.index(b"<worksheet"):],
    "doctype_entity_cell": lambda x: x.replace(b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY e "">]><worksheet', 1),
    "too_large": lambda x: add_row(x, '<row r="70">' + '<c r="A70"><v>1</v></c>' * 50000 + "</row>"),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_sheets(name, sheet3):
    _agrees(CRAFTED[name](sheet3))


@pytest.mark.parametrize("name", ["row_far", "column_just_outside", "dimension_far", "prefixed_cell",
                                  "error_cell", "error_by_reference", "comment_hides_cell", "truncated",
                                  "utf16", "formula_nested_markup", "too_large", "cell_without_r", "r_twice"])
def test_left_to_the_full_scan(name, sheet3):
    assert quick_extent(CRAFTED[name](sheet3), MAX_ROWS, MAX_COLS, SHARED_FORMULA) is None


@pytest.mark.parametrize("name", ["row_just_inside", "formula_entities", "formula_sibling", "formula_spaces_only",
                                  "formula_before_any_cell"])
def test_taken_and_equal(name, sheet3):
    assert _agrees(CRAFTED[name](sheet3)) is not None
