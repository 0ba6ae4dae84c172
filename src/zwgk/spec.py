"""The official format as data: loads `templates/format/*.yaml`, `checks.yaml` (with each check's
level and message from the catalogue, `problems/check.yaml`), `variants.yaml`.  A `Rule` evaluates
itself through zwgk.rules; number kinds are zwgk.kinds, cell positions zwgk.layout.

Everything else in zwgk (writer, reader, checks, importer, rollup, renderer) asks this module
for labels, cell ids, number kinds and rules; no label or id is typed anywhere else.

    >>> spec = load_spec("2021")
    >>> len(spec.cells)
    200
    >>> spec.cells["t3.new.natural"].kind
    'count'
"""
from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from zwgk.extensions import extend, extension_files, verify
from zwgk.rules import Outcome, Term, compiled, evaluate_compiled
from zwgk.wording import read_yaml, templates_dir, words

FORMATS = ("2021", "2019")
LEVELS = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Head:
    """A node of a header tree: a row or column label, with an id when it is a leaf."""

    label: str
    id: str | None = None
    children: tuple["Head", ...] = ()
    kind: str | None = None
    unit: str | None = None

    @classmethod
    def from_data(cls, data: dict) -> "Head":
        return cls(
            label=data["label"], id=data.get("id"), kind=data.get("kind"), unit=data.get("unit"),
            children=tuple(cls.from_data(c) for c in data.get("children", ())),
        )

    def leaves(self, path: tuple[str, ...] = ()) -> list[tuple["Head", tuple[str, ...]]]:
        """Leaf nodes under this one, each with the labels on its way down (its own included)."""
        path = path + (self.label,)
        if not self.children:
            return [(self, path)]
        return [leaf for child in self.children for leaf in child.leaves(path)]

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


def _leaves(heads: tuple[Head, ...]) -> list[tuple[Head, tuple[str, ...]]]:
    return [leaf for head in heads for leaf in head.leaves()]


@dataclass(frozen=True)
class Section:
    """One sub-table of 表二: a caption (第二十条第（一）项), its columns and rows."""

    caption: str
    columns: tuple[Head, ...]
    rows: tuple[Head, ...]


@dataclass(frozen=True)
class Cell:
    """One number of the report, known by its stable id `table.row.column`."""

    id: str
    table: str
    row: str
    col: str
    kind: str                     # count | signed | amount
    row_path: tuple[str, ...]     # row labels from the outermost group down
    col_path: tuple[str, ...]     # column labels from the outermost group down
    unit: str | None = None       # 万元, or "free" when the report names its own unit

    @property
    def row_label(self) -> str:
        return self.row_path[-1]

    @property
    def col_label(self) -> str:
        return self.col_path[-1]

    @property
    def where(self) -> str:
        """A short human name: the row (with its group when the label alone is ambiguous) and column."""
        return f"{row_where(self.row_path)} {self.col_label}"


_GLOB = re.compile(r"[*?\[]")


@lru_cache(maxsize=None)
def _glob(pattern: str):
    """A glob as a compiled regex's match (fnmatchcase, without its per-call overhead)."""
    return re.compile(fnmatch.translate(pattern)).match


def row_where(path: tuple[str, ...]) -> str:
    """“（六）其他处理 3.其他” rather than “3.其他”: numbered items carry their group."""
    if len(path) > 1 and path[-1][:1].isdigit():
        return f"{path[-2]} {path[-1]}"
    return path[-1]


