"""Figures the report's own text states in words, used where its table left a whole row blank.

Reports often restate 表四 in part 一: “政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正
64 件，其他结果 178 件，尚未审结 37 件”.  When the table's numbers could not be placed (a PDF
whose reading order is not the columns'), such a sentence settles the row it names, under three
conditions that keep it from ever guessing (templates/narrative.yaml):
- the sentence gives the row's total and every one of its parts, each once, and they add up;
- the table left every cell of that row blank (the table, when read, always wins);
- the table's own text prints each of those numbers too (so the sentence is about these figures,
  not last year's or a subtotal).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from zwgk.wording import words

_NUMBER = r"\s*(\d{1,7})\s*件"
_GAP = r"[^。；;\d]{0,12}?"                 # words between two figures of one sentence


@dataclass(frozen=True)
class Stated:
    """A row of a table as a sentence states it."""

    row: str                          # "t4.review"
    values: dict                      # column id -> value
    span: tuple[int, int]             # where the sentence is in the text


@lru_cache(maxsize=None)
def _patterns() -> tuple:
    """(row, regex) for every row the template names: its words, the total, then the parts."""
    said = words("narrative")
    out = []
    for row, names in said["rows"].items():
        for name in names:
            body = rf"(?:{name}){_GAP}{_NUMBER}[，,、（(]?\s*(?:其中|包括|含)?"
            for col in _parts():
                body += rf"{_GAP}(?P<{col}>(?:{said['columns'][col]}){_NUMBER})"
            out.append((row, re.compile(body)))
    return tuple(out)


def _parts() -> list[str]:
    """The columns a sentence names after the total (templates/narrative.yaml `columns`)."""
    return [c for c in words("narrative")["columns"] if c != "total"]


def stated_rows(text: str) -> list[Stated]:
    """Every row a sentence of `text` states whole, with parts adding up to the total."""
    parts = _parts()
    out = []
    for row, pattern in _patterns():
        for m in pattern.finditer(text):
            total = int(m.group(1))
            values = {col: int(re.search(r"(\d+)\s*件$", m.group(col)).group(1)) for col in parts}
            if sum(values.values()) != total:
                continue
            out.append(Stated(row, {"total": total, **values}, m.span()))
    return _unique(out)


def _unique(found: list[Stated]) -> list[Stated]:
    """One statement per row: rows stated twice with different figures are dropped."""
    by_row: dict[str, list[Stated]] = {}
    for s in found:
        by_row.setdefault(s.row, []).append(s)
    return [ss[0] for ss in by_row.values() if len({tuple(sorted(s.values.items())) for s in ss}) == 1]


def printed_numbers(region: str) -> Counter:
    return Counter(int(n) for n in re.findall(r"(?<![\d.])\d{1,7}(?![\d.])", region))


def fill_from_text(cells: dict, texts: dict, text: str, regions: dict, spec) -> list[tuple]:
    """Rows the text states, where the table left the whole row blank and prints the same
    numbers: [(the row's cell ids, their values, the sentence's span in `text`)] — `cells` is not
    changed.  `regions`: table id -> the text of that table (None when it was not found)."""
    out = []
    for stated in stated_rows(text):
        region = regions.get(stated.row.split(".", 1)[0])
        if not region:
            continue
        printed = printed_numbers(region)
        ids = {col: f"{stated.row}.{col}" for col in stated.values}
        if not all(cid in spec.cells for cid in ids.values()):
            continue
        if any(cells.get(cid) is not None or texts.get(cid) for cid in ids.values()):
            continue
        need = Counter(stated.values.values())
        if any(printed[n] < k for n, k in need.items()):
            continue
        out.append((tuple(ids.values()), tuple(stated.values.values()), stated.span))
    return out


def review_text() -> str:
    return words("narrative")["review"]
