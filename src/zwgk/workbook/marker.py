"""Write findings into a report workbook (openpyxl), and take them out again exactly.

`mark(path, findings)` gives each finding's cell a red (错误) or yellow (警告) fill and a comment
(批注) with its sentence, and adds a 校验结果 sheet whose rows link to the cells.  The clerk's own
fill and comment of every marked cell are remembered in a very hidden sheet, so `clear_marks`
restores them exactly; marking always clears old marks first, so marking twice gives the same
workbook and a corrected cell loses its mark; only zwgk's own lines leave a comment, so a reply
the clerk typed under them stays.  A backup is kept in `zwgk备份` beside the file and the file is
replaced atomically (a symbolic link is followed: its target is marked, the link kept); a file open
in Excel/WPS/LibreOffice or read-only, or holding parts openpyxl would drop, is refused in words.
"""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from zwgk.atomic import atomic_path, backup, backup_folder, check_writable, clean_stale_temps, follow_link
from zwgk.errors import FileBusyError, UnreadableFileError, ZwgkError
from zwgk.findings import Finding
from zwgk.spec import load_checks as checks_data

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
SHEET_EXTENSIONS = {"{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}": LOST_EXTENSIONS[b"<x14:dataValidations"],
                    "{78C0D931-6437-407D-A8EE-F0AAD7539E65}": LOST_EXTENSIONS[b"<x14:conditionalFormattings"],
                    "{05C60535-1F16-4FD2-B633-F4F36F0B64E0}": LOST_EXTENSIONS[b"<x14:sparklineGroups"],
                    "{A8765BA9-456A-4DAB-B4F3-ACF838C121DE}": "切片器", "{3A4CF648-6AED-40F4-86FF-DC5316D8AED3}": "切片器",
                    "{7E03D99C-DC04-49D9-9315-930204A7B6E9}": "日程表"}
# Parts openpyxl reads and writes back (or that are safely rebuilt: calcChain, printer settings,
# thumbnail); any other part would be dropped on saving, so a workbook holding one is refused.
KEPT_PARTS = re.compile("|".join((
    r"\[Content_Types\]\.xml", r"_rels/\.rels", r"docProps/(app|core|custom)\.xml",
    r"docProps/thumbnail\.\w+", r"xl/workbook\.xml", r"xl/_rels/workbook\.xml\.rels",
    r"xl/worksheets/sheet\d+\.xml", r"xl/worksheets/_rels/sheet\d+\.xml\.rels", r"xl/styles\.xml",
    r"xl/sharedStrings\.xml", r"xl/theme/theme\d+\.xml", r"xl/comments\d*\.xml",
    r"xl/comments/comment\d+\.xml", r"xl/drawings/(vmlDrawing|commentsDrawing)\d+\.vml",
    r"xl/calcChain\.xml",
    r"xl/printerSettings/printerSettings\d+\.bin", r"xl/tables/table\d+\.xml",
    r"xl/externalLinks/(_rels/)?externalLink\d+\.xml(\.rels)?", r"xl/persons/person\.xml",
    r".*/")))                                  # folder entries some zip tools write
# …and in an .xlsm: the VBA project and the Office 2007 ribbon (openpyxl relinks only that one)
KEPT_IN_XLSM = re.compile(r"xl/vbaProject\.bin|xl/vbaProjectSignature\w*\.bin|xl/_rels/vbaProject\.bin\.rels"
                          r"|customUI/(customUI\.xml|_rels/customUI\.xml\.rels|images/[^/]+)")
# What the parts most often met are, in words; any other is named by its path.
PART_NAMES = {"customXml/": "自定义 XML 数据（customXml）", "xl/metadata.xml": "动态数组或单元格元数据",
              "xl/embeddings/": "嵌入的对象（OLE、Word 或其他文件）", "xl/media/": "图片或媒体文件",
              "xl/connections.xml": "数据连接", "xl/queryTables/": "查询表", "xl/richData/": "单元格中的图片或数据类型",
              "xl/model/": "数据模型", "xl/webextensions/": "Office 加载项内容", "xl/vbaProject.bin": "宏（VBA）",
              "xl/macrosheets/": "宏表", "xl/dialogsheets/": "对话框表", "xl/chartsheets/": "图表工作表"}


def words() -> dict:
    return checks_data()["marks"]


def mark(path, findings: list[Finding], summary: str = "", keep_backup: bool = True) -> Path | None:
    """Mark `findings` in the workbook at `path` in place, old marks cleared first.

    Returns the backup's path (the path itself with `keep_backup=False`, for a copy made to be
    marked), or None when nothing had to change (no findings, no old marks).
    """
    path = _file_of(path)
    book = _load(path)
    had_marks = clear_book(book)
    if not findings and not had_marks:
        return None
    if findings:
        mark_book(book, findings, summary or default_summary(findings, path.name))
    return _save(book, path, keep_backup)


