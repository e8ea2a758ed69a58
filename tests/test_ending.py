"""The ending summary (game/engine/ending.py), built once from a finished play
and drawn by every face: what it holds, and that the text face, the lesson
and the presenter's words come from it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.engine.ending import (
    NOTHING_LOST, RULES_HEADING, default_steps, flags_heading, summarize, summarize_ending, summarize_steps,
)
from game.engine.explore import explore, story_line
from game.engine.library import load_file
from game.engine.play import Playthrough
from game.engine.rules import catalogue
from game.text.render import summary_lines

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def scenario():
    loaded = load_file(FIXTURES / "engine" / "full.yaml")
    assert loaded.ok, loaded.problems
    return loaded.scenario


def to_big_loss(s) -> Playthrough:
    play = Playthrough(s)
    play.choose(0)  # 试一试
    play.choose(0)  # 垫付 100 元
    play.submit("123456")  # the form: 验证码
    return play


def test_a_loss_summary_holds_what_it_cost_the_rules_in_full_and_the_steps(scenario):
    e = summarize(to_big_loss(scenario))
    assert (e.kind.id, e.kind_words, e.title, e.node) == ("loss", "✘ 被骗了", "被骗了", "big-loss")
    assert e.money_lost == 500 and e.exposed == ("验证码", "银行卡")  # the path's, then the ending's
    assert e.stakes == ("损失：¥500", "泄露的信息：验证码、银行卡")
    cat = catalogue()
    assert [(r.id, r.label, r.text) for r in e.rules] == [(r, cat[r].full_label, cat[r].text) for r in ("ten-3", "slogan-11")]
    # The case is for pupils and their parents: the steps speak to the pupil.
    assert e.steps == default_steps("loss", ("小学",)) and e.steps_heading == "现在就做"
    assert [f.node for f in e.flags] == ["start", "pay"] and e.flags[0].who == "客服小美"
    assert e.choices_made == 3


def test_a_safe_summary_lost_nothing_and_a_genuine_case_says_checked_and_trusted(scenario):
    play = Playthrough(scenario)
    play.choose(1)  # 先问妈妈
    play.choose(0)  # 听妈妈的
    e = summarize(play)
    assert e.stakes == (NOTHING_LOST,) and e.steps == () and e.steps_heading == ""
    assert e.kind_words == "✔ 成功识破"
    genuine = summarize(Playthrough.from_dict(replace(scenario, is_scam=False), play.to_dict()))
    assert genuine.kind_words == "✔ 核实后放心办" and genuine.genuine


def test_a_scenarios_own_steps_come_before_the_defaults(scenario):
    nodes = dict(scenario.nodes)
    nodes["big-loss"] = replace(nodes["big-loss"], ending=replace(nodes["big-loss"].ending, steps=("先告诉老师。",)))
    e = summarize_ending(replace(scenario, nodes=nodes), "big-loss")
    assert e.steps == ("先告诉老师。",)


def test_a_parent_is_not_told_to_tell_mum_and_dad(scenario):
    for_parents = replace(scenario, audience=("家长",))
    steps = summarize_ending(for_parents, "big-loss").steps
    assert steps == default_steps("loss", ("家长",))
    assert not any("爸爸妈妈" in s for s in steps) and any("110" in s for s in steps)


def test_only_a_finished_play_has_a_summary(scenario):
    with pytest.raises(ValueError):
        summarize(Playthrough(scenario))
    with pytest.raises(ValueError):
        summarize_ending(scenario, "start")


def test_the_story_line_goes_to_the_deepest_loss_and_can_be_summarised(scenario):
    steps = story_line(scenario)
    e = summarize_steps(scenario, steps)
    assert e.kind.id == "loss" and e.money_lost == max(x.money_lost for x in scenario.endings.values())
    assert steps in explore(scenario).endings.values()


def test_the_text_face_draws_the_summary_in_the_same_words(scenario):
    e = summarize(to_big_loss(scenario))
    lines = summary_lines(e)
    assert f"==== 结局：{e.kind_words} · {e.title} ====" in lines
    assert "　".join(e.stakes) in lines and f"{RULES_HEADING}：" in lines and f"{e.steps_heading}：" in lines
    assert all(f"  · {r.label}：{r.text}" in lines for r in e.rules)
    assert all(f"  {n}. {step}" in lines for n, step in enumerate(e.steps, 1))
    assert flags_heading(len(e.flags)) in lines
