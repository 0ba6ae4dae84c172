"""Deciding which printed number belongs to which column when the text does not say directly.

Two cases: a PDF copy dropped the blank cells (fewer numbers than columns), or an HTML page was
flattened so that a row's numbers run together (`640020470`).  Every reading that keeps the
numbers in order is tried; a reading survives when each group's total equals the sum of its
parts (blanks count 0).  Only cells on which *all* surviving readings agree are placed.
"""
from __future__ import annotations

from itertools import combinations

Group = tuple[int, tuple[int, ...]]          # (index of the total, indexes of its parts)
LIMIT = 20000                                # readings examined before giving up


def _ok(values: list, groups: list[Group]) -> bool:
    for total, parts in groups:
        got = sum(values[i] or 0 for i in parts)
        if (values[total] or 0) != got:
            return False
    return True


def agree(readings: list[list]) -> list:
    """Cells on which every reading agrees (None where they differ or all are blank)."""
    if not readings:
        return []
    first = readings[0]
    return [v if all(r[i] == v for r in readings) else None for i, v in enumerate(first)]


def place_dropped(numbers: list, n: int, groups: list[Group]) -> list[list]:
    """Readings of `numbers` (in order) in `n` columns with the rest blank, that keep the sums."""
    out = []
    for count, positions in enumerate(combinations(range(n), len(numbers))):
        if count > LIMIT:
            return []
        values = [None] * n
        for pos, value in zip(positions, numbers):
            values[pos] = value
        if _ok(values, groups):
            out.append(values)
    return out


def _heads(digits: str):
    """(number text, rest) for each way to take the first number; a space is a forced cut."""
    for cut in range(1, len(digits) + 1):
        head = digits[:cut]
        if " " in head or (head != "0" and head[0] == "0"):
            return
        rest = digits[cut:]
        yield head, rest[1:] if rest.startswith(" ") else rest


def _parts(digits: str, count: int):
    """Ways to cut digits (spaces are forced cuts) into `count` whole numbers, no leading zeros."""
    if count == 1:
        if digits and " " not in digits and (digits == "0" or digits[0] != "0"):
            yield [int(digits)]
        return
    for head, rest in _heads(digits):
        if rest:
            for tail in _parts(rest, count - 1):
                yield [int(head)] + tail


def _summed(digits: str, count: int, target: int):
    """Ways to cut `digits` into `count` whole numbers adding up to `target`."""
    if count == 1:
        if digits and " " not in digits and (digits == "0" or digits[0] != "0") and int(digits) == target:
            yield [target]
        return
    for head, rest in _heads(digits):
        value = int(head)
        if value > target:
            return
        if rest:
            for tail in _summed(rest, count - 1, target - value):
                yield [value] + tail


def _group_cuts(digits: str, size: int, last: bool):
    """Ways to cut the start of `digits` into one group of `size` numbers ending with their sum."""
    ends = [len(digits)] if last else range(1, len(digits) + 1)
    for end in ends:
        head, rest = digits[:end], digits[end:]
        if head.endswith(" "):
            continue
        rest = rest[1:] if rest.startswith(" ") else rest
        for k in range(1, len(head) + 1):
            total_text = head[-k:]
            if " " in total_text:
                break
            if total_text != "0" and total_text[0] == "0":
                continue
            prefix = head[:-k]
            prefix = prefix[:-1] if prefix.endswith(" ") else prefix
            if not prefix:
                continue
            for parts in _summed(prefix, size - 1, int(total_text)):
                yield parts + [int(total_text)], rest


def split_digits(digits: str, n: int, groups: list[Group]) -> list[list]:
    """Readings of a run of digits as `n` numbers that keep every group's sum.

    Groups must tile the columns in order, each ending with its total (表三 row, 表四 groups);
    with no groups the n numbers are free (then only a run of n digits is unique).
    """
    digits = " ".join(digits.split())
    if not digits.replace(" ", "").isdigit() or len(digits.replace(" ", "")) < n:
        return []
    if not groups:
        return list(_limited(_parts(digits, n)))
    sizes = [len(parts) + 1 for _, parts in groups]
    if sum(sizes) != n:
        return []
    out: list[list] = []

    def walk(rest: str, index: int, acc: list):
        if len(out) > LIMIT:
            return
        if index == len(sizes):
            if not rest:
                out.append(acc)
            return
        remaining = sum(sizes[index + 1:])
        for values, tail in _group_cuts(rest, sizes[index], index == len(sizes) - 1):
            if len(tail) >= remaining:
                walk(tail, index + 1, acc + values)

    walk(digits, 0, [])
    return out if len(out) <= LIMIT else []


def _limited(gen):
    out = []
    for item in gen:
        out.append(item)
        if len(out) > LIMIT:
            return []
    return out
