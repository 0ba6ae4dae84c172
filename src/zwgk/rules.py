"""Σ left = Σ right, evaluated in one place: the checks, the workbook's cached ✓/✗, the importer's
placement and inference all ask `evaluate` (or `Rule.evaluate`, zwgk.spec) and never add up a
rule themselves.

A term names a cell (an id, or a position in a row of values) with a sign, of this report or of
last year's.  A blank term (None, or missing) stops the rule: its `Outcome` lists the blank terms
and has no difference.  With `blank_as_zero` a blank counts 0 (the importer's readings of a row,
where a cell left blank in print adds nothing), and nothing stops the rule.

    >>> evaluate((Term("a"),), (Term("b"), Term("c")), {"a": 3, "b": 1, "c": 2}).ok
    True
    >>> evaluate((Term("a"),), (Term("b"),), {"a": 3, "b": None}).blanks
    ('b',)
"""
from __future__ import annotations

from dataclasses import dataclass

DECIMALS = 6            # two sides are equal when their difference rounds to 0 at 6 decimals


@dataclass(frozen=True)
class Term:
    """One addend of a rule: a cell of this report (or of last year's), added or subtracted."""

    cell: str                     # a cell id, or a position in a row of values (sum_of)
    sign: int = 1
    previous: bool = False

    def __str__(self) -> str:
        return f"{'-' if self.sign < 0 else ''}{'previous.' if self.previous else ''}{self.cell}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A rule on one report: the sums of the known terms of each side and the blank terms.

    `left` and `right` add the terms whose cells hold a number; when some are blank they are
    partial, `complete` is False and `diff` is None."""

    left: float
    right: float
    left_blanks: tuple[Term, ...] = ()
    right_blanks: tuple[Term, ...] = ()

    @property
    def complete(self) -> bool:
        return not (self.left_blanks or self.right_blanks)

    @property
    def blanks(self) -> tuple[str, ...]:
        """The cells that stopped the rule, left side first, each once."""
        return tuple(dict.fromkeys(t.cell for t in self.left_blanks + self.right_blanks))

    @property
    def diff(self) -> float | None:
        return self.left - self.right if self.complete else None

    @property
    def ok(self) -> bool:
        """Both sides known and equal (to 6 decimals, as the live formula's ROUND(…,6) says)."""
        return self.complete and round(self.left - self.right, DECIMALS) == 0


def evaluate(left: tuple[Term, ...], right: tuple[Term, ...], values, previous=None,
             blank_as_zero: bool = False) -> Outcome:
    """The rule Σ left = Σ right on `values` (cell -> number or None; a dict, or a list when terms
    name positions) and last year's `previous` for the terms marked `previous`."""
    left_sum, left_blanks = _side(left, values, previous, blank_as_zero)
    right_sum, right_blanks = _side(right, values, previous, blank_as_zero)
    return Outcome(left_sum, right_sum, left_blanks, right_blanks)


def _side(terms, values, previous, blank_as_zero: bool) -> tuple[float, tuple[Term, ...]]:
    total, blanks = 0, ()
    for term in terms:
        value = _value(previous if term.previous else values, term.cell)
        if value is None:
            if not blank_as_zero:
                blanks += (term,)
            continue
        total += term.sign * value
    return total, blanks


def _value(values, cell):
    if values is None:
        return None
    try:
        return values[cell]
    except (KeyError, IndexError):
        return None


def sum_of(total: int, parts) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    """The rule “the value at `total` is the sum of the values at `parts`” over a row of values
    (positions, as the importer reads a printed row): (left terms, right terms)."""
    return (Term(total),), tuple(Term(i) for i in parts)
