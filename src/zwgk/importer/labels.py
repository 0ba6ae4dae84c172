"""Row labels, group labels and headings as tolerant regular expressions, built from the spec.

A label is matched after folding width; between any two of its characters the text may hold
spaces, tabs, line breaks or table pipes (labels broken over lines or cells); its punctuation,
quotes and item numbering style (1. / 1、 / 1．) are optional; the known variants of
`templates/variants.yaml` are accepted.  A label that is not found whole may be found by a
distinctive prefix or suffix (a *loose* match, reported to the user).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zwgk.importer.text import fold
from zwgk.wording import words

GAP = r"[\s|]*"
CLOSERS = r"(?:[ \t]*[”\"’)）】])*"          # closing quotes/brackets printed after a label
PUNCT = set("()（）“”\"'‘’、,，.。:：;；/／《》〈〉[]【】-—")
_NUMBERED = re.compile(r"^\s*(\d+)\s*[.．、]\s*")
_ORDINAL = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]\s*")
_PART = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")


def core(label: str) -> str:
    """The label without its numbering and punctuation: 1.属于国家秘密 -> 属于国家秘密."""
    text = fold(label)
    for pattern in (_NUMBERED, _ORDINAL, _PART):
        text = pattern.sub("", text, count=1)
    return "".join(c for c in text if c not in PUNCT and not c.isspace())


def _chars(text: str) -> str:
    """Regex for significant characters with gaps (and optional punctuation) between them."""
    parts = []
    for ch in text:
        if ch in PUNCT or ch.isspace():
            continue
        parts.append(re.escape(ch))
    opt_punct = "[" + re.escape("".join(sorted(PUNCT))) + r"]?"
    return (GAP + opt_punct + GAP).join(parts)


def variants_of(text: str) -> list[str]:
    """The official text and each published variant of it (variants.yaml maps variant -> official)."""
    out = [text]
    for variant, official in (words("variants").get("labels") or {}).items():
        for item in list(out):
            if official in item:
                out.append(item.replace(official, variant))
    return list(dict.fromkeys(out))


def _prefix(label: str) -> str:
    """Regex for the label's numbering (optional for long labels, required for short ones)."""
    folded = fold(label)
    m = _NUMBERED.match(folded)
    if m:
        num = re.escape(m.group(1)) + GAP + r"[.、．,]?" + GAP
        return f"(?:{num})" + ("" if len(core(label)) <= 3 else "?")
    m = _PART.match(folded)
    if m:
        word = m.group(0).strip()[:-1].strip()
        return rf"(?:{word}{GAP}[、.,．]{GAP})?"
    m = _ORDINAL.match(folded)
    if m:
        word = m.group(0).strip()[1:-1]
        return rf"(?:[(（]{GAP}{word}{GAP}[)）]{GAP})" + ("" if len(core(label)) <= 3 else "?")
    return ""


@dataclass(frozen=True)
class LabelPattern:
    """How one label is searched for: the whole label, then a loose prefix / suffix."""

    key: str                      # row id, or a marker such as "group:..." / "caption:..."
    label: str
    full: re.Pattern
    loose: tuple[re.Pattern, ...] = ()


def label_pattern(key: str, label: str, others: tuple[str, ...] = ()) -> LabelPattern:
    """Build the patterns for `label`; loose pieces must not occur in any of `others` (cores)."""
    head = _prefix(label)
    bodies = [_chars(core(v)) for v in variants_of(label)]
    full = re.compile(head + "(?:" + "|".join(bodies) + ")" + CLOSERS)
    text = core(label)
    loose = []
    if len(text) >= 7:
        for piece in (text[:6], text[-5:]):
            if not any(piece in o for o in others if o != text):
                loose.append(re.compile(head + _chars(piece) if piece == text[:6] else _chars(piece)))
    return LabelPattern(key, label, full, tuple(loose))


@cache
def heading_pattern(label: str) -> re.Pattern:
    """A part heading (二、主动公开政府信息情况): numbered, or alone at the start of a line."""
    text = core(label)
    return re.compile(
        r"(?:(?<=\n)|^)[ \t]*(?:[一二三四五六七八九十][ \t]*[、.,][ \t]*)?" + _chars(text[:7]), re.MULTILINE)


@cache
def numbered_heading_pattern(label: str) -> re.Pattern:
    """The same heading anywhere in the text, but only with its part number (flattened pages)."""
    text = core(label)
    return re.compile(r"[一二三四五六七八九十][ \t]*[、.,][ \t]*" + _chars(text[:7]))
