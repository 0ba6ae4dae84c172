"""The 2019 ↔ 2021 correspondence of cells declared in templates/years.yaml."""
import pytest

from zwgk.spec import absent_reason, corresponding, counterparts, load_spec

PAIRS = [("2019", "2021"), ("2021", "2019")]


@pytest.mark.parametrize("from_fmt,to_fmt", PAIRS)
def test_every_cell_has_a_counterpart_or_a_reason(from_fmt, to_fmt):
    for cid in load_spec(from_fmt).cells:
        found = counterparts(cid, from_fmt, to_fmt)
        assert bool(found) != bool(absent_reason(cid, from_fmt)), cid
        assert all(c in load_spec(to_fmt).cells for c in found), cid


@pytest.mark.parametrize("from_fmt,to_fmt", PAIRS)
def test_one_to_one_cells_go_back_to_themselves(from_fmt, to_fmt):
    for cid in load_spec(from_fmt).cells:
        other = corresponding(cid, from_fmt, to_fmt)
        if other is not None:
            assert corresponding(other, to_fmt, from_fmt) == cid
            # the same thing on both sides: the same row and column labels, up to the 2021 “本年”
            a, b = load_spec(from_fmt).cells[cid], load_spec(to_fmt).cells[other]
            assert a.row_label == b.row_label or a.table == "t2", cid


def test_the_2019_single_other_row_is_the_sum_of_the_three_2021_rows():
    t3 = load_spec("2021").tables["t3"]
    split = {cid for cid in load_spec("2021").cells if cid.startswith("t3.other_")}
    got = set()
    for col in t3.col_ids():
        parts = counterparts(f"t3.other.{col}", "2019", "2021")
        assert len(parts) == 3 and all(p.endswith(f".{col}") for p in parts)
        got.update(parts)
    assert got == split
    assert corresponding("t3.other.total", "2019", "2021") is None


def test_cells_that_changed_meaning_have_no_counterpart():
    assert corresponding("t2.regulation.total_public", "2019", "2021") is None
    assert corresponding("t2.regulation.in_force", "2021", "2019") is None
    assert corresponding("t2.fees.amount", "2021", "2019") is None
    assert corresponding("t3.carried_out.total", "2021", "2019") == "t3.carried_out.total"


def test_an_unknown_cell_is_refused():
    with pytest.raises(KeyError):
        counterparts("t3.other.total", "2021", "2019")
