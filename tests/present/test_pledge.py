"""防诈倡议书 (game/classroom/pledge.py, `fanzha pledge`): the rules in the plan's words,
the names escaped, blank signature lines without names, nothing from outside."""

from __future__ import annotations

from game.cli import main
from game.classroom.pledge import BLANK_LINES, PLEDGE_RULES, build_pledge, read_names, render_html
from game.engine.rules import catalogue

from .test_lesson import assert_self_contained, parse

EVIL = '<img src=x onerror=alert(1)>"&'


def test_pledge_has_the_rules_in_full_and_blank_lines():
    page = render_html(build_pledge())
    p = parse(page)
    assert_self_contained(p)
    for rid in PLEDGE_RULES:
        assert catalogue()[rid].text in p.plain
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
