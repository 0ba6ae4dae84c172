"""Safe file output: write beside the target, then rename; keep a backup before replacing a file.

Backups go into the folder `zwgk备份` beside the file (templates/workbook.yaml: backups.folder), as
`原名.bak.xlsx`, `原名.bak2.xlsx`, …; they are made under a temporary name and linked into place,
so a backup is never half-written, never replaces a file and never goes through a symbolic link.
Temporary files carry zwgk's mark, the writing process's id and its machine's
(`.原名.zwgk1234h5e2a-abcd1234.xlsx`), so those a killed run left behind are recognised and removed
by the next run in that folder (another machine's only when an hour old).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from zwgk.errors import FileBusyError


FIXED_TIME = _dt.datetime(2021, 1, 1)       # document and zip timestamps: same inputs, same bytes (zwgk.zips)
TEMP_NAME = re.compile(r"\..*\.zwgk(?P<pid>[0-9]+)h(?P<host>[0-9a-f]{4})-[a-z0-9_]{8}(\.[^.]*)?")
STALE_SECONDS = 3600                        # a temp file this old is stale even if its pid lives on


def follow_link(path) -> Path:
    """The file a symbolic link points to (written in its place, the link kept); other paths as given.

    A link pointing nowhere is refused: writing through it would put the file wherever it points.
    """
    path = Path(path)
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if not target.exists():
        raise FileBusyError.of("write.dangling_link", file=path)
    return target


@contextlib.contextmanager
def atomic_path(target):
    """Yield a temporary path in the target's folder; on success it replaces `target` atomically.

    A symbolic link is followed: its target is replaced and the link kept.
    """
    target = follow_link(target)
    if target.is_dir():
        raise FileBusyError.of("write.is_folder", file=target)
    check_writable(target)
    tmp = _temp_file(target.parent, target.stem, target.suffix, target)
    try:
        yield tmp
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _temp_file(folder: Path, stem: str, suffix: str, target: Path) -> Path:
    """A new empty file of zwgk's temporary naming in `folder`; stale ones of earlier runs removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temps(folder)
        prefix = f".{stem[:20]}.zwgk{os.getpid()}h{host_tag()}-"
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    except OSError as exc:
        raise FileBusyError.of("write.cannot_write_here", file=target, reason=exc.strerror or exc) from None
    os.close(fd)
    return Path(tmp)


def clean_stale_temps(folder) -> list[Path]:
    """Remove temporary files of zwgk's naming that a killed run left in `folder`; returns them.

    Only ours, and only stale ones: their process is gone, or they are older than an hour.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = TEMP_NAME.fullmatch(entry.name)
        if found and entry.is_file(follow_symlinks=False) and _stale(entry, int(found["pid"]), found["host"]):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def host_tag() -> str:
    """Four hex digits naming this machine, so a run on another one sharing the folder is let be."""
    import hashlib
    import socket

    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]


def _stale(entry, pid: int, host: str) -> bool:
    try:
        age = time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if age > STALE_SECONDS:
        return True
    if host != host_tag() or os.name != "posix":   # its process cannot be asked (os.kill ends it on Windows)
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:                         # alive, owned by another user
        return False
    return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(target: Path) -> None:
    """Refuse, in words, a target that is read-only or open in Excel/WPS (its ~$ owner file)."""
    locks = ("~$" + target.name[2:], "~$" + target.name, f".~lock.{target.name}#")   # Excel/WPS, LibreOffice
    for lock in (target.with_name(name) for name in locks):
        if lock.exists():
            raise FileBusyError.of("write.open_elsewhere", file=target)
    if target.exists() and not os.access(target, os.W_OK):
        raise FileBusyError.of("write.read_only", file=target)


def backup_folder(path) -> Path:
    """The folder beside `path` where zwgk keeps its backups (templates/workbook.yaml: backups)."""
    from zwgk.wording import words

    return Path(path).parent / words("workbook")["backups"]["folder"]


def is_backup(path) -> bool:
    """A file zwgk kept as a backup: inside a backup folder, or named the old way (x.bak.xlsx, x.bak2.xlsx)."""
    path = Path(path)
    from zwgk.wording import words

    if words("workbook")["backups"]["folder"] in path.parts[:-1]:
        return True
    return re.fullmatch(r".+\.bak[0-9]*", path.stem) is not None


def backup(path) -> Path:
    """Keep a copy of `path` as `zwgk备份/原名.bak.xlsx` (then .bak2, …) before it is replaced.

    A copy equal to an earlier backup of the same file is not made twice: that backup is returned.
    """
    path = follow_link(path)
    folder = _backup_dir(path)
    data = path.read_bytes()
    names = [f"{path.stem}.bak{'' if n == 1 else n}{path.suffix}" for n in range(1, 10_000)]
    for name in names:
        earlier = folder / name
        if not os.path.lexists(earlier):
            break
        if _same_file_bytes(earlier, data):
            return earlier
    tmp = _temp_file(folder, path.stem, path.suffix, path)
    try:
        tmp.write_bytes(data)
        shutil.copystat(path, tmp)
        for name in names:
            try:
                os.link(tmp, folder / name)   # never replaces a file or a link, never follows one
                return folder / name
            except FileExistsError:
                continue
            except OSError:                   # a file system without hard links
                if _exclusive_copy(tmp, folder / name):
                    return folder / name
        raise FileBusyError.of("write.too_many_backups", file=folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def backup_note(saved: Path) -> str:
    """Where a backup is, for the clerk: “zwgk备份/原名.bak.xlsx”, beside her file."""
    return f"{saved.parent.name}/{saved.name}"


def _backup_dir(path: Path) -> Path:
    folder = backup_folder(path)
    try:
        folder.mkdir(exist_ok=True)
        mode = os.lstat(folder).st_mode
    except OSError as exc:
        raise FileBusyError.of("write.no_backup_folder", file=folder, reason=exc.strerror or exc) from None
    if not stat.S_ISDIR(mode):
        raise FileBusyError.of("write.backup_folder_taken", file=folder)
    return folder


def _same_file_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) \
            and path.read_bytes() == data
    except OSError:
        return False


def _exclusive_copy(source: Path, target: Path) -> bool:
    """Copy to a new file that must not exist yet (not even as a link); False when it does."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as out:
        out.write(source.read_bytes())
    shutil.copystat(source, target)
    return True


def backup_existing(path) -> Path | None:
    """Back up the file at `path` before an output replaces it; None when there is none yet."""
    path = follow_link(path)
    if not path.is_file():
        return None
    check_writable(path)                    # refused before a backup is made, not after
    return backup(path)
