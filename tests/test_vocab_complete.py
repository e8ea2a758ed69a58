"""Every entry of the vocabulary (game/engine/vocab.py) has a drawing in every
face: a new channel, ending kind or kind of information that some face cannot
draw fails here, not in front of a class.

The faces: the text mode (game/text/render.py), the Textual play transcript
and channel bar, the Textual 辨一辨 screen, the story map (text, Mermaid, DOT),
the lesson pack, the ending summary's steps, and the .tcss rules that colour
a kind's banner or a channel's frame in the colour the registry names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.style import Style

from game.classroom import maprender, storymap
from game.classroom.lesson import build_lesson, render_html, render_markdown
from game.engine.ending import DEFAULT_STEPS, summarize_ending
from game.engine.model import Character, Choice, Effects, Ending, InputField, Message, Node, Scenario
from game.engine.play import Playthrough
from game.engine.vocab import AUDIENCES, CHANNELS, COLOURS, DRAWINGS, ENDING_KINDS, INFO_KINDS, stages
from game.text import render
from game.text.render import node_lines, summary_lines

from .conftest import ROOT

UI = ROOT / "game" / "ui"


# --------------------------------------------------------------------------
# The registry itself


def test_every_channel_names_a_drawing_a_colour_and_words():
    for ch in CHANNELS.values():
        assert ch.drawing in DRAWINGS, ch
        assert ch.colour in COLOURS, ch
        assert ch.words.strip(), ch
        if ch.drawing in ("sms", "call", "video", "web"):
            assert ch.frame.strip(), f"{ch.id}: a framed drawing needs the words on its frame"
        if ch.symbol:
            assert ch.symbol in ch.frame, f"{ch.id}: a symbol decorates words, it never stands alone"


def test_every_ending_kind_has_words_a_symbol_a_colour_and_a_rank():
    for k in ENDING_KINDS.values():
        assert k.words.strip() and k.symbol.strip() and k.colour in COLOURS and k.steps_heading, k
    assert len({k.rank for k in ENDING_KINDS.values()}) == len(ENDING_KINDS), "best outcome needs a strict order"
    assert len({k.words for k in ENDING_KINDS.values()}) == len(ENDING_KINDS), "one word for each kind"
    assert ENDING_KINDS["safe"].said(genuine=True) == "✔ 核实后放心办"
    assert ENDING_KINDS["stopped"].words == "及时止损"


def test_the_stages_are_the_assets_own():
    ids = [s.id for s in stages()]
    assert ids and len(ids) == len(set(ids))
    assert all(s.name and s.hint for s in stages())


# --------------------------------------------------------------------------
# A case that uses everything the vocabulary has


def every_channel_case(is_scam: bool = True) -> Scenario:
    """One node per channel, in a row; the last choice exposes every kind of
    information; then one ending of each kind."""
    ids = list(CHANNELS)
    nodes: dict[str, Node] = {}
    for n, cid in enumerate(ids):
        nxt = ids[n + 1] if n + 1 < len(ids) else "fork"
        speaker = "" if CHANNELS[cid].drawing == "narration" else "x"
        nodes[cid] = Node(
            cid, cid, (Message(f"第{n}句：{cid}", speaker, cid),), choices=(Choice(f"继续{n}", nxt),),
            url="https://example.com/page" if CHANNELS[cid].drawing == "web" else "",
        )
    ends = [k for k in ENDING_KINDS if not (is_scam and k == "missed")]  # missed: genuine cases only
    expose = Effects(expose=tuple(INFO_KINDS))
    nodes["fork"] = Node(
        "fork", "chat", (Message("怎么办", "x", "chat"),),
        choices=tuple(Choice(f"去{k}", f"end-{k}", expose) for k in ends),
        input=InputField("验证码", f"end-{ends[0]}"),
    )
    for k in ends:
        nodes[f"end-{k}"] = Node(f"end-{k}", "narration", ending=Ending(k, f"结局{k}", ("six-5",), f"说明{k}", 100 if ENDING_KINDS[k].harmed else 0))
    return Scenario(
        id="vocab-case", title="每样都有", fraud_type="type-1", audience=tuple(AUDIENCES), summary="", nodes=nodes,
        start=ids[0], file="<test>", is_scam=is_scam, characters={"x": Character("x", "陌生人", "10086")},
    )


def played_to(s: Scenario, kind: str) -> Playthrough:
    play = Playthrough(s)
    while play.node.id != "fork":
        play.choose(0)
    play.choose([c.to for c in play.node.choices].index(f"end-{kind}"))
    return play


# --------------------------------------------------------------------------
# Channels, face by face


def test_the_text_face_tags_every_drawing():
    assert set(render.TAGGED) == set(DRAWINGS)
    s = every_channel_case()
    for cid, ch in CHANNELS.items():
        lines = "\n".join(node_lines(s, s.nodes[cid]))
        assert f"第{list(CHANNELS).index(cid)}句" in lines
        assert (f"[{ch.words}]" in lines) == render.TAGGED[ch.drawing], (cid, lines)


def _look():
    from game.ui.widgets.lines import Look

    return Look(**{f: Style() for f in Look.__dataclass_fields__})


def test_the_play_transcript_draws_every_channel():
    from game.ui.widgets import status, transcript

    assert set(transcript.SEGMENTS) == set(DRAWINGS) and set(transcript.ITEMS) == set(DRAWINGS)
    assert set(status.WHERE) == set(DRAWINGS)
    s, look = every_channel_case(), _look()
    for cid, ch in CHANNELS.items():
        node = s.nodes[cid]
        kind, title = transcript.SEGMENTS[ch.drawing](s, node, ch)
        item = transcript.ITEMS[ch.drawing](s, ch, node.messages[0], True)
        segment = transcript.Segment(kind, title, (cid,), [item])
        rows = transcript._draw(segment, 60, look, lambda i, w, lk, framed: transcript._item_rows(i, w, lk, framed))
        drawn = "\n".join("".join(seg.text for seg in row) for row in rows)
        assert node.messages[0].text in drawn, cid
        if ch.frame:
            assert ch.frame in drawn, (cid, drawn)
        bar = status.where(s, node)
        assert bar and (ch.words in bar or ch.frame in bar), (cid, bar)


def test_the_quiz_screen_draws_every_channel_an_item_can_use():
    from game.progress.quiz import Item
    from game.progress.quizbank import ITEM_CHANNELS
    from game.ui.screens import quiz

    assert set(quiz.DRAWN) == {CHANNELS[c].drawing for c in ITEM_CHANNELS}
    for cid, ch in ((c, CHANNELS[c]) for c in ITEM_CHANNELS):
        item = Item(id=f"q-{cid}", form="A", channel=cid, text=f"一条{cid}", is_scam=True, rule="six-5", why="因为", sender="陌生人")
        widgets = quiz.DRAWN[ch.drawing](item, ch)
        assert widgets, cid
        if ch.frame:
            assert ch.frame in str(widgets[0].border_title), cid


def test_the_story_map_and_the_lesson_name_every_channel():
    s = every_channel_case()
    text = maprender.render_text(storymap.build_map(s))
    for cid, ch in CHANNELS.items():
        if ch.drawing != "narration":
            assert f"{ch.words} · " in text, cid
    lesson = render_markdown(build_lesson(s))
    assert all(f"【{ch.words}】" in lesson for ch in CHANNELS.values() if ch.drawing != "narration")


# --------------------------------------------------------------------------
# Ending kinds and kinds of information, face by face


@pytest.mark.parametrize("kind", list(ENDING_KINDS))
def test_every_face_says_every_ending_kind(kind):
    k = ENDING_KINDS[kind]
    s = every_channel_case(is_scam=kind != "missed")
    summary = summarize_ending(s, f"end-{kind}")
    assert summary.kind_words == k.said(genuine=not s.is_scam)
    assert summary.kind_words in "\n".join(summary_lines(summary))
    m = storymap.build_map(s)
    assert k.said(not s.is_scam) in maprender.render_text(m) and k.said(not s.is_scam) in maprender.legend(genuine=not s.is_scam)
    assert f"classDef {kind} fill:" in maprender.render_mermaid(m)
    assert kind in maprender._DOT_FILL and k.colour in maprender.PALETTE
    lesson = build_lesson(s)
    assert summary.kind_words in render_html(lesson) and summary.kind_words in render_markdown(lesson)
    if k.harmed:  # money or information went: the steps to take now, for every audience
        assert all(DEFAULT_STEPS.get((kind, a)) for a in AUDIENCES), kind


def test_every_kind_of_information_given_away_is_named():
    s = every_channel_case()
    summary = summarize_ending(s, "end-loss", exposed=tuple(INFO_KINDS))
    text = "\n".join(summary_lines(summary))
    assert all(info.words in text for info in INFO_KINDS.values())
    play = played_to(s, "loss")
    assert set(play.exposed) == set(INFO_KINDS)


# --------------------------------------------------------------------------
# The Textual face's colours: one .tcss rule per kind and per drawing, in the
# theme colour of the registry's colour name.


def _rules() -> list[tuple[list[str], str]]:
    """(selectors, body) of every rule in every .tcss file of the UI."""
    out = []
    for path in sorted(UI.rglob("*.tcss")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            out.append(([" ".join(x.split()) for x in sel.split(",")], body))
    return out


def _coloured(selector: str, colour: str) -> None:
    from game.ui.words import THEME_COLOURS

    var = THEME_COLOURS[colour]
    bodies = [body for sels, body in _rules() if selector in sels]
    assert bodies, f"no .tcss rule for `{selector}`"
    assert any(re.search(re.escape(var) + r"(?![\w-])", b) for b in bodies), f"`{selector}` is not drawn in {var}"


def test_the_textual_face_maps_every_colour_name():
    from game.ui.words import THEME_COLOURS

    assert set(THEME_COLOURS) == set(COLOURS)


@pytest.mark.parametrize("kind", list(ENDING_KINDS))
def test_every_ending_kind_has_its_coloured_rules(kind):
    colour = ENDING_KINDS[kind].colour
    for selector in (f"Banner.-{kind}", f".review-ending.-{kind}", f".map-row.-ending.-{kind}"):
        _coloured(selector, colour)


@pytest.mark.parametrize("cid", list(CHANNELS))
def test_every_channel_has_its_coloured_rules(cid):
    from game.progress.quizbank import ITEM_CHANNELS

    ch = CHANNELS[cid]
    _coloured(f"StoryLines > .transcript--{ch.drawing}", ch.colour)
    if cid in ITEM_CHANNELS:  # where the 辨一辨 screen colours it
        _coloured(".item-bubble" if ch.drawing == "bubble" else f".item-frame.-{ch.drawing}", ch.colour)


def test_the_transcript_has_a_style_for_every_drawing():
    from game.ui.widgets.transcript import StoryLines

    assert {f"transcript--{d}" for d in DRAWINGS} <= StoryLines.COMPONENT_CLASSES
