"""Every file zwgk reads passes here before a parser sees it.

Only regular files are opened (a named pipe, a device or a socket is refused in words, so
`/dev/zero` or a pipe called x.xlsx never hangs a run); sizes are bounded while reading, never
taken from `st_size`; a zip package (.xlsx/.xlsm/.docx/.ods) is measured part by part, by
inflating each part with a limit, so a zip bomb or a part whose header lies is refused before
any library inflates it.
"""
from __future__ import annotations

import errno
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from zwgk.errors import UnreadableFileError

MB = 1024 * 1024
MAX_FILE = 64 * MB            # no annual report, as a workbook or a Word file, comes near this
MAX_PART = 48 * MB            # one part of a package, inflated
MAX_PACKAGE = 160 * MB        # all parts of a package, inflated
MAX_RATIO = 200               # inflated / stored, for parts over RATIO_FROM
RATIO_FROM = 2 * MB
MAX_ENTRIES = 5000            # parts in a package
MAX_DIRECTORY = 4 * MB        # a package's central directory
DEFLATE_MAX_RATIO = 1032      # no deflate stream inflates more than this


def refuse(path, code: str, **params) -> UnreadableFileError:
    """The error of catalogue `code` (templates/problems/read.yaml) for the file at `path`."""
    return UnreadableFileError.of(code, file=path, **params)


def open_regular(path) -> int:
    """A file descriptor on `path`, which must be a regular file; refuses everything else in words.

    Opened non-blocking, so a named pipe answers at once instead of waiting for a writer."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise refuse(path, "read.missing") from None
    except PermissionError:
        raise refuse(path, "read.no_permission") from None
    except IsADirectoryError:
        raise refuse(path, "read.is_folder") from None
    except OSError as exc:
        reason = "符号链接循环" if exc.errno == errno.ELOOP else exc.strerror
        raise refuse(path, "read.cannot_open", reason=reason) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _not_regular(path, mode: int) -> UnreadableFileError:
    if stat.S_ISDIR(mode):
        return refuse(path, "read.is_folder")
    kind = ("命名管道" if stat.S_ISFIFO(mode) else "设备" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "套接字" if stat.S_ISSOCK(mode) else "特殊文件")
    return refuse(path, "read.not_regular", kind=kind)


def check_regular(path, limit: int = MAX_FILE) -> None:
    """`path` is a regular file no longer than `limit` bytes (for readers that open it themselves)."""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size      # a regular file's size is its length
    finally:
        os.close(fd)
    if size > limit:
        raise _too_big(path, size, limit)


def read_head(path, n: int) -> bytes:
    """The first `n` bytes of a regular file (fewer when it is shorter)."""
    fd = open_regular(path)
    try:
        return os.read(fd, n)
    except OSError as exc:
        raise refuse(path, "read.read_failed", reason=exc.strerror) from None
    finally:
        os.close(fd)


def read_bounded(path, limit: int = MAX_FILE) -> bytes:
    """The bytes of a regular file, read at most `limit` + 1 of them; a file beyond is refused."""
    fd = open_regular(path)
    chunks, total = [], 0
    try:
        while total <= limit:
            chunk = os.read(fd, min(1 * MB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise refuse(path, "read.read_failed", reason=exc.strerror) from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_big(path, None, limit)
    return b"".join(chunks)


def _too_big(path, size: int | None, limit: int) -> UnreadableFileError:
    """`size` None: read up to the limit and found longer."""
    if size is None:
        return refuse(path, "read.too_long", limit=limit // MB)
    return refuse(path, "read.too_big", size=f"{size / MB:.0f}", limit=limit // MB)


# --- zip packages -----------------------------------------------------------------------------
def open_package(path, limit: int = MAX_FILE) -> zipfile.ZipFile:
    """A zip package measured part by part: every part inflates (really, not as its header
    says) to at most MAX_PART bytes, the whole to MAX_PACKAGE, no part beyond MAX_RATIO."""
    check_regular(path, limit)
    try:
        _check_directory(path)
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
        raise refuse(path, "read.bad_zip") from None
    try:
        _measure(path, package)
    except BaseException:
        package.close()
        raise
    return package


def _check_directory(path) -> None:
    """The end record's entry count and directory size, before zipfile builds one object per entry."""
    with open(path, "rb") as fp:
        fp.seek(0, os.SEEK_END)
        size = fp.tell()
        fp.seek(max(0, size - 65557))
        tail = fp.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise zipfile.BadZipFile
    entries, directory = struct.unpack("<HI", tail[at + 10:at + 16])
    if entries > MAX_ENTRIES or directory > MAX_DIRECTORY:
        raise refuse(path, "read.too_many_parts", entries=entries)


