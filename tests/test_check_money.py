"""`fanzha check` compares each ending's money_lost with what the ways to it took:
the net fall of the money (a reward paid first counts, a loan does not), plus
what was gone before the story, less what the ending says was recovered."""

from __future__ import annotations

import json

import textwrap

import pytest

from game.cli import main
from game.engine.library import load_file

CASE = """\
id: money-demo
title: 钱的去向
fraud_type: type-1
audience: [小学]
summary: 测试用。
money: 1000
{extra}
nodes:
  start:
    messages: [先给你 5 元甜头。]
    choices:
      - {{text: 收下, to: ask, effects: {{money: 5}}}}
      - {{text: 不要, to: safe}}
      - {{text: 借钱, to: ask, effects: {{borrow: 3000}}}}
      - {{text: 直接转, to: ask}}
  ask:
    messages: [再转 300。]
    choices:
      - {{text: 转, to: paid, effects: {{money: -300}}}}
      - {{text: 不转, to: safe}}
      - {{text: 全转, to: paid2, effects: {{money: -{all_of_it}}}}}
  paid:
    messages: [转走了。]
    choices:
      - {{text: 报警, to: stopped}}
      - {{text: 算了, to: loss}}
  paid2:
    messages: [全转走了。]
    choices:
      - {{text: 报警, to: stopped}}
      - {{text: 算了, to: loss2}}
  safe:
    ending: {{kind: safe, title: 没转, rules: [ten-1], explain: 好。}}
  stopped:
    ending: {{kind: stopped, title: 拦住了, rules: [ten-1], explain: 拦住了。{stopped}}}
  loss:
    ending: {{kind: loss, title: 被骗, rules: [ten-1], explain: 没了。, money_lost: {loss}}}
  loss2:
    ending: {{kind: loss, title: 被骗, rules: [ten-1], explain: 没了。, money_lost: {loss2}}}
"""


def check(tmp_path, loss=295, loss2=1000, stopped=", recovered: rest", extra="", all_of_it=1000):
    path = tmp_path / "money-demo.yaml"
    text = CASE.format(loss=loss, loss2=loss2, stopped=stopped, extra=extra, all_of_it=all_of_it)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    loaded = load_file(path)
    assert not loaded.errors, [str(p) for p in loaded.errors]
    return [p.message for p in loaded.problems if "money_lost" in p.message]


def test_a_reward_paid_first_counts_against_the_loss(tmp_path):
    # 1000 + 5 - 300: the player is 295 down, which the ending says.
    # The loan (3000 in hand, owed) is no gain: 1000 + 3000 - 300 - 3000 owed = 300 down.
    warnings = [w for w in check(tmp_path, loss=295) if "`loss`" in w]
    assert len(warnings) == 1, warnings
    assert "拿走了 ¥300" in warnings[0] and "按 3,1,2 " in warnings[0], warnings


def test_every_way_agrees_with_the_declared_loss(tmp_path):
    # No reward and no loan on the way: the last two first choices both lose 300.
    path = tmp_path / "money-demo.yaml"
    text = CASE.format(loss=300, loss2=1000, stopped=", recovered: rest", extra="", all_of_it=1000)
    text = text.replace("effects: {money: 5}", "effects: {money: 0}").replace("effects: {borrow: 3000}", "effects: {borrow: 0}")
    path.write_text(text, encoding="utf-8")
    assert not [p for p in load_file(path).problems if "money_lost" in p.message]


def test_a_declared_loss_larger_than_anything_taken_is_flagged(tmp_path):
    warnings = check(tmp_path, loss=295, loss2=39760)
    found = [w for w in warnings if "`loss2`" in w]
    assert found and "¥39760" in found[0] and "effects" in found[0], warnings


@pytest.mark.parametrize(
    ("stopped", "flagged"),
    [
        (", recovered: rest", False),        # everything taken was frozen and returned
        ("", True),                            # nothing said returned: 295 to 1000 were lost, not 0
        (", recovered: 300", True),           # the 1000 way is 700 down, not 0
        (", money_lost: 2000, recovered: rest", True),  # more than was ever taken
    ],
)
def test_a_stopped_ending_says_what_was_recovered(tmp_path, stopped, flagged):
    warnings = [w for w in check(tmp_path, stopped=stopped) if "`stopped`" in w]
    assert bool(warnings) == flagged, warnings


def test_money_gone_before_the_story_counts(tmp_path):
    warnings = check(tmp_path, loss=1095, loss2=1800, extra="already_lost: 800")
    # 800 before the story, then 1000 + 5 - 1000 on the way with the reward.
    (loss2,) = [w for w in warnings if "`loss2`" in w]
    assert "拿走了 ¥1795" in loss2, warnings
    # A safe ending after money already gone must say it came back.
    assert [w for w in warnings if "`safe`" in w and "recovered" in w], warnings


def test_recovered_must_be_a_number_or_rest(tmp_path):
    path = tmp_path / "money-demo.yaml"
    path.write_text(CASE.format(loss=0, loss2=0, stopped=", recovered: all", extra="", all_of_it=1000), encoding="utf-8")
    assert any("recovered" in p.message for p in load_file(path).errors)


def test_the_builtin_cases_agree_with_their_paths(capsys):
    """No built-in ending's money_lost disagrees with a way to it. (Other
    warnings — paths crowded with red flags in older cases — are issue 13's,
    listed in tests/test_content.py.)"""
    assert main(["check", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["errors"] == []
    assert [w for w in doc["warnings"] if "money_lost" in w["message"]] == []


def test_table_of_a_broken_file_prints_its_errors(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: broken-case\ntitle: 坏了\nnodes: {}\n", encoding="utf-8")
    assert main(["check", "--table", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("| 剧本 |")  # the table itself stays clean Markdown
    assert "broken.yaml:" in captured.err and "缺少必填字段" in captured.err
    assert "出错的剧本不在表里" in captured.err
