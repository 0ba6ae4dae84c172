"""Patching the VBA project: dir records, module offsets, PROJECT consistency."""
from __future__ import annotations

import struct

import pytest

from zwgk.addin_build import cfb, ovba, vba
from zwgk.errors import ZwgkError


@pytest.fixture()
def template_bin(template_parts) -> bytes:
    return template_parts["xl/vbaProject.bin"]


def test_dir_stream_parses_and_packs_back(template_bin):
    raw = ovba.decompress(cfb.find(cfb.read_entries(template_bin), "VBA", "dir").data)
    records = vba.parse_dir(raw)
    assert vba.pack_dir(records) == raw
    assert records[-1].rid == vba.TERMINATOR


def test_template_modules(template_bin):
    project = vba.VbaProject(template_bin)
    assert set(project.modules) == {"ThisWorkbook", "Sheet2", "Dictionary", "RibbonMyAddin", "xlwings"}
    assert project.codepage == "cp1252"
    assert project.modules["RibbonMyAddin"].offset > 0  # has p-code in the template
    assert project.modules["xlwings"].offset == 0
    assert "Sub RunMain(control As IRibbonControl)" in project.source("RibbonMyAddin")


def test_set_source_writes_source_only(template_bin):
    text = 'Attribute VB_Name = "RibbonMyAddin"\r\nSub Hello()\r\nEnd Sub\r\n'
    out = vba.patch_vba_project(template_bin, {"RibbonMyAddin": text})
    project = vba.VbaProject(out)
    assert project.modules["RibbonMyAddin"].offset == 0
    stream = cfb.find(project.entries, "VBA", "RibbonMyAddin").data
    assert ovba.decompress(stream) == text.encode("cp1252")
    offsets = [r for r in project.records if r.rid == vba.MODULEOFFSET]
    assert struct.unpack("<I", offsets[2].body) == (0,)  # RibbonMyAddin is the third module


def test_other_streams_keep_their_bytes(template_bin):
    out = vba.patch_vba_project(template_bin, {"RibbonMyAddin": 'Attribute VB_Name = "RibbonMyAddin"\r\n'})
    before = {e.path: e.data for e in cfb.read_entries(template_bin) if e}
    after = {e.path: e.data for e in cfb.read_entries(out) if e}
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {("VBA", "RibbonMyAddin"), ("VBA", "dir")}


def test_wrong_vb_name_is_refused(template_bin):
    project = vba.VbaProject(template_bin)
    with pytest.raises(ZwgkError, match="Other") as refused:
        project.set_source("RibbonMyAddin", 'Attribute VB_Name = "Other"\r\n')
    assert refused.value.code == "addin.bas_vb_name"


def test_unknown_module_is_refused(template_bin):
    with pytest.raises(KeyError):
        vba.patch_vba_project(template_bin, {"NoSuchModule": ""})


def test_project_stream_must_match_dir(template_bin):
    project = vba.VbaProject(template_bin)
    project.check_project_stream()
    cfb.find(project.entries, "PROJECT").data += b"Module=Ghost\r\n"
    with pytest.raises(ValueError, match="Ghost"):
        project.check_project_stream()


def test_compiled_project_version_is_refused(template_bin):
    entries = cfb.read_entries(template_bin)
    cfb.find(entries, "VBA", "_VBA_PROJECT").data = b"\xcc\x61\xb5\x00\x00\x01\x00"
    with pytest.raises(ValueError, match="0xFFFF"):
        vba.VbaProject(cfb.write_entries(entries))
