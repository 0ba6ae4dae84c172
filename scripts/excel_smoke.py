"""Press every button of zwgk.xlam in real Excel, through COM (pywin32), and print a pass/fail table.

Windows with Excel 2010 or later and this Python (with zwgk installed) only; run it through
scripts/excel-smoke.ps1, or `python scripts/excel_smoke.py [--keep]`.  What it does:

  1. builds zwgk.xlam into a temporary folder and starts a separate Excel (DispatchEx), with
     alerts off and "Trust access to the VBA project object model" on for this run only (the
     user's registry value is put back at the end);
  2. opens the add-in, checks that the VBA project is named zwgk and compiles it (VBE: Debug →
     Compile; the command greys out only when the compile succeeded);
  3. points the add-in at this Python for this session only (its config sheet, renamed in memory,
     never saved), so nothing in the user's files changes;
  4. presses each button through `RibbonMyAddin.RunButton id, tag` (what OnAction runs) on a
     copy of a sample unit report: 校验 must mark the cells zwgk's checks name (fill colour and
     comment, the 校验结果 sheet, the hidden store), 清除标记 must restore them, 导出报告 must
     write .docx and .html, 新建报表 a new workbook, 帮助 a message naming the buttons; 导入 and
     汇总 must open their file dialogs (cancelled here) without an error; with no workbook open
     校验 must answer with the need-a-workbook message and 帮助 must still work; a report opened
     in Protected View must get the same message.

Every message box or dialog that appears is read and closed by a watcher thread, so a run never
hangs on one.  Exit code 0 when every row passes.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

if os.name != "nt":
    sys.exit("excel_smoke.py drives Excel through COM: Windows with Excel only")

import pythoncom  # noqa: E402 - pywin32, which xlwings brings on Windows
import win32api  # noqa: E402
import win32con  # noqa: E402
import win32gui  # noqa: E402
import win32process  # noqa: E402
import winreg  # noqa: E402
from win32com.client import DispatchEx  # noqa: E402

from zwgk.addin import plan_check  # noqa: E402
from zwgk.addin_build.build import RIBBON_MODULE, build_addin  # noqa: E402
from zwgk.addin_build.ribbon import NO_WORKBOOK_TAG, buttons, load_messages, load_spec  # noqa: E402
from zwgk.resources import data_dir  # noqa: E402
from zwgk.workbook.marker import words  # noqa: E402

SAMPLE = "吉林街道2024.xlsx"          # a unit report of samples/district with findings
COMPILE_CONTROL = 578                # VBE: Debug > Compile VBAProject
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000   # not in every pywin32 win32con


class DialogWatcher(threading.Thread):
    """Reads and closes every dialog (#32770) of Excel or of a Python process while the run lasts
    (other programs' dialogs are left alone)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.seen: list[str] = []
        self.running = True
        self.excel_pid = None

    def ours(self, hwnd) -> bool:
        _, pid = win32process.GetWindowThreadProcessId(hwnd)
        if pid == self.excel_pid:
            return True
        try:
            handle = win32api.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        except win32api.error:
            return False
        try:
            return Path(win32process.GetModuleFileNameEx(handle, 0)).name.lower().startswith("python")
        except win32api.error:
            return False
        finally:
            win32api.CloseHandle(handle)

    def run(self) -> None:
        while self.running:
            win32gui.EnumWindows(self._visit, None)
            time.sleep(0.2)

    def _visit(self, hwnd, _):
        if win32gui.GetClassName(hwnd) != "#32770" or not win32gui.IsWindowVisible(hwnd) or not self.ours(hwnd):
            return True
        texts = [win32gui.GetWindowText(hwnd)]
        win32gui.EnumChildWindows(hwnd, lambda child, acc: acc.append(win32gui.GetWindowText(child)), texts)
        self.seen.append("\n".join(t for t in texts if t))
        for button in (win32con.IDCANCEL, win32con.IDOK):      # cancel file dialogs, OK messages
            try:
                control = win32gui.GetDlgItem(hwnd, button)
            except win32gui.error:
                continue
            if control:
                win32gui.PostMessage(control, win32con.BM_CLICK, 0, 0)
                return True
        win32gui.PostMessage(hwnd, win32con.WM_CLOSE, 0, 0)
        return True

    def since(self, start: int) -> str:
        return "\n---\n".join(self.seen[start:])


class VbomAccess:
    """Turn on AccessVBOM for the installed Excel versions; put the old values back after."""

    def __enter__(self):
        self.old = {}
        for version in ("14.0", "15.0", "16.0"):
            key = rf"Software\Microsoft\Office\{version}\Excel\Security"
            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_ALL_ACCESS) as k:
                    try:
                        self.old[key] = winreg.QueryValueEx(k, "AccessVBOM")[0]
                    except FileNotFoundError:
                        self.old[key] = None
                    winreg.SetValueEx(k, "AccessVBOM", 0, winreg.REG_DWORD, 1)
            except FileNotFoundError:
                continue
        return self

    def __exit__(self, *exc):
        for key, value in self.old.items():
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_ALL_ACCESS) as k:
                if value is None:
                    winreg.DeleteValue(k, "AccessVBOM")
                else:
                    winreg.SetValueEx(k, "AccessVBOM", 0, winreg.REG_DWORD, value)


