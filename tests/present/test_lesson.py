"""以案说法 lesson packs (game/classroom/lesson.py, `fanzha lesson`) on every built-in case:
the HTML parses, loads nothing from outside, and carries the main line's
decisions and red flags (the rest pointed to on the story map), every ending
and every rule's full text; the Markdown too; hostile text is inert."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from game.cli import main
from game.classroom.lesson import build_lesson, line_nodes, md, render_html, render_markdown
from game.classroom.storymap import build_map
from game.engine.explore import story_line
from game.engine.vocab import kind_words

from .helpers import HOSTILE, builtin, builtin_ids, hostile_scenario

IDS = builtin_ids()
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "srcset", "background", "cite"}


class Page(HTMLParser):
    """Collects the text, the tags and every address the page would load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.addresses: list[str] = []
        self.scripts = 0
        self._in_style = False
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self.scripts += 1
        if tag == "style":
            self._in_style = True
        for name, value in attrs:
            if name in URL_ATTRS and value:
                self.addresses.append(value)
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def parse(page_html: str) -> Page:
    p = Page()
    p.feed(page_html)
    p.close()
    return p


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_self_contained(p: Page) -> None:
    assert p.addresses == [], p.addresses
    assert p.scripts == 0
    for css in p.styles:
        assert "url(" not in css and "@import" not in css


@pytest.mark.parametrize("sid", IDS)
def test_html_lesson_has_every_question_and_rule(sid):
    s = builtin().get(sid)
    lesson = build_lesson(s)
    p = parse(render_html(lesson))
    assert_self_contained(p)
    text = p.plain
    assert flat(s.title) in text
    m = build_map(s)
    # The decisions printed are the main line's, in the order met; the rest
    # are counted and pointed to on the story map.
    on_line = line_nodes(s, story_line(s))
    reachable = {n.id for n in m.decisions if n.depth >= 0}
    assert [d.node for d in lesson.decisions] == [nid for nid in on_line if nid in reachable]
    assert len(lesson.decisions) >= 1
    assert lesson.side_decisions == len(reachable) - len(lesson.decisions)
    if lesson.side_decisions:
        assert f"支线上还有 {lesson.side_decisions} 个选择点" in text and f"fanzha map {s.id}" in text
    for d in lesson.decisions:
        assert f"选择点 {d.number}" in text
        assert flat(d.question) in text
        assert flat(d.context) in text
        for o in d.options:
            assert flat(o.text) in text
    rule_ids = {r.id for r in lesson.rules}
    printed = side = 0
    for nid, node in s.nodes.items():
        for msg in node.messages:
            if msg.red_flag:
                assert msg.red_flag.rule in rule_ids
                if nid in on_line:  # the main line's flags, word for word
                    printed += 1
                    assert flat(msg.text) in text and flat(msg.red_flag.why) in text
                elif m.nodes[nid].depth >= 0:
                    side += 1
        if node.ending:
            assert set(node.ending.rules) <= rule_ids
            assert flat(node.ending.explain) in text
            assert f"{kind_words(node.ending.kind, not s.is_scam)}《{flat(node.ending.title)}》" in text
    if not s.is_scam:  # a genuine case's safe ending is checked and trusted, not a scam seen through
        assert "成功识破" not in text
    for r in lesson.rules:
        assert flat(r.text) in text, r.id  # the full text, word for word
    assert (len(lesson.flags), lesson.side_flags) == (printed, side)
    if side:
        assert f"支线上还有 {side} 处" in text
    assert "学习单" in text and "96110" in text


@pytest.mark.parametrize("sid", IDS[:3])
def test_markdown_lesson_has_every_question_and_rule(sid):
    s = builtin().get(sid)
    lesson = build_lesson(s)
    text = render_markdown(lesson)
    for d in lesson.decisions:
        assert f"### 选择点 {d.number}" in text
        assert md(d.context) in text
    for r in lesson.rules:
        assert md(r.text) in text


def test_hostile_text_is_escaped_in_html_and_markdown():
    lesson = build_lesson(hostile_scenario())
    page = render_html(lesson)
    p = parse(page)
    assert_self_contained(p)
    assert "<script>" not in page and "[b]" in page  # HTML-escaped, and no markup engine here
    assert p.tags.count("script") == 0
    assert flat(HOSTILE) in p.plain  # shown literally
    mark = render_markdown(lesson)
    assert "<script>" not in mark and "\\<script\\>" in mark
    assert "`code`" not in mark and "\\`code\\`" in mark
    assert re.search(r"(?<!\\)\[b\]", mark) is None


def test_md_escapes_list_markers_and_markup():
    assert md("1. 不是列表") == "1\\. 不是列表"
    assert md("- 不是列表") == "\\- 不是列表"
    assert md("*强调* <b>") == "\\*强调\\* \\<b\\>"


def test_lesson_command_writes_html_and_markdown(tmp_path, capsys):
    sid = IDS[0]
    out_html = tmp_path / "教案.html"
    out_md = tmp_path / "教案.md"
    assert main(["lesson", sid, "--out", str(out_html)]) == 0
    assert main(["lesson", sid, "--out", str(out_md)]) == 0
    assert_self_contained(parse(out_html.read_text(encoding="utf-8")))
    assert out_md.read_text(encoding="utf-8").startswith("# 以案说法：")
    capsys.readouterr()
    assert main(["lesson", sid]) == 0
    assert capsys.readouterr().out.startswith("# 以案说法：")
    assert main(["lesson", sid, "--out", str(tmp_path / "x.pdf")]) == 2
    assert main(["lesson", "no-such-case"]) == 2


def test_html_title_is_escaped():
    page = render_html(build_lesson(hostile_scenario()))
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert html.unescape(title).endswith(HOSTILE)


def test_the_lesson_pack_shows_the_scammers_playbook_along_the_whole_escalation():
    from game.engine.library import load_file

    from ..conftest import FIXTURES

    scenario = load_file(FIXTURES / "marks" / "scam.yaml").scenario
    lesson = build_lesson(scenario)
    assert [m.name for m in lesson.playbook.moments] == ["搭讪引流", "给点甜头", "换个地方聊", "要信息", "制造紧急", "消失或再骗一次"]
    page = render_html(lesson)
    assert "<h3>骗子的剧本</h3>" in page and "1. 搭讪引流「周六下午，你在玩《星河岛》。」" in page
    assert "6. 消失或再骗一次「他拉黑了你，你的账号也登不上了。」" in page
    assert "✋ 在这里就能停下：第一个危险信号出现在「客服小鱼：恭喜你抽中限定皮肤！」" in page
    text = render_markdown(lesson)
    assert "### 骗子的剧本" in text and "2\\. 给点甜头「客服小鱼：恭喜你抽中限定皮肤！」" in text
