"""Draw the ribbon's icons into `addin/icons/*.png` (run once when an icon changes; the PNGs are
shipped as files and `zwgk addin build` only copies them).

    python scripts/draw_icons.py [OUT_DIR]        # default: addin/icons beside this script's folder

Each icon is a coloured rounded square with a white glyph.  Glyphs are polylines (and dots) on a
32x32 grid, stroked with round ends; each pixel's coverage is estimated from 4x4 samples, so edges
are smooth.  Only zlib and struct are used, and the output is the same bytes on every run
(tests/addin_build/test_ribbon.py draws them again and compares with the shipped files).
"""
from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

SIZE = 32
_STROKE = 3.2
_SAMPLES = 4
_TRAY = [[(7, 18), (7, 25), (25, 25), (25, 18)]]

# name -> (polylines, dots); a dot is (x, y, radius)
GLYPHS: dict[str, tuple[list[list[tuple[float, float]]], list[tuple[float, float, float]]]] = {
    "plus": ([[(16, 8), (16, 24)], [(8, 16), (24, 16)]], []),
    "check": ([[(8, 17), (14, 23), (24, 10)]], []),
    "cross": ([[(10, 10), (22, 22)], [(22, 10), (10, 22)]], []),
    "import": ([[(16, 6), (16, 19)], [(11.5, 14.5), (16, 19), (20.5, 14.5)]] + _TRAY, []),
    "export": ([[(16, 19), (16, 6)], [(11.5, 10.5), (16, 6), (20.5, 10.5)]] + _TRAY, []),
    "sigma": ([[(22, 8), (10, 8), (17, 16), (10, 24), (22, 24)]], []),
    "question": ([[(11.5, 12), (11.5, 10.5), (13, 8), (16, 7), (19, 8), (20.5, 10.5),
                   (20, 13), (16, 16), (16, 19)]], [(16, 24, 2.0)]),
}


# icon name (addin/ribbon.yaml `icon`, the file addin/icons/<name>.png) -> (glyph, background RRGGBB)
ICONS = {
    "plus": ("plus", "2E75B6"), "check": ("check", "2E8B57"), "cross": ("cross", "7F7F7F"),
    "import": ("import", "C55A11"), "sigma": ("sigma", "7030A0"), "export": ("export", "1F4E79"),
    "question": ("question", "BF9000"),
}


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (glyph, color) in ICONS.items():
        (out_dir / f"{name}.png").write_bytes(icon_png(glyph, color))
        print(f"{out_dir / name}.png")


def icon_png(glyph: str, color: str) -> bytes:
    """A 32x32 RGBA PNG: `glyph` (a key of GLYPHS) in white on `color` (RRGGBB)."""
    if glyph not in GLYPHS:
        raise KeyError(f"unknown glyph {glyph!r}; known: {', '.join(sorted(GLYPHS))}")
    try:
        rgb = bytes.fromhex(str(color))
    except ValueError:
        rgb = b""
    if len(rgb) != 3:
        raise ValueError(f"colour must be RRGGBB, not {color!r}")
    lines, dots = GLYPHS[glyph]
    segments = [(a, b) for line in lines for a, b in zip(line, line[1:])]
    rows = [_row(y, rgb, segments, dots) for y in range(SIZE)]
    return encode_png(SIZE, SIZE, rows)


def _row(y: int, rgb: bytes, segments, dots) -> bytes:
    out = bytearray()
    for x in range(SIZE):
        back, mark = _coverage(x, y, segments, dots)
        out += bytes(round(c + (255 - c) * mark) for c in rgb)
        out.append(round(255 * back))
    return bytes(out)


def _coverage(x: int, y: int, segments, dots) -> tuple[float, float]:
    """(background, glyph) coverage of pixel (x, y), each 0..1; the glyph lies on the back."""
    back = mark = 0
    for i in range(_SAMPLES):
        for j in range(_SAMPLES):
            px, py = x + (i + 0.5) / _SAMPLES, y + (j + 0.5) / _SAMPLES
            if _in_rounded_square(px, py):
                back += 1
                mark += _in_glyph(px, py, segments, dots)
    total = _SAMPLES * _SAMPLES
    return back / total, (mark / back if back else 0.0)


def _in_rounded_square(x: float, y: float, lo: float = 1, hi: float = 31, r: float = 5) -> bool:
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def _in_glyph(x: float, y: float, segments, dots) -> bool:
    half = _STROKE / 2
    if any(_segment_distance(x, y, a, b) <= half for a, b in segments):
        return True
    return any(math.hypot(x - dx, y - dy) <= r for dx, dy, r in dots)


def _segment_distance(x: float, y: float, a, b) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
    t = min(max(t, 0.0), 1.0)
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy))


def encode_png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGBA PNG from raw rows (no filtering)."""
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "addin" / "icons")
