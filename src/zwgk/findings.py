"""What a check finds, as data (a code, a level, a location, a sentence), rendered for people later."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from zwgk.spec import LEVELS


@dataclass(frozen=True)
class Finding:
    check: str                          # check id from templates/checks.yaml, e.g. "t3-row-total"
    level: str                          # "error" | "warning"
    message: str                        # one plain Chinese sentence
    table: str | None = None            # "t2" | "t3" | "t4" | None
    cells: tuple[str, ...] = ()         # cell ids concerned; the first is the one to look at
    addresses: tuple[str, ...] = ()     # the same cells as "表三!J5"
    left: float | None = None           # the two sides of a sum rule and their difference
    right: float | None = None
    diff: float | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["level_label"] = self.level_label
        data["cells"], data["addresses"] = list(self.cells), list(self.addresses)
        return data
