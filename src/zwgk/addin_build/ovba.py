"""MS-OVBA §2.4.1 compression: the run-length/LZ77 format of VBA source and the `dir` stream.

A CompressedContainer is the signature byte 0x01 followed by chunks.  Each chunk holds at
most 4096 decompressed bytes behind a 2-byte header (size - 3 in bits 0-11, signature 0b011
in bits 12-14, "compressed" flag in bit 15).  A compressed chunk is a run of token sequences:
a flag byte, then 8 tokens, each a literal byte (flag bit 0) or a 2-byte copy token (bit 1).

`compress` follows the specification's matching rule exactly (the longest match, nearest
candidate on ties, matches of 3 bytes or more), using a table of 3-byte prefixes so that it
only visits candidates that can give such a match.
"""
from __future__ import annotations

import struct

CHUNK_SIZE = 4096
_SIGNATURE = 0x01
_HEADER_SIGNATURE = 0x3000
_COMPRESSED_FLAG = 0x8000
_MIN_MATCH = 3


def compress(data: bytes) -> bytes:
    """Return `data` as an MS-OVBA CompressedContainer."""
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(bytes(data[start:start + CHUNK_SIZE]))
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """Return the bytes held in an MS-OVBA CompressedContainer."""
    if not container or container[0] != _SIGNATURE:
        raise ValueError("not an MS-OVBA compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        pos = _decompress_chunk(container, pos, out)
    return bytes(out)


def _bit_count(difference: int) -> int:
    """Bits of a copy token used for the offset, for a position `difference` into its chunk."""
    return max((difference - 1).bit_length(), 4)


def _pack_token(offset: int, length: int, difference: int) -> bytes:
    bits = _bit_count(difference)
    return struct.pack("<H", ((offset - 1) << (16 - bits)) | (length - _MIN_MATCH))


def _compress_chunk(chunk: bytes) -> bytes:
    """One CompressedChunk (header + data) for up to 4096 bytes."""
    body = _tokenize(chunk)
    if len(body) > CHUNK_SIZE:  # the compressed form does not fit: store it raw
        raw = chunk.ljust(CHUNK_SIZE, b"\x00")
        return struct.pack("<H", _HEADER_SIGNATURE | (CHUNK_SIZE - 1)) + raw
    header = _COMPRESSED_FLAG | _HEADER_SIGNATURE | (len(body) + 2 - 3)
    return struct.pack("<H", header) + body


def _tokenize(chunk: bytes) -> bytearray:
    """The token sequences of one chunk."""
    body = bytearray()
    prefixes: dict[bytes, list[int]] = {}
    pos, end = 0, len(chunk)
    while pos < end:
        flag_at = len(body)
        body.append(0)
        for bit in range(8):
            if pos >= end:
                break
            offset, length = _best_match(chunk, pos, prefixes)
            if length:
                body += _pack_token(offset, length, pos)
                body[flag_at] |= 1 << bit
            else:
                body.append(chunk[pos])
                length = 1
            for p in range(pos, pos + length):
                prefixes.setdefault(chunk[p:p + _MIN_MATCH], []).append(p)
            pos += length
    return body


def _best_match(chunk: bytes, pos: int, prefixes: dict[bytes, list[int]]) -> tuple[int, int]:
    """(offset, length) of the longest earlier match at `pos`, nearest first; (0, 0) if none."""
    candidates = prefixes.get(chunk[pos:pos + _MIN_MATCH])
    if not candidates:
        return 0, 0
    limit = min((0xFFFF >> _bit_count(pos)) + _MIN_MATCH, len(chunk) - pos)
    best_len, best_pos = 0, 0
    for cand in reversed(candidates):
        length = _common_length(chunk, cand, pos, limit)
        if length > best_len:
            best_len, best_pos = length, cand
            if length == limit:
                break
    if best_len < _MIN_MATCH:
        return 0, 0
    return pos - best_pos, best_len


def _common_length(data: bytes, a: int, b: int, limit: int) -> int:
    """Length of the common prefix of data[a:] and data[b:], at most `limit` (binary search)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if data[a:a + mid] == data[b:b + mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _decompress_chunk(container: bytes, pos: int, out: bytearray) -> int:
    """Append one chunk's bytes to `out`; return the position of the next chunk."""
    if pos + 2 > len(container):
        raise ValueError("truncated MS-OVBA chunk header")
    (header,) = struct.unpack_from("<H", container, pos)
    if header & 0x7000 != _HEADER_SIGNATURE:
        raise ValueError(f"bad MS-OVBA chunk signature at byte {pos}")
    end = min(pos + (header & 0x0FFF) + 3, len(container))
    pos += 2
    if not header & _COMPRESSED_FLAG:
        out += container[pos:pos + CHUNK_SIZE]
        return pos + CHUNK_SIZE
    start = len(out)
    while pos < end:
        flags = container[pos]
        pos += 1
        for bit in range(8):
            if pos >= end:
                break
            if flags >> bit & 1:
                pos = _copy_token(container, pos, out, start)
            else:
                out.append(container[pos])
                pos += 1
    return end


def _copy_token(container: bytes, pos: int, out: bytearray, chunk_start: int) -> int:
    """Expand the copy token at `pos` onto `out`; return the position after it."""
    (token,) = struct.unpack_from("<H", container, pos)
    bits = _bit_count(len(out) - chunk_start)
    length = (token & (0xFFFF >> bits)) + _MIN_MATCH
    offset = (token >> (16 - bits)) + 1
    src = len(out) - offset
    if src < chunk_start:
        raise ValueError("MS-OVBA copy token points before its chunk")
    for i in range(length):  # byte by byte: a copy may overlap its own output
        out.append(out[src + i])
    return pos + 2
