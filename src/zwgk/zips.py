"""Zip packages (the Word .docx, the add-in .xlam) written so that equal parts give equal bytes.

The one writer of zwgk's zips: parts in the order given, every entry dated `zwgk.atomic.FIXED_TIME`
(the date zwgk's documents carry), deflated at level 9, made on "MS-DOS" with the same attributes
for every entry (nothing of the writing machine's clock, owner or permissions).
"""
from __future__ import annotations

import io
import zipfile
from typing import Mapping

from zwgk.atomic import FIXED_TIME

ZIP_TIME = FIXED_TIME.timetuple()[:6]


def zip_bytes(parts: Mapping[str, bytes]) -> bytes:
    """A zip of `parts` ({name: bytes}, in their order), the same bytes for the same parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data, compresslevel=9)
    return out.getvalue()


def rezip(data: bytes) -> bytes:
    """The zip package `data` (python-docx's, say) written again by `zip_bytes`, its parts in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return zip_bytes({item.filename: src.read(item) for item in src.infolist()})
