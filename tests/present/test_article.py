"""The weekly 以案说法 article (game/classroom/article.py, `fanzha article`): short,
along the main line, marked as adapted, inline styles only, nothing from
outside, hostile text inert."""

from __future__ import annotations

import re
import pytest

from game.cli import main
from game.classroom.article import ADAPTED, ARTICLE_CHARS, build_article, plain_length, render_html, render_markdown
from game.engine.explore import story_line
from game.engine.rules import catalogue

from .helpers import builtin, builtin_ids, hostile_scenario
from .test_lesson import assert_self_contained, parse

IDS = builtin_ids()


@pytest.mark.parametrize("sid", IDS)
def test_every_case_gives_a_short_self_contained_article(sid):
    s = builtin().get(sid)
    article = build_article(s)
    page = render_html(article)
    p = parse(page)
    assert_self_contained(p)
    assert "style" not in p.tags, "the 公众号 editor drops <style>: inline styles only"
    text = p.plain
    assert len(text) <= ARTICLE_CHARS + 200 and plain_length(article) <= ARTICLE_CHARS
    assert ADAPTED in text and "改编" in text
    for section in ("案情回放", "识破破绽", "记住这几条", "万一遇到了怎么办"):
        assert section in text
    assert "96110" in text and "110" in text
    for rule in article.rules:
        assert rule.label in text


def test_the_story_follows_the_story_line():
    s = builtin().get("type03-konglong-peifu")
    article = build_article(s)
    steps = list(story_line(s))
    chosen = [s.nodes[st.node].choices[st.choice].text[:10] for st in steps if st.choice is not None]
    told = " ".join(article.story)
    assert sum(c in told for c in chosen) >= 3
    last_node = s.nodes[steps[-1].node]
    ending = s.nodes[last_node.choices[steps[-1].choice].to if steps[-1].choice is not None else last_node.input.to].ending
    assert ending.title in article.ending


def test_the_rules_are_printed_with_full_width_punctuation():
    for sid in IDS:
        page = parse(render_html(build_article(builtin().get(sid)))).plain
        assert not re.search(r"[\u4e00-\u9fff][;,:?!]", page), sid


def test_hostile_text_is_inert():
    article = build_article(hostile_scenario())
    page = render_html(article)
    assert "<script>" not in page
    assert "<script" not in "".join(parse(page).tags)
    assert "&lt;script&gt;" in page
    markdown = render_markdown(article)
    assert "<script>" not in markdown and "\\<script\\>" in markdown


def test_the_scammers_playbook_comes_from_the_stages_on_the_way():
    s = builtin().get("bangxin-qq-fuzhuyanzheng")
    article = build_article(s)
    cat = catalogue()
    assert len(article.playbook) >= 3
    names = [line.split("：")[0] for line in article.playbook]
    assert all(any(st.name == n for st in cat.stages) for n in names)
    assert "骗子的套路" in parse(render_html(article)).plain
    # A case without stages has no such section.
    plain = builtin().get("type03-konglong-peifu")
    if not plain.stages:
        assert build_article(plain).playbook == []
        assert "骗子的套路" not in parse(render_html(build_article(plain))).plain


def test_article_command(tmp_path, capsys):
    out = tmp_path / "文章.html"
    assert main(["article", "type03-konglong-peifu", "--out", str(out)]) == 0
    assert "以案说法" in out.read_text(encoding="utf-8")
    md_out = tmp_path / "文章.md"
    assert main(["article", "type03-konglong-peifu", "--out", str(md_out)]) == 0
    assert md_out.read_text(encoding="utf-8").startswith("# 以案说法")
    capsys.readouterr()
    assert main(["article", "type03-konglong-peifu", "--out", str(tmp_path / "a.txt")]) == 2
    assert main(["article", "no-such-case"]) == 2
    assert "没有 id 为" in capsys.readouterr().err
