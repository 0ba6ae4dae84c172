"""Any input gets a clear error or a partial import with its report — never a traceback — and
mutating a published report never puts a wrong number in a row the mutation did not touch."""
from __future__ import annotations

import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importer.helpers import LEGACY, same
from zwgk.errors import ZwgkError
from zwgk.importer import import_file, import_text
from zwgk.spec import load_spec


@pytest.mark.parametrize("data", [
    b"", b"\x00\x01\x02binary\xff\xfe" * 300, bytes(range(256)) * 40, b"%PDF-1.7\n%\xe2\xe3",
    "一篇普通的新闻稿，没有任何表格。".encode() * 50,
], ids=["empty", "binary", "bytes", "pdf", "article"])
def test_bad_inputs_give_a_clear_error(tmp_path, data):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(ZwgkError) as info:
        import_file(path)
    assert "x.txt" in str(info.value)


def test_other_kinds_of_documents(tmp_path):
    xlsx = tmp_path / "book.xlsx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ZwgkError):
        import_file(xlsx)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04not really a zip")
    with pytest.raises(ZwgkError):
        import_file(broken)
    with pytest.raises(ZwgkError):
        import_file(tmp_path / "missing.txt")


def test_ten_megabytes_of_text(tmp_path):
    seed = (LEGACY / "000_7f6376809d30ba6a.txt").read_text(encoding="utf-8")
    path = tmp_path / "big.txt"
    path.write_text(seed + "附件文字。" * (10 * 1024 * 1024 // 15), encoding="utf-8")
    result = import_file(path)                      # a partial import with its report, or better
    assert result.report.cells["t3.new.total"] == 0


def test_encodings(tmp_path):
    text = (LEGACY / "002_940e26fdc8c2d394.txt").read_text(encoding="utf-8")
    want = import_text(text).report.cells
    for enc in ("utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"):
        path = tmp_path / f"{enc}.txt"
        path.write_bytes(text.encode(enc))
        assert import_file(path).report.cells == want, enc


# --- mutations of the seeds --------------------------------------------------------------
ROW_SEEDS = ["000_7f6376809d30ba6a.txt", "001_b39e880f26e76352.txt", "003_599d29c635add8ba.txt"]


def _expected(name: str) -> dict:
    return json.loads((LEGACY / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def _touched(line: str, fmt: str) -> set[str]:
    """Cells whose row label (or, for 表四, values) sit on the mutated line."""
    from zwgk.importer.tables import row_patterns
    from zwgk.importer.text import fold

    spec = load_spec(fmt)
    folded = fold(line)
    out = set()
    for tid in ("t2", "t3"):
        for p in row_patterns(fmt, tid):
            if not p.key.startswith("-") and (p.full.search(folded) or any(r.search(folded) for r in p.loose)):
                out |= {c for c in spec.cells if c.startswith(f"{tid}.{p.key}.")}
    if sum(ch.isdigit() for ch in line) >= 10 or "\t0\t0\t0\t0\t0\t0\t0\t0" in line:
        out |= {c for c in spec.cells if c.startswith("t4.")}
    return out


mutation = st.tuples(
    st.sampled_from(ROW_SEEDS),
    st.integers(0, 10**6),
    st.sampled_from(["delete", "duplicate", "char", "insert", "swap"]),
    st.text(alphabet="0123456789 \t|/—一二三（）总计其他公开不予", min_size=1, max_size=6),
    st.integers(0, 10**6),
)


@settings(max_examples=int(__import__("os").environ.get("ZWGK_HYPO", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation)
def test_mutated_seeds_never_crash_nor_misplace(case):
    name, where, op, junk, other = case
    lines = (LEGACY / name).read_text(encoding="utf-8").split("\n")
    k, j = where % len(lines), other % len(lines)
    touched_lines = {k}
    if op == "delete":
        del lines[k]
    elif op == "duplicate":
        lines.insert(k, lines[k])
    elif op == "char" and lines[k]:
        pos = other % len(lines[k])
        lines[k] = lines[k][:pos] + junk[0] + lines[k][pos + 1:]
    elif op == "insert":
        pos = other % (len(lines[k]) + 1)
        lines[k] = lines[k][:pos] + junk + lines[k][pos:]
    elif op == "swap":
        lines[k], lines[j] = lines[j], lines[k]
        touched_lines.add(j)
    original = (LEGACY / name).read_text(encoding="utf-8").split("\n")
    want = _expected(name)
    touched = set().union(*(_touched(original[i], want["format"]) for i in touched_lines if i < len(original)))
    try:
        result = import_text("\n".join(lines))
    except ZwgkError:
        return                                           # a clear error is an acceptable outcome
    if result.report.format != want["format"]:
        return                                           # a mutated heading may change the format
    for cid, value in result.report.cells.items():
        truth = want["cells"].get(cid)
        if value is None or cid in touched or cid in result.inferred or truth is None:
            continue
        assert same(value, truth), (op, k, cid, value, truth)


ALL = sorted(p.name for p in LEGACY.glob("*.txt"))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ALL), st.integers(0, 10**6), st.integers(1, 400),
       st.text(max_size=40) | st.binary(max_size=40).map(lambda b: b.decode("latin-1")))
def test_any_cut_or_splice_never_crashes(name, start, length, junk):
    """Cut a piece out of any sample and splice arbitrary text in: a result or a ZwgkError."""
    text = (LEGACY / name).read_bytes().decode("utf-8", errors="replace")
    a = start % (len(text) + 1)
    mutated = text[:a] + junk + text[a + length:]
    try:
        result = import_text(mutated)
    except ZwgkError:
        return
    kinds = {c: cell.kind for c, cell in result.report.spec.cells.items()}
    for cid, value in result.report.cells.items():
        if value is not None and kinds[cid] == "count":
            assert isinstance(value, int) and value >= 0


def test_long_digit_runs_are_left_blank_quickly():
    import time

    from zwgk.spec import load_spec

    spec = load_spec("2021")
    parts = {p["id"]: p["label"] for p in spec.parts}
    label = spec.tables["t3"].row_path("new")[-1]
    text = (f"某某镇人民政府2023年政府信息公开工作年度报告\n{parts['t3']}\n{label}{'1' * 300}\n"
            f"{parts['t4']}\n总计{'7' * 300}\n")
    start = time.perf_counter()
    result = import_text(text)
    assert time.perf_counter() - start < 10
    assert result.report.cells["t3.new.natural"] is None and result.report.cells["t4.review.total"] is None
