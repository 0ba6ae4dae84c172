"""The compound-file writer: rewrites of the template, fresh trees, big files."""
from __future__ import annotations

import io
import os

import olefile
import pytest

from zwgk.addin_build import cfb


def ole_streams(data: bytes) -> dict[str, bytes]:
    ole = olefile.OleFileIO(io.BytesIO(data))
    return {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}


@pytest.fixture(scope="module")
def template_bin(template_parts) -> bytes:
    return template_parts["xl/vbaProject.bin"]


def test_rewrite_of_template_is_the_same_file(template_bin):
    out = cfb.write_entries(cfb.read_entries(template_bin), cfb.minor_version(template_bin))
    assert len(out) == len(template_bin)
    diff = [i for i in range(len(out)) if out[i] != template_bin[i]]
    # The only difference allowed: the colour byte of unused directory entries, which the
    # template sets to 1 and MS-CFB 2.6.3 says must be 0.
    ole = olefile.OleFileIO(io.BytesIO(template_bin))
    dir_offsets = [512 * (s + 1) for s in _chain(ole, ole.first_dir_sector)]
    for i in diff:
        sector, within = next((o, i - o) for o in dir_offsets if o <= i < o + 512)
        assert within % 128 == 67, i  # colour flag of an entry
        assert template_bin[sector + within - 67 + 66] == 0  # object type 0: unused
    assert len(diff) <= 1


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
    streams = ole_streams(data)
    assert streams == {"PROJECT": b"p" * 10, "VBA/dir": b"d" * 100,
                       "VBA/Module1": b"m" * 5000, "VBA/empty": b"", "VBA/_VBA_PROJECT": b"v" * 7}


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 8, 20, 33])
def test_fresh_siblings_form_a_red_black_tree(count):
    tree = {f"s{i:02d}{'x' * (i % 5)}": bytes([i]) for i in range(count)}
    entries = cfb.entries_from_tree(tree)
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
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert ole.num_difat_sectors >= 1
    assert ole.openstream("big").read() == big
    assert ole.openstream("small").read() == b"s"


def test_name_too_long_is_refused():
    with pytest.raises(ValueError):
        cfb.write_entries(cfb.entries_from_tree({"n" * 32: b""}))