def clear_marks(path) -> Path | None:
    """Remove zwgk's marks, restoring the clerk's fills and comments; None when there were none."""
    path = _file_of(path)
    book = _load(path)
    if not clear_book(book):
        return None
    return _save(book, path)


def has_marks(book) -> bool:
    return words()["store"] in book.sheetnames


# --- file handling ---------------------------------------------------------------------------
def _file_of(path) -> Path:
    """The file to rewrite: a symbolic link's target; temp files a killed run left there removed."""
    path = follow_link(path)
    clean_stale_temps(path.parent)
    clean_stale_temps(backup_folder(path))
    return path


def markable(path: Path) -> None:
    """Refuse, in words, a file that cannot be marked: not .xlsx/.xlsm, missing, or holding
    parts openpyxl would drop."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ZwgkError("只能在 .xlsx 或 .xlsm 工作簿中标记；请先另存为 .xlsx", file=path.name)
    if not path.exists():
        raise UnreadableFileError("文件不存在", file=str(path))
    from zwgk.workbook.inspect import inspect_workbook

    inspect_workbook(path)          # every sheet bounded (openpyxl loads them all), no zip bomb
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
    lost += [label for label in _extension_labels(sheets) if label not in lost]
    lost += _unknown_parts([n for n in names if not any(n.startswith(p) for p in LOST_PARTS)],
                           path.suffix.lower() == ".xlsm")
    if lost:
        raise ZwgkError(f"工作簿中有{'、'.join(lost)}，写入标记会丢失它们，因此未作改动；"
                        "请在副本上标记，或不加 --mark 只查看校验结果", file=path.name)


def _extension_labels(sheets: bytes) -> list[str]:
    """openpyxl drops every extension (<ext uri=…>) of a sheet: what those in `sheets` are."""
    out: list[str] = []
    for uri in re.findall(rb"<(?:[\w.-]+:)?ext\b[^>]*?\buri\s*=\s*[\"']([^\"']*)", sheets):
        uri = uri.decode("utf-8", "replace").upper()
        label = SHEET_EXTENSIONS.get(uri, f"工作表扩展内容（{uri}）")
        if label not in out:
            out.append(label)
    return out


def _unknown_parts(names: list[str], macros: bool) -> list[str]:
    """Labels of the parts openpyxl would not write back, each family named once."""
    out: list[str] = []
    for name in names:
        if KEPT_PARTS.fullmatch(name) or (macros and KEPT_IN_XLSM.fullmatch(name)):
            continue
        label = next((v for k, v in PART_NAMES.items() if name.startswith(k)), f"部件 {name}")
        if label not in out:
            out.append(label)
    return out


def _check_writable(path: Path) -> None:
    """check_writable, and the read-only attribute itself (os.access says yes to root)."""
    check_writable(path)
    if not path.stat().st_mode & 0o222:
        raise FileBusyError("文件是只读的，无法写入；请取消只读属性或另存到其他位置", file=str(path))


def _save(book, path: Path, keep_backup: bool = True) -> Path:
    _check_writable(path)
    _mend_legacy_drawings(book)
    saved = backup(path) if keep_backup else path
    with atomic_path(path) as tmp:
        book.save(tmp)
    return saved


def _mend_legacy_drawings(book) -> None:
    """An .xlsm keeps each sheet's link to its comments' drawing (VML); openpyxl writes that link
    even when the comments are gone and reads the drawing from the old package.  A sheet without
    comments, or whose drawing the package does not hold, gets a fresh one (or none)."""
    if book.vba_archive is None:
        return
    held = set(book.vba_archive.namelist())
    for ws in book.worksheets:
        has_comments = any(c.comment is not None for c in ws._cells.values())
        if ws.legacy_drawing is not None and (not has_comments or ws.legacy_drawing not in held):
            ws.legacy_drawing = None


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
    for m in _anchored(book, cell_marks(findings)):
        cell = book[m.sheet][m.cell]
        store.append(_remember(m.sheet, m.cell, cell))
        _paint(cell, m)
    result = _result_sheet(book, findings, summary)
    _store_sheet(book, [[RESULT, result.title]] + store)


def _anchored(book, marks: list[CellMark]) -> list[CellMark]:
    """The marks on the workbook's sheets, each on the cell that can carry it: a cell inside a
    merged range is marked at the range's top-left cell (marks meeting there are joined)."""
    out: dict[tuple[str, str], CellMark] = {}
    for m in marks:
        if m.sheet not in book.sheetnames:
            continue
        ref = _anchor(book[m.sheet], m.cell)
        if ref is None:                     # overlapping merged ranges: listed in 校验结果 only
            continue
        key = (m.sheet, ref)
        if key in out:
            level = "error" if "error" in (m.level, out[key].level) else "warning"
            m = replace(out[key], level=level, color=words()["fill"][level],
                        sentences=out[key].sentences + m.sentences)
        out[key] = replace(m, cell=ref)
    return list(out.values())


