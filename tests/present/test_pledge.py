"""防诈倡议书 (game/classroom/pledge.py, `fanzha pledge`): the rules in the plan's words,
the names escaped, blank signature lines without names, nothing from outside."""

from __future__ import annotations

from game.cli import main
import re

import pytest

from game.classroom.pledge import BLANK_LINES, PLEDGE_RULES, build_pledge, read_names, read_roster, render_html
from game.engine.rules import catalogue
from game.engine.punctuation import printed

from ..printing import print_pages
from .test_lesson import assert_self_contained, parse

EVIL = '<img src=x onerror=alert(1)>"&'


def test_pledge_has_the_rules_in_full_and_blank_lines():
    page = render_html(build_pledge())
    p = parse(page)
    assert_self_contained(p)
    for rid in PLEDGE_RULES:
        assert printed(catalogue()[rid].text) in p.plain
    assert page.count('<div class="name"></div>') == BLANK_LINES
    assert "96110" in p.plain and "110" in p.plain


def test_class_and_names_are_escaped():
    page = render_html(build_pledge(f"四（1）班{EVIL}", ["张小明", EVIL, "李 华"]))
    assert "<img" not in page and "onerror=alert(1)>" not in page
    p = parse(page)
    assert_self_contained(p)
    assert "img" not in p.tags
    assert f"四（1）班{EVIL}" in p.plain
    assert "张小明" in p.plain and EVIL in p.plain and "李 华" in p.plain


def test_names_file_utf8_bom_gbk_blank_and_comment_lines(tmp_path):
    utf = tmp_path / "names.txt"
    utf.write_bytes("\ufeff# 四（1）班名单\n张小明\n\n  李华  \n".encode("utf-8"))
    assert read_names(utf) == ["张小明", "李华"]
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("王芳\r\n赵磊\r\n".encode("gbk"))
    assert read_names(gbk) == ["王芳", "赵磊"]


def test_pledge_command(tmp_path, capsys):
    names = tmp_path / "名单.txt"
    names.write_text(f"张小明\n{EVIL}\n", encoding="utf-8")
    out = tmp_path / "out" / "倡议书.html"
    assert main(["pledge", "--class", "四（1）班", "--names", str(names), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "四（1）班" in page and "张小明" in page and "<img" not in page
    capsys.readouterr()
    assert main(["pledge"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["pledge", "--names", str(tmp_path / "missing.txt")]) == 2


ROSTER = [("2024001", "张小明"), ("2024002", "欧阳明月"), ("2024003", "李 华")]


@pytest.mark.parametrize(("encoding", "label"), [("utf-8-sig", "UTF-8"), ("utf-8", "UTF-8"), ("gb18030", "GB18030")])
def test_a_csv_of_student_numbers_and_names_gives_the_names(tmp_path, encoding, label):
    """学号,姓名 as Excel or WPS saves it: the names column, never the numbers."""
    table = tmp_path / "名单.csv"
    lines = ["学号,姓名"] + [f"{n},{name}" for n, name in ROSTER]
    table.write_bytes("\r\n".join(lines).encode(encoding))
    roster = read_roster(table)
    assert roster.names == ("张小明", "欧阳明月", "李 华")
    assert roster.encoding == label and roster.column == "姓名"
    assert "GB18030" in roster.describe(table) if label == "GB18030" else "UTF-8" in roster.describe(table)


def test_a_csv_without_a_header_takes_the_column_that_is_not_numbers(tmp_path):
    table = tmp_path / "names.csv"
    table.write_text("\n".join(f"{n},{name}" for n, name in ROSTER), encoding="utf-8")
    assert read_names(table) == ["张小明", "欧阳明月", "李 华"]
    tabbed = tmp_path / "names.txt"
    tabbed.write_text("序号\t姓名\t班级\n1\t王芳\t四（1）班\n", encoding="utf-8")
    assert read_names(tabbed) == ["王芳"]


def test_the_command_says_how_it_read_the_names(tmp_path, capsys):
    table = tmp_path / "名单.csv"
    table.write_bytes("学号,姓名\r\n2024001,张小明\r\n".encode("gb18030"))
    assert main(["pledge", "--names", str(table), "--out", str(tmp_path / "p.html")]) == 0
    err = capsys.readouterr().err
    assert "GB18030" in err and "「姓名」" in err and "1 个名字" in err
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "张小明" in page and "2024001" not in page


def test_no_ascii_punctuation_in_the_printed_chinese():
    plain = parse(render_html(build_pledge("四（1）班", ["张小明"]))).plain
    assert not re.search(r"[\u4e00-\u9fff][;,:?!()]|[;,:?!()][\u4e00-\u9fff]", plain), plain


def test_forty_names_fit_one_a4_sheet(tmp_path):
    names = [f"{x}{i}" for i, x in enumerate(["张小明", "欧阳明月", "李华", "司马相如"] * 10)]
    pages = print_pages(render_html(build_pledge("四（1）班", names)), tmp_path)
    assert len(pages) == 1
    assert all(name in pages[0] for name in names) and "班主任" in pages[0]
    assert len(print_pages(render_html(build_pledge("四（1）班")), tmp_path)) == 1  # blank lines too


@pytest.mark.parametrize("count", [63, 66, 71])
def test_no_sheet_holds_only_the_signature_line(tmp_path, count):
    """However many names, the 班主任 line shares its sheet with names."""
    names = [f"学生{i:03d}" for i in range(count)]
    pages = print_pages(render_html(build_pledge("四（1）班", names)), tmp_path)
    assert len(pages) == 2
    assert "班主任" in pages[-1] and "学生" in pages[-1]
    assert sum(p.count("学生") for p in pages) == count
