"""Rows of 表四 the report restates in words (importer/narrative.py): read from the sentence only
where the table's numbers could not be placed, the parts add up and the table prints them too.

The 表四 here is laid out as a PDF's cells come out one per line, with the 复议后起诉 numbers
before the 直接起诉 ones and header words among them (the shape of a real city report): its
numbers cannot be placed from the text alone."""
from __future__ import annotations

from zwgk.importer import import_text
from zwgk.render import render
from zwgk.synthetic import consistent_report

REVIEW = {"upheld": 72, "corrected": 64, "other": 178, "pending": 37, "total": 351}
DIRECT = [13, 4, 8, 1, 26]
AFTER = [12, 1, 1, 6, 20]


def _cells_t4(review=REVIEW) -> str:
    r = review
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "未经复议直接起诉",
             "结果", "结果", "其他结", "尚未", "维持", "纠正", "果", "审结", "总计",
             str(r["upheld"]), str(r["corrected"]), str(r["other"]), str(r["pending"]),
             "结 果", "结果", "其他", "复议后起诉", "尚未", "结果", "结果", "其他", "尚未审", "维持", "纠正",
             "结果", "结", *map(str, AFTER[:4]), "总计", str(r["total"]), "维持", "纠正", "结果", "审结",
             *map(str, DIRECT), "总计", str(AFTER[4])]
    return "\n\n".join(lines) + "\n\n"


def _text(sentence: str, review=REVIEW) -> str:
    report = consistent_report("2021", seed=5, unit="某某市人民政府", year=2024)
    text = render(report, "txt")
    start, end = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    text = text[:start] + _cells_t4(review) + text[end:]
    return text.replace("一、总体情况\n", "一、总体情况\n" + sentence + "\n", 1)


SAID = ("全年收到政府信息公开行政复议 351\n件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚\n"
        "未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。")


def _t4(result, row):
    return {c: result.report.cells[f"t4.{row}.{c}"] for c in REVIEW}


def test_blank_t4_row_read_from_the_sentence_with_its_note():
    result = import_text(_text(SAID))
    assert _t4(result, "review") == REVIEW
    assert result.review["t4.review.total"].startswith("导入：取自报告正文")
    assert any("t4.review.total" in n.cells and "按报告正文" in n.message for n in result.notes)
    # the 行政诉讼 sentence gives only the sum of the two rows: they stay blank
    assert all(v is None for v in _t4(result, "suit_direct").values())
    assert all(v is None for v in _t4(result, "suit_after_review").values())


def test_without_the_sentence_the_row_stays_blank():
    result = import_text(_text("本年度政府信息公开工作平稳有序。"))
    assert all(v is None for v in _t4(result, "review").values())


def test_parts_that_do_not_add_up_are_not_used():
    said = SAID.replace("尚\n未审结 37 件", "尚\n未审结 38 件")
    result = import_text(_text(said))
    assert all(v is None for v in _t4(result, "review").values())


def test_figures_the_table_does_not_print_are_not_used():
    # the sentence is about other figures (last year's, say): the table prints 70, not 72
    table = {**REVIEW, "upheld": 70, "other": 180}
    result = import_text(_text(SAID, review=table))
    assert all(v is None for v in _t4(result, "review").values())


def test_a_table_that_reads_wins_over_the_sentence():
    report = consistent_report("2021", seed=5, unit="某某市人民政府", year=2024)
    text = render(report, "txt").replace("一、总体情况\n", "一、总体情况\n" + SAID + "\n", 1)
    result = import_text(text)
    assert {k: v for k, v in result.report.cells.items() if k.startswith("t4.")} == \
        {k: v for k, v in report.cells.items() if k.startswith("t4.")}
