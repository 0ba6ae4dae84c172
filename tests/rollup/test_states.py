"""Every state of 报送情况, each produced by a real file: truncated, random bytes, encrypted,
owner file, hidden file, other year, other format, duplicate unit, check errors, no unit name,
a workbook that is not a report, other file types, and a unit on the list that never reported."""
from __future__ import annotations

import os

import pytest

from zwgk.addin_build.cfb import entries_from_tree, write_entries
from zwgk.problems import entry
from zwgk.rollup import rollup, write_rollup
from zwgk.wording import words

from .helpers import status_rows, unit_report, write

LABELS = {k: v["label"] for k, v in words("rollup")["states"].items()}


def label(state: str, n: int = 0) -> str:
    return LABELS[state].format(n=n, hint=words("rollup")["hints"]["cli"]["import"])


def encrypted_xlsx() -> bytes:
    """How Office saves a password-protected .xlsx: an OLE compound file holding
    EncryptionInfo (agile, version 4.4) and EncryptedPackage streams."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0"?><encryption/>'
    return write_entries(entries_from_tree({"EncryptionInfo": info, "EncryptedPackage": os.urandom(4096)}))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("district")
    good = write(d, "good.xlsx", unit_report(1))
    write(d, "warn.xlsx", unit_report(2, blanks=3))
    bad = unit_report(3)
    bad.cells["t3.new.natural"] += 2
    write(d, "errors.xlsx", bad)
    write(d, "old-year.xlsx", unit_report(4, year=2023))
    write(d, "old-format.xlsx", unit_report(5, fmt="2019"))
    write(d, "dup-a.xlsx", unit_report(6))
    write(d, "dup-b.xlsx", unit_report(6, seed=99, unit=unit_report(6).unit))
    write(d, "same-a.xlsx", unit_report(7))
    write(d, "same-b.xlsx", unit_report(7))
    fixed = unit_report(8)
    wrong = unit_report(8)
    wrong.cells["t3.carried_out.total"] += 1
    write(d, "fix-a.xlsx", wrong)
    write(d, "fix-b.xlsx", fixed)
    nameless = unit_report(9)
    nameless.unit = ""
    write(d, "nameless.xlsx", nameless)
    elsewhere = unit_report(10)
    elsewhere.district = "南关区"
    write(d, "elsewhere.xlsx", elsewhere)
    (d / "truncated.xlsx").write_bytes(good.read_bytes()[:3000])
    (d / "random.xlsx").write_bytes(os.urandom(5000))
    (d / "empty.xls").write_bytes(b"")
    (d / "password.xlsx").write_bytes(encrypted_xlsx())
    (d / "~$good.xlsx").write_bytes(b"\x0cclerk" + b"\x00" * 150)
    (d / ".hidden.xlsx").write_bytes(good.read_bytes())
    (d / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (d / "published.docx").write_bytes(b"PK\x03\x04")
    _address_list(d / "通讯录.xlsx")
    (d / "units.txt").write_text(f"{unit_report(1).unit}\n# 注释\n东盛街道办事处\n", encoding="utf-8")
    # zwgk summaries beside the units they sum: the current one agrees, an older one does not
    write_rollup(rollup(d, expect=d / "units.txt"), d / "区汇总.xlsx")
    stale = rollup([good], district="二道区")
    write_rollup(stale, d / "上月汇总.xlsx")
    return d


def _address_list(path):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("通讯录").write_row(0, 0, ["单位", "电话"])
    book.close()


@pytest.fixture(scope="module")
def result(folder):
    return rollup(folder, expect=folder / "units.txt")


@pytest.fixture(scope="module")
def rows(folder, result, tmp_path_factory):
    out = write_rollup(result, tmp_path_factory.mktemp("out") / "区汇总.xlsx")
    return status_rows(out)


def test_passed_and_warnings_counted(result, rows):
    assert rows["good.xlsx"][1] == label("passed")
    assert rows["warn.xlsx"][1] == label("warnings", 3)
    counted = {e.file for e in result.counted}
    assert {"good.xlsx", "warn.xlsx"} <= counted


def test_errors_listed_not_counted(result, rows):
    _, state, reason = rows["errors.xlsx"]
    assert state == label("errors", 2)                  # row total and balance of 自然人
    assert "相差 2" in reason
    assert "errors.xlsx" not in {e.file for e in result.counted}


def test_errors_counted_with_include_invalid(folder):
    included = rollup(folder, include_invalid=True)
    found = next(e for e in included.entries if e.file == "errors.xlsx")
    assert found.counted and found.state == "errors"
    assert found.problem.code == "rollup.errors_included" and found.problem.params["n"] == 2
    first = found.reason.split("如：")[1][:-len("），按要求仍已计入汇总")]
    assert found.reason == entry("rollup.errors_included").message.format(n=2, first=first)
    assert "--" not in found.reason                     # add-in users read it too: no CLI flag


@pytest.mark.parametrize("name,state,words", [
    ("old-year.xlsx", "wrong_year", "2023"),
    ("old-format.xlsx", "wrong_format", "2019 格式"),
    ("truncated.xlsx", "unreadable", "损坏"),
    ("random.xlsx", "unreadable", "损坏"),
    ("empty.xls", "unreadable", "无法打开"),
    ("password.xlsx", "unreadable", "加密"),
    ("通讯录.xlsx", "not_report", "不是 zwgk 报表"),
    ("nameless.xlsx", "no_unit", "单位名称"),
    ("~$good.xlsx", "skipped", "~$"),
    (".hidden.xlsx", "skipped", "隐藏"),
    ("scan.pdf", "not_template", ".pdf"),
    ("published.docx", "not_template", ".docx"),
    ("elsewhere.xlsx", "wrong_district", "南关区"),
    ("区汇总.xlsx", "summary_checked", "相符"),
    ("上月汇总.xlsx", "summary_stale", "单位合计"),
])
def test_state_of_each_bad_file(rows, name, state, words):
    assert rows[name][1] == label(state)
    assert words in rows[name][2]


def test_expect_file_not_read_as_report(rows):
    assert rows["units.txt"][1] == label("skipped")
    assert rows["units.txt"][2] == entry("rollup.expect_file").message.format(**words("rollup")["hints"]["cli"])


def test_duplicates(result, rows):
    # different numbers, both countable: neither counts, the clerk must choose
    assert rows["dup-a.xlsx"][1] == rows["dup-b.xlsx"][1] == label("duplicate")
    assert "dup-a.xlsx" in rows["dup-b.xlsx"][2] and "均未计入" in rows["dup-a.xlsx"][2]
    # the same numbers twice: counted once (the first by file name), the other is 重复报送
    assert rows["same-a.xlsx"][1] == label("passed") and rows["same-b.xlsx"][1] == label("resent")
    # one copy with errors, one without: the good one counts
    assert rows["fix-b.xlsx"][1] == label("passed") and rows["fix-a.xlsx"][1] == label("duplicate")
    counted = [e.file for e in result.counted]
    assert "same-a.xlsx" in counted and "fix-b.xlsx" in counted
    assert not {"dup-a.xlsx", "dup-b.xlsx", "same-b.xlsx", "fix-a.xlsx"} & set(counted)


def test_missing_and_unexpected(result, rows):
    assert rows["东盛街道办事处"][1] == label("missing")
    assert [e.unit for e in result.by_state("missing")] == ["东盛街道办事处"]
    assert entry("rollup.not_expected").message in rows["warn.xlsx"][2]
    assert entry("rollup.not_expected").message not in rows["good.xlsx"][2]


def test_every_state_produced(result):
    assert {e.state for e in result.entries} == set(LABELS)


def test_note_names_what_was_left_out(result):
    note = result.note
    assert note.startswith(words("rollup")["summary"]["marker"])
    for name in ("东盛街道办事处", "通讯录.xlsx", unit_report(3).unit):
        assert name in note


def test_sorted_by_unit_then_file(result):
    keys = [(e.unit == "", e.unit, e.file) for e in result.entries]
    assert keys == sorted(keys)


def test_every_reason_is_a_problem_from_the_catalogue(result):
    """Each entry's reason is its problem's sentence and its notes': data another program can
    tell apart (a reader's refusal keeps the reader's code), located at the file met."""
    codes = {}
    for e in result.entries:
        assert e.problem is not None, e.file
        assert e.reason == e.problem.message + "".join(n.message for n in e.notes)
        assert e.problem.location.file == (e.path or None)
        codes[e.file or e.unit] = e.problem.code
    assert codes["good.xlsx"] == "rollup.passed" and codes["errors.xlsx"] == "rollup.errors"
    assert codes["old-year.xlsx"] == "rollup.wrong_year" and codes["~$good.xlsx"] == "rollup.owner_file"
    assert codes["scan.pdf"] == "rollup.not_template" and codes["东盛街道办事处"] == "rollup.missing"
    assert not codes["password.xlsx"].startswith("rollup.")          # the reader's own problem
    bad = next(e for e in result.entries if e.file == "errors.xlsx").problem     # located at its first error
    assert bad.params["check"] and bad.location.sheet == "表三" and bad.location.cell
    assert "t3.new.natural" in bad.location.cells
    warn = next(e for e in result.entries if e.file == "warn.xlsx")
    assert [n.code for n in warn.notes] == ["rollup.not_expected"]
    assert warn.problem.params["n"] == warn.warnings


def test_json_entries_carry_code_params_and_location(result):
    import json

    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    stale = next(e for e in data["entries"] if e["file"] == "上月汇总.xlsx")
    assert stale["code"] == "rollup.summary_stale" and stale["severity"] == "warning"
    assert stale["params"]["units"] != stale["params"]["summary"] and stale["location"]["cells"]
    assert stale["location"]["file"].endswith("上月汇总.xlsx")
    assert entry(stale["code"]).message.format(**stale["params"]) == stale["reason"]
    assert data["note"] == result.note and data["note"].startswith(words("rollup")["summary"]["marker"])


def test_every_rollup_problem_renders():
    """Each rollup entry of the catalogue, with a sample for every parameter it names."""
    from zwgk.problems import catalogue, problem

    ours = [code for code in catalogue() if code.startswith("rollup.")]
    assert len(ours) >= 40
    for code in ours:
        e = entry(code)
        shown = problem(code, file="a.xlsx", **{name: f"〈{name}〉" for name in e.params()})
        assert shown.message and "{" not in shown.message and e.level in ("error", "warning", "info")
        assert all(f"〈{name}〉" in shown.message + shown.fix for name in e.params())
