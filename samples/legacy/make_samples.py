"""Build the legacy samples: the five seed reports as published, plus Word, web-page, GBK and
UTF-16 copies of some of them, and each one's expected cells (from the seeds' truth.json).

    python samples/legacy/make_samples.py [SEEDS_DIR]     # default ../shared/seeds

The .docx/.html copies are drawn with zwgk.render (merged cells as Word and browsers show
them); the results are committed, so tests never need ../shared.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zwgk.model import Report  # noqa: E402

COPIES = {   # seed -> extra published forms
    "000_7f6376809d30ba6a.txt": ["html", "utf16"],
    "001_b39e880f26e76352.txt": ["docx"],
    "002_940e26fdc8c2d394.txt": ["docx", "html"],
    "003_599d29c635add8ba.txt": ["gbk"],
}


def _report(truth: dict, text_prose: dict) -> Report:
    return Report(truth["format"], unit=truth["unit"], district=truth.get("district") or "",
                  year=truth["year"], date=truth.get("published") or truth.get("signed") or "",
                  cells=truth["cells"], prose=text_prose)


def main(argv: list[str]) -> int:
    from zwgk.importer import import_file
    from zwgk.render import render

    seeds = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    truth = json.loads((seeds / "truth.json").read_text(encoding="utf-8"))
    for name, want in truth.items():
        shutil.copyfile(seeds / name, HERE / name)
        expected = {k: want.get(k) for k in ("format", "unit", "district", "year")} | {"cells": want["cells"]}
        stem = name.rsplit(".", 1)[0]
        _write_expected(stem + ".txt", expected)
        prose = import_file(seeds / name).report.prose           # the seed's own words
        report = _report(want, prose)
        for kind in COPIES.get(name, []):
            if kind in ("docx", "html"):
                target = HERE / f"{stem}.{kind}"
                render(report, target)
            else:
                encoding = {"gbk": "gb18030", "utf16": "utf-16"}[kind]
                target = HERE / f"{stem}-{kind}.txt"
                target.write_bytes((seeds / name).read_text(encoding="utf-8").encode(encoding))
            _write_expected(target.name, expected)
    print(f"samples written to {HERE}")
    return 0


def _write_expected(name: str, expected: dict) -> None:
    path = HERE / "expected" / (name + ".json")
    path.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
