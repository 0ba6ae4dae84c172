"""The six parts of a report: where each heading is, the tables' text and the prose."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from zwgk.importer.labels import heading_pattern, numbered_heading_pattern
from zwgk.spec import load_spec


@dataclass
class Parts:
    """Offsets of the parts found (part id -> (heading start, body start)) in reading order."""

    found: dict[str, tuple[int, int]]
    length: int

    def body(self, part_id: str, text: str) -> str | None:
        """The text after a part's heading up to the next part found (None if not found)."""
        if part_id not in self.found:
            return None
        start = self.found[part_id][1]
        later = sorted(s for s, _ in self.found.values() if s > self.found[part_id][0])
        return text[start:later[0] if later else self.length]


@lru_cache(maxsize=8)
def find_parts(folded: str, fmt: str = "2021") -> Parts:
    """Headings in order; each is looked for after the previous one found.  (Remembered for the
    last few texts: treat the result as read-only.)"""
    found: dict[str, tuple[int, int]] = {}
    pos = 0
    for part in load_spec(fmt).parts:
        m = _search(folded, part["label"], pos)
        if m is not None:
            end = heading_end(folded, m.start(), m.end(), part["label"])
            found[part["id"]] = (m.start(), end)
            pos = end
    return Parts(found, len(folded))


def _search(text: str, label: str, pos: int):
    for pattern in (heading_pattern(label), numbered_heading_pattern(label)):
        m = pattern.search(text, pos)
        if m:
            return m
    return None


def heading_end(text: str, start: int, end: int, label: str) -> int:
    """End of the whole heading: the full label if printed, then a short rest of its line
    (及整改措施, 情况：)."""
    import re

    from zwgk.importer.labels import _chars, core

    full = re.compile(r"[^\n]{0,6}?" + _chars(core(label))).match(text, start)
    if full:
        end = max(end, full.end())
    nl = text.find("\n", end)
    rest = text[end:nl if nl >= 0 else len(text)]
    if len(rest.strip()) <= 8 and not re.search(r"[。；;]", rest):
        end += len(rest)
    return end
