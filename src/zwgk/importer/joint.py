"""Several rows whose numbers each allow several readings, settled together: every combination
of readings that keeps all the column rules at once, as a small constraint search.

Each rule is a sum that must come to 0 (left side minus right side).  A reading adds a fixed
amount to each rule.  First every reading that no choice of the other rows could balance is
dropped (each other row's least and most), until nothing changes; then the search assigns rows
one by one and drops a branch as soon as the rows still open cannot bring some rule back to 0.
It has a work budget: a search that runs out of it keeps the filtered readings (sound, only less
narrowed); when no combination at all keeps the rules, the rows they tie are said to be refuted."""
from __future__ import annotations

MAX_NODES = 60_000          # partial combinations tried before the rows are called unsettled


class _Budget(Exception):
    pass


def joint_fits(readings: dict, cells: dict, known: dict, rules, budget: int = MAX_NODES):
    """{row: indexes of its readings used by some combination keeping every rule}, or None
    when no rule can be used.  No combination at all: every row a rule ties gets an empty set.

    `readings`: row -> list of readings (values per column); `cells`: row -> cell ids in the
    same order; `known`: cell -> value of the rows already settled (None counts 0); `rules`:
    sum rules over cells.  A rule with a cell neither known nor in an open row is not used;
    rows no usable rule ties keep all their readings."""
    where = {cid: (row, i) for row in readings for i, cid in enumerate(cells[row])}
    usable = [r for r in rules if all(t.cell in known or t.cell in where for t in r.terms)
              and any(t.cell in where for t in r.terms)]
    tied = sorted({where[t.cell][0] for r in usable for t in r.terms if t.cell in where})
    if not tied:
        return None
    settled = {cid: v for cid, v in known.items() if cid not in where}
    const = [r.evaluate(settled, blank_as_zero=True).diff for r in usable]
    shapes = {row: _shapes(row, readings[row], usable, where) for row in tied}
    refuted = {**{row: set(range(len(readings[row]))) for row in readings}, **{row: set() for row in tied}}
    if not _filter(shapes, const):
        return refuted
    order = sorted(tied, key=lambda row: len(shapes[row]))
    bounds = _bounds([shapes[row] for row in order], len(usable))
    used = {row: set(range(len(readings[row]))) for row in readings if row not in shapes}
    used.update({row: set() for row in order})
    picked: list = []
    nodes = [0]

    def walk(k: int, total: list) -> bool:
        if k == len(order):
            if any(total):
                return False
            for row, indexes in zip(order, picked):
                used[row].update(indexes)
            return True
        found = False
        low, high = bounds[k + 1]
        for shape, indexes in shapes[order[k]].items():
            nodes[0] += 1
            if nodes[0] > budget:
                raise _Budget
            now = [a + b for a, b in zip(total, shape)]
            if all(lo <= -v <= hi for v, lo, hi in zip(now, low, high)):
                picked.append(indexes)
                found |= walk(k + 1, now)
                picked.pop()
        return found

    try:
        return used if walk(0, const) else refuted
    except _Budget:               # the filtered readings are still sound, only less narrowed
        for row in order:
            used[row] = {i for indexes in shapes[row].values() for i in indexes}
        return used


def _filter(shapes: dict, const: list, passes: int = 50) -> bool:
    """Drop the readings no choice of the other rows' readings can balance, rule by rule (the
    others' least and most); repeat while it drops some (at most `passes` times).  False when a
    row has none left."""
    width = range(len(const))
    for _ in range(passes):
        own = {row: ([min(s[k] for s in sh) for k in width], [max(s[k] for s in sh) for k in width])
               for row, sh in shapes.items()}
        low = [sum(lo[k] for lo, _ in own.values()) + const[k] for k in width]
        high = [sum(hi[k] for _, hi in own.values()) + const[k] for k in width]
        changed = False
        for row, sh in shapes.items():
            ol, oh = own[row]
            keep = {s: i for s, i in sh.items()
                    if all(low[k] - ol[k] + s[k] <= 0 <= high[k] - oh[k] + s[k] for k in width)}
            if not keep:
                return False
            changed |= len(keep) < len(sh)
            shapes[row] = keep
        if not changed:
            break
    return True


def _shapes(row, row_readings, rules, where) -> dict:
    """What each reading adds to each rule (its left side less its right, the other cells
    counting 0); readings adding the same are searched once."""
    own = [(cid, i) for cid, (r, i) in where.items() if r == row]
    out: dict[tuple, list] = {}
    for n, reading in enumerate(row_readings):
        values = {cid: reading[i] for cid, i in own}
        shape = tuple(r.evaluate(values, blank_as_zero=True).diff for r in rules)
        out.setdefault(shape, []).append(n)
    return out


def _bounds(rows: list[dict], width: int) -> list:
    """For each position k: the least and most the rows from k on can add to each rule."""
    out = [([0] * width, [0] * width)]
    for shapes in reversed(rows):
        low, high = out[0]
        out.insert(0, ([lo + min(s[j] for s in shapes) for j, lo in enumerate(low)],
                       [hi + max(s[j] for s in shapes) for j, hi in enumerate(high)]))
    return out
