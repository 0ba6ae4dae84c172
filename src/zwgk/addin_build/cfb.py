"""MS-CFB version 3 compound files (512-byte sectors): read with olefile, write our own.

The model is the directory itself: a list of `Entry` indexed by stream ID, whose
left/right/child fields are stream IDs.  `read_entries` takes it from an existing file, so
a rewrite keeps the storage tree, names, colours, CLSIDs, state bits and timestamps exactly;
`entries_from_tree` makes a fresh, valid red-black tree for new files.  `write_entries`
lays the file out in one fixed order (regular streams by stream ID, the mini stream, the
mini FAT, the directory, the FAT, the DIFAT), so equal input gives equal bytes.
"""
from __future__ import annotations

import io
import struct
import uuid
from dataclasses import dataclass, field

import olefile

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
NOSTREAM = 0xFFFFFFFF
FREESECT, ENDOFCHAIN, FATSECT, DIFSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1
_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_HEADER_DIFAT = 109
_PER_SECTOR = SECTOR // 4  # sector numbers in one FAT, mini FAT or DIFAT sector
_DIRENTRY = struct.Struct("<64sHBBIII16sIQQIII")


@dataclass
class Entry:
    """One directory entry; `data` is the stream's bytes (empty for storages)."""

    name: str
    kind: int
    data: bytes = b""
    color: int = BLACK
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    clsid: bytes = bytes(16)
    state_bits: int = 0
    created: int = 0
    modified: int = 0
    path: tuple[str, ...] = field(default=(), compare=False)


