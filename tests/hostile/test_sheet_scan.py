"""A sheet part read four ways — the plain byte-level look (accepting only), lxml kind by kind (the plain sheet), lxml element by element,
expat streamed with namespaces — is read the same: on zwgk's own sheets and on every crafted or
hostile variant, the same extent, formulas and error values, or a refusal by each way that can
read it.  And what zwgk.workbook.sheetscan picks for a part agrees with all of them."""
from __future__ import annotations

import re
import zipfile

import pytest

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.extent import MAX_ROWS
from zwgk.workbook.parts import sheet_parts
from zwgk.workbook.sheetscan import TREE_LIMIT, _SheetScan, _UnboundPrefix, plain_extent, sheet_extent

from .generate import FORMULAS, REFUSED, add_row, set_cell

SHEET_BUILDERS = {**{k: v for k, v in REFUSED.items() if k not in (
    "sparse_10GB", "folder_named_xlsx", "named_pipe", "link_to_dev_zero", "symlink_loop", "random_bytes",
    "empty_file", "truncated_zip", "zip_header_lies", "many_entries", "zip_bomb_part",
    "zip_bomb_shared_strings", "missing_sheet")}, **FORMULAS}


def _streamed(scan, data: bytes):
    try:
        return scan.stream(data)
    except _UnboundPrefix:                # read again without namespaces, as sheet_extent does
        return _SheetScan(scan.path, scan.sheet, scan.part).stream(data, namespaces=False)


WAYS = {"plain": lambda scan, data: plain_extent(data),           # the byte-level look: accepts or passes
        "quick": lambda scan, data: scan.tree(data), "walk": lambda scan, data: scan.tree(data, quick=False),
        "stream": _streamed}


def _sheets(path) -> dict[str, bytes]:
    with guard.open_package(path) as package:
        return {name: guard.read_part(path, package, part) for name, part in sheet_parts(path, package).items()}


def _read(way, data: bytes):
    """(rows, cols, formulas, errors), "refused" (beyond a report's extent: where a way noticed
    it first may differ), "broken", or None when this way leaves the part to another (lxml had
    to recover)."""
    try:
        extent = way(_SheetScan("x.xlsx", "表三", "xl/worksheets/sheet3.xml"), data)
    except UnreadableFileError as exc:
        return "refused" if "范围过大" in str(exc) else "broken"
    return None if extent is None else (extent.rows, extent.cols, extent.formulas, extent.errors)


def _agrees(data: bytes) -> dict:
    """Each way's reading; every way that reads the part reads it as the stream does."""
    found = {name: _read(way, data) for name, way in WAYS.items()}
    stream = found["stream"]
    for name, got in found.items():
        assert got is None or got == stream, (name, got, stream)
    chosen = _read(lambda scan, d: sheet_extent(scan.path, scan.sheet, d, scan.part), data)
    assert chosen == stream
    return found


@pytest.fixture(scope="module")
def sheet3(base) -> bytes:
    return _sheets(base)["表三"]


def test_every_sheet_zwgk_writes_is_read_alike(base):
    for name, data in _sheets(base).items():
        found = _agrees(data)
        assert found["quick"] is not None and not isinstance(found["quick"], str), name
    assert _agrees(_sheets(base)["表三"])["quick"][2], "表三's check formulas are found"


@pytest.mark.parametrize("name", sorted(SHEET_BUILDERS))
def test_hostile_workbooks(name, base, tmp_path):
    target = SHEET_BUILDERS[name](base, tmp_path / "x.xlsx")
    with zipfile.ZipFile(target) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.file_size <= 2 * TREE_LIMIT:
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
    "unbound_prefix_cell": lambda x: add_row(x, '<row r="62"><z:c r="XFD62"/></row>'),
    "unbound_prefix_ext": lambda x: x.replace(
        b"</worksheet>", b'<extLst><x:ext uri="{CC}"><y:v/></x:ext></extLst></worksheet>'),
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


def test_namespaced_reordered_and_referenced_markup_reads_as_the_plain(sheet3):
    """x:-prefixed elements, attributes in another order and character references are the
    parser's business: the same extent and formulas as the plain part."""
    plain = _agrees(sheet3)["stream"]
    prefixed = re.sub(rb"<(/?)(c|row|f|v|sheetData|dimension)\b", rb"<\1x:\2", sheet3)
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    prefixed = prefixed.replace(b"<worksheet ", b'<worksheet xmlns:x="' + main + b'" ', 1)
    reordered = re.sub(rb'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', rb'<c s="\2" r="\1"', sheet3)
    assert reordered != sheet3 and prefixed != sheet3
    for data in (prefixed, reordered):
        assert _agrees(data) == {"plain": None, "quick": plain, "walk": plain, "stream": plain}   # not plain: passed on
    coded = set_cell(sheet3, "D5", '<c r="D5"><f>"a&#10;b"&amp;1</f><v>6</v></c>')
    assert _agrees(coded)["stream"][2]["D5"] == '"a\nb"&1'


@pytest.mark.parametrize("name", ["row_far", "column_just_outside", "dimension_far", "prefixed_cell", 
                                  "cell_without_r"])
def test_refused_by_every_way(name, sheet3):
    """prefixed_cell, unbound_prefix_cell: a cell in a foreign namespace, or under a prefix no
    declaration binds, counts, as calamine reads it."""
    found = _agrees(CRAFTED[name](sheet3))
    assert found["stream"] == "refused" and all(got in (None, "refused") for got in found.values())


@pytest.mark.parametrize("name", ["row_just_inside", "formula_entities", "formula_spaces_only", "error_cell",
                                  "error_by_reference", "too_large", "formula_sibling", "unbound_prefix_ext"])
def test_read_alike(name, sheet3):
    found = _agrees(CRAFTED[name](sheet3))
    assert isinstance(found["stream"], tuple), found
