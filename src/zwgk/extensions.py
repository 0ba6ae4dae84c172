"""A district's own tables, added as template files only: `templates/extensions/*.yaml`.

Each file declares one extra table for the formats it names — the table itself, written exactly
as the official ones in `templates/format/<format>.yaml` (id, sheet, caption, layout, rows,
columns, kinds, units), the part of the report it is printed as, and its own checks (`sum` or
`threshold`, written as in checks.yaml).  `load_spec` merges them into the format, so the
writer, reader, checks, renderers, importer and rollup take the table as one of the format's
own.  A district drops such a file into its copy of templates/ (ZWGK_TEMPLATES); the default
templates carry none (an example is `templates/examples/信息处理费.yaml`).

    formats: ["2021"]
    part: {after: t4, label: 五、信息处理费收取情况, renumber: true}
    table: {id: t5, sheet: 表五, caption: 五、信息处理费收取情况, layout: matrix, ...}
    checks: [{id: t5-total, kind: sum, table: t5, ...}]
"""
from __future__ import annotations

import re
from pathlib import Path

FOLDER = "extensions"
CHECK_KINDS = ("sum",)
NUMERALS = "一二三四五六七八九十"
_NUMBER = re.compile(rf"^[{NUMERALS}]+、")


def extension_files(root: Path) -> list[Path]:
    """The extension files of a templates folder, in name order (the order tables are added)."""
    folder = root / FOLDER
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def extend(fmt: str, data: dict, checks: list[dict], extensions: list[tuple[Path, dict]]) -> tuple[dict, list[dict]]:
    """The format's data and checks with every extension for `fmt` merged in (inputs untouched)."""
    data = {**data, "parts": list(data["parts"]), "tables": list(data["tables"])}
    checks = list(checks)
    for path, ext in extensions:
        if fmt not in [str(f) for f in _need(path, ext, "formats", list)]:
            continue
        _add_table(path, ext, data, checks, fmt)
    return data, checks


def _add_table(path: Path, ext: dict, data: dict, checks: list[dict], fmt: str) -> None:
    table = _need(path, ext, "table", dict)
    part = _need(path, ext, "part", dict)
    tid = _need(path, table, "id", str)
    if any(t["id"] == tid for t in data["tables"]) or any(p["id"] == tid for p in data["parts"]):
        _fail("extension.duplicate_id", path, id=tid, format=fmt)
    after = _need(path, part, "after", str)
    ids = [p["id"] for p in data["parts"]]
    if after not in ids:
        _fail("extension.unknown_part", path, after=after, parts="、".join(ids))
    data["tables"].append({**table, "extension": path.name})
    data["parts"].insert(ids.index(after) + 1, {"id": tid, "label": _need(path, part, "label", str),
                                                "kind": "table"})
    if part.get("renumber"):
        data["parts"] = renumbered(data["parts"])
    for check in ext.get("checks") or ():
        if check.get("kind") not in CHECK_KINDS:
            _fail("extension.check_kind", path, id=check.get("id", ""), kinds="、".join(CHECK_KINDS))
        checks.append({**check, "formats": [fmt]})


def renumbered(parts: list[dict]) -> list[dict]:
    """Part headings numbered again in order (一、二、…), for a table inserted between parts."""
    return [{**p, "label": _NUMBER.sub(f"{NUMERALS[i]}、", p["label"])} if i < len(NUMERALS) else p
            for i, p in enumerate(parts)]


def unnumbered(label: str) -> str:
    """A part heading without its number (五、其他… → 其他…): the same part before and after a
    district's table moved it down."""
    return _NUMBER.sub("", label)


def _need(path: Path, data: dict, key: str, kind: type):
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        _fail("extension.missing_key", path, key=key,
              expected={list: "列表", dict: "映射", str: "文字"}[kind])
    return value


def _fail(code: str, path: Path, **params):
    from zwgk.errors import ZwgkError

    raise ZwgkError.of(code, file=str(path), **params)
