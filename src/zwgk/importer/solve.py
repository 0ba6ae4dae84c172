"""Deciding which printed number belongs to which column when the text does not say directly.

Two cases: a PDF copy dropped the blank cells (fewer numbers than columns), or an HTML page was
flattened so that a row's numbers run together (`640020470`).  Every reading that keeps the
numbers in order is tried; a reading survives when each group's total equals the sum of its
parts (blanks count 0).  Only cells on which *all* surviving readings agree are placed.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from zwgk.rules import compiled, evaluate_compiled, sum_of

Group = tuple[int, tuple[int, ...]]          # (index of the total, indexes of its parts)
LIMIT = 20000                                # readings examined before giving up
MAX_STEPS = 300_000                          # work on one run of digits before calling it unsettled
MAX_DIGITS = 12                              # no count or amount in these tables is longer


class _Budget(Exception):
    """Too many ways to read a run of digits: it is not settled."""


_steps = [0]


def _tick() -> None:
    _steps[0] += 1
    if _steps[0] > MAX_STEPS:
        raise _Budget


def rows_ok(values: list, groups: list[Group]) -> bool:
    """Each group's total equals the sum of its parts (a blank counts 0), by the one evaluator."""
    return all(evaluate_compiled(*_sides(group), values, blank_as_zero=True).ok for group in groups)


@lru_cache(maxsize=256)
def _sides(group: Group):
    left, right = sum_of(*group)
    return compiled(left), compiled(right)


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
        if rows_ok(values, groups):
            out.append(values)
    return out


def _heads(digits: str):
    """(number text, rest) for each way to take the first number; a space is a forced cut."""
    for cut in range(1, min(len(digits), MAX_DIGITS) + 1):
        _tick()
        head = digits[:cut]
        if " " in head or (head != "0" and head[0] == "0"):
            return
        rest = digits[cut:]
        yield head, rest.removeprefix(" ")


def _fill(digits: str, count: int, target: int | None, blanks: bool):
    """Ways to read all of `digits` as `count` cells (a cell may be blank when `blanks`), adding
    up to `target` (blank = 0; None: any sum)."""
    if count == 0:
        if not digits and not target:
            yield []
        return
    if blanks:
        for tail in _fill(digits, count - 1, target, blanks):
            yield [None] + tail
    if not digits:
        return
    for head, rest in _heads(digits):
        value = int(head)
        if target is not None and value > target:
            return
        for tail in _fill(rest, count - 1, None if target is None else target - value, blanks):
            yield [value] + tail


@lru_cache(maxsize=4096)
def _group_all(digits: str, size: int, blanks: bool) -> tuple:
    """_group's readings, kept (the same piece of a row is tried many times)."""
    out = []
    for reading in _group(digits, size, blanks):
        out.append(tuple(reading))
        if len(out) > LIMIT:
            break
    return tuple(out)


def _group(digits: str, size: int, blanks: bool):
    """Ways to read all of `digits` as one group: size-1 parts, then their total (or a blank)."""
    for k in range(1, min(len(digits), MAX_DIGITS) + 1):
        _tick()
        total_text = digits[-k:]
        if " " in total_text:
            break
        if total_text != "0" and total_text[0] == "0":
            continue
        prefix = digits[:-k]
        prefix = prefix.removesuffix(" ")
        for parts in _fill(prefix, size - 1, int(total_text), blanks):
            yield parts + [int(total_text)]
    if blanks:
        for parts in _fill(digits, size - 1, 0, blanks):
            yield parts + [None]


def split_digits(digits: str, n: int, groups: list[Group], blanks: bool = False) -> list[list]:
    """Readings of a run of digits as `n` cells that keep every group's sum.

    Spaces in `digits` are forced cuts.  Groups must tile the columns in order, each ending with
    its total (表三 row, 表四 groups); with no groups the cells are free.  With `blanks`, cells
    may also have been blank (their separators lost with them), which widens the readings.
    """
    digits = " ".join(digits.split())
    if not digits.replace(" ", "").isdigit():
        return []
    _steps[0] = 0
    try:
        return _split(digits, n, groups, blanks)
    except _Budget:
        return []


def _split(digits: str, n: int, groups: list[Group], blanks: bool) -> list[list]:
    if not groups:
        count = len(digits.replace(" ", ""))
        if n > 1 and count != n:        # free cells and more digits than cells: never one reading
            return []
        return _limited(_fill(digits, n, None, blanks))
    sizes = [len(parts) + 1 for _, parts in groups]
    if sum(sizes) != n:
        return []
    out: list[list] = []

    def walk(rest: str, index: int, acc: list):
        if len(out) > LIMIT:
            return
        if index == len(sizes) - 1:
            for values in _group_all(rest, sizes[index], blanks):
                out.append(acc + list(values))
                if len(out) > LIMIT:
                    return
            return
        for end in range(len(rest) + 1):
            head, tail = rest[:end], rest[end:]
            if head.endswith(" "):
                continue
            tail = tail.removeprefix(" ")
            for values in (_group_all(head, sizes[index], blanks) if head else
                           ([[None] * sizes[index]] if blanks else [])):
                walk(tail, index + 1, acc + list(values))

    walk(digits, 0, [])
    return out if len(out) <= LIMIT else []


def _limited(gen):
    out = []
    for item in gen:
        out.append(item)
        if len(out) > LIMIT:
            return []
    return out
