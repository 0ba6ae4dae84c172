"""Which part of an .xlsx/.xlsm package holds which sheet: workbook.xml and its relationships,
read with the XML parser (namespace-aware, any prefix, any attribute order)."""
from __future__ import annotations

import posixpath
from xml.etree import ElementTree

from zwgk import guard

WORKBOOK, RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
MAX_META = 8 * guard.MB        # workbook.xml and its relationships


def sheet_parts(path, package) -> dict[str, str]:
    """{sheet name: part name} in workbook order."""
    book = _parsed(path, package, WORKBOOK)
    rels = _parsed(path, package, RELS)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter() if _local(rel.tag) == "Relationship"}
    out = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid) or ""
        if sheet.get("name") is not None and target:
            out[sheet.get("name")] = _resolve(target)
    return out


def _resolve(target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join("xl", target))


def _parsed(path, package, part: str):
    data = guard.read_part(path, package, part, MAX_META)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise guard.refuse(path, f"文件已损坏：内容无法解析（{exc}）", part) from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
