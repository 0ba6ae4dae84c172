"""Read rendered reports back, independently of the renderer: HTML (html.parser), text, Markdown, docx.

Each reader returns the tables as full matrices (a merged cell's text at its top-left position,
"" where its span reaches), plus the text lines / paragraphs, so tests can compare them with the
grid and the report without trusting the templates.
"""
from __future__ import annotations

import re

from html.parser import HTMLParser


class TableParser(HTMLParser):
    """Every <table> as rows of (tag, text, rowspan, colspan), plus the page's paragraphs and headings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.blocks, self.tags = [], [], []
        self._cell = self._block = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = [tag, "", int(a.get("rowspan", 1)), int(a.get("colspan", 1))]
        elif tag in ("p", "h1", "h2", "title"):
            self._block = [tag, ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell:
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None
        elif tag in ("p", "h1", "h2", "title") and self._block:
            self.blocks.append(tuple(self._block))
            self._block = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data
        elif self._block is not None:
            self._block[1] += data


def html_matrix(rows) -> list[list[str]]:
    """HTML rows with spans to a full matrix; raises if spans overlap or leave holes."""
    grid: dict[tuple[int, int], str] = {}
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for _tag, text, rowspan, colspan in row:
            while (r, c) in covered:
                c += 1
            grid[(r, c)] = text
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    assert (rr, cc) not in covered, f"overlap at {(rr, cc)}"
                    covered.add((rr, cc))
            c += colspan
    height = len(rows)
    width = max(c for _, c in covered) + 1
    assert covered == {(r, c) for r in range(height) for c in range(width)}, "holes in the table"
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def parse_html(text: str) -> TableParser:
    parser = TableParser()
    parser.feed(text)
    parser.close()
    return parser


def _blocks(text: str, row_of) -> list[list[list[str]]]:
    """Runs of consecutive lines that `row_of` reads as table rows (None ends a run, [] skips a line)."""
    tables, current = [], []
    for line in text.splitlines():
        cells = row_of(line)
        if cells:
            current.append(cells)
        elif cells is None and current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def text_tables(text: str, sep: str = "\t") -> list[list[list[str]]]:
    """Blocks of consecutive tab-separated lines, as matrices."""
    return _blocks(text, lambda line: line.split(sep) if sep in line else None)


def _md_row(line: str) -> list[str] | None:
    """A pipe-table line's cells (escaped pipes restored); [] for a separator row; None otherwise."""
    if not (line.startswith("|") and line.endswith("|")):
        return None
    cells = [c.strip().replace("\0", "|") for c in line[1:-1].replace("\\|", "\0").split("|")]
    return [] if all(set(c) <= {"-"} and c for c in cells) else cells


def md_tables(text: str) -> list[list[list[str]]]:
    """Pipe tables as matrices (separator rows dropped, escaped pipes restored)."""
    return _blocks(text, _md_row)


def docx_matrix(table) -> list[list[str]]:
    """A python-docx table as a matrix: text at the top-left of each merged cell, "" elsewhere."""
    out, seen = [], set()          # the <w:tc> elements themselves: keeping them keeps lxml's proxies
    for row in table.rows:
        line = []
        for cell in row.cells:
            line.append("" if cell._tc in seen else cell.text)
            seen.add(cell._tc)
        out.append(line)
    return out


def report_from_tables(fmt: str, matrices: list[list[list[str]]]):
    """A Report from the positions of the rendered tables (t2, t3, t4 in order).

    Positions come from the shared grid, so this checks that every value sits where the layout
    says, and that its printed text reads back to the same number, blank or kept text.
    """
    from zwgk.model import Report
    from zwgk.render.grid import table_grid
    from zwgk.spec import load_spec
    from zwgk.wording import words
    from zwgk.workbook.reader import parse_cell

    NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")        # how the renderer prints a number

    spec = load_spec(fmt)
    units = sorted(words("workbook")["units"], key=len, reverse=True)
    report = Report(format=fmt)
    assert len(matrices) == len(spec.tables)
    for table_id, matrix in zip(spec.tables, matrices):
        grid = table_grid(fmt, table_id)
        for cell in grid.cells():
            printed = matrix[cell.row][cell.col]
            if cell.role == "value":
                if spec.cells[cell.cell].unit == "free":
                    unit = next((u for u in units if printed.endswith(u) and printed != u), None)
                    if unit:
                        printed, report.units[cell.cell] = printed[:-len(unit)], unit
                as_number = float(printed) if NUMBER.fullmatch(printed.strip()) else printed
                value, text = parse_cell(as_number, spec.cells[cell.cell].kind)
                report.cells[cell.cell] = value
                if text is not None:
                    report.texts[cell.cell] = text
            else:
                assert printed == cell.text, (table_id, cell, printed)
    return report
