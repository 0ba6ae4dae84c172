"""Hypothesis strategies: random reports of both formats, blanks and kept texts included."""
from __future__ import annotations

from hypothesis import strategies as st

from zwgk.model import Report
from zwgk.spec import load_spec
from zwgk.wording import words

names = st.text(alphabet=st.sampled_from("八里堡街道办事处二道区人民政府镇乡·（）0123456789 "), max_size=20)
prose = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n"),
                max_size=300)


def _value(kind: str):
    if kind == "amount":
        return st.integers(0, 10**8).map(lambda n: n / 10**4)
    if kind == "signed":
        return st.integers(-10**5, 10**5)
    return st.integers(0, 10**6)


@st.composite
def reports(draw, fmt=None):
    fmt = fmt or draw(st.sampled_from(["2021", "2019"]))
    spec = load_spec(fmt)
    blank = draw(st.floats(0, 1))
    cells, texts, units = {}, {}, {}
    for cid, cell in spec.cells.items():
        if draw(st.floats(0, 1)) < blank:
            cells[cid] = None
            mark = draw(st.sampled_from([None, *words("variants")["blank_marks"][:6]]))
            if mark:
                texts[cid] = mark
        else:
            cells[cid] = draw(_value(cell.kind))
        if cell.unit == "free":
            units[cid] = draw(st.sampled_from(["万元", "元"]))
    return Report(
        format=fmt, unit=draw(names).strip(), district=draw(names).strip(),
        year=draw(st.none() | st.integers(2019, 2030)), contact=draw(names).strip(),
        date=draw(st.sampled_from(["", "2025-01-20", "2024-01-15"])), cells=cells, texts=texts,
        units=units, prose={p["id"]: draw(prose) for p in spec.prose_parts()},
    )
