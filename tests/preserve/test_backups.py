"""Nothing a clerk made is overwritten: every output keeps the file already there in `zwgk备份`,
backups never go through a link, a linked workbook is marked at its target, and the temporary
files of a killed run are removed by the next run."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import openpyxl

from zwgk.atomic import backup, clean_stale_temps, host_tag
from zwgk.cli import main
from zwgk.wording import words
from zwgk.workbook.reader import read_report

from .helpers import faulty_report

BACKUPS = "zwgk备份"


def test_new_over_a_filled_workbook_keeps_it(tmp_path, capsys):
    filled = faulty_report(tmp_path / "filled.xlsx")
    data = filled.read_bytes()
    assert main(["new", "--unit", "甲街道办事处", "-o", str(filled)]) == 0
    assert (tmp_path / BACKUPS / "filled.bak.xlsx").read_bytes() == data
    assert "zwgk备份/filled.bak.xlsx" in capsys.readouterr().err
    blank = read_report(filled)                                     # replaced by a blank one
    assert blank.unit == "甲街道办事处" and set(blank.cells.values()) == {None}


def test_render_over_an_edited_word_file_keeps_it(tmp_path, capsys):
    report = faulty_report(tmp_path / "r.xlsx")
    out = tmp_path / "年报.html"
    out.write_text("<p>科长改过的版本</p>", encoding="utf-8")
    assert main(["render", str(report), "-o", str(out)]) == 0
    kept = tmp_path / BACKUPS / "年报.bak.html"
    assert kept.read_text(encoding="utf-8") == "<p>科长改过的版本</p>"
    assert "zwgk备份/年报.bak.html" in capsys.readouterr().err
    rendered = out.read_bytes()
    assert main(["render", str(report), "-o", str(out)]) == 0          # the same output again:
    assert out.read_bytes() == rendered                                # one backup of it, not two
    assert sorted(p.name for p in (tmp_path / BACKUPS).iterdir()) == ["年报.bak.html", "年报.bak2.html"]
    assert main(["render", str(report), "-o", str(out)]) == 0
    assert len(list((tmp_path / BACKUPS).iterdir())) == 2


def test_mark_copy_keeps_an_earlier_checked_copy(tmp_path):
    path = faulty_report(tmp_path / "甲.xlsx")
    copy = tmp_path / "甲（已校验）.xlsx"
    copy.write_bytes(b"her notes on the earlier copy")
    assert main(["check", str(path), "--mark", "--copy"]) == 1
    assert (tmp_path / BACKUPS / "甲（已校验）.bak.xlsx").read_bytes() == b"her notes on the earlier copy"
    assert words("checks")["marks"]["sheet"] in openpyxl.load_workbook(copy).sheetnames


def test_a_dangling_backup_link_is_not_written_through(tmp_path):
    path = faulty_report(tmp_path / "x.xlsx")
    (tmp_path / BACKUPS).mkdir()
    elsewhere = tmp_path / "elsewhere" / "stolen.xlsx"
    elsewhere.parent.mkdir()
    os.symlink(elsewhere, tmp_path / BACKUPS / "x.bak.xlsx")
    assert main(["check", str(path), "--mark"]) == 1
    assert not elsewhere.exists()
    assert (tmp_path / BACKUPS / "x.bak.xlsx").is_symlink()
    kept = tmp_path / BACKUPS / "x.bak2.xlsx"
    assert not kept.is_symlink() and zipfile.ZipFile(kept).testzip() is None


def test_a_linked_backup_folder_is_refused(tmp_path, capsys):
    path = faulty_report(tmp_path / "x.xlsx")
    data = path.read_bytes()
    (tmp_path / "other").mkdir()
    os.symlink(tmp_path / "other", tmp_path / BACKUPS)
    assert main(["check", str(path), "--mark"]) == 2
    assert "备份文件夹是一个链接" in capsys.readouterr().err
    assert path.read_bytes() == data and not list((tmp_path / "other").iterdir())


def test_mark_follows_a_link_to_its_target(tmp_path):
    real = faulty_report(tmp_path / "真实" / "x.xlsx")
    link = tmp_path / "link.xlsx"
    os.symlink(real, link)
    assert main(["check", str(link), "--mark"]) == 1
    assert link.is_symlink() and os.path.realpath(link) == str(real)
    assert words("checks")["marks"]["sheet"] in openpyxl.load_workbook(real).sheetnames
    assert (real.parent / BACKUPS / "x.bak.xlsx").exists()
    assert main(["check", str(link), "--clear"]) == 0
    assert link.is_symlink() and words("checks")["marks"]["sheet"] not in openpyxl.load_workbook(real).sheetnames


def test_output_through_a_dangling_link_is_refused(tmp_path, capsys):
    os.symlink(tmp_path / "nowhere" / "x.xlsx", tmp_path / "out.xlsx")
    assert main(["new", "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "指向不存在位置的链接" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_stale_temp_files_are_removed_by_the_next_run(tmp_path):
    path = faulty_report(tmp_path / "x.xlsx")
    stale = tmp_path / f".x.zwgk{_dead_pid()}h{host_tag()}-abcd1234.xlsx"
    live = tmp_path / f".x.zwgk{os.getppid()}h{host_tag()}-abcd1234.xlsx"       # a run still writing
    hers = tmp_path / ".x.abcd1234.xlsx"                            # not of zwgk's naming
    other = tmp_path / f".x.zwgk{_dead_pid()}h{'0000' if host_tag() != '0000' else '0001'}-abcd1234.xlsx"
    for p in (stale, live, hers, other):                           # other: another machine's run
        p.write_bytes(b"half a workbook")
    assert main(["check", str(path), "--mark"]) == 1
    assert not stale.exists() and live.exists() and hers.exists() and other.exists()
    old = 2 * 3600
    for p in (live, other):
        os.utime(p, (p.stat().st_atime - old, p.stat().st_mtime - old))
    assert sorted(clean_stale_temps(tmp_path)) == sorted([live, other])


def test_backup_copies_are_whole_and_numbered(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"one")
    first = backup(path)
    assert backup(path) == first                                    # the same bytes: not twice
    path.write_bytes(b"two")
    assert backup(path).name == "a.bak2.xlsx" and first.read_bytes() == b"one"
    assert not [p for p in (tmp_path / BACKUPS).iterdir() if p.name.startswith(".")]


def test_import_over_a_workbook_keeps_it_in_the_backup_folder(tmp_path):
    from ..conftest import ROOT

    src = tmp_path / "r.txt"
    src.write_bytes((ROOT / "samples" / "legacy" / "000_7f6376809d30ba6a.txt").read_bytes())
    out = faulty_report(tmp_path / "r.xlsx")
    data = out.read_bytes()
    assert main(["import", str(src), "-o", str(out)]) == 0
    assert (tmp_path / BACKUPS / "r.bak.xlsx").read_bytes() == data


def test_stale_temp_files_go_even_when_nothing_is_written(tmp_path, capsys):
    from zwgk.synthetic import consistent_report
    from zwgk.workbook.writer import write_report

    path = write_report(consistent_report("2021", 1), tmp_path / "clean.xlsx")
    (tmp_path / BACKUPS).mkdir()
    stale = [tmp_path / f".clean.zwgk{_dead_pid()}h{host_tag()}-abcd1234.xlsx",
             tmp_path / BACKUPS / f".clean.zwgk{_dead_pid()}h{host_tag()}-efgh5678.xlsx"]
    for p in stale:
        p.write_bytes(b"half")
    assert main(["check", str(path), "--mark"]) == 0
    assert "无需改动" in capsys.readouterr().out
    assert not any(p.exists() for p in stale)


def test_mark_copy_never_writes_through_a_link_to_the_original(tmp_path, capsys):
    path = faulty_report(tmp_path / "甲.xlsx")
    data = path.read_bytes()
    os.symlink(path, tmp_path / "甲（已校验）.xlsx")
    assert main(["check", str(path), "--mark", "--copy"]) == 2
    assert "指向原文件本身" in capsys.readouterr().err
    assert path.read_bytes() == data and not (tmp_path / BACKUPS).exists()


def test_an_output_open_in_excel_is_refused_before_any_backup(tmp_path, capsys):
    filled = faulty_report(tmp_path / "filled.xlsx")
    (tmp_path / "~$filled.xlsx").write_text("x")                    # Excel's owner file
    assert main(["new", "-o", str(filled)]) == 2
    assert "正在被" in capsys.readouterr().err and not (tmp_path / BACKUPS).exists()


def test_new_never_writes_a_macro_workbook_name(tmp_path, capsys):
    """An .xlsx package named .xlsm is one Excel refuses to open: refused, her .xlsm untouched."""
    path = tmp_path / "宏.xlsm"
    path.write_bytes(b"her macro workbook")
    assert main(["new", "-o", str(path)]) == 2
    assert "不含宏" in capsys.readouterr().err and path.read_bytes() == b"her macro workbook"


def test_import_never_writes_a_workbook_under_another_name(tmp_path, capsys):
    from ..conftest import ROOT

    src = tmp_path / "r.txt"
    src.write_bytes((ROOT / "samples" / "legacy" / "000_7f6376809d30ba6a.txt").read_bytes())
    (tmp_path / "r.docx").write_bytes(b"her Word file")
    assert main(["import", str(src), "-o", str(tmp_path / "r.docx")]) == 2
    assert ".xlsx" in capsys.readouterr().err and (tmp_path / "r.docx").read_bytes() == b"her Word file"
