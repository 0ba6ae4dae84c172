"""Reading 表二, 表三 and 表四 out of their part of the text, label by label.

Rows are known by their label (group and item together: the spec's labels are matched in
reading order, never by a bare "3.其他"); the cells after a label, up to the next label, are its
values.  Column order is the official one.  Anything that cannot be settled is left blank and
said in the notes.
"""
from __future__ import annotations

from functools import lru_cache

from zwgk.importer.cells import NUM, classify, tokens
from zwgk.importer.find import Hit, find_labels, segments
from zwgk.importer.labels import core, label_pattern
from zwgk.importer.notes import BLANK, LOOSE, UNPLACED, Placement, TableRead
from zwgk.importer.rows import RowRead, read_row
from zwgk.importer.solve import agree
from zwgk.spec import FORMATS, Head, Table, load_spec


def _leaf_heads(heads) -> list[tuple[Head, tuple[str, ...]]]:
    return [leaf for h in heads for leaf in h.leaves()]


def _groups_of(heads) -> list[Head]:
    out = []
    for h in heads:
        if h.children:
            out.append(h)
            out.extend(_groups_of(h.children))
    return out


@lru_cache(maxsize=None)
def row_patterns(fmt: str, table_id: str):
    """Patterns for the rows (key = row id), groups and captions (key starts with '-') of a table."""
    table = load_spec(fmt).tables[table_id]
    rows, stops = [], []
    for row_heads, col_heads in table.grids():
        rows.extend(h for h, _ in _leaf_heads(row_heads))
        stops.extend(h.label for h in _groups_of(row_heads))
    stops.extend(s.caption for s in table.sections)
    if table_id == "t3":          # the other format's own rows (（六）'s items) end a row, never join it
        mine = {h.label for h in rows}
        other = load_spec(next(f for f in FORMATS if f != fmt)).tables[table_id]
        stops.extend(h.label for h, _ in _leaf_heads(other.rows) if h.label not in mine)
    cores = tuple(core(h.label) for h in rows) + tuple(core(s) for s in stops)
    pats = [label_pattern(h.id, h.label, cores) for h in dict((h.id, h) for h in rows).values()]
    pats += [label_pattern("-" + s, s, cores) for s in dict.fromkeys(stops)]
    return pats


def distinctive(table_id: str, fmt: str) -> list[str]:
    """Labels (rows, columns, captions) of a table in `fmt` that the other format does not have."""
    def labels(f):
        t = load_spec(f).tables[table_id]
        out = set()
        for rows, cols in t.grids():
            out |= {core(h.label) for h, _ in _leaf_heads(rows) + _leaf_heads(cols)}
        return out
    other = next(f for f in FORMATS if f != fmt)
    mine, theirs = labels(fmt), labels(other)
    return [c for c in mine - theirs if not any(c in o for o in theirs) and len(c) >= 4]


def t2_style(text: str) -> str | None:
    """Which format's 表二 the text prints, by the labels only one format has."""
    from zwgk.importer.labels import _chars
    import re
    squashed = "".join(text.split()).replace("|", "")
    score = {f: sum(bool(re.search(_chars(c), squashed)) for c in distinctive("t2", f)) for f in FORMATS}
    best = max(score.values())
    winners = [f for f, s in score.items() if s == best]
    return winners[0] if best and len(winners) == 1 else None


def t3_style(text: str) -> str | None:
    """"2021" when 表三 prints （六）'s three items, "2019" when it prints （六） as one row."""
    items = [p for p in row_patterns("2021", "t3") if p.key in ("other_1", "other_2")]
    if any(p.full.search(text) or any(r.search(text) for r in p.loose) for p in items):
        return "2021"
    group = [p for p in row_patterns("2019", "t3") if p.key == "other"]
    return "2019" if group and group[0].full.search(text) else None


# --- generic row reading --------------------------------------------------------------------
def _col_ids(table: Table, row_id: str) -> list[str]:
    for rows, cols in table.grids():
        if row_id in {h.id for h, _ in _leaf_heads(rows)}:
            return [h.id for h, _ in _leaf_heads(cols)]
    return []


