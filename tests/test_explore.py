"""The explorer finds every reachable ending, with a path that really gets there."""

from __future__ import annotations

import pytest

from game.engine.explore import as_keys, explore
from game.engine.library import load_file, load_library
from game.engine.paths import builtin_scenarios_dir
from game.engine.play import Playthrough

from .conftest import FIXTURES


def replay(scenario, keys):
    play = Playthrough(scenario)
    for key in keys:
        if key.startswith("text:"):
            play.submit(key[5:])
        else:
            play.choose_nth(int(key))
    return play


def test_every_ending_of_the_fixture():
    s = load_file(FIXTURES / "engine" / "full.yaml").scenario
    found = explore(s)
    assert set(found.endings) == {"safe-end", "stopped-end", "big-loss"}
    assert not found.truncated
    for ending, steps in found.endings.items():
        play = replay(s, as_keys(s, steps))
        assert play.node.id == ending
    # breadth-first: the safe ending is one step via 先问妈妈 → 听妈妈的 or 试一试 → 不干了
    assert len(found.endings["safe-end"]) == 2


def test_condition_only_ending_is_found_with_its_condition(tmp_path):
    text = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8")
    # make the only way to the stopped ending require the "asked" flag
    text = text.replace("      - text: 关掉页面，马上打 110\n        to: stopped-end\n",
                        "      - text: 关掉页面，马上打 110\n        to: stopped-end\n        if: {flag: asked}\n")
    path = tmp_path / "cond.yaml"
    path.write_text(text, encoding="utf-8")
    s = load_file(path).scenario
    steps = explore(s).endings["stopped-end"]
    keys = as_keys(s, steps)
    assert keys[0] == "2"  # must go through 先问妈妈 to set the flag
    assert replay(s, keys).node.id == "stopped-end"


BUILTIN = load_library([(builtin_scenarios_dir(), "builtin")])


@pytest.mark.parametrize("sid", sorted(BUILTIN.scenarios), ids=str)
def test_every_ending_of_every_builtin_scenario_is_reachable(sid):
    s = BUILTIN.scenarios[sid]
    found = explore(s)
    assert not found.truncated
    assert set(found.endings) == set(s.endings), "some endings can never be reached"
    for ending, steps in found.endings.items():
        assert replay(s, as_keys(s, steps)).node.id == ending


def test_builtin_scenarios_all_valid():
    assert BUILTIN.files, "no built-in scenarios found"
    assert not BUILTIN.errors, [str(p) for p in BUILTIN.errors]


def test_decisions_count_only_choices_a_player_can_see(tmp_path):
    """Two choices with opposite conditions are one way on, not a decision."""
    text = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - text: 听妈妈的\n        to: safe-end\n      - text: 还是想试试\n        to: task\n",
        "      - text: 听妈妈的\n        to: safe-end\n        if: {flag: asked}\n"
        "      - text: 还是想试试\n        to: task\n        if: {not_flag: asked}\n",
    )
    path = tmp_path / "pairs.yaml"
    path.write_text(text, encoding="utf-8")
    s = load_file(path).scenario
    found = explore(s)
    assert "ask" not in found.decision_nodes  # only 听妈妈的 shows there
    assert found.decision_nodes == {"start", "task", "pay"}
    # start -> task -> pay: three real decisions on the longest line
    assert found.main_line == 3


def test_main_line_survives_loops(tmp_path):
    text = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8")
    text = text.replace("      - text: 不干了\n        to: safe-end\n", "      - text: 不干了\n        to: start\n")
    path = tmp_path / "loop.yaml"
    path.write_text(text, encoding="utf-8")
    found = explore(load_file(path).scenario)
    assert found.main_line >= 3 and set(found.endings) == {"safe-end", "stopped-end", "big-loss"}


ENDLESS = """\
id: endless-money
title: 测试
fraud_type: type-1
audience: [小学]
summary: 测试。
nodes:
  start:
    messages:
      - 每点一次赞，返 1 元。
    choices:
      - text: 再点一次
        to: start
        effects: {money: 1}
      - text: 不干了
        to: good
  good:
    ending:
      kind: safe
      title: 好
      rules: [ten-1]
      explain: 好。
"""


def test_a_search_cut_short_says_so_and_judges_nothing_it_did_not_see(tmp_path, capsys):
    """Every press adds money: the states never end, and the search stops at
    its limit. Issue #15, case 7: it used to stop silently and then report
    "主线上只有 0 个选择点"."""
    from game.cli import main

    path = tmp_path / "endless.yaml"
    path.write_text(ENDLESS, encoding="utf-8")
    found = explore(load_file(path).scenario, max_states=200)
    assert found.truncated and found.trapped == {}
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "检查没有走完" in out and "50,000" in out
    assert "主线上只有" not in out


def _parsed(path):
    """The scenario as parsed, before the checks that refuse it."""
    from game.engine.parse import parse_scenario
    from game.engine.rules import catalogue
    from game.engine.yamlsource import decode, load

    doc = load(decode(path.read_bytes()))
    return parse_scenario(doc.value, doc.positions, str(path), catalogue())[0]


def test_a_node_with_nothing_to_choose_and_a_loop_with_no_exit_come_with_the_way_there():
    stuck = _parsed(FIXTURES / "bad" / "no-way-on.yaml")
    found = explore(stuck)
    assert set(found.stuck) == {"ask"} and found.trapped == {}
    assert as_keys(stuck, found.stuck["ask"]) == ["1"]
    looped = _parsed(FIXTURES / "bad" / "no-exit-loop.yaml")
    found = explore(looped)
    assert found.stuck == {} and set(found.trapped) == {"shop"}
    assert as_keys(looped, found.trapped["shop"]) == ["2"]
    assert set(found.endings) == {"good"}  # the story can end, just not from the shop