@dataclass(frozen=True)
class Table:
    id: str
    sheet: str
    caption: str
    layout: str                   # sections (表二) | matrix (表三) | wide (表四)
    rows: tuple[Head, ...] = ()
    columns: tuple[Head, ...] = ()
    sections: tuple[Section, ...] = ()
    corner: str | None = None
    row_head: str | None = None
    kind: str | None = None
    extension: str | None = None  # the file of a district's own table (templates/extensions/)
    landscape: bool | None = None  # the sheet's orientation, when not its layout's (matrix, wide: landscape)

    @classmethod
    def from_data(cls, data: dict) -> "Table":
        heads = lambda key, d=data: tuple(Head.from_data(h) for h in d.get(key, ()))  # noqa: E731
        sections = tuple(
            Section(s["caption"], heads("columns", s), heads("rows", s)) for s in data.get("sections", ())
        )
        return cls(
            id=data["id"], sheet=data["sheet"], caption=data["caption"], layout=data["layout"],
            rows=heads("rows"), columns=heads("columns"), sections=sections,
            corner=data.get("corner"), row_head=data.get("row_head"), kind=data.get("kind"),
            extension=data.get("extension"), landscape=data.get("landscape"),
        )

    def grids(self) -> list[tuple[tuple[Head, ...], tuple[Head, ...]]]:
        """(rows, columns) pairs: one per section for 表二, the whole table otherwise."""
        if self.sections:
            return [(s.rows, s.columns) for s in self.sections]
        return [(self.rows, self.columns)]

    def cells(self) -> list[Cell]:
        out = []
        for rows, columns in self.grids():
            for row, row_path in _leaves(rows):
                for col, col_path in _leaves(columns):
                    out.append(Cell(
                        id=f"{self.id}.{row.id}.{col.id}", table=self.id, row=row.id, col=col.id,
                        kind=col.kind or self.kind or "count", row_path=row_path, col_path=col_path,
                        unit=col.unit,
                    ))
        return out

    def row_ids(self) -> list[str]:
        return list(dict.fromkeys(row.id for rows, _ in self.grids() for row, _ in _leaves(rows)))

    def col_ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for _, cols in self.grids() for c, _ in _leaves(cols)))

    def row_path(self, row_id: str) -> tuple[str, ...]:
        return self._paths[0][row_id]

    def col_path(self, col_id: str) -> tuple[str, ...]:
        return self._paths[1][col_id]

    @cached_property
    def _paths(self) -> tuple[dict, dict]:
        """Row id -> its labels' path and column id -> its path (the first grid naming it)."""
        rows, cols = {}, {}
        for row_heads, col_heads in self.grids():
            for row, path in _leaves(row_heads):
                rows.setdefault(row.id, path)
            for col, path in _leaves(col_heads):
                cols.setdefault(col.id, path)
        return rows, cols


@dataclass(frozen=True)
class Rule:
    """One instance of a `sum` check: Σ left = Σ right, e.g. 表三 row “一、本年新收…”."""

    check: str
    level: str
    table: str
    where: str                    # the row or column it is about, in words
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    message: str
    live: str | None = None       # caption of the live ✓/✗ formula in the workbook, if any
    each: tuple[str, str] | None = None   # ("row", id) or ("col", id)

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.left + self.right

    @property
    def cells(self) -> list[str]:
        return list(dict.fromkeys(t.cell for t in self.terms if not t.previous))

    def evaluate(self, values, previous=None, blank_as_zero: bool = False,
                 first_blank: bool = False) -> Outcome:
        """This rule on a report's cells (and last year's, for `previous.` terms): the two sides,
        their difference, or the blank cells that stop it (zwgk.rules.evaluate)."""
        left, right = self._sides
        return evaluate_compiled(left, right, values, previous, blank_as_zero, first_blank)

    @cached_property
    def _sides(self) -> tuple[tuple, tuple]:
        return compiled(self.left), compiled(self.right)