class Run:
    """The rows of the table: (what, seconds, passed, detail)."""

    def __init__(self):
        self.rows: list[tuple[str, float, bool, str]] = []

    def step(self, what: str, fn) -> object:
        start = time.perf_counter()
        try:
            result = fn()
            passed, detail = (result if isinstance(result, tuple) else (bool(result), ""))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a row of the table
            result, passed, detail = None, False, f"{type(exc).__name__}: {exc}"
        self.rows.append((what, time.perf_counter() - start, passed, detail))
        return result

    def table(self) -> str:
        lines = [f"{'':4s} {'step':44s} {'s':>6s}  detail"]
        for what, seconds, passed, detail in self.rows:
            lines.append(f"{'PASS' if passed else 'FAIL':4s} {what:44s} {seconds:6.2f}  {detail[:160]}")
        return "\n".join(lines)


def interpreter() -> str:
    folder = Path(sys.executable).parent
    return str(folder / "pythonw.exe") if (folder / "pythonw.exe").exists() else sys.executable


def point_at_this_python(addin) -> bool:
    """Rename the add-in's config sheet to zwgk.conf (in memory) and set Interpreter_Win."""
    sheet = addin.Worksheets("_zwgk.conf")
    sheet.Name = "zwgk.conf"
    for row in range(1, 40):
        if str(sheet.Cells(row, 1).Value or "").lower() == "interpreter_win":
            sheet.Cells(row, 2).Value = interpreter()
            return True
    raise RuntimeError("the add-in's config sheet has no Interpreter_Win row")


def compile_project(xl, addin) -> tuple[bool, str]:
    project = addin.VBProject
    xl.VBE.ActiveVBProject = project
    control = xl.VBE.CommandBars.FindControl(Type=1, Id=COMPILE_CONTROL)
    if control.Enabled:
        control.Execute()
    names = sorted(c.Name for c in project.VBComponents)
    return (project.Name == "zwgk" and not control.Enabled and RIBBON_MODULE in names,
            f"project {project.Name}, modules {', '.join(names)}")


def press(xl, button: dict) -> None:
    tag = "" if button.get("needs_workbook", True) else NO_WORKBOOK_TAG
    xl.Run("'zwgk.xlam'!RibbonMyAddin.RunButton", button["id"], tag)


def marks_written(book, plan) -> tuple[bool, str]:
    w = words()
    names = [s.Name for s in book.Worksheets]
    wrong = []
    for m in plan.marks:
        cell = book.Worksheets(m.sheet).Range(m.cell)
        r, g, b = (int(m.color[i:i + 2], 16) for i in (0, 2, 4))
        comment = cell.Comment.Text() if cell.Comment is not None else ""
        if cell.Interior.Color != r + 256 * g + 65536 * b or w["comment_head"] not in comment:
            wrong.append(f"{m.sheet}!{m.cell}")
    store_hidden = w["store"] in names and book.Worksheets(w["store"]).Visible == 2
    return (w["sheet"] in names and store_hidden and not wrong and plan.marks != [],
            f"{len(plan.marks)} marks; wrong: {', '.join(wrong) or 'none'}")


def marks_cleared(book, plan, fills: dict) -> tuple[bool, str]:
    w = words()
    names = [s.Name for s in book.Worksheets]
    changed = [k for k, color in fills.items()
               if book.Worksheets(k[0]).Range(k[1]).Interior.Color != color]
    return (w["sheet"] not in names and w["store"] not in names and not changed,
            f"fills not restored: {changed or 'none'}")