def _measure(path, package: zipfile.ZipFile) -> None:
    """Declared sizes first; then, unless the stored bytes could not inflate beyond the limits
    even at deflate's greatest ratio (a small package), the real sizes, inflating each part."""
    infos = [info for info in package.infolist() if not info.is_dir()]
    for info in infos:
        declared = info.file_size
        if declared > MAX_PART or (declared > RATIO_FROM and declared > MAX_RATIO * max(1, info.compress_size)):
            raise _bomb(path, info.filename, declared)
    if sum(info.compress_size for info in infos) * DEFLATE_MAX_RATIO <= MAX_PACKAGE:
        return
    total = 0
    with open(path, "rb") as fp:
        for info in infos:
            real = inflated_size(fp, info, MAX_PART)
            if real > MAX_PART or (real > RATIO_FROM and real > MAX_RATIO * max(1, info.compress_size)):
                raise _bomb(path, info.filename, real)
            total += real
            if total > MAX_PACKAGE:
                raise _bomb(path, info.filename, total)


def _bomb(path, part: str, size: int) -> UnreadableFileError:
    return refuse(path, "read.zip_bomb", size=size // MB, part=part)


def _to_data(fp, info: zipfile.ZipInfo) -> None:
    """Seek `fp` to the part's stored bytes, past its local header."""
    fp.seek(info.header_offset)
    head = fp.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(info.filename)
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)


def inflated_size(fp, info: zipfile.ZipInfo, limit: int) -> int:
    """How many bytes the part really inflates to, counting no further than `limit` + 1."""
    _to_data(fp, info)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        return left
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise UnreadableFileError.of("read.unsupported_compression", file=str(getattr(fp, "name", "")) or None,
                                     method=info.compress_type, part=info.filename)
    inflater, total = zlib.decompressobj(-15), 0
    try:
        while left > 0 and not inflater.eof and total <= limit:
            data = fp.read(min(left, 256 * 1024))
            if not data:
                break
            left -= len(data)
            total += len(inflater.decompress(data, limit + 1 - total))
            while inflater.unconsumed_tail and total <= limit:
                total += len(inflater.decompress(inflater.unconsumed_tail, limit + 1 - total))
    except zlib.error:
        raise zipfile.BadZipFile(info.filename) from None
    return total


def read_part(path, package: zipfile.ZipFile, name: str, limit: int = MAX_PART) -> bytes:
    """One part of a measured package, inflated with zlib straight from the file (no more than
    `limit` bytes); a missing or broken part is refused, naming it."""
    try:
        info = package.getinfo(name)
        data = _inflated(package.fp, info, limit)
    except KeyError:
        raise refuse(path, "read.missing_part", part=name) from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError, AttributeError):
        raise refuse(path, "read.broken_part", part=name) from None
    if len(data) > limit:
        raise _bomb(path, name, len(data))
    return data


def _inflated(fp, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile(info.filename)
    _to_data(fp, info)
    raw = fp.read(info.compress_size)
    if len(raw) < info.compress_size:
        raise zipfile.BadZipFile(info.filename)            # truncated
    if info.compress_type == zipfile.ZIP_STORED:
        return raw[:limit + 1]
    inflater = zlib.decompressobj(-15)
    data = inflater.decompress(raw, limit + 1)
    if not inflater.eof and len(data) <= limit:
        raise zipfile.BadZipFile(info.filename)            # the deflate stream stops short
    return data


# --- memory ------------------------------------------------------------------------------------
READ_HEADROOM = 2 * 1024 ** 3     # address space a reading child or worker may add (ZWGK_WORKER_HEADROOM_MB)


def limit_memory(headroom: int | None = None) -> None:
    """This process may grow by `headroom` bytes of address space beyond what it has now (by
    default READ_HEADROOM, or ZWGK_WORKER_HEADROOM_MB): a read that runs away then fails
    (MemoryError, or the library aborts) instead of the machine."""
    headroom = headroom or int(os.environ.get("ZWGK_WORKER_HEADROOM_MB") or 0) * MB or READ_HEADROOM
    try:
        import resource

        with open("/proc/self/statm") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = now + headroom
        if soft != resource.RLIM_INFINITY:
            limit = min(soft, limit)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def quiet_stderr() -> None:
    """In a reading child: what a crashing library prints (a Rust panic and its backtrace) is
    not shown; the parent tells what happened in words."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
