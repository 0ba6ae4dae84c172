"""Scoring an import against stated cells (truth.json / samples/legacy/expected)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEGACY = ROOT / "samples" / "legacy"


def same(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6


def score(result, stated: dict) -> dict:
    """right / wrong / missing against the stated cells; spurious values where truth is blank."""
    out = {"right": [], "wrong": [], "missing": [], "spurious": []}
    for cid, want in stated.items():
        have = result.report.cells.get(cid)
        if want is None:
            if have is not None and cid not in result.inferred:
                out["spurious"].append(cid)
        elif have is None:
            out["missing"].append(cid)
        elif same(have, want):
            out["right"].append(cid)
        else:
            out["wrong"].append(f"{cid}: {have} != {want}")
    return out
