"""zwgk.zips: the one zip writer of the Word report and the add-in (equal parts, equal bytes)."""
from __future__ import annotations

import io
import time
import zipfile

from zwgk.atomic import FIXED_TIME
from zwgk.zips import rezip, zip_bytes

PARTS = {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", "word/document.xml": b"x" * 5000}


def entries(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        return zf.infolist()


def test_parts_keep_their_order_and_are_dated_the_fixed_time():
    data = zip_bytes(PARTS)
    infos = entries(data)
    assert [i.filename for i in infos] == list(PARTS)
    assert {i.date_time for i in infos} == {FIXED_TIME.timetuple()[:6]}
    assert len({(i.create_system, i.external_attr, i.compress_type) for i in infos}) == 1
    assert (infos[0].create_system, infos[0].compress_type) == (0, zipfile.ZIP_DEFLATED)     # MS-DOS, deflated
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == PARTS


def test_a_zip_written_at_another_time_with_other_attributes_comes_out_the_same():
    made = []
    for attr in (0o644 << 16, 0o600 << 16):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in PARTS.items():
                info = zipfile.ZipInfo(name, time.localtime()[:6])
                info.external_attr = attr
                zf.writestr(info, data)
        made.append(rezip(out.getvalue()))
        time.sleep(2.1)                  # zip times have a 2-second step
    assert made[0] == made[1] == zip_bytes(PARTS)