def _anchor(ws, ref: str) -> str | None:
    """The cell carrying marks for `ref`: itself, or the top-left cell of the merged range it lies in."""
    from openpyxl.cell.cell import MergedCell

    for _ in range(8):
        if not isinstance(ws[ref], MergedCell):
            return ref
        ref = next((r.start_cell.coordinate for r in ws.merged_cells.ranges
                    if ref in r and r.start_cell.coordinate != ref), None)
        if ref is None:
            return None
    return None


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
    if not (isinstance(result, str) and re.fullmatch(re.escape(w["sheet"]) + r"[0-9]*", result)):
        result = None                       # only a sheet zwgk made is ever removed
    ours = _our_lines(book[result]) if result in book.sheetnames else None
    for record in records:
        cell = _recorded_cell(book, record)
        if cell is not None:
            _restore(cell, record, ours)
    book.remove(store)
    if result in book.sheetnames:
        book.remove(book[result])
    return True


def _recorded_cell(book, record: dict):
    """The cell a store row names, or None when the row names none (a damaged store)."""
    from openpyxl.utils.cell import coordinate_to_tuple

    if record["sheet"] not in book.sheetnames or not isinstance(record["cell"], str):
        return None
    try:
        row, col = coordinate_to_tuple(record["cell"])
    except Exception:                       # openpyxl's own coordinate errors among them
        return None
    if not (1 <= row <= 1_048_576 and 1 <= col <= 16_384):
        return None
    return book[record["sheet"]].cell(row, col)


def _our_lines(result_sheet) -> set[str]:
    return our_lines(result_sheet.iter_rows(values_only=True))


def our_lines(result_rows) -> set[str]:
    """The lines zwgk wrote into comments: the comment head and every finding's sentence,
    as the 校验结果 sheet lists them (column 说明, from its third row); `result_rows` are that
    sheet's rows of values, however they were read (openpyxl, or Excel through the add-in)."""
    lines = {words()["comment_head"]}
    for row in list(result_rows)[2:]:
        if len(row) > 4 and isinstance(row[4], str):
            lines.update(row[4].split("\n"))
    return lines


def comment_after_clear(current: str, own: str | None, ours: set[str] | None) -> str | None:
    """The comment a marked cell keeps when the marks are cleared: the clerk's own as recorded,
    or, when she typed a reply into zwgk's comment, her text without zwgk's lines."""
    left = _without(current, ours) if ours is not None else None
    if left is None or left == (own or "").strip("\n"):
        return own
    return left


def _restore(cell, record: dict, ours: set[str] | None = None) -> None:
    """The clerk's fill and comment back, unless she changed them since the marking; what she
    typed into zwgk's comment (a reply) stays in her comment."""
    w = words()
    colors = {"FF" + c for c in w["fill"].values()}
    if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in colors:
        cell.fill = _recorded_fill(str(record["fill"] or "none"))
    if cell.comment is None or w["comment_head"] not in (cell.comment.text or ""):
        return
    own = _recorded_text(record) if record["has_comment"] else None
    left = comment_after_clear(cell.comment.text, own, ours)
    if left == own:
        cell.comment = _recorded_comment(record, own)
    else:
        from openpyxl.comments import Comment

        author = _recorded_text(record, "author") if record["has_comment"] else None
        author = author or cell.comment.author
        cell.comment = Comment(left, author, height=cell.comment.height, width=cell.comment.width)


def _without(text: str, ours: set[str]) -> str:
    """A comment's text without zwgk's lines, the blank lines they leave closed up."""
    kept = [line for line in (text or "").replace("\r\n", "\n").split("\n") if line not in ours]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def _recorded_text(record: dict, key: str = "text") -> str | None:
    """A JSON-quoted text of the store; None when missing or damaged."""
    try:
        value = json.loads(record[key]) if isinstance(record[key], str) else None
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _recorded_comment(record: dict, own: str | None):
    from openpyxl.comments import Comment

    if own is None:
        return None
    author = _recorded_text(record, "author") or words()["author"]
    return Comment(own, author, height=record["height"] or 79, width=record["width"] or 144)


def _recorded_fill(fill: str):
    """A fill as remembered: openpyxl's <fill> XML, or the add-in's "rgb:RRGGBB" / "none"."""
    from openpyxl.styles import PatternFill
    from openpyxl.styles.fills import Fill
    from openpyxl.xml.functions import fromstring

    try:
        if fill.startswith("rgb:"):
            return PatternFill("solid", fgColor="FF" + fill[4:], bgColor="FF" + fill[4:])
        if fill != "none":
            return Fill.from_tree(fromstring(fill))
    except Exception:                       # a damaged store: XML, colour or openpyxl's own errors
        pass
    return PatternFill()
