"""The story engine: choices, conditions, effects, forms, undo, save/restore."""

from __future__ import annotations

import pytest

from game.engine.library import load_file
from game.engine.play import PlayError, Playthrough

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def scenario():
    loaded = load_file(FIXTURES / "engine" / "full.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    return loaded.scenario


def test_start_state(scenario):
    play = Playthrough(scenario)
    assert play.node.id == "start"
    assert play.state.money == 500
    assert play.state.exposed == frozenset() and play.state.flags == frozenset()
    assert [o.text for o in play.options] == ["试一试", "先问妈妈"]
    assert not play.ended and play.ending is None
    first = play.node.messages[0]
    assert first.speaker == "scammer" and first.channel == "chat"
    assert first.red_flag.rule == "ten-1"
    assert scenario.speaker_name("scammer") == "客服小美"
    assert scenario.characters["scammer"].number == "171****2046"


def test_conditions_hide_choices_until_they_hold(scenario):
    plain = Playthrough(scenario)
    plain.choose_nth(1)
    assert [o.text for o in plain.options] == ["垫付 100 元", "不干了"]
    asked = Playthrough(scenario)
    asked.choose_nth(2)
    assert "asked" in asked.state.flags
    asked.choose_nth(2)  # 还是想试试
    assert [o.text for o in asked.options] == ["垫付 100 元", "不干了", "妈妈说过这是骗子"]
    asked.choose_nth(3)
    assert asked.ending.kind == "safe"


def test_hidden_choice_cannot_be_taken(scenario):
    play = Playthrough(scenario)
    play.choose_nth(1)
    with pytest.raises(PlayError):
        play.choose(2)  # the 妈妈说过 choice exists but its condition fails
    with pytest.raises(PlayError):
        play.choose_nth(3)


def test_money_condition_and_effects(scenario):
    play = Playthrough(scenario)
    play.choose_nth(1)
    play.choose_nth(1)  # 垫付 100
    assert play.state.money == 400
    assert play.money_lost == 100
    texts = [o.text for o in play.options]
    assert "我还有钱，再垫付 200" in texts  # money_min 300 holds at 400
    play.choose(1)
    assert play.state.money == 200
    assert play.ended and play.ending.kind == "loss"
    assert play.money_lost == 500  # the ending's figure is the one reported
    assert play.exposed == ("银行卡",)


def test_form_input_is_a_choice_with_consequences(scenario):
    play = Playthrough(scenario)
    play.choose_nth(1)
    play.choose_nth(1)
    assert play.accepts_input and play.node.input.label == "验证码"
    with pytest.raises(PlayError):
        play.submit("   ")
    play.submit("654321")
    assert play.node.id == "big-loss"
    assert play.state.exposed == frozenset({"验证码"})
    assert play.state.money == 0
    assert play.exposed == ("验证码", "银行卡")
    assert play.options == [] and not play.accepts_input
    with pytest.raises(PlayError):
        play.choose(0)
    with pytest.raises(PlayError):
        play.submit("1")


def test_submit_without_a_form_fails(scenario):
    with pytest.raises(PlayError):
        Playthrough(scenario).submit("123")


def test_undo_restores_node_and_state(scenario):
    play = Playthrough(scenario)
    assert play.undo() is False
    play.choose_nth(1)
    play.choose_nth(1)
    play.submit("1")
    assert play.ended
    assert play.undo() is True
    assert play.node.id == "pay" and play.state.money == 400 and play.state.exposed == frozenset()
    play.undo()
    play.undo()
    assert play.node.id == "start" and play.state.money == 500 and play.steps == ()


def test_visited_is_the_transcript(scenario):
    play = Playthrough(scenario)
    play.choose_nth(2)
    play.choose_nth(1)
    assert [n.id for n in play.visited] == ["start", "ask", "safe-end"]


def test_save_and_restore_round_trip(scenario):
    play = Playthrough(scenario)
    play.choose_nth(1)
    play.choose_nth(1)
    play.submit("888888")
    saved = play.to_dict()
    assert saved["format"] == "fanzha-save/1" and saved["scenario"] == "bench-full"
    assert saved["steps"][-1] == ["pay", "input", "888888"]
    back = Playthrough.from_dict(scenario, saved)
    assert back.node.id == play.node.id and back.state == play.state and back.steps == play.steps
    # the restored play keeps going like the original
    back.undo()
    assert back.accepts_input


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(format="other/9"),
        lambda d: d.update(scenario="someone-else"),
        lambda d: d.update(steps="nope"),
        lambda d: d["steps"].append(["start", "choice", 0]),  # wrong node for this step
        lambda d: d["steps"].append(["pay", "choice", 99]),
        lambda d: d["steps"].append(["pay", "teleport", 1]),
        lambda d: d["steps"].append("garbage"),
    ],
)
def test_restore_rejects_saves_that_do_not_fit(scenario, mutate):
    play = Playthrough(scenario)
    play.choose_nth(1)
    play.choose_nth(1)
    saved = play.to_dict()
    mutate(saved)
    with pytest.raises(PlayError):
        Playthrough.from_dict(scenario, saved)


def test_deterministic(scenario):
    def run():
        p = Playthrough(scenario)
        for n in (1, 1):
            p.choose_nth(n)
        p.submit("x")
        return p.to_dict(), p.state

    assert run() == run()


def test_restart_and_fork(scenario):
    play = Playthrough(scenario)
    play.choose_nth(1)
    other = play.fork()
    other.choose_nth(2)
    assert other.ended and not play.ended
    play.restart()
    assert play.node.id == "start" and play.steps == ()


def test_stages_and_tags_are_read_and_listed(tmp_path):
    """A node's stage, a message's own stage, and the scenario's tags reach
    the model and `check --json` (stages in file order, each once)."""
    from game.engine.summary import scenario_summary

    (tmp_path / "s.yaml").write_text(
        """id: staged
title: 测试
fraud_type: type-8
audience: [小学]
summary: 测试。
tags: [帮信, 游戏]
nodes:
  a:
    stage: hook
    messages:
      - 你好。
      - text: 快点，只剩 5 分钟！
        stage: urgency
    choices:
      - text: 走
        to: b
  b:
    stage: ask-money
    messages:
      - 先转 100 元。
    choices:
      - text: 走
        to: c
  c:
    ending: {kind: safe, title: 好, rules: [ten-1], explain: 好。}
""",
        encoding="utf-8",
    )
    loaded = load_file(tmp_path / "s.yaml")
    assert loaded.ok, loaded.problems
    s = loaded.scenario
    a = s.nodes["a"]
    assert [a.stage_of(m) for m in a.messages] == ["hook", "urgency"]
    assert s.stages == ("hook", "urgency", "ask-money") and s.tags == ("帮信", "游戏")
    summary = scenario_summary(s)
    assert summary["stages"] == ["hook", "urgency", "ask-money"] and summary["tags"] == ["帮信", "游戏"]


def test_the_stage_catalogue_is_complete():
    from game.engine.rules import catalogue

    stages = catalogue().stages
    assert [s.id for s in stages][:2] == ["hook", "trust"] and len(stages) >= 10
    assert len({s.id for s in stages}) == len(stages)
    assert all(s.name and s.hint and s.number == n for n, s in enumerate(stages, 1))
