"""The text of a simple .xls formula from its parsed tokens (BIFF8 RPN), for the checks' message:
numbers, strings, cell and range references, operators, parentheses and SUM/IF/COUNT and the
like.  Anything else gives None, and the caller says only that the cell holds a formula."""
from __future__ import annotations

import struct

from zwgk.workbook.layout import a1

_BINARY = {0x03: "+", 0x04: "-", 0x05: "*", 0x06: "/", 0x07: "^", 0x08: "&", 0x09: "<", 0x0A: "<=",
           0x0B: "=", 0x0C: ">=", 0x0D: ">", 0x0E: "<>", 0x11: ":"}
_FUNCTIONS = {0: "COUNT", 1: "IF", 4: "SUM", 5: "AVERAGE", 6: "MIN", 7: "MAX", 27: "ROUND", 169: "COUNTA"}
SHARED = object()


def formula_text(record: bytes):
    """The formula of a FORMULA record's data as text; SHARED for a shared formula; or None."""
    try:
        size = struct.unpack_from("<H", record, 20)[0]
        return _decode(record[22:22 + size])
    except (struct.error, IndexError, KeyError, UnicodeDecodeError):
        return None


def _decode(tokens: bytes):
    stack: list[str] = []
    at = 0
    while at < len(tokens):
        ptg = tokens[at]
        at += 1
        if ptg == 0x01:
            return SHARED
        if ptg in _BINARY:
            right, left = stack.pop(), stack.pop()
            stack.append(left + _BINARY[ptg] + right)
        elif ptg in (0x12, 0x13, 0x14):
            stack.append({0x12: "+", 0x13: "-"}.get(ptg, "") + stack.pop() + ("%" if ptg == 0x14 else ""))
        elif ptg == 0x15:
            stack.append(f"({stack.pop()})")
        elif ptg == 0x17:
            text, at = _string(tokens, at)
            stack.append('"' + text + '"')
        elif ptg == 0x19:
            at = _attribute(tokens, at, stack)
        elif ptg in (0x1E, 0x1F):
            value = struct.unpack_from("<H" if ptg == 0x1E else "<d", tokens, at)[0]
            stack.append(f"{value:g}")
            at += 2 if ptg == 0x1E else 8
        elif ptg in (0x24, 0x44, 0x64):
            row, col = struct.unpack_from("<HH", tokens, at)
            stack.append(a1(row, col & 0x3FFF))
            at += 4
        elif ptg in (0x25, 0x45, 0x65):
            r1, r2, c1, c2 = struct.unpack_from("<HHHH", tokens, at)
            stack.append(f"{a1(r1, c1 & 0x3FFF)}:{a1(r2, c2 & 0x3FFF)}")
            at += 8
        elif ptg in (0x22, 0x42, 0x62):
            count, index = tokens[at], struct.unpack_from("<H", tokens, at + 1)[0] & 0x7FFF
            args = [stack.pop() for _ in range(count)][::-1]
            stack.append(f"{_FUNCTIONS[index]}({','.join(args)})")
            at += 3
        else:
            return None
    return stack[0] if len(stack) == 1 else None


def _string(tokens: bytes, at: int) -> tuple[str, int]:
    count, wide = tokens[at], tokens[at + 1] & 1
    raw = tokens[at + 2:at + 2 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1"), at + 2 + len(raw)


def _attribute(tokens: bytes, at: int, stack: list[str]) -> int:
    flags = tokens[at]
    if flags & 0x04:                              # tAttrChoose: a jump table follows
        raise KeyError("choose")
    if flags & 0x10:                              # tAttrSum: SUM of one argument
        stack.append(f"SUM({stack.pop()})")
    return at + 3
