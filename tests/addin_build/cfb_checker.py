"""A strict MS-CFB (version 3) checker, written from the spec and independent of zwgk's writer.

`problems(data)` lists every way `data` departs from MS-CFB: header fields (2.2), the DIFAT,
FAT and mini FAT (2.3-2.5: every sector in exactly one chain, chains that end, lengths that
match the sizes, FREESECT in every unused entry, FATSECT/DIFSECT marks), the directory
(2.6: unused entries zeroed, names, types, start and size of storages, stream times) and the
directory tree (every entry reached once, siblings in CFB order, no red node with a red child, the
top of each sibling tree black).
An empty list means the file is exact.
"""
from __future__ import annotations

import struct

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, DIFSECT, MAXREGSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFA
NOSTREAM = 0xFFFFFFFF
PER = SECTOR // 4


def u32s(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 4}I", data))


class Checker:
    def __init__(self, data: bytes):
        self.data, self.found = data, []
        self.count = (len(data) - SECTOR) // SECTOR
        self.owner: dict[int, str] = {}

    def problem(self, text: str) -> None:
        self.found.append(text)

    def sector(self, n: int) -> bytes:
        return self.data[SECTOR * (n + 1):SECTOR * (n + 2)]

    # --- header -----------------------------------------------------------------------------
    def header(self) -> None:
        d = self.data
        if len(d) < SECTOR or (len(d) - SECTOR) % SECTOR:
            self.problem(f"file size {len(d)} is not a whole number of 512-byte sectors")
        fields = struct.unpack_from("<8s16sHHHHH6sIIIIIIIII", d, 0)
        (magic, clsid, minor, major, order, shift, mini_shift, reserved, n_dir, self.n_fat,
         self.dir_start, txn, cutoff, self.minifat_start, self.n_minifat, self.difat_start,
         self.n_difat) = fields
        expect = {"signature": (magic, bytes.fromhex("D0CF11E0A1B11AE1")), "CLSID": (clsid, bytes(16)),
                  "minor version": (minor, 0x3E), "major version": (major, 3), "byte order": (order, 0xFFFE),
                  "sector shift": (shift, 9), "mini sector shift": (mini_shift, 6), "reserved": (reserved, bytes(6)),
                  "directory sector count": (n_dir, 0), "transaction signature": (txn, 0),
                  "mini stream cutoff": (cutoff, CUTOFF)}
        for name, (got, want) in expect.items():
            if got != want:
                self.problem(f"header {name} is {got!r}, must be {want!r}")

    # --- DIFAT and FAT ----------------------------------------------------------------------
    def fat(self) -> None:
        difat = u32s(self.data[76:SECTOR])
        listed = difat[:self.n_fat]
        if any(x != FREESECT for x in difat[self.n_fat:]):
            self.problem("unused header DIFAT entries are not FREESECT")
        difat_sectors, nxt = [], self.difat_start
        while nxt != ENDOFCHAIN and len(difat_sectors) <= self.count:
            if nxt > MAXREGSECT or nxt >= self.count:
                self.problem(f"DIFAT chain points at {nxt:#x}")
                break
            difat_sectors.append(nxt)
            entries = u32s(self.sector(nxt))
            listed += entries[:PER - 1]
            nxt = entries[PER - 1]
        if len(difat_sectors) != self.n_difat:
            self.problem(f"header says {self.n_difat} DIFAT sectors, chain has {len(difat_sectors)}")
        rest = listed[self.n_fat:]
        if any(x != FREESECT for x in rest):
            self.problem("unused DIFAT entries are not FREESECT")
        self.fat_sectors = listed[:self.n_fat]
        self.table = [x for s in self.fat_sectors for x in u32s(self.sector(s))]
        for s in self.fat_sectors:
            self.claim(s, "FAT")
            if self.table[s] != FATSECT:
                self.problem(f"FAT sector {s} is not marked FATSECT")
        for s in difat_sectors:
            self.claim(s, "DIFAT")
            if self.table[s] != DIFSECT:
                self.problem(f"DIFAT sector {s} is not marked DIFSECT")
        if len(self.table) < self.count:
            self.problem("the FAT does not cover every sector of the file")
        if any(x != FREESECT for x in self.table[self.count:]):
            self.problem("FAT entries beyond the end of the file are not FREESECT")

    def claim(self, sector: int, what: str) -> None:
        if sector in self.owner:
            self.problem(f"sector {sector} belongs to both {self.owner[sector]} and {what}")
        self.owner[sector] = what

    def chain(self, start: int, what: str, table: list[int] | None = None, limit: int | None = None) -> list[int]:
        table = self.table if table is None else table
        limit = self.count if limit is None else limit
        out, sect = [], start
        while sect != ENDOFCHAIN:
            if sect > MAXREGSECT or sect >= limit or sect >= len(table) or len(out) > limit:
                self.problem(f"{what}: chain breaks at {sect:#x}")
                return out
            out.append(sect)
            sect = table[sect]
        return out

    # --- directory --------------------------------------------------------------------------
    def directory(self) -> None:
        sectors = self.chain(self.dir_start, "directory")
        for s in sectors:
            self.claim(s, "directory")
        raw = b"".join(self.sector(s) for s in sectors)
        if not raw:
            raise IndexError("no directory sectors")
        self.entries = [struct.unpack_from("<64sHBBIII16sIQQIII", raw, i) for i in range(0, len(raw), 128)]
        for sid, e in enumerate(self.entries):
            self.entry(sid, e)

    def entry(self, sid: int, e) -> None:
        name, name_len, kind, color, left, right, child, clsid, bits, made, changed, start, size, high = e
        if kind == 0:
            if (name, name_len, color, clsid, bits, made, changed, start, size, high) != (
                    bytes(64), 0, 0, bytes(16), 0, 0, 0, 0, 0, 0) or (left, right, child) != (NOSTREAM,) * 3:
                self.problem(f"unused directory entry {sid} is not zeroed (siblings/child NOSTREAM)")
            return
        if kind not in (1, 2, 5) or (kind == 5) != (sid == 0):
            self.problem(f"entry {sid} has object type {kind}")
        if color not in (0, 1):
            self.problem(f"entry {sid} has colour {color}")
        if name_len % 2 or not 2 <= name_len <= 64 or name[name_len - 2:name_len] != b"\0\0":
            self.problem(f"entry {sid}: bad name length {name_len}")
        text = name[:max(name_len - 2, 0)].decode("utf-16-le", "replace")
        if any(c in text for c in "/\\:!") or name[name_len:] != bytes(64 - name_len):
            self.problem(f"entry {sid}: bad name {text!r}")
        if kind == 2 and (made or changed or child != NOSTREAM):
            self.problem(f"stream {text!r} has times or a child")
        if kind == 5 and made:
            self.problem("root entry has a creation time (MS-CFB 2.6.3: must be zero)")
        if kind == 1 and (start, size) != (0, 0):
            self.problem(f"storage {text!r} has start {start} / size {size}, must be 0")
        if high:
            self.problem(f"entry {sid}: stream size high part {high} in a version 3 file")

    # --- streams ----------------------------------------------------------------------------
    def streams(self) -> None:
        root = self.entries[0]
        mini_sectors = self.chain(root[11], "mini stream") if root[12] else []
        if root[12] and len(mini_sectors) != -(-root[12] // SECTOR):
            self.problem(f"mini stream: {len(mini_sectors)} sectors for {root[12]} bytes")
        for s in mini_sectors:
            self.claim(s, "mini stream")
        minifat_sectors = self.chain(self.minifat_start, "mini FAT") if self.minifat_start != ENDOFCHAIN else []
        if len(minifat_sectors) != self.n_minifat:
            self.problem(f"header says {self.n_minifat} mini FAT sectors, chain has {len(minifat_sectors)}")
        for s in minifat_sectors:
            self.claim(s, "mini FAT")
        minifat = [x for s in minifat_sectors for x in u32s(self.sector(s))]
        used_mini: set[int] = set()
        n_mini = root[12] // MINI
        for sid, e in enumerate(self.entries):
            if e[2] != 2:
                continue
            size, start = e[12], e[11]
            if size == 0:
                continue
            if size < CUTOFF:
                got = self.chain(start, f"stream {sid} (mini)", minifat, n_mini)
                want = -(-size // MINI)
                for m in got:
                    if m in used_mini:
                        self.problem(f"mini sector {m} used twice")
                    used_mini.add(m)
            else:
                got = self.chain(start, f"stream {sid}")
                want = -(-size // SECTOR)
                for s in got:
                    self.claim(s, f"stream {sid}")
            if len(got) != want:
                self.problem(f"stream {sid}: chain of {len(got)} for {size} bytes (needs {want})")
        for i, x in enumerate(minifat):
            if i not in used_mini and x != FREESECT:
                self.problem(f"unused mini FAT entry {i} is {x:#x}, must be FREESECT")
        for s in range(self.count):
            if s not in self.owner and self.table[s] != FREESECT:
                self.problem(f"sector {s} is in no chain but its FAT entry is {self.table[s]:#x}")
            if s in self.owner and self.table[s] == FREESECT:
                self.problem(f"sector {s} ({self.owner[s]}) is marked FREESECT")

    # --- the tree ---------------------------------------------------------------------------
    def tree(self) -> None:
        seen: set[int] = set()
        self.walk_storage(0, seen)
        allocated = {sid for sid, e in enumerate(self.entries) if e[2] != 0}
        if seen != allocated:
            self.problem(f"directory entries not in the tree: {sorted(allocated - seen)}")
        if (self.entries[0][4], self.entries[0][5]) != (NOSTREAM, NOSTREAM):
            self.problem("root entry has siblings")

    def walk_storage(self, sid: int, seen: set[int]) -> None:
        seen.add(sid)
        top = self.entries[sid][6]
        if top == NOSTREAM:
            return
        if self.entries[top][3] != 1:
            self.problem(f"the root of the sibling tree under entry {sid} is not black")
        order: list[int] = []
        self.walk_siblings(top, seen, order, 0)
        keys = [self.key(s) for s in order]
        if keys != sorted(keys) or len(set(keys)) != len(keys):
            self.problem(f"children of entry {sid} are not in CFB order")
        for s in order:
            if self.entries[s][2] == 1:
                self.walk_storage(s, seen)

    def walk_siblings(self, sid: int, seen: set[int], order: list[int], depth: int) -> None:
        """In-order walk, checking MS-CFB 2.6.4's rules (no red node with a red child; the
        spec allows an all-black tree, so black heights are not compared)."""
        if sid == NOSTREAM:
            return
        if sid in seen or sid >= len(self.entries) or depth > len(self.entries):
            self.problem(f"directory entry {sid} is reached twice or out of range")
            return
        seen.add(sid)
        e = self.entries[sid]
        for kid in (e[4], e[5]):
            if e[3] == 0 and kid != NOSTREAM and kid < len(self.entries) and self.entries[kid][3] == 0:
                self.problem(f"red entry {sid} has a red child {kid}")
        self.walk_siblings(e[4], seen, order, depth + 1)
        order.append(sid)
        self.walk_siblings(e[5], seen, order, depth + 1)

    def key(self, sid: int) -> tuple[int, str]:
        name, length = self.entries[sid][0], self.entries[sid][1]
        return length, name[:length - 2].decode("utf-16-le").upper()


def problems(data: bytes) -> list[str]:
    """Every departure from MS-CFB version 3 in `data`; [] when exact."""
    check = Checker(data)
    check.header()
    if check.found and len(data) < SECTOR:
        return check.found
    for step in (check.fat, check.directory, check.streams, check.tree):
        try:
            step()
        except (IndexError, KeyError, struct.error, UnicodeDecodeError) as exc:
            check.problem(f"{step.__name__}: unreadable ({type(exc).__name__}: {exc})")
            break
    return check.found
