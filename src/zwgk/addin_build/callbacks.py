"""The ribbon callbacks' VBA module: `addin/vba/RibbonMyAddin.bas` with its Chinese words.

VBA source is stored in the project's code page (1252 here), so the .bas stays ASCII; the
messages of `addin/ribbon.yaml` go in as constants of hexadecimal UTF-16 code units, which the
module's `FromCodes()` turns back into a string with ChrW.  The line `' zwgk:messages` in the .bas is
where they go: `MSG_TITLE`, `MSG_NEED_WORKBOOK`, `MSG_FAILED`, … (one per message key).
"""
from __future__ import annotations

from zwgk.errors import ZwgkError

MARKER = "' zwgk:messages"
_MAX_LINE = 1000          # VBA refuses a physical line over 1023 characters


def chrw_codes(text: str) -> str:
    """"8BF7 5148": the UTF-16 code units of `text`, as the VBA's FromCodes() reads them."""
    data = text.encode("utf-16-le")
    return " ".join(f"{int.from_bytes(data[i:i + 2], 'little'):04X}" for i in range(0, len(data), 2))


def from_codes(codes: str) -> str:
    """The inverse of chrw_codes (what the VBA's FromCodes() returns)."""
    return b"".join(int(c, 16).to_bytes(2, "little") for c in codes.split()).decode("utf-16-le")


def constant_name(key: str) -> str:
    return "MSG_" + key.upper()


def message_lines(messages: dict[str, str]) -> list[str]:
    """`Private Const MSG_… As String = "…"` for each message."""
    lines = []
    for key, text in messages.items():
        line = f'Private Const {constant_name(key)} As String = "{chrw_codes(text)}"'
        if len(line) > _MAX_LINE:
            raise ZwgkError.of("addin.message_too_long", key=key, length=len(text))
        lines.append(line)
    return lines


def module_source(bas: str, messages: dict[str, str]) -> str:
    """The .bas text (CRLF line ends) with the marker line replaced by the message constants."""
    lines = bas.split("\r\n")
    if lines.count(MARKER) != 1:
        raise ZwgkError.of("addin.bas_marker", marker=MARKER, count=lines.count(MARKER))
    at = lines.index(MARKER)
    return "\r\n".join(lines[:at] + message_lines(messages) + lines[at + 1:])


def messages_of(source: str) -> dict[str, str]:
    """{constant name: text} of the MSG_ constants in a module's source (for tests and checks)."""
    found = {}
    for line in source.splitlines():
        head, _, rest = line.partition(" As String = ")
        if head.startswith("Private Const MSG_") and rest.startswith('"'):
            found[head.removeprefix("Private Const ")] = from_codes(rest.strip('"'))
    return found