@dataclass
class Spec:
    """One format (2021 or 2019): tables, cells, parts, checks and label variants."""

    format: str
    notice: str
    notice_title: str
    title: str
    first_year: int
    last_year: int | None
    parts: list[dict]
    tables: dict[str, Table]
    checks: list[dict]
    variants: dict
    cells: dict[str, Cell] = field(init=False)

    def __post_init__(self):
        self.cells = {c.id: c for t in self.tables.values() for c in t.cells()}

    @property
    def cell_ids(self) -> list[str]:
        return list(self.cells)

    def check(self, check_id: str) -> dict:
        return next(c for c in self.checks if c["id"] == check_id)

    def match(self, pattern: str) -> list[str]:
        """Cell ids matching a glob such as `t3.withheld_*.natural`, in spec order."""
        if "*" not in pattern and "?" not in pattern:
            return [pattern] if pattern in self.cells else []
        table, _, rest = pattern.partition(".")
        candidates = self._of_table.get(table, ()) if rest and not _GLOB.search(table) else self.cells
        found = _glob(pattern)
        return [cid for cid in candidates if found(cid)]

    @cached_property
    def _of_table(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for cid, cell in self.cells.items():
            out.setdefault(cell.table, []).append(cid)
        return out

    @cached_property
    def rules(self) -> list[Rule]:
        """Every `sum` rule on this report alone (no last-year cells), expanded to instances."""
        return self.sum_rules(previous=None)

    def sum_rules(self, previous: "Spec | None") -> list[Rule]:
        """Expanded `sum` rules; with `previous` (last year's format), the cross-year ones too."""
        out: list[Rule] = []
        for check in self.checks:
            if check["kind"] != "sum" or self.format not in check.get("formats", FORMATS):
                continue
            if check.get("needs_previous") and previous is None:
                continue
            out.extend(self._expand(check, previous))
        return out

    def _expand(self, check: dict, previous: "Spec | None") -> list[Rule]:
        table = self.tables[check["table"]]
        (axis, source), = check["each"].items()
        ids = source if isinstance(source, list) else (
            self.tables[source].row_ids() if axis == "row" else self.tables[source].col_ids())
        rules = []
        for item in ids:
            left = self._terms(check["left"], axis, item, previous)
            right = self._terms(check["right"], axis, item, previous)
            if left is None or right is None:
                continue
            path = table.row_path(item) if axis == "row" else table.col_path(item)
            where = row_where(path) if axis == "row" else f"“{path[-1]}”列"
            rules.append(Rule(
                check=check["id"], level=check["level"], table=table.id, where=where,
                left=left, right=right, message=check["message"], live=check.get("live"),
                each=(axis, item),
            ))
        return rules

    def _terms(self, patterns, axis, item, previous) -> tuple[Term, ...] | None:
        """Expand patterns for one row/column; None when a pattern matches no cell of its report."""
        terms = []
        for raw in patterns:
            sign = -1 if raw.startswith("-") else 1
            pattern = raw.lstrip("-").replace(f"<{axis}>", item)
            is_prev = pattern.startswith("previous.")
            pattern = pattern.removeprefix("previous.")
            matched = (previous if is_prev else self).match(pattern)
            if not matched:
                return None
            terms.extend(Term(cid, sign, is_prev) for cid in matched)
        return tuple(terms)

    def sheet_of(self, table_id: str) -> str:
        return self.tables[table_id].sheet

    def prose_parts(self) -> list[dict]:
        return [p for p in self.parts if p["kind"] == "prose"]

    def report_title(self, unit: str, year) -> str:
        """The standard title; without a year, without “{year}年” (never “年政府信息公开…”)."""
        title = self.title if year is not None else self.title.replace("{year}年", "")
        return title.format(unit=unit or "", year=year)


@lru_cache(maxsize=None)
def load_spec(fmt: str) -> Spec:
    """The spec of one format, "2021" or "2019"."""
    fmt = str(fmt)
    if fmt not in FORMATS:
        from zwgk.errors import ZwgkError

        raise ZwgkError.of("report.unknown_format", format=fmt, formats=" 或 ".join(FORMATS))
    root = templates_dir()
    data, checks = extend(fmt, read_yaml(root / "format" / f"{fmt}.yaml"), load_checks()["checks"],
                          load_extensions())
    spec = Spec(
        format=data["format"], notice=data["notice"], notice_title=data["notice_title"],
        title=data["title"], first_year=data["first_year"], last_year=data.get("last_year"),
        parts=data["parts"], tables={t["id"]: Table.from_data(t) for t in data["tables"]},
        checks=checks, variants=words("variants"),
    )
    verify(spec)
    return spec


def as_spec(spec: "Spec | str") -> Spec:
    """A Spec as given, or the spec of a format named "2021" / "2019" (during the move from format
    strings to Spec objects, functions take either)."""
    return spec if isinstance(spec, Spec) else load_spec(spec)


def per_spec(fn):
    """Cache `fn(spec, …)` by the Spec objects it is given (format names are loaded first): what
    is computed from a spec once, such as its layout or its checks' tables."""
    cache: dict[tuple, tuple] = {}

    @functools.wraps(fn)
    def cached(*specs):
        specs = tuple(as_spec(s) for s in specs)
        key = tuple(id(s) for s in specs)
        hit = cache.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], specs)):
            hit = cache[key] = (specs, fn(*specs))      # the specs kept alive: their ids stay theirs
        return hit[1]
    return cached


@lru_cache(maxsize=None)
def load_extensions() -> list[tuple[Path, dict]]:
    """A district's own tables (templates/extensions/*.yaml), each with its file."""
    out = []
    for path in extension_files(templates_dir()):
        out.append((path, read_yaml(path) or {}))    # a YAML fault: template.syntax, with its line
    return out


