"""A district's own tables, added as template files only: `templates/extensions/*.yaml`.

Each file declares one extra table for the formats it names — the table itself, written exactly
as the official ones in `templates/format/<format>.yaml` (id, sheet, caption, layout, rows,
columns, kinds, units), the part of the report it is printed as, and its own checks (`sum`
rules, written as in checks.yaml).  `load_spec` merges them into the format, so the
writer, reader, checks, renderers, importer and rollup take the table as one of the format's
own.  A district drops such a file into its copy of templates/ (ZWGK_TEMPLATES); the default
templates carry none (an example is `templates/examples/信息处理费.yaml`).  A faulty file stops
every command with a sentence naming the file and the key (codes `extension.*`).

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
LAYOUTS = ("sections", "matrix", "wide")
KINDS = ("count", "signed", "amount")
LEVELS = ("error", "warning")
RULE_KEYS = {"id": str, "level": str, "table": str, "each": dict, "left": list, "right": list, "message": str}
NUMERALS = "一二三四五六七八九十"
_NUMBER = re.compile(rf"^[{NUMERALS}]+、")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


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
    order = {p["id"]: i for i, p in enumerate(data["parts"])}        # sheets follow the printed order
    data["tables"].sort(key=lambda t: order.get(t["id"], len(order)))
    return data, checks


def _add_table(path: Path, ext: dict, data: dict, checks: list[dict], fmt: str) -> None:
    table = _need(path, ext, "table", dict)
    part = _need(path, ext, "part", dict)
    tid = _id(path, table, "table.id")
    _check_table(path, table)
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
    checks.extend(_checks(path, ext, fmt, [t["id"] for t in data["tables"]]))


def _checks(path: Path, ext: dict, fmt: str, tables: list[str]) -> list[dict]:
    """The file's own checks, for `fmt` only, each knowing its file."""
    out = []
    for check in ext.get("checks") or ():
        if not isinstance(check, dict) or check.get("kind") not in CHECK_KINDS:
            _fail("extension.check_kind", path, id=_get(check, "id"), kinds="、".join(CHECK_KINDS))
        for key, kind in RULE_KEYS.items():
            _need(path, check, key, kind)
        if check["level"] not in LEVELS:
            _fail("extension.bad_value", path, key=f"checks（{check['id']}）.level", value=check["level"],
                  allowed=_one_of(LEVELS))
        _check_each(path, check, tables)
        out.append({**check, "formats": [fmt], "extension": path.name})
    return out


def _check_each(path: Path, check: dict, tables: list[str]) -> None:
    """`table` names a table; `each` is {row: <table>} or {col: <table>} or {row: [ids…]}."""
    where = f"checks（{check['id']}）"
    if check["table"] not in tables:
        _fail("extension.bad_value", path, key=f"{where}.table", value=check["table"], allowed=_one_of(tables))
    (axis, source), = check["each"].items() if len(check["each"]) == 1 else (("", None),)
    if axis not in ("row", "col"):
        _fail("extension.bad_value", path, key=f"{where}.each", value=check["each"], allowed=_one_of(("row", "col")))
    if not isinstance(source, list) and source not in tables:
        _fail("extension.bad_value", path, key=f"{where}.each.{axis}", value=source, allowed=_one_of(tables))


def verify(spec) -> None:
    """Every check a district's file declares gives at least one rule of the format: a cell id
    mistyped in `left`/`right` would otherwise leave the rule out without a word."""
    own = [c for c in spec.checks if c.get("extension") and not c.get("needs_previous")]
    found = {rule.check for rule in spec.rules} if own else set()
    for check in own:
        if check["id"] not in found:
            _fail("extension.rule_matches_nothing", Path(check["extension"]), id=check["id"],
                  terms="、".join(map(str, check["left"] + check["right"])))


def _check_table(path: Path, table: dict) -> None:
    """The keys every table needs, and its header trees: a label on every node, an id on every leaf."""
    for key in ("sheet", "caption", "layout"):
        _need(path, table, key, str)
    if table["layout"] not in LAYOUTS:
        _fail("extension.bad_value", path, key="table.layout", value=table["layout"], allowed=_one_of(LAYOUTS))
    grids = _need(path, table, "sections", list) if table["layout"] == "sections" else [table]
    for grid in grids:
        for key in ("rows", "columns"):
            for head in _need(path, grid, key, list):
                _check_head(path, head, f"table.{key}")


def _check_head(path: Path, head, where: str) -> None:
    label = _need(path, head, "label", str)
    children = head.get("children") or []
    if not children:
        _id(path, head, f"{where}（{label}）.id")
    kind = head.get("kind")
    if kind is not None and kind not in KINDS:
        _fail("extension.bad_value", path, key=f"{where}（{label}）.kind", value=kind, allowed=_one_of(KINDS))
    for child in children:
        _check_head(path, child, where)


def _id(path: Path, data: dict, where: str) -> str:
    """An id as the official ones are (t5, by_item): a cell id is `table.row.column`."""
    value = _need(path, data, "id", str)
    if not _ID.fullmatch(value):
        _fail("extension.bad_value", path, key=where, value=value, allowed="字母开头的字母、数字、下划线（如 t5、by_item）")
    return value


def _one_of(values) -> str:
    return f"{'、'.join(values)} 之一"


def _get(data, key: str) -> str:
    return str(data.get(key, "")) if isinstance(data, dict) else ""


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
