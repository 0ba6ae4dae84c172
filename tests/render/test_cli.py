"""`zwgk render`: workbook or JSON in, files out (format from the suffix), errors in words."""
import json
import subprocess
import sys

import docx

from zwgk.render import load_report
from zwgk.workbook.writer import write_report

from .readback import parse_html


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], capture_output=True, text=True)


def test_workbook_to_every_format(sample, tmp_path):
    report = sample()
    book = write_report(report, tmp_path / "报表.xlsx")
    outs = [tmp_path / f"2024年报.{s}" for s in ("docx", "html", "txt", "md")]
    done = run_cli("render", book, *[a for o in outs for a in ("-o", o)])
    assert done.returncode == 0, done.stderr
    assert all(o.exists() for o in outs) and "已输出" in done.stderr
    assert docx.Document(str(outs[0])).paragraphs[0].text.replace("\n", "") == report.title
    assert ("h1", report.title) in parse_html(outs[1].read_text(encoding="utf-8")).blocks
    text = outs[2].read_text(encoding="utf-8")
    assert text.splitlines()[0] == report.title and "\t/\t\t" in text
    assert outs[3].read_text(encoding="utf-8").startswith(f"# {report.title}")
    assert not list(tmp_path.glob(".*"))            # no temporary files left behind


def test_json_input_and_stdout(sample, tmp_path):
    report = sample("2019")
    src = tmp_path / "r.json"
    src.write_text(report.to_json(), encoding="utf-8")
    done = run_cli("render", src, "-o", "txt")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == report.title
    assert load_report(src).to_dict() == json.loads(report.to_json())


def test_errors_in_words(sample, tmp_path):
    src = tmp_path / "r.json"
    src.write_text(sample().to_json(), encoding="utf-8")
    bad = run_cli("render", src, "-o", tmp_path / "r.odt")
    assert bad.returncode == 2 and "无法从扩展名判断输出格式" in bad.stderr and "r.odt" in bad.stderr
    missing = run_cli("render", tmp_path / "none.json", "-o", tmp_path / "r.html")
    assert missing.returncode == 2 and "文件不存在" in missing.stderr
    (tmp_path / "~$r.docx").write_text("")           # the target is open in Word
    busy = run_cli("render", src, "-o", tmp_path / "r.docx")
    assert busy.returncode == 2 and "正在被" in busy.stderr and not (tmp_path / "r.docx").exists()


def test_local_style_folder_replaces_a_template(sample, tmp_path):
    src = tmp_path / "r.json"
    src.write_text(sample().to_json(), encoding="utf-8")
    style = tmp_path / "style"
    style.mkdir()
    (style / "report.txt.j2").write_text("{{ title }}\n{% for p in parts %}{{ p.label }}\n{% endfor %}",
                                         encoding="utf-8")
    done = run_cli("render", src, "-o", "txt", "--style", style)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [p["label"] for p in sample().spec.parts]
    assert run_cli("render", src, "-o", "txt", "--style", tmp_path / "nope").returncode == 2


def test_bad_style_file_is_refused_in_words(sample, tmp_path):
    src = tmp_path / "r.json"
    src.write_text(sample().to_json(), encoding="utf-8")
    style = tmp_path / "style"
    style.mkdir()
    (style / "word.yaml").write_text("styles:\n  body: {font: nosuch, size: 16}\n", encoding="utf-8")
    done = run_cli("render", src, "-o", tmp_path / "r.docx", "--style", style)
    assert done.returncode == 2 and "nosuch" in done.stderr and "word.yaml" in done.stderr
    (style / "word.yaml").write_text("fonts: [oops\n", encoding="utf-8")
    done = run_cli("render", src, "-o", tmp_path / "r.docx", "--style", style)
    assert done.returncode == 2 and "YAML" in done.stderr
    (style / "report.html.j2").write_text("{% for x in %}", encoding="utf-8")
    done = run_cli("render", src, "-o", tmp_path / "r.html", "--style", style)
    assert done.returncode == 2 and "语法错误" in done.stderr


def test_a_report_with_errors_is_named_but_still_rendered(tmp_path):
    from zwgk.synthetic import consistent_report

    report = consistent_report("2021", seed=5, unit="八里堡街道办事处", year=2024)
    src = tmp_path / "r.json"
    src.write_text(report.to_json(), encoding="utf-8")
    clean = run_cli("render", src, "-o", tmp_path / "ok.txt")
    assert clean.returncode == 0 and "注意" not in clean.stderr
    report.cells["t4.review.total"] = report.cells["t4.review.total"] + 5      # 表四 总计 no longer adds up
    src.write_text(report.to_json(), encoding="utf-8")
    done = run_cli("render", src, "-o", tmp_path / "r.txt")
    assert done.returncode == 0 and "注意：报表有" in done.stderr and (tmp_path / "r.txt").exists()
