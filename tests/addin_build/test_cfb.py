"""The compound-file writer: rewrites of the template, fresh trees, big files."""
from __future__ import annotations

import io
import os
import struct

import olefile
import pytest

from zwgk.addin_build import cfb

from . import cfb_checker


def ole_streams(data: bytes) -> dict[str, bytes]:
    ole = olefile.OleFileIO(io.BytesIO(data))
    return {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}


@pytest.fixture(scope="module")
def template_bin(template_parts) -> bytes:
    return template_parts["xl/vbaProject.bin"]


def test_rewrite_of_template_differs_only_where_the_template_breaks_ms_cfb(template_bin):
    out = cfb.write_entries(cfb.read_entries(template_bin))
    assert len(out) == len(template_bin)
    ole = olefile.OleFileIO(io.BytesIO(template_bin))
    dir_offsets = [512 * (s + 1) for s in _chain(ole, ole.first_dir_sector)]
    minifat = [512 * (s + 1) for s in _chain(ole, ole.first_mini_fat_sector)]
    used_minifat = 4 * (ole.root.size // 64)  # packed mini stream: one entry per mini sector
    for i in (i for i in range(len(out)) if out[i] != template_bin[i]):
        if i in (0x18, 0x19):
            assert (out[0x18], template_bin[0x18]) == (0x3E, 0x21)        # header minor version
            continue
        at_minifat = next((i - o + 512 * n for n, o in enumerate(minifat) if o <= i < o + 512), None)
        if at_minifat is not None:
            assert at_minifat >= used_minifat and out[i] == 0xFF        # unused entry: FREESECT
            continue
        sector, within = next((o, i - o) for o in dir_offsets if o <= i < o + 512)
        # the colour byte of unused directory entries, 1 in the template, 0 per MS-CFB 2.6.3
        assert within % 128 == 67 and template_bin[sector + within - 67 + 66] == 0, i
    assert cfb_checker.problems(out) == []


def test_the_checker_finds_what_the_template_gets_wrong(template_bin):
    found = cfb_checker.problems(template_bin)
    assert "header minor version is 33, must be 62" in found
    assert any(p.startswith("unused mini FAT entry") for p in found)
    assert any(p.startswith("unused directory entry") for p in found)


@pytest.mark.parametrize("offset, value, expected", [
    (0x1A, b"\x04\x00", "header major version"),
    (0x2C, b"\x00\x00\x00\x00", "the FAT does not cover every sector"),
    (0x40, b"\x00\x00\x00\x00", "header says 0 mini FAT sectors"),
    (0x38, b"\x00\x02\x00\x00", "header mini stream cutoff"),
])
def test_the_checker_fails_crafted_headers(template_bin, offset, value, expected):
    data = bytearray(cfb.write_entries(cfb.read_entries(template_bin)))
    data[offset:offset + len(value)] = value
    found = cfb_checker.problems(bytes(data))
    assert any(expected in p for p in found), found


def test_the_checker_fails_a_broken_chain_and_a_lost_sector(template_bin):
    good = cfb.write_entries(cfb.read_entries(template_bin))
    ole = olefile.OleFileIO(io.BytesIO(good))
    first_fat = struct.unpack_from("<I", good, 76)[0]
    fat_at = 512 * (first_fat + 1)
    dir_entry = fat_at + 4 * ole.first_dir_sector
    lost = bytearray(good)
    lost[dir_entry:dir_entry + 4] = struct.pack("<I", cfb.ENDOFCHAIN)     # directory chain cut short
    assert cfb_checker.problems(bytes(lost))
    freed = bytearray(good)
    freed[fat_at:fat_at + 4] = struct.pack("<I", cfb.FREESECT)            # a used sector marked free
    assert any("marked FREESECT" in p or "chain" in p for p in cfb_checker.problems(bytes(freed)))


def test_built_project_is_exact_ms_cfb(built_parts):
    assert cfb_checker.problems(built_parts["xl/vbaProject.bin"]) == []


def _chain(ole, start):
    out, sect = [], start
    while sect < cfb.DIFSECT:
        out.append(sect)
        sect = ole.fat[sect]
    return out


def test_rewrite_keeps_tree_clsids_and_streams(template_bin):
    before = cfb.read_entries(template_bin)
    before[4].data = before[4].data * 3  # grow a big stream (xlwings)
    before[8].data = b"x" * 5000        # move a small one into regular sectors
    after = cfb.read_entries(cfb.write_entries(before))
    for a, b in zip(before, after):
        assert (a is None) == (b is None)
        if a is not None:
            assert (a.name, a.kind, a.color, a.left, a.right, a.child, a.clsid, a.data) == \
                   (b.name, b.kind, b.color, b.left, b.right, b.child, b.clsid, b.data)


def test_output_is_deterministic(template_bin):
    entries = cfb.read_entries(template_bin)
    assert cfb.write_entries(entries) == cfb.write_entries(cfb.read_entries(template_bin))


def test_fresh_tree_reads_back_with_olefile():
    tree = {"PROJECT": b"p" * 10, "VBA": {"dir": b"d" * 100, "Module1": b"m" * 5000,
                                         "empty": b"", "_VBA_PROJECT": b"v" * 7}}
    data = cfb.write_entries(cfb.entries_from_tree(tree))
    assert cfb_checker.problems(data) == []
    streams = ole_streams(data)
    assert streams == {"PROJECT": b"p" * 10, "VBA/dir": b"d" * 100,
                       "VBA/Module1": b"m" * 5000, "VBA/empty": b"", "VBA/_VBA_PROJECT": b"v" * 7}


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 8, 20, 33])
def test_fresh_siblings_form_a_red_black_tree(count):
    tree = {f"s{i:02d}{'x' * (i % 5)}": bytes([i]) for i in range(count)}
    entries = cfb.entries_from_tree(tree)
    assert cfb_checker.problems(cfb.write_entries(entries)) == []
    root = entries[entries[0].child]
    assert root.color == cfb.BLACK
    names = _in_order(entries, entries[0].child)
    assert names == sorted(tree, key=cfb.cfb_key)
    _black_height(entries, entries[0].child)


def _in_order(entries, sid):
    if sid == cfb.NOSTREAM:
        return []
    e = entries[sid]
    return _in_order(entries, e.left) + [e.name] + _in_order(entries, e.right)


def _black_height(entries, sid) -> int:
    if sid == cfb.NOSTREAM:
        return 1
    e = entries[sid]
    for kid in (e.left, e.right):
        if e.color == cfb.RED and kid != cfb.NOSTREAM:
            assert entries[kid].color == cfb.BLACK, "red node with red child"
    left, right = _black_height(entries, e.left), _black_height(entries, e.right)
    assert left == right, "unequal black heights"
    return left + (e.color == cfb.BLACK)


def test_big_file_needs_difat_sectors():
    big = os.urandom(8 * 1024 * 1024)  # > 109 FAT sectors' worth (about 7 MB)
    data = cfb.write_entries(cfb.entries_from_tree({"big": big, "small": b"s"}))
    assert cfb_checker.problems(data) == []
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert ole.num_difat_sectors >= 1
    assert ole.openstream("big").read() == big
    assert ole.openstream("small").read() == b"s"


def test_name_too_long_is_refused():
    with pytest.raises(ValueError):
        cfb.write_entries(cfb.entries_from_tree({"n" * 32: b""}))