def read_rows(text: str, fmt: str, table_id: str, groups_for=lambda cols: []) -> tuple[TableRead, list]:
    """Read every labelled row of a table; returns the read and the (hit, segment) pairs."""
    table = load_spec(fmt).tables[table_id]
    out = TableRead(table_id, fmt)
    hits = find_labels(text, row_patterns(fmt, table_id))
    segs = segments(text, hits)
    first_col = _header_first_col(text, table) if table_id == "t3" else None
    rows: dict[str, list[tuple[Hit, RowRead]]] = {}
    for i, (hit, seg) in enumerate(segs):
        if hit.key.startswith("-"):
            continue
        cols = _col_ids(table, hit.key)
        toks, scattered = tokens(seg)
        if first_col is not None:
            aligned = grid_tokens(text, hit, len(cols), first_col)
            if aligned is not None:
                toks, scattered = aligned, 0
        if toks and after_bare_label(segs, i):
            out.note(BLANK, f"“{table.row_path(hit.key)[-1]}”之前另有行标签未跟数字，"
                            f"数字（{' '.join(t.text or '□' for t in toks)}）属于哪一行无法确定，留空",
                     [f"{table.id}.{hit.key}.{c}" for c in cols])
            continue
        glued = seg[:1].isdigit()
        row = read_row(toks, len(cols), groups_for(cols), scattered > 0, glued)
        if glued and groups_for(cols) and not row.found and any(t.kind == NUM for t in toks):
            out.split_failed = True
        rows.setdefault(hit.key, []).append((hit, row))
    if table_id == "t3":
        _by_columns(table, rows, fmt)
    for row_id, reads in rows.items():
        _settle_row(out, table, row_id, reads)
    return out, segs


def _by_columns(table: Table, rows: dict, fmt: str) -> None:
    """Rows that several readings fit: keep the readings that also keep the column rules
    (一＋二＝（七）＋四, （七）＝（一）…（六）) with the rows already settled; repeat while it helps."""
    rules = [r for r in load_spec(fmt).rules if r.table == table.id and r.each and r.each[0] == "col"]
    cols = table.col_ids()
    changed = True
    while changed:
        changed = False
        known = {}
        for row_id, reads in rows.items():
            settled = [r for _, r in reads if r.found and not r.readings]
            if len(settled) == 1:
                known.update({f"{table.id}.{row_id}.{c}": v for c, v in zip(cols, settled[0].values)})
        for row_id, reads in rows.items():
            if len(reads) != 1 or not reads[0][1].readings:
                continue
            row = reads[0][1]
            fits = [r for r in row.readings if _columns_hold(r, row_id, table, cols, rules, known)]
            if not fits:
                continue
            settled = agree(fits)
            if sum(v is not None for v in settled) > sum(v is not None for v in row.values):
                row.values = settled
                row.how = "columns" if len(fits) == 1 else "columns-partial"
                row.readings = [] if len(fits) == 1 else fits
                changed = True


def _columns_hold(reading, row_id, table, cols, rules, known) -> bool:
    """True when each column rule through this row, with every other cell known, holds
    (a blank counts 0); at least one such rule must exist."""
    mine = {f"{table.id}.{row_id}.{c}": v for c, v in zip(cols, reading)}
    tested = 0
    for rule in rules:
        ids = [t.cell for t in rule.terms]
        if not any(i in mine for i in ids):
            continue
        values = {i: mine[i] if i in mine else known.get(i, "?") for i in ids}
        if any(v == "?" for v in values.values()):
            continue
        left = sum(t.sign * (values[t.cell] or 0) for t in rule.left)
        right = sum(t.sign * (values[t.cell] or 0) for t in rule.right)
        if left != right:
            return False
        tested += 1
    return tested > 0


