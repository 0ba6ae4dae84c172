"""Bytes to text: BOM, UTF-8, UTF-16 without BOM, GB18030 (GBK), then charset-normalizer."""
from __future__ import annotations

import codecs

from zwgk.errors import UnreadableFileError

MAX_BYTES = 16 * 1024 * 1024      # a published report is tens of KB; a web page with its markup, a few MB


def decode(data: bytes, name: str = "") -> str:
    """The text of `data`; a clear error for binary or undecodable content."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), name)
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _checked(data.decode(enc, errors="replace"), name)
    for enc in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(enc), name)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
        if best is not None:
            return _checked(data.decode(best.encoding, errors="replace"), name)
    except ImportError:
        pass
    raise UnreadableFileError.of("import.encoding_unknown", file=name or None)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros = sample.count(0)
    return zeros > len(sample) * 0.2 and (sample[0::2].count(0) > len(sample) * 0.35
                                         or sample[1::2].count(0) > len(sample) * 0.35)


def _checked(text: str, name: str) -> str:
    sample = text[:20000]
    if sample:
        bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd")
        if bad > max(8, len(sample) * 0.02):
            raise UnreadableFileError.of("import.not_text", file=name or None)
    return text
