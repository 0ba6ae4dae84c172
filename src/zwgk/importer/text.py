r"""Text clean-up that keeps every character at its offset (so prose can be cut from the original).

`fold(text)` maps full-width ASCII to half-width, ideographic and no-break spaces to spaces,
hides Markdown's escaped pipe (`\|` inside a cell is not a column break), and blanks out
artefacts (`[bookmark: _GoBack]`, page footers such as `-3-` or `— 4 —`, markdown separator rows
and inserted headings); the result has exactly the length of the input.
"""
from __future__ import annotations

import re

_SPACES = {"\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": " ",
           "\ufeff": " ", "\r": " ", "\u2212": "-"}
_ARTEFACTS = re.compile(
    r"\[bookmark:[^\]\n]*\]"                              # Word bookmarks kept by text export
    r"|^[ \t]*[-—–]+[ \t]*\d{1,3}[ \t]*[-—–]+[ \t]*$"       # page footers: -3-, — 4 —
    r"|^[ \t]*\|[ \t:|-]*-{3}[ \t:|-]*$"                  # markdown |---|---|
    r"|^[ \t]*#{1,6}(?=[ \t])",                           # markdown heading marks (the words stay)
    re.MULTILINE,
)


ESCAPED_PIPE = "\\\u2502"                                  # `\|` once folded: same length, no pipe
_ESCAPED = re.compile(r"\\\|")


def line_breaks(text: str) -> str:
    """CR-only and CRLF line endings as LF (old Mac and mixed exports)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def unescape(cell: str) -> str:
    """A cell's text as printed: the escaped pipe back to `|`."""
    return cell.replace(ESCAPED_PIPE, "|")


def fold_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and code not in (0xFF0F, 0xFF0D):
        return chr(code - 0xFEE0)
    return _SPACES.get(ch, ch)


# full-width ／ and － stay as printed: they are blank marks whose text the report keeps
_KEEP = {0xFF0F, 0xFF0D}
_TABLE = ({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if code not in _KEEP}
          | {ord(k): v for k, v in _SPACES.items()})


def fold(text: str) -> str:
    """Same-length normalised copy of `text` (width, spaces, artefacts blanked out)."""
    out = _ESCAPED.sub(ESCAPED_PIPE, text).translate(_TABLE)
    return _ARTEFACTS.sub(lambda m: " " * len(m.group(0)), out)


def strip_artefacts(text: str) -> str:
    """`text` without the artefacts `fold` blanks out (for prose cut from the original)."""
    return _ARTEFACTS.sub("", text)


def squeeze(text: str) -> str:
    """A label or heading without spaces, for comparisons and messages."""
    return re.sub(r"[\s|]+", "", fold(text))