def _cells_of(line: str) -> tuple[list[str], list[int]] | None:
    """Cells of a tab or markdown line with the offset where each starts (None: no grid)."""
    if "\t" in line:
        sep, body, base = "\t", line, 0
    elif line.lstrip().startswith("|"):
        sep = "|"
        base = line.index("|") + 1
        body = line[base:].rstrip()
        body = body[:-1] if body.endswith("|") else body
    else:
        return None
    cells, starts, pos = [], [], base
    for cell in body.split(sep):
        cells.append(cell)
        starts.append(pos)
        pos += len(cell) + 1
    return cells, starts


def _header_first_col(text: str, table: Table) -> int | None:
    """Grid column of the first value column, from the heading row that names the second one
    (商业企业 sits right of 自然人); None when no such tab/markdown heading row exists."""
    leaves = [h for h, _ in _leaf_heads(table.columns)]
    second = core(leaves[1].label)
    for line in text.split("\n"):
        got = _cells_of(line)
        if got is None:
            continue
        squeezed = ["".join(c.split()) for c in got[0]]
        if second in squeezed:
            return squeezed.index(second) - 1
    return None


def grid_tokens(text: str, hit: Hit, n: int, first_col: int):
    """The n cells of a row read by grid position (tab/markdown rows whose label and numbers share
    a line), so blank cells at either end keep their column; None when the row is not such a row."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.start)
    line_end = len(text) if line_end < 0 else line_end
    if hit.end > line_end:
        return None
    got = _cells_of(text[line_start:line_end])
    if got is None:
        return None
    cells, starts = got
    offset = hit.start - line_start
    label_idx = max(i for i, s in enumerate(starts) if s <= offset)
    start = max(first_col, label_idx + 1)
    if len(cells) < start + n or any(c.strip() for c in cells[start + n:]):
        return None
    out = []
    for cell in cells[label_idx + 1:start]:
        if classify(cell) is None or cell.strip():
            return None
    for cell in cells[start:start + n]:
        got_cell = classify(cell)
        if got_cell is None or len(got_cell) != 1:
            return None
        out.extend(got_cell)
    return out


def after_bare_label(segs, i: int) -> bool:
    """True when a row label without any cells comes right before hit i (labels stacked above
    one block of numbers: which row the numbers belong to is not settled)."""
    for hit, seg in reversed(segs[:i]):
        if tokens(seg)[0]:
            return False
        if not hit.key.startswith("-"):
            return True
    return False


def _settle_row(out: TableRead, table: Table, row_id: str, reads) -> None:
    cols = _col_ids(table, row_id)
    found = [(h, r) for h, r in reads if r.found]
    where = table.row_path(row_id)[-1]
    ids = [f"{table.id}.{row_id}.{c}" for c in cols]
    if not found:
        printed = "；".join(r.printed for _, r in reads if r.printed)
        if printed:
            out.note(BLANK, f"“{where}”一行的数字（{printed}）无法唯一对应到各列，留空", ids)
        return
    if len({tuple(r.values) for _, r in found}) > 1:
        out.note(BLANK, f"“{where}”一行出现多次且数字不一致，留空", ids)
        return
    hit, row = found[0]
    if hit.loose:
        out.note(LOOSE, f"行标签“{''.join(hit.printed.split())}”按“{where}”识别", ids)
    if row.how != "exact":
        out.note("placed", f"“{where}”一行按{_HOW.get(row.how.split('-')[0], row.how)}读取（原文：{row.printed}）",
                 [i for i, v in zip(ids, row.values) if v is not None])
    for cid, value, text, unit in zip(ids, row.values, row.texts, row.units):
        if value is not None or text:
            out.cells[cid] = Placement(value, row.how, text, unit, hit.printed)
        elif row.how == "exact":
            out.printed_blank.add(cid)
    if row.how.endswith("-partial"):
        out.note(BLANK, f"“{where}”一行只有部分数字能唯一确定位置，其余留空（原文：{row.printed}）",
                 [i for i, v in zip(ids, row.values) if v is None])


_HOW = {"columns": "各列勾稽关系（一＋二＝（七）＋四、（七）＝（一）至（六）之和）拆分连写数字",
        "split": "总计与各列之和拆分连写数字", "dropped": "总计与各列之和确定空格位置",
        "surplus": "标签后前若干个数字（本行合计相符）", "scattered": "分散的数字（合计相符）"}


# --- 表二 -----------------------------------------------------------------------------------
def read_t2(text: str, fmt: str) -> TableRead:
    out, segs = read_rows(text, fmt, "t2")
    table = load_spec(fmt).tables["t2"]
    captions = [(h, s) for h, s in segs if h.key.startswith("-")]
    for section in table.sections:
        leaves = _leaf_heads(section.rows)
        cols = _leaf_heads(section.columns)
        if len(leaves) != 1 or len(cols) != 1:
            continue
        cid = f"t2.{leaves[0][0].id}.{cols[0][0].id}"
        if cid in out.cells:
            continue
        region = _section_text(text, segs, section.caption)
        if region is None:
            continue
        nums = [t for t in tokens(region)[0] if t.kind == NUM]
        if len(nums) == 1:
            out.cells[cid] = Placement(nums[0].value, "section", "", nums[0].unit)
            out.note("placed", f"“{section.caption}”一节只有一个数字 {nums[0].text}，按“{leaves[0][0].label}”读取", [cid])
    del captions
    return out


def _section_text(text: str, segs, caption: str) -> str | None:
    """Text from a section's caption to the next caption (or the end of the table)."""
    starts = [i for i, (h, _) in enumerate(segs) if h.key == "-" + caption]
    if len(starts) != 1:
        return None
    i = starts[0]
    begin = segs[i][0].end
    end = len(text)
    for h, _ in segs[i + 1:]:
        if h.key.startswith("-第"):
            end = h.start
            break
    return text[begin:end]


