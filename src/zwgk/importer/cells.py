"""The cells between two labels: numbers, blank marks and empty cells, in reading order.

A segment of (folded) text is cut into cells the way its layout shows them: by tabs (Word and
HTML copies), by pipes (markdown), by runs of two or more spaces (PDF `-layout` text) or one cell
per line.  Text cells (header words, label remnants, notes) are dropped, except a text printed
in a grid row between two of its values: it holds that cell's place (a `TEXT` token, no value);
digits inside text are never taken as values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zwgk.importer.text import unescape
from zwgk.spec import blank_marks

# A spreadsheet's error value (#DIV/0!), as a sheet shows it
ERROR_VALUE = re.compile(r"^#(?:DIV/0!|REF!|VALUE!|N/A|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)")

NUM = "num"
BLANK = "blank"       # a printed blank mark: / — 无 …
EMPTY = "empty"       # an empty cell
TEXT = "text"         # a text cell between values of a grid row: a cell without a number

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_WITH_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(亿元|万元|千元|百元|元|件|个|项|条|次|起)$")
MONEY = ("亿元", "万元", "千元", "百元", "元")
_NUMBERS = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:\s+[+-]?\d+(?:\.\d+)?)+$")
_TRAILING_NUMBERS = re.compile(r"^(.*?[^\d\s.,+/／—–－无-])\s+([+-]?\d+(?:\.\d+)?(?:\s+(?:[+-]?\d+(?:\.\d+)?|[/／—–－无-]+))*)$")


@dataclass(frozen=True)
class Token:
    kind: str             # num | blank | empty | text
    text: str             # as printed (stripped)
    line: int = 0         # line number inside the segment (to tell one row from scattered values)
    unit: str = ""        # 元 / 万元 printed with the number

    @property
    def value(self):
        raw = self.text.replace(",", "")
        m = _WITH_UNIT.match(raw)
        raw = m.group(1) if m else raw
        return float(raw) if "." in raw else int(raw)


@lru_cache(maxsize=1)
def classify(cell: str, line: int = 0) -> list[Token] | None:
    """Tokens of one cell, or None for a text cell."""
    text = cell.strip()
    if not text:
        return [Token(EMPTY, "", line)]
    if text in blank_marks():
        return [Token(BLANK, text, line)]
    if _NUMBER.match(text):
        return [Token(NUM, text, line)]
    m = _WITH_UNIT.match(text)
    if m:
        return [Token(NUM, text, line, unit=m.group(2) if m.group(2) in MONEY else "")]
    if _NUMBERS.match(text):
        return [Token(NUM, t, line) for t in text.split()]
    parts = text.split()
    if len(parts) > 1 and all(_NUMBER.match(p) or p in blank_marks() for p in parts):
        return [Token(NUM, p, line) if _NUMBER.match(p) else Token(BLANK, p, line) for p in parts]
    return None


def _split_line(line: str, first: bool, last: bool) -> list[str]:
    """Cells of one line of a segment; `first`/`last`: the line is cut by a label there.
    A tab row is cut at tabs even when a cell's text holds a pipe."""
    if "|" in line and ("\t" not in line or line.lstrip(" ").startswith("|")):
        cells = line.split("|")
        if first or line.lstrip().startswith("|"):
            cells = cells[1:]
        if last or line.rstrip().endswith("|"):
            cells = cells[:-1]
        return cells
    if "\t" in line:
        if line.startswith("\t") and line.count("\t") == 1 and not first:
            cells = [line[1:]]                   # one cell per line, indented by a tab
        else:
            cells = line.split("\t")
            if first:
                cells = cells[1:]                # the rest of the label's own cell
        return cells[:-1] if last else cells
    if first or last:
        line = line.strip()
        if first and last:
            return _plain(line)
    return _plain(line) if line.strip() else []


def _plain(line: str) -> list[str]:
    """Cells of a plain line: runs of 2+ spaces separate cells; trailing numbers leave a label."""
    out = []
    for piece in re.split(r"\s{2,}", line.strip()):
        m = _TRAILING_NUMBERS.match(piece)
        if m:
            out.extend([m.group(1), m.group(2)])
        elif piece:
            out.append(piece)
    return out


def tokens(segment: str, texts: bool = False) -> tuple[list[Token], int]:
    """Value tokens of a segment, and how many text cells were skipped between them.
    `texts`: a text cell between two values of one tab/pipe line is kept as a TEXT token."""
    lines = segment.split("\n")
    out: list[Token] = []
    texts_between = pending = 0
    for i, line in enumerate(lines):
        first, last = i == 0, i == len(lines) - 1
        if first and not line.strip(" ") and len(lines) > 1:
            continue
        cells = _split_line(line, first, last)
        kinds = [classify(cell, i) for cell in cells]
        inner = _inner(kinds) if texts and ("|" in line or "\t" in line) else range(0)
        for j, (cell, got) in enumerate(zip(cells, kinds)):
            if got is None and j in inner:
                got = [Token(TEXT, unescape(cell.strip()), i)]
            if got is None:
                pending += any(t.kind == NUM for t in out)
                continue
            if got[0].kind == NUM:
                texts_between, pending = texts_between + pending, 0
            out.extend(got)
    return out, texts_between


def _inner(kinds: list) -> range:
    """Indexes strictly between the first and the last cell printing a number or a blank mark."""
    marked = [j for j, got in enumerate(kinds) if got and got[0].kind in (NUM, BLANK)]
    return range(marked[0] + 1, marked[-1]) if marked else range(0)


def _separators(line: str) -> int:
    return line.count("\t") + line.count("|")


def own_line(segment: str, toks: list[Token]) -> list[Token]:
    """A tab or pipe row keeps its cells on its label's line: numbers on a later tab or pipe
    row of the segment belong to a row whose label was lost, not to this one."""
    lines = segment.split("\n")
    if not _separators(lines[0]) or not any(_separators(ln) >= 2 for ln in lines[1:]):
        return toks
    return [t for t in toks if t.line == 0]
