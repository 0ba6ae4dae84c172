"""Import speed per layout, side by side with reading the same report back from its workbook.

    python benchmarks/import_speed.py [FILES...]     # default: samples/legacy and ../shared/realworld

In process: import_text of the decoded text (the importer's own work), import_file (decode +
read), and read_report of the workbook the import writes (the usual way a report is loaded);
plus `zwgk import` end to end as a command.  Target: one import < 20 ms in process.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zwgk.importer import import_file, import_text
from zwgk.importer.sources import read_source
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report


def _ms(fn, repeat: int = 10) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1000


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or (
        sorted((ROOT / "samples" / "legacy").glob("*.*[!y]"))
        + sorted((ROOT.parent / "shared" / "realworld").glob("*.txt")))
    files = [f for f in files if f.is_file() and f.suffix in (".txt", ".docx", ".html")]
    print(f"{'file':<40}{'import_text':>12}{'import_file':>12}{'read_report':>12}  (ms)")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            text = read_source(path)
            result = import_file(path)
            book = Path(tmp) / "r.xlsx"
            write_report(result.report, book, notes=result.inferred)
            t_text = _ms(lambda: import_text(text))
            t_file = _ms(lambda: import_file(path))
            t_read = _ms(lambda: read_report(book))
            worst = max(worst, t_file)
            print(f"{path.name[:39]:<40}{t_text:>12.1f}{t_file:>12.1f}{t_read:>12.1f}")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zwgk.cli", "import", str(files[0]), "-o",
                        str(Path(tmp) / "cli.xlsx")], check=True, capture_output=True)
        cli = (time.perf_counter() - start) * 1000
    print(f"\nslowest import_file: {worst:.1f} ms (target < 20 ms); `zwgk import` end to end: {cli:.0f} ms")
    return 0 if worst < 20 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
