"""Where every label, input and live check sits in a report workbook, computed from the spec.

The writer draws this layout and the reader reads through it, so the two can never disagree;
the checks name cells by it (表三!J5).  It is spec level: it reads the spec and the wording of
templates/, and imports no workbook library.  Rows and columns are 0-based, as in xlsxwriter.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.spec import Head, Rule, Spec, Table, per_spec
from zwgk.wording import words


@dataclass(frozen=True)
class Box:
    """A label drawn in the sheet, merged over r1..r2 × c1..c2."""

    r1: int
    c1: int
    r2: int
    c2: int
    text: str
    role: str        # title | caption | head | corner | row | note | live-head


@dataclass(frozen=True)
class Live:
    """A live-check formula cell for one rule instance."""

    rule: Rule
    row: int
    col: int
    span: int = 1    # columns merged for the result


@dataclass
class SheetLayout:
    name: str
    table: str | None = None
    boxes: list[Box] = field(default_factory=list)
    inputs: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    units: dict[str, tuple[int, int]] = field(default_factory=dict)
    live: list[Live] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    header_rows: tuple[int, int] | None = None
    landscape: bool = False
    freeze: tuple[int, int] | None = None     # first scrolling row and column (headers stay put)

    def box(self, *args, **kw) -> None:
        self.boxes.append(Box(*args, **kw))

    @property
    def last_row(self) -> int:
        rows = [b.r2 for b in self.boxes] + [r[2] for r in self.inputs.values()]
        return max(rows + [lv.row for lv in self.live])

    @property
    def last_col(self) -> int:
        cols = [b.c2 for b in self.boxes] + [r[3] for r in self.inputs.values()]
        return max(cols + [lv.col + lv.span - 1 for lv in self.live])

    @property
    def print_bounds(self) -> tuple[int, int]:
        """(last row, last column) of what prints: the official table with its values and the
        amount units; the live-check column and rows and their legend stay on screen only."""
        boxes = [b for b in self.boxes if b.role in ("title", "caption", "head", "corner", "row")]
        rows = [b.r2 for b in boxes] + [r[2] for r in self.inputs.values()]
        cols = [b.c2 for b in boxes if b.role != "title"] + [r[3] for r in self.inputs.values()]
        return max(rows), max(cols + [c for _, c in self.units.values()])


def a1(row: int, col: int, absolute: bool = False) -> str:
    """0-based (row, col) to "B5" (or "$B$5")."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"${letters}${row + 1}" if absolute else f"{letters}{row + 1}"


def _place_tree(heads: tuple[Head, ...], depth: int, start: int, span_of) -> list[tuple[Head, int, int, int]]:
    """(node, level, first, last) for every node; leaves span `span_of(leaf)` positions."""
    out, pos = [], start
    for head in heads:
        if head.children:
            inner = _place_tree(head.children, depth, pos, span_of)
            last = inner[-1][3] if inner else pos
            out.append((head, depth, pos, last))
            out.extend((n, lv + 1, a, b) for n, lv, a, b in inner)
            pos = last + 1
        else:
            out.append((head, depth, pos, pos + span_of(head) - 1))
            pos += span_of(head)
    return out


def _tree_depth(heads: tuple[Head, ...]) -> int:
    return max(h.depth() for h in heads)


# --- 表二: stacked sub-tables ---------------------------------------------------------------
def layout_sections(table: Table) -> SheetLayout:
    lay = SheetLayout(table.sheet, table.id, widths={0: 26})
    width = max(len(s.columns) for s in table.sections)
    last_col = width + (1 if _has_free_unit(table) else 0)
    lay.box(0, 0, 0, last_col, table.caption, "title")
    r = 2
    for section in table.sections:
        free = any(c.unit == "free" for c in section.columns)       # its 金额单位 column is its own
        lay.box(r, 0, r, width + (1 if free else 0), section.caption, "caption")
        lay.box(r + 1, 0, r + 1, 0, table.row_head, "head")
        for i, col in enumerate(section.columns):
            c2 = width if i == len(section.columns) - 1 else i + 1
            lay.box(r + 1, i + 1, r + 1, c2, col.label, "head")
            if col.unit == "free":
                lay.box(r + 1, width + 1, r + 1, width + 1, words("workbook")["unit_head"], "head")
        for j, row in enumerate(section.rows):
            rr = r + 2 + j
            lay.box(rr, 0, rr, 0, row.label, "row")
            for i, col in enumerate(section.columns):
                c2 = width if i == len(section.columns) - 1 else i + 1
                cid = f"{table.id}.{row.id}.{col.id}"
                lay.inputs[cid] = (rr, i + 1, rr, c2)
                if col.unit == "free":
                    lay.units[cid] = (rr, width + 1)
        r += 2 + len(section.rows) + 1
    lay.widths.update({c: 16 for c in range(1, last_col + 1)})
    return lay


def _has_free_unit(table: Table) -> bool:
    return any(c.unit == "free" for s in table.sections for c in s.columns)


