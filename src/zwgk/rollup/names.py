"""Unit and district names as compared by the rollup, by the rules of templates/rollup.yaml
`unit_names`: 二道区八里堡街道办事处、八里堡街道（盖章）and 八里堡街道办事处 are one unit."""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from zwgk.wording import words


def folded(name: str) -> str:
    """Width-folded (NFKC: full-width brackets and letters become half-width), no white space."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


@cache
def _rules() -> tuple[list[re.Pattern], list[str], tuple[str, ...]]:
    rules = words("rollup")["unit_names"]
    removes = [re.compile(unicodedata.normalize("NFKC", r)) for r in rules["remove"]]
    suffixes = sorted(rules["suffixes"], key=len, reverse=True)
    return removes, suffixes, tuple(rules["district_levels"])


def _bare(name: str) -> str:
    """A name without 盖章 marks, brackets and its ending (街道办事处, 人民政府, …)."""
    removes, suffixes, _ = _rules()
    text = folded(name)
    for pattern in removes:
        text = pattern.sub("", text) or text
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def district_key(name: str) -> str:
    """A district for comparison: 二道区人民政府 → 二道区."""
    return _bare(name)


def district_core(name: str) -> str:
    """The district without its higher levels: 吉林省长春市二道区 → 二道区 (itself if nothing is left)."""
    key = district_key(name)
    return key[higher_levels_end(key):] or key


def higher_levels_end(key: str) -> int:
    """Where the higher levels of a district name end: 3 in 长春市榆树市 (its own 市 not counted)."""
    _, _, levels = _rules()
    return max((key[:-1].rfind(level) + len(level) for level in levels if level in key[:-1]), default=0)


def same_district(a: str, b: str) -> bool:
    """One district, written with or without its higher levels (长春市二道区 = 二道区)."""
    a, b = district_key(a), district_key(b)
    return bool(a and b) and (a.endswith(b) or b.endswith(a))


def district_from_names(names: list[str]) -> str:
    """The district most names begin with (二道区 of 二道区八里堡街道办事处), if at least two do."""
    from collections import Counter

    pattern = re.compile(words("rollup")["unit_names"]["district_in_name"])
    found = Counter(m.group(1) for m in (pattern.match(_bare(n)) for n in set(names)) if m)
    if not found:
        return ""
    best = min(found, key=lambda d: (-found[d], d))
    return best if found[best] >= 2 else ""


class UnitNames:
    """Unit names compared within one district's rollup."""

    def __init__(self, district: str = ""):
        core = district_core(district) if district else ""
        pattern = words("rollup")["unit_names"]["district_prefix"]
        self._prefix = re.compile(pattern.replace("{district}", re.escape(core))) if core else None

    def key(self, name: str) -> str:
        """八里堡街道 for 二道区八里堡街道办事处（盖章） in 二道区."""
        text = _bare(name)
        if self._prefix is not None:
            text = self._prefix.sub("", text, count=1) or text
        return text


def read_name_list(path) -> list[str]:
    """Names of a unit list: a text file of one name a line (# starts a comment), UTF-8 or GB18030."""
    from pathlib import Path

    from zwgk import guard
    from zwgk.errors import UnreadableFileError

    path = Path(path)
    try:
        data = guard.read_bounded(path, 4 * guard.MB)     # a regular file: a pipe never hangs the run
    except OSError as exc:
        raise UnreadableFileError.of("rollup.unit_list_unreadable", file=str(path), reason=exc.strerror) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    names = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return list(dict.fromkeys(n for n in names if n))
