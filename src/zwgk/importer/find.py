"""Where the labels of a table are in its text, and the text between them (the segments)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zwgk.importer.cells import tokens
from zwgk.importer.labels import LabelPattern
from zwgk.spec import blank_marks


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    key: str
    loose: bool = False
    printed: str = ""


def find_labels(text: str, patterns: list[LabelPattern]) -> list[Hit]:
    """Non-overlapping label hits in reading order: whole labels first, loose ones where missing.
    (Remembered for the last few texts: a workbook's import locates its rows again for the notes.)"""
    return list(_find_labels(text, tuple(patterns)))


@lru_cache(maxsize=8)
def _find_labels(text: str, patterns: tuple[LabelPattern, ...]) -> tuple[Hit, ...]:
    hits = [Hit(m.start(), m.end(), p.key, False, m.group(0))
            for p in patterns for m in p.full.finditer(text) if m.end() > m.start()]
    chosen = _greedy(hits)
    found = {h.key for h in chosen}
    loose = [Hit(m.start(), m.end(), p.key, True, m.group(0))
             for p in patterns if p.key not in found for rx in p.loose for m in rx.finditer(text)]
    taken = [(h.start, h.end) for h in chosen]
    for hit in _greedy(loose):
        if all(hit.end <= s or hit.start >= e for s, e in taken):
            chosen.append(hit)
            taken.append((hit.start, hit.end))
    return tuple(sorted(chosen, key=lambda h: h.start))


def _greedy(hits: list[Hit]) -> list[Hit]:
    """Longest first, then earliest; drop hits overlapping one already kept."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= o.start or hit.start >= o.end for o in out):
            out.append(hit)
    return out


def segments(text: str, hits: list[Hit], end: int | None = None) -> list[tuple[Hit, str]]:
    """Each hit with the text from its end to the next hit's start."""
    end = len(text) if end is None else end
    out = []
    for i, hit in enumerate(hits):
        stop = hits[i + 1].start if i + 1 < len(hits) else end
        out.append((hit, text[hit.end:stop]))
    return out

def after_bare_label(segs, i: int) -> bool:
    """True when a row label with nothing after it (no cells, no digits) comes right before hit i:
    labels stacked above one block of numbers, so which row the numbers belong to is not settled."""
    for hit, seg in reversed(segs[:i]):
        if tokens(seg)[0] or re.search(r"\d", seg):
            return False
        if not hit.key.startswith("-"):
            return True
    return False


def last_text_end(text: str) -> int | None:
    """Offset just after the last header word of 表四 (values follow it)."""
    last = None
    for m in re.finditer(r"[\u4e00-\u9fff]+", text):
        if m.group(0) not in blank_marks():
            last = m.end()
    return last
