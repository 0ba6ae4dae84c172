"""The kinds of number a report holds (count, signed, amount) and the years a report may be for,
from `templates/kinds.yaml`: one rule each for the checks, the workbook's input validation and
the importer.

    >>> kind("count").accepts(3), kind("count").accepts(3.0), kind("count").accepts(2.5)
    (True, True, False)
    >>> report_years()
    (2019, 2100)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from zwgk.spec import FORMATS, load_spec
from zwgk.wording import words


@dataclass(frozen=True)
class Kind:
    """One kind of number: whole or not, its bounds, and how it is asked for and refused."""

    id: str
    whole: bool
    minimum: float | None = None
    maximum: float | None = None
    expected: str = ""             # “大于或等于 0 的整数”: what the `domain` check says it should be
    input: dict | None = None      # title, message, error: the workbook's prompt and refusal

    def accepts(self, value) -> bool:
        """A number of this kind.  3.0 is a whole number: a spreadsheet keeps every number as a
        float, and Excel's whole-number validation takes it, so the value counts, not its type."""
        if type(value) is not int:                        # noqa: E721 - bool is no number here
            if type(value) is not float or not math.isfinite(value) or \
                    (self.whole and not value.is_integer()):
                return False
        return (self.minimum is None or value >= self.minimum) and \
            (self.maximum is None or value <= self.maximum)

    def excel(self) -> dict:
        """xlsxwriter data-validation settings (type and bounds) that refuse what `accepts` does."""
        base = {"validate": "integer" if self.whole else "decimal"}
        if self.minimum is not None and self.maximum is not None:
            return {**base, "criteria": "between", "minimum": self.minimum, "maximum": self.maximum}
        if self.maximum is not None:
            return {**base, "criteria": "<=", "value": self.maximum}
        return {**base, "criteria": ">=", "value": self.minimum if self.minimum is not None else -1e15}


@lru_cache(maxsize=None)
def _declared() -> dict:
    return words("kinds")


@lru_cache(maxsize=None)
def kinds() -> dict[str, Kind]:
    """Every kind of `templates/kinds.yaml`, by id."""
    out = {}
    for kid, data in _declared()["kinds"].items():
        out[kid] = Kind(kid, bool(data["whole"]), data.get("minimum"), data.get("maximum"),
                        data.get("expected", ""), data.get("input"))
    return out


def kind(kind_id: str) -> Kind:
    return kinds()[kind_id]


@lru_cache(maxsize=None)
def report_years() -> tuple[int, int]:
    """(first, last): the years a report may be for (first: the oldest format's first year)."""
    return min(load_spec(f).first_year for f in FORMATS), int(_declared()["year"]["last"])


@lru_cache(maxsize=None)
def year_kind() -> Kind:
    """The 年度 field as a kind: a whole number within `report_years()`, with its input words."""
    first, last = report_years()
    words = {k: v.format(first=first, last=last) for k, v in _declared()["year"]["input"].items()}
    return Kind("year", True, first, last, f"{first} 至 {last} 之间的整数", words)
