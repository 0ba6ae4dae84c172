"""Which part of an .xlsx/.xlsm package holds which sheet: workbook.xml and its relationships,
read with the XML parser (expat; elements and attributes by local name, any prefix, any order)."""
from __future__ import annotations

import posixpath
from xml.parsers import expat

from zwgk import guard

WORKBOOK, RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
MAX_META = 8 * guard.MB        # workbook.xml and its relationships


def sheet_parts(path, package) -> dict[str, str]:
    """{sheet name: part name} in workbook order."""
    sheets = _elements(path, package, WORKBOOK, "sheet")
    targets = {rel.get("Id"): rel.get("Target", "") for rel in _elements(path, package, RELS, "Relationship")}
    out = {}
    for sheet in sheets:
        rid = next((v for k, v in sheet.items() if k.rpartition(":")[2] == "id" and ":" in k), None)
        target = targets.get(rid) or ""
        if sheet.get("name") is not None and target:
            out[sheet["name"]] = _resolve(target)
    return out


def _resolve(target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join("xl", target))


def _elements(path, package, part: str, local: str) -> list[dict]:
    """The attributes of every element named `local` (with any prefix) in the part."""
    found: list[dict] = []

    def start(name, attrs):
        if name.rpartition(":")[2] == local:
            found.append(attrs)
    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        parser.Parse(guard.read_part(path, package, part, MAX_META), True)
    except expat.ExpatError as exc:
        raise guard.refuse(path, "read.unparsable_part", reason=exc, part=part) from None
    return found
