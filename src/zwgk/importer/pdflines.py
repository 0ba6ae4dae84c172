"""Characters placed on a PDF page, grouped into lines and the lines into chunks.

A chunk is a run of characters with no wide gap inside it: a cell of an unruled table, or a
whole line of prose.  Spaces are decided by the characters' positions, not by the space
characters a PDF may or may not hold: CJK characters printed with letter spacing are joined, and
ASCII words keep one space between them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

CHUNK_GAP = 1.2      # em: a wider gap between two characters starts a new chunk (a new cell)
WORD_GAP = 0.2       # em: a wider gap between two non-CJK characters is a space


@dataclass(slots=True)
class Char:
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    width: float
    height: float
    chars: list[Char]
    horizontal: list[tuple[float, float, float]]     # (y, x0, x1)
    vertical: list[tuple[float, float, float]]       # (x, y0, y1)
    pictured: bool = False                           # the page shows an image (a scan?)


@dataclass(slots=True)
class Chunk:
    x0: float
    x1: float
    text: str


@dataclass
class Line:
    chars: list[Char]
    chunks: list[Chunk] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    em: float = 4.0                 # the line's character height, at least 4 points

    def __post_init__(self):
        self.top = min(c.top for c in self.chars)
        self.bottom = max(c.bottom for c in self.chars)
        self.em = max(4.0, max(c.bottom - c.top for c in self.chars))

    @property
    def x0(self) -> float:
        return self.chunks[0].x0

    @property
    def x1(self) -> float:
        return self.chunks[-1].x1

    @property
    def text(self) -> str:
        return self.joined("  ")

    def joined(self, gap: str) -> str:
        """The chunks `gap` apart; CJK spaced out one or two characters at a time (“年　度　报　告”,
        a heading or a cell in distributed alignment) joined up again."""
        if len(self.chunks) >= 3 and all(len(c.text) <= 2 and all(map(cjk, c.text)) for c in self.chunks):
            return "".join(c.text for c in self.chunks)
        return gap.join(c.text for c in self.chunks)


def cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" \
        or ch in "“”‘’—…·"


def text_lines(chars: list[Char]) -> list[Line]:
    """Lines top to bottom: characters whose vertical middles lie close together."""
    lines: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: c.cy):
        if lines:
            last = lines[-1]
            height = max(c.bottom - c.top, last[0].bottom - last[0].top)
            if abs(c.cy - sum(x.cy for x in last[-3:]) / len(last[-3:])) <= 0.45 * height:
                last.append(c)
                continue
        lines.append([c])
    out = []
    for group in lines:
        line = Line(sorted(group, key=lambda c: c.x0))
        line.chunks = _chunks(line.chars, line.em)
        out.append(line)
    return out


def _chunks(chars: list[Char], em: float) -> list[Chunk]:
    out: list[Chunk] = []
    text: list[str] = []
    start = prev = None
    for c in chars:
        if prev is not None:
            gap = c.x0 - prev.x1
            if gap > CHUNK_GAP * em:
                out.append(Chunk(start.x0, prev.x1, "".join(text)))
                text, start = [], None
            elif gap > WORD_GAP * em and not (cjk(prev.ch) or cjk(c.ch)):
                text.append(" ")
        start = start or c
        text.append(c.ch)
        prev = c
    if start is not None:
        out.append(Chunk(start.x0, prev.x1, "".join(text)))
    return out


def join_lines(texts: list[str]) -> str:
    """Lines of one cell or paragraph as one text: no space where CJK meets, else one space."""
    out = ""
    for t in (t.strip() for t in texts):
        if not t:
            continue
        if out and not (cjk(out[-1]) or cjk(t[0])):
            out += " "
        out += t
    return out


def cell_text(chars: list[Char]) -> str:
    """The text of one table cell: its lines joined, its chunks joined by one space."""
    return join_lines([line.joined(" ") for line in text_lines(chars)])


_VALUE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_value(text: str) -> bool:
    """A number or a blank mark (/ — 无 …): what a table's value cell holds."""
    from zwgk.spec import blank_marks

    text = text.strip()
    return bool(_VALUE.match(text)) or text in blank_marks()
