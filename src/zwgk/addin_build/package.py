"""The add-in as an OPC package (a zip of parts): read, edit small XML parts, write.

Writing is deterministic (zwgk.zips): fixed timestamps and attributes, `[Content_Types].xml` and
`_rels/.rels` first, then every other part in name order.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from zwgk.atomic import atomic_path
from zwgk.zips import zip_bytes

_FIRST = ("[Content_Types].xml", "_rels/.rels")


def read_parts(path: Path) -> dict[str, bytes]:
    """{part name: bytes} of a zip package."""
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def part_order(names) -> list[str]:
    first = [n for n in _FIRST if n in names]
    return first + sorted(n for n in names if n not in _FIRST)


def write_parts(parts: dict[str, bytes], path: Path) -> Path:
    """Write `parts` as a zip at `path` (atomically), the same bytes for the same parts."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(zip_bytes({name: parts[name] for name in part_order(parts)}))
    return Path(path)


def add_default_type(content_types: bytes, extension: str, content_type: str) -> bytes:
    """[Content_Types].xml with a <Default> for `extension` (unchanged if present)."""
    text = content_types.decode("utf-8")
    if f'Extension="{extension}"' in text:
        return content_types
    default = f'<Default Extension="{extension}" ContentType="{content_type}" />'
    at = text.index("<Override") if "<Override" in text else text.index("</Types>")
    return (text[:at] + default + text[at:]).encode("utf-8")


def replace_once(data: bytes, old: str, new: str, what: str) -> bytes:
    """`data` with the single occurrence of `old` replaced; ValueError if not exactly one."""
    text = data.decode("utf-8")
    if text.count(old) != 1:
        raise ValueError(f"{what}: expected one {old!r}, found {text.count(old)}")
    return text.replace(old, new).encode("utf-8")