# --- 表三: rows × columns with tree headers on both sides ------------------------------------
def layout_matrix(table: Table, rules: list[Rule]) -> SheetLayout:
    lay = SheetLayout(table.sheet, table.id, landscape=table.landscape is not False)
    rdepth, cdepth = _tree_depth(table.rows), _tree_depth(table.columns)
    top = 1                                  # row 0 is the title
    first_body = top + cdepth
    cols = _place_tree(table.columns, 0, rdepth, lambda h: 1)
    rows = _place_tree(table.rows, 0, first_body, lambda h: 1)
    last_col = cols[-1][3]
    check_col = last_col + 1
    lay.box(0, 0, 0, last_col, table.caption, "title")
    lay.box(top, 0, first_body - 1, rdepth - 1, table.corner, "corner")
    for node, level, c1, c2 in cols:
        r2 = first_body - 1 if not node.children else top + level
        lay.box(top + level, c1, r2, c2, node.label, "head")
    for node, level, r1, r2 in rows:
        c2 = rdepth - 1 if not node.children else level
        lay.box(r1, level, r2, c2, node.label, "row")
    leaf_cols = {n.id: c for n, _, c, _ in cols if not n.children}
    leaf_rows = {n.id: r for n, _, r, _ in rows if not n.children}
    for rid, r in leaf_rows.items():
        for cid, c in leaf_cols.items():
            lay.inputs[f"{table.id}.{rid}.{cid}"] = (r, c, r, c)
    _matrix_live(lay, rules, leaf_rows, leaf_cols, check_col, first_body - 1, rdepth)
    lay.header_rows = (top, first_body - 1)
    lay.freeze = (first_body, rdepth)
    lay.widths = {0: 9, 1: 13, 2: 30} if rdepth == 3 else {}
    lay.widths.update({c: 9 for c in leaf_cols.values()})
    lay.widths[check_col] = 7
    return lay


def _matrix_live(lay, rules, leaf_rows, leaf_cols, check_col, head_last, rdepth) -> None:
    live = words("workbook")["live"]
    row_rules = [r for r in rules if r.each and r.each[0] == "row"]
    col_checks = list(dict.fromkeys(r.check for r in rules if r.each and r.each[0] == "col"))
    if row_rules:
        lay.box(1, check_col, head_last, check_col, f"{live['head']}：{row_rules[0].live}", "live-head")
        for rule in row_rules:
            lay.live.append(Live(rule, leaf_rows[rule.each[1]], check_col))
    r = max(leaf_rows.values()) + 1
    for check in col_checks:
        caption = next(x.live for x in rules if x.check == check)
        lay.box(r, 0, r, rdepth - 1, f"{live['head']}：{caption}", "live-head")
        for rule in (x for x in rules if x.check == check):
            lay.live.append(Live(rule, r, leaf_cols[rule.each[1]]))
        r += 1
    lay.box(r, 0, r, check_col, live["legend"], "note")


# --- 表四: row groups side by side, each with the same columns ---------------------------------
def layout_wide(table: Table, rules: list[Rule]) -> SheetLayout:
    lay = SheetLayout(table.sheet, table.id, landscape=table.landscape is not False)
    ncols = len(table.columns)
    rdepth = _tree_depth(table.rows)
    groups = _place_tree(table.rows, 0, 0, lambda h: ncols)
    last_col = max(g[3] for g in groups)
    lay.box(0, 0, 0, last_col, table.caption, "title")
    head_row = 1 + rdepth
    live = words("workbook")["live"]
    for node, level, c1, c2 in groups:
        # as the official table draws it: a group takes one header row, and the column heads of a
        # group without subgroups (行政复议) reach up to meet it
        lay.box(1 + level, c1, 1 + level, c2, node.label, "head")
        if node.children:
            continue
        for i, col in enumerate(table.columns):
            lay.box(2 + level, c1 + i, head_row, c1 + i, col.label, "head")
            lay.inputs[f"{table.id}.{node.id}.{col.id}"] = (head_row + 1, c1 + i, head_row + 1, c1 + i)
        rule = next((x for x in rules if x.each == ("row", node.id)), None)
        if rule:
            lay.box(head_row + 2, c1, head_row + 2, c2 - 1, f"{live['head']}：{rule.live}", "live-head")
            lay.live.append(Live(rule, head_row + 2, c2))
    lay.box(head_row + 3, 0, head_row + 3, last_col, live["legend"], "note")
    lay.header_rows = (1, head_row)
    lay.freeze = (head_row + 1, 0)
    lay.widths = {c: 7.5 for c in range(last_col + 1)}
    return lay


# --- 文字部分 -----------------------------------------------------------------------------------
def prose_rows(spec: Spec) -> list[tuple[str, str]]:
    """(prose id, label) of the rows of 文字部分: the opening, parts 一、五、六, the sign-off."""
    ui = words("workbook")["prose"]
    parts = [(p["id"], p["label"]) for p in spec.prose_parts()]
    return [("opening", ui["opening"]), *parts, ("signoff", ui["signoff"])]


def prose_title(spec: Spec) -> str:
    """“文字部分（一、五、六）”: the numbers of the prose parts, as the format (and a district's own
    tables) number them."""
    numbers = [p["label"].split("、", 1)[0] for p in spec.prose_parts() if "、" in p["label"]]
    return words("workbook")["prose"]["title"].format(parts="、".join(numbers))


# --- the whole workbook ---------------------------------------------------------------------
@dataclass
class WorkbookLayout:
    spec: Spec
    tables: dict[str, SheetLayout]

    def where(self, cell_id: str) -> tuple[str, str]:
        """(sheet name, "B5") of a cell id."""
        table = self.tables[cell_id.split(".", 1)[0]]
        r, c, _, _ = table.inputs[cell_id]
        return table.name, a1(r, c)

    def sheet_of(self, cell_id: str) -> SheetLayout:
        return self.tables[cell_id.split(".", 1)[0]]


@per_spec
def workbook_layout(spec: Spec) -> WorkbookLayout:
    """The layout of a format's workbook (its Spec, or its name "2021" / "2019")."""
    makers = {"sections": lambda t, r: layout_sections(t), "matrix": layout_matrix, "wide": layout_wide}
    tables = {}
    for table in spec.tables.values():
        rules = [r for r in spec.rules if r.table == table.id and r.live]
        tables[table.id] = makers[table.layout](table, rules)
    return WorkbookLayout(spec, tables)
