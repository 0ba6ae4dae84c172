"""MS-OVBA compression: round trips through oletools' decompressor and spec examples."""
from __future__ import annotations

import io
import os

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from zwgk.addin_build import build, ovba

# MS-OVBA 3.2: "Normal Compression" example (input and the container Office made of it).
SPEC_TEXT = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
SPEC_CONTAINER = bytes.fromhex(
    "012FB000236161616263646582660070616768696A0138086"
    "16B6C00306D6E6F70067102700410727374757610777879 7A003C".replace(" ", ""))


def oletools_decompress(container: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(container)))


def xlwings_bas() -> bytes:
    return (build.template_path().parent / "xlwings_custom_addin.bas").read_bytes()


def test_xlwings_module_round_trips_through_oletools():
    source = xlwings_bas()
    assert len(source) > 40_000
    packed = ovba.compress(source)
    assert len(packed) < len(source) // 2
    assert oletools_decompress(packed) == source
    assert ovba.decompress(packed) == source


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=9000))
def test_random_text_round_trips(text):
    data = text.encode("utf-8")
    packed = ovba.compress(data)
    assert oletools_decompress(packed) == ovba.decompress(packed)
    unpacked = ovba.decompress(packed)
    # A last chunk that does not compress is stored raw and padded to 4096 bytes (MS-OVBA
    # 2.4.1.3.10); otherwise the round trip is exact.
    assert unpacked[:len(data)] == data
    assert not unpacked[len(data):].strip(b"\x00")
    if len(data) % ovba.CHUNK_SIZE and packed[-ovba.CHUNK_SIZE - 2:][:2] != b"\xff\x3f":
        assert unpacked == data


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="Sub End If Then Dim As String x = 1 & \"\r\n", max_size=20000))
def test_vba_like_text_round_trips_exactly(text):
    data = text.encode("ascii")
    assert oletools_decompress(ovba.compress(data)) == data


def test_incompressible_data_uses_raw_chunks():
    data = os.urandom(3 * ovba.CHUNK_SIZE)
    packed = ovba.compress(data)
    assert len(packed) == 1 + 3 * (2 + ovba.CHUNK_SIZE)
    assert oletools_decompress(packed) == data == ovba.decompress(packed)


def test_spec_example_decompresses():
    assert ovba.decompress(SPEC_CONTAINER) == SPEC_TEXT
    assert oletools_decompress(ovba.compress(SPEC_TEXT)) == SPEC_TEXT


def test_spec_no_compression_example_is_exact():
    # MS-OVBA 3.2.1: no repeated 3-byte sequence, so only literals.
    assert ovba.compress(b"abcdefghijklmnopqrstuv.") == bytes.fromhex(
        "0119B00061626364656667680069" "6A6B6C6D6E6F7000717273747576 2E".replace(" ", ""))


def test_long_runs_use_maximal_tokens():
    data = b"a" * 4096 + b"b" * 5000
    packed = ovba.compress(data)
    assert len(packed) < 200
    assert oletools_decompress(packed) == data


def test_empty_input():
    assert ovba.compress(b"") == b"\x01"
    assert ovba.decompress(b"\x01") == b""


def test_decompress_matches_oletools_on_every_template_stream(template_parts):
    ole = olefile.OleFileIO(io.BytesIO(template_parts["xl/vbaProject.bin"]))
    from zwgk.addin_build.vba import VbaProject

    project = VbaProject(template_parts["xl/vbaProject.bin"])
    containers = [ole.openstream("VBA/dir").read()]
    for info in project.modules.values():
        containers.append(ole.openstream(f"VBA/{info.stream}").read()[info.offset:])
    for container in containers:
        assert ovba.decompress(container) == oletools_decompress(container)


@pytest.mark.parametrize("bad", [b"", b"\x02\x00\x00", b"\x01\x00\x00"])
def test_decompress_rejects_bad_containers(bad):
    with pytest.raises(ValueError):
        ovba.decompress(bad)


def test_short_incompressible_last_chunk_is_padded_raw():
    data = os.urandom(4000)  # 4000 literals + 500 flag bytes > 4096: must be stored raw
    packed = ovba.compress(data)
    assert packed[1:3] == b"\xff\x3f" and len(packed) == 1 + 2 + ovba.CHUNK_SIZE
    padded = data + bytes(ovba.CHUNK_SIZE - len(data))
    assert ovba.decompress(packed) == padded == oletools_decompress(packed)
