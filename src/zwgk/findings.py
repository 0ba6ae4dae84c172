"""What a check finds, as data: a catalogue code (`check.<check id>`, or `check.<id>.<variant>` as
`check.domain.formula`), its parameters, its level and its cells.  The sentence is rendered from
the problem catalogue (templates/problems/check.yaml) when it is shown: the terminal, the marks
in the workbook, `--json` and the add-in all render the same entry.

    >>> f = Finding.of("check.blank", {"table": "表三", "where": "（二）部分公开 自然人",
    ...                                "blocked": "未发生请填 0"}, table="t3",
    ...                cells=("t3.partial.natural",), addresses=("表三!D9",))
    >>> f.check, f.level, f.message
    ('blank', 'warning', '表三 （二）部分公开 自然人 未填写，未发生请填 0')
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property

from zwgk.problems import Location, Problem, entry
from zwgk.spec import LEVELS


@dataclass(frozen=True)
class Finding:
    check: str                          # check id from templates/checks.yaml, e.g. "t3-row-total"
    level: str                          # "error" | "warning", the catalogue entry's
    code: str                           # catalogue code: check.<check id>[.<variant>]
    params: dict                        # the message's parameters (numbers as printed: 6, not 6.0)
    table: str | None = None            # "t2" | "t3" | "t4" | None
    cells: tuple[str, ...] = ()         # cell ids concerned; the first is the one to look at
    addresses: tuple[str, ...] = ()     # the same cells as "表三!J5"
    left: float | None = None           # the two sides of a sum rule and their difference
    right: float | None = None
    diff: float | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, code: str, params: dict, *, table: str | None, cells: tuple[str, ...],
           addresses: tuple[str, ...], left=None, right=None, diff=None, extra=None) -> "Finding":
        """The finding of catalogue `code` (an unknown code fails here); its level is the entry's."""
        known = entry(code)
        return cls(code.split(".", 2)[1], known.level, code, params, table, tuple(cells),
                   tuple(addresses), left, right, diff, extra or {})

    def __hash__(self) -> int:
        return hash((self.code, self.cells, self.left, self.right))

    @cached_property
    def message(self) -> str:
        """One plain Chinese sentence: the catalogue entry's message with the parameters."""
        return self.problem.message

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    @property
    def problem(self) -> Problem:
        """The finding as a Problem: its code, parameters and place (the first cell's sheet)."""
        sheet, _, ref = self.addresses[0].partition("!") if self.addresses else (None, "", "")
        return Problem(self.code, self.params, Location(None, sheet, ref or None, self.cells), self.level)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["message"], data["level_label"] = self.message, self.level_label
        data["cells"], data["addresses"] = list(self.cells), list(self.addresses)
        data["params"] = self.problem.to_dict()["params"]
        return data
