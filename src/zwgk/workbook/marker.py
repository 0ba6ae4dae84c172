"""Write findings into a report workbook (openpyxl), and take them out again exactly.

`mark(path, findings)` gives each finding's cell a red (错误) or yellow (警告) fill and a comment
(批注) with its sentence, and adds a 校验结果 sheet whose rows link to the cells.  The clerk's own
fill and comment of every marked cell are remembered in a very hidden sheet, so `clear_marks`
restores them exactly; marking always clears old marks first, so marking twice gives the same
workbook and a corrected cell loses its mark.  A backup is kept beside the file and the file is
replaced atomically; a file open in Excel/WPS/LibreOffice or read-only is refused in words.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from zwgk.atomic import atomic_path, backup, check_writable
from zwgk.checks.wording import checks_data
from zwgk.errors import FileBusyError, UnreadableFileError, ZwgkError
from zwgk.findings import Finding

RESULT = "#result"          # the store row naming the 校验结果 sheet
STORE_HEAD = ["sheet", "cell", "fill", "has_comment", "text", "author", "width", "height"]
# Parts openpyxl would silently drop on saving: refuse rather than lose the clerk's work.
LOST_PARTS = {"xl/charts/": "图表", "xl/drawings/drawing": "图片、形状或图表",
              "xl/pivotTables/": "数据透视表", "xl/slicers/": "切片器", "xl/timelines/": "日程表",
              "xl/activeX/": "ActiveX 控件", "xl/ctrlProps/": "表单控件",
              "xl/threadedComments/": "新式批注（线程批注）"}
# Excel 2010 extensions inside a sheet that openpyxl drops (lists from other sheets, data bars).
LOST_EXTENSIONS = {b"<x14:dataValidations": "引用其他工作表的数据验证",
                   b"<x14:conditionalFormattings": "扩展条件格式（数据条、图标集）",
                   b"<x14:sparklineGroups": "迷你图"}


def words() -> dict:
    return checks_data()["marks"]


def mark(path, findings: list[Finding], summary: str = "", keep_backup: bool = True) -> Path | None:
    """Mark `findings` in the workbook at `path` in place, old marks cleared first.

    Returns the backup's path (the path itself with `keep_backup=False`, for a copy made to be
    marked), or None when nothing had to change (no findings, no old marks).
    """
    path = Path(path)
    book = _load(path)
    had_marks = clear_book(book)
    if not findings and not had_marks:
        return None
    if findings:
        mark_book(book, findings, summary or default_summary(findings, path.name))
    return _save(book, path, keep_backup)


def clear_marks(path) -> Path | None:
    """Remove zwgk's marks, restoring the clerk's fills and comments; None when there were none."""
    path = Path(path)
    book = _load(path)
    if not clear_book(book):
        return None
    return _save(book, path)


def has_marks(book) -> bool:
    return words()["store"] in book.sheetnames


# --- file handling ---------------------------------------------------------------------------
def markable(path: Path) -> None:
    """Refuse, in words, a file that cannot be marked: not .xlsx/.xlsm, missing, or holding
    parts openpyxl would drop."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ZwgkError("只能在 .xlsx 或 .xlsm 工作簿中标记；请先另存为 .xlsx", file=path.name)
    if not path.exists():
        raise UnreadableFileError("文件不存在", file=str(path))
    _refuse_lossy(path)


def _load(path: Path):
    import openpyxl

    markable(path)
    _check_writable(path)
    try:
        return openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)
    except Exception as exc:  # zip, xml or openpyxl's own errors
        raise UnreadableFileError(f"无法打开以写入标记（{type(exc).__name__}）", file=path.name) from None


