"""The spec: cell ids of official-format.md, verbatim labels, rules."""
import re

import pytest

from zwgk.spec import load_spec

from .conftest import require_shared


def test_cell_counts():
    assert len(load_spec("2021").cells) == 200
    assert len(load_spec("2019").cells) == 198


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_every_id_in_official_format_doc_exists(fmt):
    doc = (require_shared() / "official-format.md").read_text(encoding="utf-8")
    spec = load_spec(fmt)
    for cid in re.findall(r"`(t[234]\.[a-z_.]+)`", doc):
        if cid.count(".") == 2 and cid.split(".")[1] in {c.row for c in spec.cells.values()}:
            assert cid in spec.cells


def test_t3_same_in_both_formats_but_other_row():
    a, b = load_spec("2021").tables["t3"], load_spec("2019").tables["t3"]
    assert set(a.col_ids()) == set(b.col_ids())
    assert set(a.row_ids()) - set(b.row_ids()) == {"other_1", "other_2", "other_3"}
    assert set(b.row_ids()) - set(a.row_ids()) == {"other"}
    for rid in set(a.row_ids()) & set(b.row_ids()):
        assert a.row_path(rid) == b.row_path(rid)


def test_rules_expand_per_row_and_column():
    spec = load_spec("2021")
    by_check = {}
    for rule in spec.rules:
        by_check.setdefault(rule.check, []).append(rule)
    assert len(by_check["t3-row-total"]) == 25
    assert len(by_check["t3-outcome-total"]) == 7
    assert len(by_check["t3-balance"]) == 7
    assert len(by_check["t4-total"]) == 3
    outcome = by_check["t3-outcome-total"][0]
    assert [str(t) for t in outcome.left] == ["t3.total.natural"]
    assert len(outcome.right) == 21 and str(outcome.right[-1]) == "t3.other_3.natural"
    assert len([r for r in load_spec("2019").rules if r.check == "t3-outcome-total"][0].right) == 19


def test_cross_year_rules_need_previous_spec():
    spec, prev2019 = load_spec("2021"), load_spec("2019")
    rules = spec.sum_rules(previous=spec)
    chain = [r for r in rules if r.check == "in-force-chain"]
    assert [str(t) for t in chain[0].right] == [
        "previous.t2.regulation.in_force", "t2.regulation.issued", "-t2.regulation.repealed"]
    # a 2019 report has no 现行有效件数: the chain cannot be instantiated against it
    assert not [r for r in spec.sum_rules(previous=prev2019) if r.check == "in-force-chain"]
    assert len([r for r in spec.sum_rules(previous=prev2019) if r.check == "carry-over"]) == 7


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_synthetic_reports_keep_every_rule(fmt):
    from zwgk.synthetic import consistent_report

    for seed in range(20):
        report = consistent_report(fmt, seed)
        assert all(v is not None for v in report.cells.values())
        for rule in report.spec.rules:
            left = sum(report.cells[t.cell] * t.sign for t in rule.left)
            right = sum(report.cells[t.cell] * t.sign for t in rule.right)
            assert left == right, (seed, rule.check, rule.where)
        assert min(v for c, v in report.cells.items() if report.spec.cells[c].kind != "signed") >= 0
