"""PDF import: speed of one report in process, and what reading by position gains over plain text.

    python benchmarks/import_pdf.py [PDF ...]       # default: samples/pdf (truth.json beside)

Per file: pdf_text (PDFium: characters, rulings, grid) and import_file (all of it) in ms; cells
right / wrong / missing read directly, and, when poppler's pdftotext is installed, from its
`-layout` text (the route clerks were sent before).  Target: one import < 300 ms, 0 wrong.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from timing import median_ms

from zwgk.importer import import_file, import_text
from zwgk.importer.pdf import pdf_text

SAMPLES = ROOT / "samples" / "pdf"


def _score(cells: dict, truth: dict) -> tuple[int, int, int]:
    right = wrong = missing = 0
    for cid, want in truth.items():
        have = cells.get(cid)
        if want is None:
            continue
        if have is None:
            missing += 1
        elif abs(float(have) - float(want)) < 1e-6:
            right += 1
        else:
            wrong += 1
    return right, wrong, missing


def _layout_text(path: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=False)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def main(argv: list[str]) -> int:
    truth = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    files = [Path(a) for a in argv] or [SAMPLES / n for n in sorted(truth)]
    print(f"{'file':<24}{'pdf_text':>9}{'import':>8}   {'by position r/w/m':<19}{'pdftotext -layout r/w/m'}")
    worst, wrong = 0.0, 0
    for path in files:
        t_text = median_ms(lambda: pdf_text(path), 5, warm=True)
        t_file = median_ms(lambda: import_file(path), 5, warm=True)
        worst = max(worst, t_file)
        cells = truth.get(path.name, {}).get("cells", {})
        direct = _score(import_file(path).report.cells, cells)
        layout = _layout_text(path)
        plain = _score(import_text(layout).report.cells, cells) if layout else None
        wrong += direct[1]
        print(f"{path.name[:23]:<24}{t_text:>9.1f}{t_file:>8.1f}   {'/'.join(map(str, direct)):<19}"
              f"{'/'.join(map(str, plain)) if plain else '(no pdftotext)'}")
    print(f"\nslowest PDF import in process: {worst:.0f} ms (target < 300 ms); wrong cells: {wrong}")
    return 0 if worst < 300 and not wrong else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
