"""The pages of a PDF as one text: tables as tab-separated rows, prose as paragraphs.

Page furniture goes: page numbers (— 3 —, 第3页 共8页, 3/8) and the running headers and footers
repeated in the page margins.  A table continued on the next page loses the header rows it
repeats there.  Lines of a paragraph wrapped by the page are joined again.
"""
from __future__ import annotations

import re
from collections import Counter

from zwgk.importer.pdfgrid import Table, find_tables
from zwgk.importer.pdfcolumns import aligned_rows
from zwgk.importer.pdflines import Line, Page, join_lines, text_lines

MARGIN = 0.13        # share of the page height at the top and bottom where furniture lives
_DECORATED = re.compile(r"^[-—–－_\s]*(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
                        r"|[-—–－]+\s*\d{1,4}\s*[-—–－]+)[-—–－_\s]*$")
_BARE = re.compile(r"^\s*(\d{1,4})\s*$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[）)]|\d{1,2}\s*[.、．]"
                      r"|第[一二三四五六七八九十]+)")


def assemble(pages: list[Page]) -> str:
    items = [_page_items(p) for p in pages]
    _drop_furniture(pages, items)
    _join_continued_tables(items)
    out: list[str] = []
    paragraph: list[Line] = []
    body = _body_edges([i for page in items for kind, i in page if kind == "line"])
    for page in items:
        for kind, item in page:
            if kind == "line":
                if paragraph and not _continues(paragraph[-1], item, body):
                    out.extend(_flush(paragraph))
                paragraph.append(item)
                continue
            out.extend(_flush(paragraph))
            out.extend("\t".join(r) for r in (item.rows if kind == "table" else item))
    out.extend(_flush(paragraph))
    return "\n".join(out)


def _page_items(page: Page) -> list[tuple[str, object]]:
    """Tables and lines of one page, top to bottom."""
    tables = find_tables(page.horizontal, page.vertical, page.chars)
    rest = [c for c in page.chars if not any(t.holds(c) for t in tables)]
    items: list[tuple[float, str, object]] = [(t.top, "table", t) for t in tables]
    for top, entry in aligned_rows(text_lines(rest)):
        items.append((top, "line" if isinstance(entry, Line) else "rows", entry))
    return [(kind, item) for _, kind, item in sorted(items, key=lambda i: i[0])]


def _flush(paragraph: list[Line]) -> list[str]:
    if not paragraph:
        return []
    text = join_lines([line.text for line in paragraph])
    paragraph.clear()
    return [text]


def _body_edges(lines: list[Line]) -> tuple[float, float]:
    """The left and right edges of the body text (where most lines start and end)."""
    if not lines:
        return 0.0, 0.0
    lefts = Counter(round(line.x0) for line in lines)
    rights = sorted(line.x1 for line in lines)
    return float(lefts.most_common(1)[0][0]), rights[int(len(rights) * 0.9)]


def _continues(last: Line, line: Line, body: tuple[float, float]) -> bool:
    """`line` carries on the paragraph `last` ends: `last` runs to the right edge, `line` starts
    at the left edge, is no heading, and neither is a row of cells."""
    left, right = body
    return (len(last.chunks) == 1 and len(line.chunks) == 1
            and last.x1 >= right - 1.5 * last.em and abs(line.x0 - left) <= 0.6 * line.em
            and not _HEADING.match(line.text) and line.top - last.bottom < 2.5 * last.em)


def _drop_furniture(pages: list[Page], items: list[list]) -> None:
    """Remove page furniture: decorated page numbers (— 3 —, 第3页 共8页, 3/8) in the margins or
    as a page's first or last line; bare numbers in the margins that count the pages (number −
    page index the same on half the pages, so a table's lone 0 at a page foot stays); running
    headers and footers (margin lines whose words come back on half the pages or more)."""
    def in_margin(line: Line, page: Page) -> bool:
        return line.bottom < page.height * MARGIN or line.top > page.height * (1 - MARGIN)

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", "".join(line.text.split()))

    margins = [[item for kind, item in its if kind == "line" and in_margin(item, page)]
               for page, its in zip(pages, items)]
    offsets = Counter(int(m.group(1)) - i for i, lines in enumerate(margins) for line in lines
                      for m in [_BARE.match(line.text)] if m)
    offset, hits = offsets.most_common(1)[0] if offsets else (None, 0)
    counting = offset if hits >= 2 and hits >= len(pages) / 2 else None
    seen = Counter(key(line) for lines in margins for line in lines if not _BARE.match(line.text))

    def furniture(i: int, line: Line, page: Page, ends: set) -> bool:
        if _DECORATED.match(line.text):
            return in_margin(line, page) or id(line) in ends
        bare = _BARE.match(line.text)
        if bare:
            return counting is not None and in_margin(line, page) and int(bare.group(1)) - i == counting
        return in_margin(line, page) and len(pages) > 2 and seen[key(line)] >= len(pages) / 2

    for i, (page, its) in enumerate(zip(pages, items)):
        ends = {id(its[0][1]), id(its[-1][1])} if its else set()
        its[:] = [(kind, item) for kind, item in its if not (kind == "line" and furniture(i, item, page, ends))]


def _join_continued_tables(items: list[list]) -> None:
    """A table that goes on from the last table of the previous page (same columns): drop the
    header rows it repeats, and join a merged cell's text the page break cut in two
    (“（五）” above the break, “不予处理” below) to the part above."""
    for before, page in zip(items, items[1:]):
        if not (before and page and before[-1][0] == "table" and page[0][0] == "table"):
            continue
        prev, table = before[-1][1], page[0][1]
        if len(prev.xs) != len(table.xs) or any(abs(a - b) > 2 for a, b in zip(prev.xs, table.xs)):
            continue
        k = 0
        while k < min(len(table.rows), len(prev.rows)) and table.rows[k] == prev.rows[k] and not _has_number(table.rows[k]):
            k += 1
        table.rows = table.rows[k:]
        if table.rows:
            _join_cut_cells(prev, table.rows[0])


def _join_cut_cells(prev: Table, first: list[str]) -> None:
    last = len(prev.rows) - 1
    for c, text in enumerate(first):
        top, col = prev.anchor.get((last, c), (last, c))
        above = prev.rows[top][col] if col == c else ""
        if text and above and not _HEADING.match(text) and not _has_number([text, above]):
            prev.rows[top][col] = above + text
            first[c] = ""


def _has_number(row: list[str]) -> bool:
    return any(re.fullmatch(r"[\d.,]+", cell.strip()) for cell in row)
