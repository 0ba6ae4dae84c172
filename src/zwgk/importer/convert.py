"""Old Word and WPS files (.doc, .wps, .rtf; .et) converted by LibreOffice headless.

The kind of a file is read from its content, not only its name: an OLE compound file (magic
D0CF11E0) holding a WordDocument stream is a Word or WPS text document, one holding a Workbook
stream a spreadsheet; an RTF file is a text document whatever its suffix.  LibreOffice is found
on PATH or in its usual Windows folders (ZWGK_SOFFICE names it, or `none` to do without); it runs
with a throw-away profile, a time limit, into a temporary folder.  Without it, the clerk is told
to save the file as .docx/.xlsx from WPS or Word.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from zwgk.errors import UnreadableFileError, ZwgkError
from zwgk.wording import words

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT = 120          # seconds for one conversion
WORD, SHEET = "word", "sheet"
_WORD_SUFFIXES = {".doc", ".dot", ".wps", ".wpt", ".rtf"}
_SHEET_SUFFIXES = {".et", ".ett", ".xls", ".xlt"}
_SAVED_AS = {WORD: ".docx", SHEET: ".xlsx"}
_DEFAULT = {WORD: ".doc", SHEET: ".xls"}       # the name a misnamed file is given for LibreOffice
_TARGET = {WORD: "docx:MS Word 2007 XML", SHEET: "xlsx:Calc MS Excel 2007 XML"}


def office_kind(path: Path, head: bytes | None = None) -> str | None:
    """WORD or SHEET for an old Office/WPS document, by content (then suffix); None otherwise."""
    if head is None:
        try:
            with open(path, "rb") as f:
                head = f.read(8)
        except OSError:
            return None
    suffix = path.suffix.lower()
    if head.startswith(b"{\\rtf"):
        return WORD
    if not head.startswith(CFB):
        return None
    streams = _streams(path)
    if "encryptedpackage" in streams:
        raise UnreadableFileError.of("import.encrypted", file=str(path))
    if "worddocument" in streams:
        return WORD
    if "workbook" in streams or "book" in streams:
        return SHEET
    return WORD if suffix in _WORD_SUFFIXES else SHEET if suffix in _SHEET_SUFFIXES else None


def _streams(path: Path) -> set[str]:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return {entry[-1].lower() for entry in ole.listdir(streams=True, storages=False)}
    except (OSError, ValueError, IndexError, TypeError):
        return set()


def soffice() -> str | None:
    """The LibreOffice program: ZWGK_SOFFICE (a path, or `none`), else on PATH, else (Windows,
    macOS, where installers do not touch PATH) in its usual install folders."""
    setting = os.environ.get("ZWGK_SOFFICE", "").strip()
    if setting:
        return None if setting.lower() == "none" else setting if Path(setting).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for exe in _installed():
        if exe.is_file():
            return str(exe)
    return None


ON_WINDOWS, ON_MAC = os.name == "nt", sys.platform == "darwin"


def _installed() -> list[Path]:
    if ON_MAC:
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    if not ON_WINDOWS:
        return []
    roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
    roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
    out = [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in roots if r]
    if os.environ.get("LOCALAPPDATA"):
        out.append(Path(os.environ["LOCALAPPDATA"]) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    return out


@contextmanager
def converted(path: Path, kind: str, timeout: int = TIMEOUT):
    """The file converted to .docx (WORD) or .xlsx (SHEET), in a temporary folder removed after."""
    target = _SAVED_AS[kind]
    names = dict(words("importer")["office"][kind], target=target)      # what the file is, the programs that save it
    exe = soffice()
    if exe is None:
        raise UnreadableFileError.of("import.no_libreoffice", file=str(path), **names)
    with tempfile.TemporaryDirectory(prefix="zwgk-convert-") as tmp:
        tmp = Path(tmp)
        known = _WORD_SUFFIXES if kind == WORD else _SHEET_SUFFIXES
        source = tmp / f"source{path.suffix.lower() if path.suffix.lower() in known else _DEFAULT[kind]}"
        shutil.copyfile(path, source)
        _run([exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--norestore",
              "--convert-to", _TARGET[kind], "--outdir", str(tmp / "out"), str(source)], timeout, path, names)
        out = tmp / "out" / f"source{target}"
        if not out.is_file() or out.stat().st_size == 0:
            raise UnreadableFileError.of("import.conversion_failed", file=str(path), **names)
        try:
            yield out
        except ZwgkError as exc:             # what is wrong with the converted copy is said of the clerk's file
            if exc.file != str(out):
                raise
            moved = replace(exc.problem, location=replace(exc.problem.location, file=str(path)))
            raise type(exc)(moved) from None


def _run(cmd: list[str], timeout: int, path: Path, names: dict) -> None:
    """Run LibreOffice; on time-out stop it and everything it started."""
    new_group = {"start_new_session": True} if os.name != "nt" else {}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **new_group)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise UnreadableFileError.of("import.conversion_timeout", file=str(path), seconds=timeout, **names) from None


def _stop(proc: subprocess.Popen) -> None:
    import signal

    try:
        if os.name != "nt":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass
    proc.wait()