def read_entries(data: bytes) -> list[Entry | None]:
    """The directory of a compound file, with stream contents; None marks unused entries."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        paths = _paths(ole.root)
        return [_entry(ole, d, paths.get(sid)) if d is not None else None
                for sid, d in enumerate(ole.direntries)]
    finally:
        ole.close()


def _paths(root) -> dict[int, tuple[str, ...]]:
    """Stream ID -> path below the root, for every reachable entry."""
    found: dict[int, tuple[str, ...]] = {root.sid: ()}
    todo = [(root, ())]
    while todo:
        node, prefix = todo.pop()
        for kid in node.kids:
            found[kid.sid] = prefix + (kid.name,)
            todo.append((kid, found[kid.sid]))
    return found


def _entry(ole, d, path) -> Entry:
    data = b""
    if d.entry_type == STREAM and path is not None:
        data = ole.openstream(list(path)).read()
    return Entry(name=d.name, kind=d.entry_type, data=data, color=d.color, left=d.sid_left,
                 right=d.sid_right, child=d.sid_child, clsid=_clsid_bytes(d.clsid),
                 state_bits=d.dwUserFlags, created=d.createTime, modified=d.modifyTime,
                 path=path or ())


def _clsid_bytes(text: str) -> bytes:
    return uuid.UUID(text).bytes_le if text else bytes(16)


def find(entries: list[Entry | None], *path: str) -> Entry:
    """The entry at `path` (names compared case-insensitively, as CFB does)."""
    want = tuple(p.upper() for p in path)
    for e in entries:
        if e is not None and tuple(p.upper() for p in e.path) == want:
            return e
    raise KeyError("/".join(path))


def cfb_key(name: str) -> tuple[int, str]:
    """MS-CFB sibling order: shorter names first, then by upper-cased UTF-16 code units."""
    return len(name.encode("utf-16-le")), name.upper()


def entries_from_tree(tree: dict, clsid: bytes = bytes(16)) -> list[Entry]:
    """Directory for a nested mapping {name: bytes | mapping}; siblings form a red-black tree."""
    entries = [Entry("Root Entry", ROOT, clsid=clsid)]
    entries[0].child = _add_children(entries, tree, ())
    return entries


def _add_children(entries: list[Entry], tree: dict, prefix: tuple[str, ...]) -> int:
    names = sorted(tree, key=cfb_key)
    sids = []
    for name in names:
        value = tree[name]
        kind = STREAM if isinstance(value, (bytes, bytearray)) else STORAGE
        entry = Entry(name, kind, bytes(value) if kind == STREAM else b"", path=prefix + (name,))
        entries.append(entry)
        sids.append(len(entries) - 1)
        if kind == STORAGE:
            entry.child = _add_children(entries, value, entry.path)
    return _balance(entries, sids, 0, len(sids), 0, _depth(len(sids)))


def _depth(count: int) -> int:
    """Depth of the deepest level of a balanced tree of `count` nodes (root is depth 0)."""
    return max(count.bit_length() - 1, 0)


def _balance(entries, sids, lo, hi, depth, deepest) -> int:
    """Balanced tree of sids[lo:hi]; nodes on an incomplete deepest level are red."""
    if lo >= hi:
        return NOSTREAM
    mid = (lo + hi) // 2
    node = entries[sids[mid]]
    full = len(sids) == (1 << (deepest + 1)) - 1
    node.color = RED if depth == deepest and depth > 0 and not full else BLACK
    node.left = _balance(entries, sids, lo, mid, depth + 1, deepest)
    node.right = _balance(entries, sids, mid + 1, hi, depth + 1, deepest)
    return sids[mid]


MINOR_VERSION = 0x003E   # MS-CFB 2.2: "SHOULD be set to 0x003E" (older writers put 0x0021)


def write_entries(entries: list[Entry | None], minor: int = MINOR_VERSION) -> bytes:
    """The bytes of a version 3 compound file holding `entries` (index = stream ID)."""
    layout = _Layout(entries)
    return layout.header(minor) + b"".join(layout.sectors)


class _Layout:
    """Places every chain in sectors and fills the FAT; see the module docstring for order."""

    def __init__(self, entries: list[Entry | None]):
        self.entries = entries
        self.sectors: list[bytes] = []
        self.fat: list[int] = []
        self.start: dict[int, int] = {}
        mini, minifat = self._mini_stream()
        for sid, e in enumerate(entries):
            if e is not None and e.kind == STREAM and len(e.data) >= MINI_CUTOFF:
                self.start[sid] = self._chain(e.data)
        self.mini_start = self._chain(mini) if mini else ENDOFCHAIN
        self.mini_size = len(mini)
        minifat += [FREESECT] * (-len(minifat) % _PER_SECTOR)   # MS-CFB 2.3: unused = FREESECT
        self.minifat_start = self._chain(_u32s(minifat)) if minifat else ENDOFCHAIN
        self.minifat_count = -(-len(minifat) // _PER_SECTOR)
        self.dir_start = self._chain(self._directory())
        self._fat_and_difat()

    def _mini_stream(self) -> tuple[bytes, list[int]]:
        """Concatenated small streams (64-byte aligned) and their mini FAT."""
        mini, minifat = bytearray(), []
        for sid, e in enumerate(self.entries):
            if e is None or e.kind != STREAM or not 0 < len(e.data) < MINI_CUTOFF:
                continue
            first = len(minifat)
            count = -(-len(e.data) // MINI_SECTOR)
            minifat += list(range(first + 1, first + count)) + [ENDOFCHAIN]
            mini += e.data.ljust(count * MINI_SECTOR, b"\x00")
            self.start[sid] = first
        return bytes(mini), minifat

    def _chain(self, data: bytes) -> int:
        """Append `data` as a chain of whole sectors; return its first sector."""
        first = len(self.sectors)
        count = -(-len(data) // SECTOR)
        for i in range(count):
            self.sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\x00"))
        self.fat += list(range(first + 1, first + count)) + [ENDOFCHAIN]
        return first

    def _directory(self) -> bytes:
        raw = b"".join(self._dir_entry(sid, e) for sid, e in enumerate(self.entries))
        per_sector = SECTOR // _DIRENTRY.size
        padding = -len(self.entries) % per_sector
        return raw + _unused_entry() * padding

    def _dir_entry(self, sid: int, e: Entry | None) -> bytes:
        if e is None:
            return _unused_entry()
        name = e.name.encode("utf-16-le")
        if len(name) > 62:
            raise ValueError(f"compound-file name longer than 31 characters: {e.name!r}")
        start, size = self._start_and_size(sid, e)
        return _DIRENTRY.pack(name + b"\x00\x00", len(name) + 2, e.kind, e.color, e.left,
                              e.right, e.child, e.clsid, e.state_bits, e.created, e.modified,
                              start, size, 0)

    def _start_and_size(self, sid: int, e: Entry) -> tuple[int, int]:
        if e.kind == ROOT:
            return self.mini_start, self.mini_size
        if e.kind == STORAGE:
            return 0, 0
        return self.start.get(sid, ENDOFCHAIN), len(e.data)

    def _fat_and_difat(self) -> None:
        """Add FAT and DIFAT sectors; their count depends on the total, so iterate."""
        used = len(self.sectors)
        n_fat = n_difat = 0
        while True:
            n_difat = max(0, -(-(n_fat - _HEADER_DIFAT) // (_PER_SECTOR - 1)))
            if (n_fat * _PER_SECTOR) >= used + n_fat + n_difat:
                break
            n_fat += 1
        self.fat_sectors = list(range(used, used + n_fat))
        self.difat_sectors = list(range(used + n_fat, used + n_fat + n_difat))
        fat = self.fat + [FATSECT] * n_fat + [DIFSECT] * n_difat
        fat += [FREESECT] * (n_fat * _PER_SECTOR - len(fat))
        table = _u32s(fat)
        self.sectors += [table[i * SECTOR:(i + 1) * SECTOR] for i in range(n_fat)]
        self.sectors += self._difat_sectors()

    def _difat_sectors(self) -> list[bytes]:
        rest = self.fat_sectors[_HEADER_DIFAT:]
        out = []
        for i, sector in enumerate(self.difat_sectors):
            part = rest[i * (_PER_SECTOR - 1):(i + 1) * (_PER_SECTOR - 1)]
            part += [FREESECT] * (_PER_SECTOR - 1 - len(part))
            nxt = self.difat_sectors[i + 1] if i + 1 < len(self.difat_sectors) else ENDOFCHAIN
            out.append(_u32s(part + [nxt]))
        return out

    def header(self, minor: int) -> bytes:
        difat = self.fat_sectors[:_HEADER_DIFAT]
        difat += [FREESECT] * (_HEADER_DIFAT - len(difat))
        first_difat = self.difat_sectors[0] if self.difat_sectors else ENDOFCHAIN
        head = struct.pack(
            "<8s16sHHHHH6sIIIIIIIII", _MAGIC, bytes(16), minor, 3, 0xFFFE, 9, 6, bytes(6),
            0, len(self.fat_sectors), self.dir_start, 0, MINI_CUTOFF, self.minifat_start,
            self.minifat_count, first_difat, len(self.difat_sectors))
        return head + _u32s(difat)


def _u32s(values: list[int]) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)


def _unused_entry() -> bytes:
    return _DIRENTRY.pack(b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0, 0, 0, 0)
