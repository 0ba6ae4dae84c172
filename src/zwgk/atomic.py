"""Safe file output: write beside the target, then rename; keep a backup before replacing an input."""
from __future__ import annotations

import contextlib
import datetime as _dt
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from zwgk.errors import FileBusyError


FIXED_TIME = _dt.datetime(2021, 1, 1)       # document timestamps: same inputs, same bytes


def fixed_zip(data: bytes) -> bytes:
    """The same zip package with every entry dated FIXED_TIME, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_TIME.timetuple()[:6])
            info.compress_type, info.external_attr = item.compress_type, item.external_attr
            dst.writestr(info, src.read(item))
    return out.getvalue()


@contextlib.contextmanager
def atomic_path(target):
    """Yield a temporary path in the target's folder; on success it replaces `target` atomically."""
    target = Path(target)
    if target.is_dir():
        raise FileBusyError("这是一个文件夹，请给出要写入的文件名", file=str(target))
    check_writable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise FileBusyError(f"无法在此处写入（{exc.strerror or exc}）", file=str(target)) from None
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(target: Path) -> None:
    """Refuse, in words, a target that is read-only or open in Excel/WPS (its ~$ owner file)."""
    locks = ("~$" + target.name[2:], "~$" + target.name, f".~lock.{target.name}#")   # Excel/WPS, LibreOffice
    for lock in (target.with_name(name) for name in locks):
        if lock.exists():
            raise FileBusyError("文件正在被 Excel、WPS 或 LibreOffice 打开，请先关闭后再试", file=str(target))
    if target.exists() and not os.access(target, os.W_OK):
        raise FileBusyError("文件是只读的，无法写入；请取消只读属性或另存到其他位置", file=str(target))


def backup_folder(path) -> Path:
    """The folder beside `path` where zwgk keeps its backups (templates/workbook.yaml: backups)."""
    from zwgk.spec import load_ui

    return Path(path).parent / load_ui()["backups"]["folder"]


def is_backup(path) -> bool:
    """A file zwgk kept as a backup: inside a backup folder, or named the old way (x.bak.xlsx, x.bak2.xlsx)."""
    import re

    path = Path(path)
    from zwgk.spec import load_ui

    if load_ui()["backups"]["folder"] in path.parts[:-1]:
        return True
    return re.fullmatch(r".+\.bak[0-9]*", path.stem) is not None


def backup(path) -> Path:
    """Copy `path` to `name.bak.xlsx` (then .bak2, …) beside it, before it is rewritten in place."""
    path = Path(path)
    n, candidate = 1, path.with_name(f"{path.stem}.bak{path.suffix}")
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.bak{n}{path.suffix}")
    shutil.copy2(path, candidate)
    return candidate
