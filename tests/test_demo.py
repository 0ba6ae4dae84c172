"""README's first command: `zwgk demo` runs every part on the bundled samples."""
import json
import subprocess
import sys

from zwgk.workbook.reader import read_report


def test_demo_runs_every_part(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", "demo", "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    summary = done.stdout.splitlines()
    assert summary[0].startswith("zwgk demo 已完成") and len(summary) <= 8       # short, on one screen
    assert all(title in done.stdout for title in ("模板", "导入", "汇总", "发布", "加载项"))
    views = list((out / "示例").glob("*.json"))
    view = json.loads(views[0].read_text(encoding="utf-8"))
    assert view["unit"] == "八里堡街道办事处" and len(view["cells"]) == 200
    assert {p.name for p in (out / "模板").iterdir()} == {"空白模板-2021格式.xlsx", "空白模板-2019格式.xlsx"}
    imported = list((out / "导入").glob("*.xlsx"))
    assert len(imported) >= 5 and len(list((out / "校验").glob("*.xlsx"))) == len(imported)
    assert read_report(out / "汇总" / "区汇总.xlsx").district == "二道区"
    assert {p.suffix for p in (out / "发布").iterdir()} == {".docx", ".html", ".txt", ".md"}
    assert (out / "加载项" / "zwgk.xlam").read_bytes()[:2] == b"PK"
    assert "报送情况" in done.stderr and "错误" in done.stderr and "重复报送" in done.stderr
    kinds = {p.stem.rsplit("-", 1)[-1] for p in imported}         # PDFs and units' own workbooks too
    assert {"txt", "docx", "html", "pdf", "xlsx", "xls", "ods"} <= kinds