# --- 表三 -----------------------------------------------------------------------------------
def _t3_groups(cols: list[str]) -> list:
    return [(len(cols) - 1, tuple(range(len(cols) - 1)))] if len(cols) > 1 else []


def read_t3(text: str, fmt: str) -> TableRead:
    out, segs = read_rows(text, fmt, "t3", _t3_groups)
    table = load_spec(fmt).tables["t3"]
    _displaced_first_row(out, table, text, segs)
    _stacked_rows(out, table, segs)
    # values printed after a group label (a 2021 report printing one （六） row)
    for hit, seg in segs:
        if not hit.key.startswith("-"):
            continue
        toks = [t for t in tokens(seg)[0] if t.kind == NUM]
        if toks:
            label = hit.key[1:]
            children = _children_ids(table, label)
            printed = " ".join(t.text for t in toks)
            if children:
                out.note(UNPLACED, f"“{label}”按合并的一行印出数字（{printed}），无法分到各子项，留空", children)
            else:
                out.note(UNPLACED, f"“{label}”不是 {fmt} 格式表三的行，其数字（{printed}）未放入单元格")
    return out


def _place_row(out: TableRead, table: Table, row_id: str, values, how: str, message: str) -> None:
    ids = [f"{table.id}.{row_id}.{c}" for c in table.col_ids()]
    for cid, value in zip(ids, values):
        out.cells[cid] = Placement(value, how)
    out.note("placed", message, ids)


def _row_ok(values) -> bool:
    return values[-1] == sum(values[:-1])


def _displaced_first_row(out: TableRead, table: Table, text: str, segs) -> None:
    """PDF text that put the first row's label after its numbers: the numbers sit between the
    column headings and the first row label.  Taken only when they are exactly one row that adds up."""
    first = table.row_ids()[0]
    n = len(table.col_ids())
    rows = [(h, s) for h, s in segs if not h.key.startswith("-")]
    if not rows or any(c.startswith(f"{table.id}.{first}.") for c in out.cells):
        return
    before = text[:rows[0][0].start]
    last = _last_text_cell(before)
    if last is None or rows[0][0].key == first and tokens(rows[0][1])[0]:
        return
    toks, scattered = tokens(before[last:])
    toks = [t for t in toks if t.kind != "empty"]
    if len(toks) != n or scattered or any(t.kind != NUM or not t.text.isdigit() for t in toks):
        return
    values = [t.value for t in toks]
    if _row_ok(values):
        label = table.row_path(first)[-1]
        _place_row(out, table, first, values, "displaced",
                   f"“{label}”的标签印在数字之后，按表头后的第一行数字（{' '.join(t.text for t in toks)}，合计相符）读取")