def _refuse_lossy(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            sheets = b"".join(zf.read(n) for n in names if n.startswith("xl/worksheets/sheet"))
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFileError("文件已损坏或不是 .xlsx 工作簿", file=path.name) from None
    lost = [label for prefix, label in LOST_PARTS.items() if any(n.startswith(prefix) for n in names)]
    lost += [label for tag, label in LOST_EXTENSIONS.items() if tag in sheets]
    if lost:
        raise ZwgkError(f"工作簿中有{'、'.join(lost)}，写入标记会丢失它们，因此未作改动；"
                        "请在副本上标记，或不加 --mark 只查看校验结果", file=path.name)


def _check_writable(path: Path) -> None:
    """check_writable, and the read-only attribute itself (os.access says yes to root)."""
    check_writable(path)
    if not path.stat().st_mode & 0o222:
        raise FileBusyError("文件是只读的，无法写入；请取消只读属性或另存到其他位置", file=str(path))


def _save(book, path: Path, keep_backup: bool = True) -> Path:
    _check_writable(path)
    saved = backup(path) if keep_backup else path
    with atomic_path(path) as tmp:
        book.save(tmp)
    return saved


# --- what to mark (plain data, also for the add-in, which marks through Excel itself) -------
@dataclass(frozen=True)
class CellMark:
    """One marked cell: its fill colour (RRGGBB) and the sentences of its comment."""

    sheet: str
    cell: str
    level: str
    color: str
    sentences: tuple[str, ...]

    def comment(self, own: str | None = None) -> str:
        """The comment text: the clerk's own comment (kept), then zwgk's sentences."""
        text = words()["comment_head"] + "\n" + "\n".join(self.sentences)
        return f"{own.rstrip(chr(10))}\n\n{text}" if own else text


def cell_marks(findings: list[Finding]) -> list[CellMark]:
    """One mark per cell to look at (each finding's first address); red if any error there."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.addresses:
            groups.setdefault(f.addresses[0], []).append(f)
    out = []
    for address, group in groups.items():
        sheet, ref = address.split("!", 1)
        level = "error" if any(f.is_error for f in group) else "warning"
        out.append(CellMark(sheet, ref, level, words()["fill"][level], tuple(f.message for f in group)))
    return out


def result_rows(findings: list[Finding]) -> list[tuple[list, str | None]]:
    """Rows of the 校验结果 sheet (编号 … 差额), each with its link target "'表三'!J5"."""
    rows = []
    for n, f in enumerate(findings, start=1):
        refs = [a.split("!", 1)[1] for a in f.addresses]
        cells = "、".join(refs[:3]) + ("…" if len(refs) > 3 else "")
        sheet = f.addresses[0].split("!")[0] if f.addresses else ""
        link = f"'{sheet}'!{refs[0]}" if refs else None
        rows.append(([n, f.level_label, sheet, cells, f.message, f.left, f.right, f.diff], link))
    return rows


def default_summary(findings: list[Finding], name: str) -> str:
    errors = sum(f.is_error for f in findings)
    return checks_data()["report"]["summary"].format(name=name, errors=errors,
                                                     warnings=len(findings) - errors)


# --- marking with openpyxl ---------------------------------------------------------------------
def mark_book(book, findings: list[Finding], summary: str = "") -> None:
    """Mark findings in an open openpyxl workbook that carries no marks."""
    store = []
    for m in cell_marks(findings):
        if m.sheet not in book.sheetnames:
            continue
        cell = book[m.sheet][m.cell]
        store.append(_remember(m.sheet, m.cell, cell))
        _paint(cell, m)
    result = _result_sheet(book, findings, summary)
    _store_sheet(book, [[RESULT, result.title]] + store)


def _remember(sheet: str, ref: str, cell) -> list:
    from openpyxl.xml.functions import tostring

    fill = tostring(cell.fill.to_tree()).decode("utf-8")
    c = cell.comment
    if c is None:
        return [sheet, ref, fill, 0, None, None, None, None]
    # JSON-quoted, so text starting with "=" is never taken for a formula
    return [sheet, ref, fill, 1, json.dumps(c.text, ensure_ascii=False),
            json.dumps(c.author, ensure_ascii=False), c.width, c.height]


def _paint(cell, m: CellMark) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    cell.fill = PatternFill("solid", fgColor="FF" + m.color, bgColor="FF" + m.color)
    text = m.comment(cell.comment.text if cell.comment is not None else None)
    lines = text.count("\n") + 1 + len(text) // 30
    cell.comment = Comment(text, words()["author"], height=min(400, 20 + 15 * lines), width=300)


def _result_sheet(book, findings: list[Finding], summary: str):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    from zwgk.workbook.styles import wrapped_height

    w = words()
    ws = book.create_sheet(w["sheet"])
    ws.cell(1, 1, w["title"].format(summary=summary)).font = Font(bold=True)
    for i, (head, width) in enumerate(zip(w["columns"], w["widths"]), start=1):
        ws.cell(2, i, head).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    for row, (values, link) in enumerate(result_rows(findings), start=3):
        for i, value in enumerate(values, start=1):
            ws.cell(row, i, value)
        ws.cell(row, 2).fill = PatternFill("solid", fgColor="FF" + w["fill"][findings[row - 3].level])
        ws.cell(row, 5).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = wrapped_height(values[4], w["widths"][4], line=15)
        for col in (4, 5) if link else ():
            ws.cell(row, col).hyperlink = Hyperlink(ref=ws.cell(row, col).coordinate, location=link)
            ws.cell(row, col).font = Font(color="FF0563C1", underline="single")
    ws.freeze_panes = "A3"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9      # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "2:2"
    return ws


def _store_sheet(book, store: list[list]) -> None:
    ws = book.create_sheet(words()["store"])
    ws.append(STORE_HEAD)
    for row in store:
        ws.append(row)
    ws.sheet_state = "veryHidden"


# --- clearing --------------------------------------------------------------------------------
def store_records(rows: list) -> tuple[list[dict], str | None]:
    """The marks store's rows (head row first) as records by STORE_HEAD, and the result sheet's name.

    A store re-saved by LibreOffice may hold rich text: its plain text is the record.
    """
    records, result = [], None
    for row in rows[1:]:
        record = {k: (str(v) if v is not None and not isinstance(v, (str, int, float)) else v)
                  for k, v in zip(STORE_HEAD, list(row) + [None] * len(STORE_HEAD))}
        if record["sheet"] == RESULT:
            result = record["cell"]
        elif record["sheet"]:
            records.append(record)
    return records, result


def clear_book(book) -> bool:
    """Take zwgk's marks out of an open workbook; False when it had none."""
    w = words()
    if w["store"] not in book.sheetnames:
        return False
    store = book[w["store"]]
    records, result = store_records(list(store.iter_rows(values_only=True)))
    for record in records:
        if record["sheet"] in book.sheetnames:
            _restore(book[record["sheet"]][record["cell"]], record)
    book.remove(store)
    if result in book.sheetnames:
        book.remove(book[result])
    return True


def _restore(cell, record: dict) -> None:
    """The clerk's fill and comment back, unless she changed them since the marking."""
    from openpyxl.comments import Comment

    w = words()
    colors = {"FF" + c for c in w["fill"].values()}
    if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in colors:
        cell.fill = _recorded_fill(str(record["fill"] or "none"))
    ours = cell.comment is not None and w["comment_head"] in (cell.comment.text or "")
    if ours:
        cell.comment = None
        if record["has_comment"]:
            author = json.loads(record["author"]) if record["author"] else w["author"]
            cell.comment = Comment(json.loads(record["text"]), author,
                                   height=record["height"] or 79, width=record["width"] or 144)


def _recorded_fill(fill: str):
    """A fill as remembered: openpyxl's <fill> XML, or the add-in's "rgb:RRGGBB" / "none"."""
    from openpyxl.styles import PatternFill
    from openpyxl.styles.fills import Fill
    from openpyxl.xml.functions import fromstring

    if fill == "none":
        return PatternFill()
    if fill.startswith("rgb:"):
        return PatternFill("solid", fgColor="FF" + fill[4:], bgColor="FF" + fill[4:])
    return Fill.from_tree(fromstring(fill))
