"""`zwgk import`: one file, --json, a folder where one bad file never stops the rest."""
from __future__ import annotations

import json
import shutil

from tests.importer.helpers import LEGACY
from zwgk.cli import main
from zwgk.workbook.reader import read_report


def test_import_one_file_writes_workbook_and_report(tmp_path, capsys):
    out = tmp_path / "王城路.xlsx"
    assert main(["import", str(LEGACY / "000_7f6376809d30ba6a.txt"), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "王城路街道办事处" in text and "读入 200 个单元格" in text and "校验" in text
    assert read_report(out).cells["t3.new.total"] == 0


def test_import_json(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["import", str(LEGACY / "004_28bf39bb901e43e5.txt"), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["report"]["cells"]["t2.license.decisions"] == 378
    assert data["inferred"] and data["notes"] and data["workbook"] == str(out)


def test_import_default_output_beside_input(tmp_path, capsys):
    src = tmp_path / "报告.txt"
    shutil.copyfile(LEGACY / "003_599d29c635add8ba.txt", src)
    assert main(["import", str(src), "--format", "2021"]) == 0
    assert (tmp_path / "报告.xlsx").exists()


def test_import_folder_one_bad_file(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("000_7f6376809d30ba6a.txt", "002_940e26fdc8c2d394.docx", "002_940e26fdc8c2d394.html"):
        shutil.copyfile(LEGACY / name, folder / name)
    (folder / "坏文件.txt").write_bytes(b"\x00\xff" * 500)
    (folder / "新闻.html").write_text("<html><body><p>新闻稿</p></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", str(folder), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "坏文件.txt" in captured.err and "新闻.html" in captured.err
    made = sorted(p.name for p in out.glob("*.xlsx"))
    assert made == ["000_7f6376809d30ba6a.xlsx", "002_940e26fdc8c2d394-docx.xlsx", "002_940e26fdc8c2d394-html.xlsx"]


def test_import_error_is_one_chinese_sentence(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_text("", encoding="utf-8")
    assert main(["import", str(bad), "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "x.txt" in err and "Traceback" not in err


def test_import_keeps_an_existing_workbook(tmp_path):
    import shutil
    import subprocess
    import sys

    from ..conftest import ROOT

    source = tmp_path / "r.txt"
    shutil.copyfile(ROOT / "samples" / "legacy" / "000_7f6376809d30ba6a.txt", source)
    own = tmp_path / "r.xlsx"
    own.write_bytes(b"clerk's own workbook")
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", "import", str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "zwgk备份" / "r.bak.xlsx").read_bytes() == b"clerk's own workbook"
    assert own.read_bytes()[:2] == b"PK"
