"""`fanzha audit` (game/engine/audit.py): the figures issue 13 asks writers to
meet — sentence lengths, late reports that still cost money, random plays
that end safe, telegraphed decisions — computed the same way every time."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.engine import audit as measure
from game.engine.library import load_file

STORY = """id: audit-demo
title: 测试
fraud_type: type-8
audience: [小学]
summary: 测试。
money: 100
nodes:
  a:
    messages:
      - 你好呀。今天天气很好！要不要一起玩游戏？
    choices:
      - {text: 去, to: b}
      - {text: 不去, to: safe}
  b:
    messages:
      - 先转我一点钱吧…好吗
    choices:
      - {text: 转, to: loss, effects: {money: -50}}
      - {text: 再想想, to: a}
      - {text: 告诉妈妈, to: stopped}
  safe:
    ending: {kind: safe, title: 好, rules: [ten-1], explain: 做得好。}
  loss:
    ending: {kind: loss, title: 坏, rules: [ten-1], explain: 被骗了。, money_lost: 50}
  stopped:
    ending: {kind: stopped, title: 止损, rules: [ten-1], explain: 及时报警。, money_lost: 20}
"""


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "audit-demo.yaml"
    path.write_text(STORY, encoding="utf-8")
    loaded = load_file(path)
    assert loaded.ok, loaded.problems
    return loaded.scenario


def test_sentences_end_at_chinese_and_western_marks_and_line_breaks():
    assert measure.sentences("你好呀。今天 天气很好！要不要?\n第二行…") == [3, 6, 3, 3]
    assert measure.sentences("  。。") == []


def test_random_play_share_is_exact_even_with_a_loop(demo):
    # From a: ½ safe at once, ½ to b; from b: ⅓ loss, ⅓ stopped, ⅓ back to a.
    # p(a) = ½ + ½·⅓·p(a)  →  p(a) = 3/5.
    assert measure.random_safe_share(demo) == pytest.approx(0.6)


def test_audit_counts_sentences_stopped_losses_and_verdicts(demo, tmp_path):
    verdict = tmp_path / "v.yaml"
    verdict.write_text(
        "scenario: audit-demo\nreader: 测试读者\ndecisions:\n"
        "  - {node: a, telegraphed: true, why: 不去一看就对}\n"
        "  - {node: b, telegraphed: false}\n"
        "  - {node: safe, telegraphed: false}\n",
        encoding="utf-8",
    )
    result = measure.audit({demo.id: demo}, [measure.read_verdicts(verdict)])
    kid = result.audiences["小学"].as_json()
    assert set(result.audiences) == {"小学"}
    assert kid["stopped_endings"] == 1 and kid["stopped_with_loss"] == 1
    assert kid["decisions"] == 2 and kid["decisions_judged"] == 2 and kid["telegraphed_share"] == 0.5
    assert kid["sentence_longest"] == 8 and kid["sentences_over_longest"] == 0
    assert any("`safe` 不是一个选择点" in p for p in result.problems)
    assert result.random_safe == {"audit-demo": pytest.approx(0.6)}


def test_a_bad_verdict_file_is_reported_not_raised(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: x\ndecisions:\n  - {node: a}\n", encoding="utf-8")
    v = measure.read_verdicts(bad)
    assert v.decisions == [] and "第 1 条判断" in v.problems[0]


def test_the_command_reports_every_audience_and_case(capsys, tmp_path, demo):
    folder = tmp_path / "cases"
    (folder / "verdicts").mkdir(parents=True)
    (folder / "audit-demo.yaml").write_text(STORY, encoding="utf-8")
    (folder / "verdicts" / "audit-demo.yaml").write_text(
        "scenario: audit-demo\ndecisions:\n  - {node: a, telegraphed: true}\n", encoding="utf-8"
    )
    # The built-in cases carry verdicts of their own (which a case rewrite may leave stale, making
    # the exit 1): the demo's file adds one judged, telegraphed decision and no problem.
    main(["audit", "--json"])
    baseline = json.loads(capsys.readouterr().out)
    before = next(a for a in baseline["audiences"] if a["audience"] == "小学")
    code = main(["audit", "--json", "--scenarios", str(folder)])
    doc = json.loads(capsys.readouterr().out)
    assert doc["problems"] == baseline["problems"] and code == (1 if doc["problems"] else 0)
    assert doc["random_safe"]["audit-demo"] == 0.6
    assert "type01-dianzan-fanli" in doc["random_safe"]  # the built-in cases too
    kid = next(a for a in doc["audiences"] if a["audience"] == "小学")
    assert kid["decisions_judged"] == before["decisions_judged"] + 1
    assert kid["telegraphed"] == before["telegraphed"] + 1
    assert main(["audit", "--scenarios", str(folder)]) == code
    text = capsys.readouterr().out
    assert "【小学】" in text and "audit-demo" in text and "乱按也能安全结局的比例" in text


def test_blind_listing_shows_options_not_messages(capsys, tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "audit-demo.yaml").write_text(STORY, encoding="utf-8")
    assert main(["audit", "--blind", "audit-demo", "--scenarios", str(folder)]) == 0
    out = capsys.readouterr().out
    label = measure.blind_label("a")
    assert f"## {label}（第 1 个选择点）" in out and "1. 去" in out and "3. 告诉妈妈" in out
    assert "先转我一点钱吧" not in out
    assert "## a" not in out  # a node id can tell the story: the reader sees a label


def test_a_verdict_may_name_a_decision_by_its_blind_label(demo, tmp_path):
    """What the blind reader saw is what they write; the audit maps it back."""
    by_label, by_id = tmp_path / "label.yaml", tmp_path / "id.yaml"
    for path, name in ((by_label, measure.blind_label("a")), (by_id, "a")):
        path.write_text(
            f"scenario: audit-demo\nreader: 盲读\ndecisions:\n  - {{node: {name}, telegraphed: true, why: 只有一个不付钱}}\n",
            encoding="utf-8",
        )
    one = measure.audit({demo.id: demo}, [measure.read_verdicts(by_label)])
    other = measure.audit({demo.id: demo}, [measure.read_verdicts(by_id)])
    assert one.problems == other.problems == []
    assert one.audiences["小学"].telegraphed == other.audiences["小学"].telegraphed == 1
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("scenario: audit-demo\nreader: 盲读\ndecisions:\n  - {node: d000000, telegraphed: true}\n", encoding="utf-8")
    assert any("d000000" in p for p in measure.audit({demo.id: demo}, [measure.read_verdicts(wrong)]).problems)


def test_one_case_alone_with_its_long_sentences(capsys, tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    long_line = "这是一句很长很长的话" * 3  # 30 characters, no sentence end
    (folder / "audit-demo.yaml").write_text(STORY.replace("先转我一点钱吧…好吗", long_line), encoding="utf-8")
    assert main(["audit", "--json", "--case", "audit-demo", "--scenarios", str(folder)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc["random_safe"]) == ["audit-demo"]
    assert [a["audience"] for a in doc["audiences"]] == ["小学"] and doc["audiences"][0]["cases"] == 1
    assert main(["audit", "--case", "audit-demo", "--scenarios", str(folder)]) == 0
    text = capsys.readouterr().out
    # Without --sentences no message text is shown: a blind reader checks the figure this way.
    assert long_line not in text and "--sentences" in text and "type01-dianzan-fanli" not in text
    assert main(["audit", "--case", "audit-demo", "--sentences", "--scenarios", str(folder)]) == 0
    text = capsys.readouterr().out
    assert f"   30 字  {long_line}" in text and "type01-dianzan-fanli" not in text
    assert main(["audit", "--case", "no-such-case", "--scenarios", str(folder)]) != 0