class Session:
    """One Excel with the add-in open; each method adds rows to the table."""

    def __init__(self, folder: Path, run: Run, watcher: DialogWatcher):
        self.folder, self.run, self.watcher = folder, run, watcher
        self.by_id = {b["id"]: b for b in buttons(load_spec())}
        self.messages = load_messages()
        self.sample = folder / SAMPLE
        self.xl = None

    def start(self) -> None:
        xlam = self.run.step("build zwgk.xlam", lambda: build_addin(self.folder / "dist"))
        self.xl = DispatchEx("Excel.Application")
        self.xl.Visible, self.xl.DisplayAlerts = True, False
        self.watcher.excel_pid = win32process.GetWindowThreadProcessId(self.xl.Hwnd)[1]
        addin = self.run.step("open zwgk.xlam", lambda: self.xl.Workbooks.Open(str(xlam)))
        self.run.step("compile the VBA project", lambda: compile_project(self.xl, addin))
        self.run.step("use this Python (session only)", lambda: point_at_this_python(addin))

    def press(self, key: str, pause: float = 0.5) -> str:
        """Press a button; the text of every dialog shown meanwhile."""
        mark = len(self.watcher.seen)
        press(self.xl, self.by_id[key])
        time.sleep(pause)
        return self.watcher.since(mark)

    def with_workbook(self) -> None:
        shutil.copyfile(data_dir("samples", "district") / "district" / SAMPLE, self.sample)
        book = self.xl.Workbooks.Open(str(self.sample))
        plan = expected_plan(self.sample)
        fills = {(m.sheet, m.cell): book.Worksheets(m.sheet).Range(m.cell).Interior.Color for m in plan.marks}
        step = self.run.step
        step("校验 marks the cells", lambda: (self.press("btnCheck"), marks_written(book, plan))[1])
        step("清除标记 restores them", lambda: (self.press("btnClear"), marks_cleared(book, plan, fills))[1])
        step("导出报告 writes .docx and .html", lambda: (self.press("btnExport"), all(
            (self.folder / f"{self.sample.stem}{s}").exists() for s in (".docx", ".html")))[1])
        count = self.xl.Workbooks.Count
        step("新建报表 opens a new report", lambda: (self.press("btnNew"), self.xl.Workbooks.Count == count + 1)[1])
        failed = self.messages["failed"].strip()[:8]
        for key in ("btnImport", "btnRollup"):
            step(f"{self.by_id[key]['label']} opens its dialog cleanly",
                 lambda key=key: clean(self.press(key), failed))

    def without_workbook(self) -> None:
        for wb in list(self.xl.Workbooks):
            if not wb.IsAddin:
                wb.Close(SaveChanges=False)
        need = self.messages["need_workbook"]
        self.run.step("no workbook: 校验 asks for one", lambda: says(self.press("btnCheck"), need))
        count = self.xl.Workbooks.Count
        self.run.step("no workbook: 帮助 still answers", lambda: (
            says(self.press("btnHelp"), self.by_id["btnNew"]["label"])[0] and self.xl.Workbooks.Count == count,
            f"{count} -> {self.xl.Workbooks.Count} workbooks"))

    def protected_view(self) -> None:
        self.xl.ProtectedViewWindows.Open(str(self.sample))
        self.run.step("Protected View: 校验 asks to enable editing",
                      lambda: says(self.press("btnCheck"), self.messages["need_workbook"]))

    def close(self) -> None:
        if self.xl is not None:
            self.xl.DisplayAlerts = False
            self.xl.Quit()


def expected_plan(sample: Path):
    """What zwgk's own checks say about the sample (the marks 校验 must write)."""
    from python_calamine import CalamineWorkbook

    cal = CalamineWorkbook.from_path(str(sample))
    grids = {n: cal.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in cal.sheet_names}
    return plan_check(grids, {}, sample.name)


def says(text: str, expected: str) -> tuple[bool, str]:
    return expected in text, text[:120]


def clean(text: str, failed: str) -> tuple[bool, str]:
    """No error shown: no traceback, no add-in failure, no handler error."""
    return not any(b in text for b in ("Traceback", failed, "处理工作簿")), text[:120]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (workbooks written)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="zwgk-smoke-"))
    run, watcher = Run(), DialogWatcher()
    watcher.start()
    pythoncom.CoInitialize()
    session = Session(folder, run, watcher)
    try:
        with VbomAccess():
            for part in (session.start, session.with_workbook, session.without_workbook, session.protected_view):
                run.step("section: " + part.__name__.replace("_", " "), lambda part=part: (part(), (True, ""))[1])
    finally:
        session.close()
        watcher.running = False
        pythoncom.CoUninitialize()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(run.table())
    failed = sum(not passed for _, _, passed, _ in run.rows)
    print(f"\n{len(run.rows) - failed} passed, {failed} failed" + (f"; files in {folder}" if args.keep else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
