"""Patch the VBA project (`xl/vbaProject.bin`) of the add-in template, per MS-OVBA.

Only modules named in `new_sources` change: each gets its source written compressed from
offset 0 (no p-code), and its MODULEOFFSET record in the `dir` stream is set to 0.  The
`_VBA_PROJECT` stream must keep version 0xFFFF so that Office ignores any performance cache
and compiles from source.  Every other stream keeps its bytes; the PROJECT stream is left as
it is and checked to name the same modules as `dir`.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from zwgk.addin_build import cfb, ovba
from zwgk.errors import ZwgkError

MODULENAME, MODULESTREAMNAME, MODULEOFFSET = 0x0019, 0x001A, 0x0031
PROJECTCODEPAGE, PROJECTNAME, PROJECTVERSION, TERMINATOR = 0x0003, 0x0004, 0x0009, 0x0010


@dataclass
class Record:
    """One `dir` stream record: id and body (PROJECTVERSION's body includes its 6 bytes)."""

    rid: int
    body: bytes

    def pack(self) -> bytes:
        if self.rid == PROJECTVERSION:
            return struct.pack("<HI", self.rid, 4) + self.body
        return struct.pack("<HI", self.rid, len(self.body)) + self.body


def parse_dir(data: bytes) -> list[Record]:
    """Records of a decompressed `dir` stream, in order."""
    records, pos = [], 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == PROJECTVERSION:  # Reserved=4, then MajorVersion (4) and MinorVersion (2)
            size = 6
        body = data[pos + 6:pos + 6 + size]
        if len(body) != size:
            raise ValueError(f"dir stream record 0x{rid:04X} is truncated")
        records.append(Record(rid, body))
        pos += 6 + size
    return records


def pack_dir(records: list[Record]) -> bytes:
    """The decompressed `dir` stream for `records`."""
    return b"".join(r.pack() for r in records)


@dataclass
class ModuleInfo:
    """A module as the `dir` stream describes it."""

    name: str
    stream: str
    offset: int
    offset_index: int  # index of its MODULEOFFSET record


def modules(records: list[Record], codepage: str) -> dict[str, ModuleInfo]:
    """Modules by name, from MODULENAME / MODULESTREAMNAME / MODULEOFFSET records."""
    found: dict[str, ModuleInfo] = {}
    current: dict = {}
    for i, r in enumerate(records):
        if r.rid == MODULENAME:
            current = {"name": r.body.decode(codepage)}
        elif r.rid == MODULESTREAMNAME and current:
            current["stream"] = r.body.decode(codepage)
        elif r.rid == MODULEOFFSET and current:
            (offset,) = struct.unpack("<I", r.body)
            info = ModuleInfo(current["name"], current.get("stream", current["name"]), offset, i)
            found[info.name] = info
            current = {}
    return found


def project_codepage(records: list[Record]) -> str:
    """The Python codec of PROJECTCODEPAGE (e.g. 1252 -> 'cp1252')."""
    for r in records:
        if r.rid == PROJECTCODEPAGE:
            return f"cp{struct.unpack('<H', r.body)[0]}"
    raise ValueError("dir stream has no PROJECTCODEPAGE record")


def module_source(stream: bytes, offset: int) -> bytes:
    """The decompressed source text of a module stream."""
    return ovba.decompress(stream[offset:])


def vb_name(source: str) -> str | None:
    """The module name in `Attribute VB_Name = "..."`, if present."""
    match = re.search(r'^Attribute VB_Name = "([^"]+)"', source, re.MULTILINE)
    return match.group(1) if match else None


def project_module_names(project: bytes, codepage: str) -> set[str]:
    """Module names listed in the PROJECT stream (Module=, Class=, Document=, BaseClass=)."""
    names = set()
    for line in project.decode(codepage).splitlines():
        key, _, value = line.partition("=")
        if key in ("Module", "Class", "BaseClass", "Document"):
            names.add(value.split("/")[0])
    return names


class VbaProject:
    """The template's compound file, opened for patching module sources."""

    def __init__(self, data: bytes):
        self.entries = cfb.read_entries(data)
        self.records = parse_dir(ovba.decompress(self._stream("VBA", "dir").data))
        self.codepage = project_codepage(self.records)
        self.modules = modules(self.records, self.codepage)
        self._check_version()

    def _stream(self, *path: str) -> cfb.Entry:
        return cfb.find(self.entries, *path)

    def _check_version(self) -> None:
        head = self._stream("VBA", "_VBA_PROJECT").data
        if len(head) < 4 or head[2:4] != b"\xff\xff":
            raise ValueError("_VBA_PROJECT version is not 0xFFFF: Office would use stale p-code")

    def source(self, module: str) -> str:
        """The current source text of `module`."""
        info = self.modules[module]
        return module_source(self._stream("VBA", info.stream).data, info.offset).decode(self.codepage)

    def set_source(self, module: str, text: str) -> None:
        """Replace `module`'s source: compressed, from offset 0, no p-code."""
        info = self.modules.get(module)
        if info is None:
            raise KeyError(f"VBA project has no module {module!r}")
        if vb_name(text) not in (None, module):
            raise ZwgkError.of("addin.bas_vb_name", module=module, found=vb_name(text))
        self._stream("VBA", info.stream).data = ovba.compress(text.encode(self.codepage))
        self.records[info.offset_index] = Record(MODULEOFFSET, struct.pack("<I", 0))
        info.offset = 0

    def set_project_name(self, name: str) -> None:
        """Rename the VBA project: the dir stream's PROJECTNAME and the PROJECT stream's Name=."""
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,127}", name):
            raise ValueError(f"VBA project name must be an ASCII identifier: {name!r}")
        at = [i for i, r in enumerate(self.records) if r.rid == PROJECTNAME]
        if len(at) != 1:
            raise ValueError("dir stream must hold exactly one PROJECTNAME record")
        self.records[at[0]] = Record(PROJECTNAME, name.encode(self.codepage))
        project = self._stream("PROJECT")
        text, count = re.subn(r'(?m)^Name="[^"\r\n]*"\r$', f'Name="{name}"\r',
                              project.data.decode(self.codepage))
        if count != 1:
            raise ValueError("PROJECT stream must hold exactly one Name= line")
        project.data = text.encode(self.codepage)

    def project_name(self) -> tuple[str, str]:
        """(dir PROJECTNAME, PROJECT stream Name=)."""
        record = next(r for r in self.records if r.rid == PROJECTNAME).body.decode(self.codepage)
        stream = re.search(r'(?m)^Name="([^"]*)"', self._stream("PROJECT").data.decode(self.codepage))
        return record, stream.group(1) if stream else ""

    def check_project_stream(self) -> None:
        """PROJECT must list exactly the modules that `dir` declares."""
        listed = project_module_names(self._stream("PROJECT").data, self.codepage)
        if listed != set(self.modules):
            raise ValueError(f"PROJECT stream lists {sorted(listed)}, dir has {sorted(self.modules)}")

    def to_bytes(self) -> bytes:
        """The patched compound file."""
        self.check_project_stream()
        self._stream("VBA", "dir").data = ovba.compress(pack_dir(self.records))
        return cfb.write_entries(self.entries)


def patch_vba_project(data: bytes, new_sources: dict[str, str]) -> bytes:
    """`data` (a vbaProject.bin) with the modules in `new_sources` replaced by source only."""
    project = VbaProject(data)
    for module, text in new_sources.items():
        project.set_source(module, text)
    return project.to_bytes()