@lru_cache(maxsize=None)
def load_checks() -> dict:
    """`templates/checks.yaml` (what the rules are), each check with the `level` and `message` of
    its entry `check.<id>` in the problem catalogue (templates/problems/check.yaml), their one
    source; read once for every format and for the checks' wording."""
    from zwgk.problems import area

    data = {**words("checks"), "checks": [dict(c) for c in words("checks")["checks"]]}
    entries = area("check")
    for check in data["checks"]:
        entry = entries.get(f"check.{check['id']}")
        if entry is None:
            from zwgk.errors import ZwgkError

            raise ZwgkError.of("template.check_unworded", check=check["id"])
        check["level"], check["message"] = entry.level, entry.message
    return data


@lru_cache(maxsize=None)
def blank_marks() -> frozenset[str]:
    """Text that stands for a blank cell ("/", "—", "无", …), from variants.yaml."""
    return frozenset(words("variants").get("blank_marks") or ())


def is_blank_mark(text: str) -> bool:
    """“/”, “　—　” and the like: a blank, whatever spaces (full-width too) surround it."""
    return text.strip().replace("\u3000", "") in blank_marks()


_ERROR_VALUE = re.compile(r"#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)")


def is_error_value(text: str) -> bool:
    """A spreadsheet's error value (#DIV/0!, #REF!…): what a broken formula or link leaves."""
    return bool(_ERROR_VALUE.fullmatch(text.strip()))


def format_for_year(year: int | None) -> str:
    """The format a report of that year is due in (2019 for 2019-2020, 2021 after)."""
    if year is not None and year < load_spec("2021").first_year:
        return "2019"
    return "2021"


def _same_across(cell_id: str) -> bool:
    return any(fnmatch.fnmatchcase(cell_id, p) for p in words("years")["correspondence"]["same"])


@lru_cache(maxsize=None)
def _merged(from_fmt: str, to_fmt: str) -> dict[str, tuple[str, ...]]:
    """Cells of `from_fmt` that mean the sum of several cells of `to_fmt` (2019 （六） → 2021 1-3)."""
    out: dict[str, tuple[str, ...]] = {}
    spec = load_spec(from_fmt)
    for entry in words("years")["correspondence"]["merged"]:
        (axis, table), = entry["each"].items()
        items = spec.tables[table].col_ids() if axis == "col" else spec.tables[table].row_ids()
        one, many = entry["2019"], entry["2021"]
        for item in items:
            fill = lambda p, i=item: p.replace(f"<{axis}>", i)  # noqa: E731
            if from_fmt == "2019":
                out[fill(one)] = tuple(fill(p) for p in many)
    return out


def counterparts(cell_id: str, from_fmt: str, to_fmt: str) -> tuple[str, ...]:
    """The cells of `to_fmt` whose sum means `cell_id` of `from_fmt`: one cell, several (2019
    （六）其他处理 → 2021 1、2、3), or none.  Declared in templates/years.yaml."""
    from_fmt, to_fmt = str(from_fmt), str(to_fmt)
    if cell_id not in load_spec(from_fmt).cells:
        raise KeyError(f"{from_fmt} 格式没有单元格 {cell_id}")
    if from_fmt == to_fmt:
        return (cell_id,)
    pairs = words("years")["correspondence"]["pairs"] or {}
    paired = pairs.get(cell_id) if from_fmt == "2019" else {v: k for k, v in pairs.items()}.get(cell_id)
    if paired:
        return (paired,)
    if _same_across(cell_id) and cell_id in load_spec(to_fmt).cells:
        return (cell_id,)
    return _merged(from_fmt, to_fmt).get(cell_id, ())


def corresponding(cell_id: str, from_fmt: str, to_fmt: str) -> str | None:
    """The one cell of `to_fmt` that means the same as `cell_id` of `from_fmt`, or None when there
    is none (or only a sum of several: see `counterparts`).

        >>> corresponding("t3.new.total", "2019", "2021")
        't3.new.total'
        >>> corresponding("t2.regulation.made", "2019", "2021") is None
        True
    """
    found = counterparts(cell_id, from_fmt, to_fmt)
    return found[0] if len(found) == 1 else None


def absent_reason(cell_id: str, fmt: str) -> str | None:
    """Why a cell of `fmt` has no counterpart in the other format, in words (years.yaml `absent`)."""
    reasons = words("years")["correspondence"]["absent"].get(str(fmt)) or {}
    return next((why for pattern, why in reasons.items() if fnmatch.fnmatchcase(cell_id, pattern)), None)
