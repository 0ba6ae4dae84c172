"""On random reports (blanks, texts, odd numbers), every sum rule's verdict from `check` is the
symbol the workbook's live formula caches (writer.live_result), and check never fails."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk import check
from zwgk.wording import words
from zwgk.workbook.writer import live_result

from ..strategies import reports


def symbols(report, previous=None) -> dict:
    """✓ / ✗ / ？ for every rule, as `check` reports it."""
    ui = words("workbook")["live"]
    found = check(report, previous)
    bad = {(f.extra["rule"]["check"], tuple(f.extra["rule"]["each"])) for f in found if "rule" in f.extra}
    stopped = {(k["check"], tuple(k["each"])) for f in found for k in f.extra.get("blocked", [])}
    assert not bad & stopped
    out = {}
    for rule in report.spec.rules:
        key = (rule.check, rule.each)
        out[key] = ui["incomplete"] if key in stopped else ui["bad"] if key in bad else ui["ok"]
    return out


@settings(max_examples=60, deadline=None)
@given(reports())
def test_check_agrees_with_the_live_formulas(report):
    expected = {(r.check, r.each): live_result(r, report) for r in report.spec.rules}
    assert symbols(report) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.large_base_example,
                                                                 HealthCheck.too_slow])
@given(reports(), reports())
def test_any_pair_of_years_is_checked_without_failing(report, previous):
    found = check(report, previous)
    for f in found:
        assert f.level in ("error", "warning") and f.message
        assert len(f.cells) == len(f.addresses)


@given(st.sampled_from(["2021", "2019"]))
def test_blank_report_has_one_blank_warning_per_cell(fmt):
    from zwgk.model import Report

    found = check(Report.blank(fmt))
    assert [f.cells[0] for f in found] == list(Report.blank(fmt).cells)
    assert {f.check for f in found} == {"blank"}
