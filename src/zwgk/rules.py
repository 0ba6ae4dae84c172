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
from decimal import Decimal

DECIMALS = 6            # two sides are equal when their difference rounds to 0 at 6 decimals
_HALF = 0.5 * 10 ** -DECIMALS
_HALF_DECIMAL = Decimal(5).scaleb(-DECIMALS - 1)


@dataclass(frozen=True)
class Term:
    """One addend of a rule: a cell of this report (or of last year's), added or subtracted."""

    cell: str                     # a cell id, or a position in a row of values (sum_of)
    sign: int = 1
    previous: bool = False

    def __str__(self) -> str:
        return f"{'-' if self.sign < 0 else ''}{'previous.' if self.previous else ''}{self.cell}"


class Outcome:
    """A rule on one report: the sums of the known terms of each side and the blank terms.

    `left` and `right` add the terms whose cells hold a number; when some are blank they are
    partial, `complete` is False and `diff` is None.  `ok`: complete, and both sides equal to 6
    decimals (as the live formula's ROUND(…,6) says)."""

    __slots__ = ("left", "right", "left_blanks", "right_blanks", "complete", "ok")

    def __init__(self, left: float, right: float, left_blanks: tuple[Term, ...] = (),
                 right_blanks: tuple[Term, ...] = ()):
        self.left, self.right = left, right
        self.left_blanks, self.right_blanks = left_blanks, right_blanks
        self.complete = not (left_blanks or right_blanks)
        self.ok = self.complete and rounds_to_zero(left - right)

    def __repr__(self) -> str:
        return (f"Outcome(left={self.left!r}, right={self.right!r}, blanks={self.blanks!r}, "
                f"ok={self.ok})")

    @property
    def blanks(self) -> tuple[str, ...]:
        """The cells that stopped the rule, left side first, each once."""
        return tuple(dict.fromkeys(t.cell for t in self.left_blanks + self.right_blanks))

    @property
    def diff(self) -> float | None:
        return self.left - self.right if self.complete else None


def rounds_to_zero(diff: float) -> bool:
    """ROUND(diff, 6) = 0 as a spreadsheet computes it (the live formula): half away from zero, on
    the number's 15 significant digits.  Python's round() rounds the binary value half to even,
    and says 0 for 5e-7 where Excel and LibreOffice say 0.000001."""
    size = abs(diff)
    if size < _HALF * 0.99:
        return True
    if not size <= _HALF * 1.01:                      # larger, or not a number
        return False
    return Decimal(f"{size:.15g}") < _HALF_DECIMAL


def evaluate(left: tuple[Term, ...], right: tuple[Term, ...], values, previous=None,
             blank_as_zero: bool = False, first_blank: bool = False) -> Outcome:
    """The rule Σ left = Σ right on `values` (cell -> number or None; a dict, or a list when terms
    name positions) and last year's `previous` for the terms marked `previous`.  With
    `first_blank` it stops at the first blank (its only blank then): enough to know it stopped."""
    return evaluate_compiled(compiled(left), compiled(right), values, previous, blank_as_zero, first_blank)


def compiled(terms: tuple[Term, ...]) -> tuple[tuple, ...]:
    """A side as (cell, sign, previous, term) tuples: what `evaluate_compiled` reads fastest."""
    return tuple((t.cell, t.sign, t.previous, t) for t in terms)


def evaluate_compiled(left: tuple, right: tuple, values, previous=None, blank_as_zero: bool = False,
                      first_blank: bool = False) -> Outcome:
    """`evaluate` on sides already `compiled` (a rule evaluated on many reports keeps them)."""
    left_sum, left_blanks = _side(left, values, previous, blank_as_zero, first_blank)
    if left_blanks and first_blank:
        return Outcome(left_sum, 0, left_blanks)
    right_sum, right_blanks = _side(right, values, previous, blank_as_zero, first_blank)
    return Outcome(left_sum, right_sum, left_blanks, right_blanks)


def _side(terms, values, previous, blank_as_zero: bool, first_blank: bool) -> tuple[float, tuple]:
    total, blanks = 0, ()
    for cell, sign, is_previous, term in terms:
        try:
            value = (previous if is_previous else values)[cell]
        except (KeyError, IndexError, TypeError):       # not there (TypeError: no last year's)
            value = None
        if value is None:
            if blank_as_zero:
                continue
            if first_blank:
                return total, (term,)
            blanks += (term,)
            continue
        total += sign * value
    return total, blanks


def sum_of(total: int, parts) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    """The rule “the value at `total` is the sum of the values at `parts`” over a row of values
    (positions, as the importer reads a printed row): (left terms, right terms)."""
    return (Term(total),), tuple(Term(i) for i in parts)