def _stacked_rows(out: TableRead, table: Table, segs) -> None:
    """Several rows' numbers printed under one label, the next rows' labels elsewhere with none:
    split in rows of n, in the official row order, only if every row adds up."""
    order = table.row_ids()
    n = len(table.col_ids())
    empty_labels = {h.key for h, s in segs if not h.key.startswith("-") and not tokens(s)[0]}
    for i, (hit, seg) in enumerate(segs):
        if hit.key.startswith("-") or hit.key not in order or after_bare_label(segs, i):
            continue
        toks, scattered = tokens(seg)
        toks = [t for t in toks if t.kind != "empty"]
        if scattered or len(toks) <= n or len(toks) % n or any(t.kind != NUM or not t.text.isdigit() for t in toks):
            continue
        start = order.index(hit.key)
        chunk_rows = order[start:start + len(toks) // n]
        if len(chunk_rows) * n != len(toks) or any(
                r not in empty_labels or any(c.startswith(f"{table.id}.{r}.") for c in out.cells)
                for r in chunk_rows[1:]):
            continue
        chunks = [[t.value for t in toks[i:i + n]] for i in range(0, len(toks), n)]
        if not all(_row_ok(c) for c in chunks):
            continue
        for row_id, values in zip(chunk_rows, chunks):
            label = table.row_path(row_id)[-1]
            _place_row(out, table, row_id, values, "stacked",
                       f"“{label}”的数字印在“{table.row_path(hit.key)[-1]}”之下（各行合计相符），按表内行序读取")


def _children_ids(table: Table, label: str) -> list[str]:
    for group in _groups_of(table.rows):
        if group.label == label:
            return [f"{table.id}.{h.id}.{c}" for h, _ in group.leaves() for c in table.col_ids()]
    return []


# --- 表四 -----------------------------------------------------------------------------------
def read_t4(text: str, fmt: str) -> TableRead:
    """表四 prints its 15 numbers in one row under a two-level header: take the numbers in order."""
    table = load_spec(fmt).tables["t4"]
    out = TableRead("t4", fmt)
    ids = [f"t4.{r}.{c}" for r in table.row_ids() for c in table.col_ids()]
    n, per = len(ids), len(table.col_ids())
    groups = [(g * per + per - 1, tuple(range(g * per, g * per + per - 1))) for g in range(n // per)]
    every, scattered = tokens(text)
    filled = [t for t in every if t.kind != "empty"]
    last = _last_text_cell(text)
    tail = tokens(text[last:])[0] if last is not None else every
    glued = False
    if len(filled) == n or not any(t.kind != "empty" for t in tail):
        kept = filled
    else:
        kept, scattered, glued = tail, 0, text[last:last + 1].isdigit()
    row = read_row(kept, n, groups, scattered > 0, glued)
    out.split_failed = glued and not row.found
    if not row.found:
        if row.printed:
            out.note(BLANK, f"表四的数字（{row.printed}）无法唯一对应到各栏，留空", ids)
        return out
    if row.how != "exact":
        out.note("placed", f"表四按{_HOW.get(row.how.split('-')[0], row.how)}读取（原文：{row.printed}）", ids)
    for cid, value, text_, unit in zip(ids, row.values, row.texts, row.units):
        if value is not None or text_:
            out.cells[cid] = Placement(value, row.how, text_, unit)
        elif row.how == "exact":
            out.printed_blank.add(cid)
    return out


def _last_text_cell(text: str) -> int | None:
    """Offset just after the last header word of 表四 (values follow it)."""
    import re
    from zwgk.importer.cells import blank_marks

    last = None
    for m in re.finditer(r"[\u4e00-\u9fff]+", text):
        if m.group(0) not in blank_marks():
            last = m.end()
    return last
