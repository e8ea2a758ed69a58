"""The contract tools rely on: `fanzha play ID --choices …` with `flag:K`
steps and `--json`; and marking in the plain mode (`m 2`, `标记 2`)."""

from __future__ import annotations

import io
import json

import pytest

from game.cli import main
from game.engine.library import load_library
from game.engine.play import Playthrough
from game.progress.memory import MemoryProgress
from game.text.plain import PlainGame
from game.text.steps import PROMPT, parse_key, parse_keys

from .conftest import FIXTURES

FIX = ["--scenarios", str(FIXTURES / "marks")]


def play(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["play", *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, choices: str) -> tuple[int, dict | None, str]:
    code, out, err = play(capsys, "marks-scam", *FIX, "--choices", choices, "--json")
    return code, (json.loads(out) if out.strip() else None), err


def test_flag_steps_are_read_and_end_a_text_value():
    assert parse_keys("1,flag:3,2") == [("choice", 1), ("flag", 3), ("choice", 2)]
    assert parse_keys("text:ab,cd,flag:1") == [("text", "ab,cd"), ("flag", 1)]
    with pytest.raises(ValueError):
        parse_keys("flag:x")
    with pytest.raises(ValueError):
        parse_keys("1,text:a,flag:")
    assert parse_key("m 2") == ("flag", 2) and parse_key("标记 3") == ("flag", 3) and parse_key("M2") == ("flag", 2)
    assert parse_key("取消标记 2") == ("unflag", 2) and parse_key("flag:4") == ("flag", 4)


def test_json_prints_one_object_with_the_ending_flags_and_cleared(capsys):
    code, doc, _ = as_json(capsys, "flag:3,1,flag:5,flag:1,1")
    assert code == 0
    assert doc == {
        "scenario": "marks-scam",
        "ending": {"id": "safe-late", "kind": "safe", "money_lost": 0},
        "flags": {"found": 2, "missed": 2, "wrong": 1, "total": 4},
        "cleared": True,
    }


def test_json_never_marking_and_marking_everything_do_not_clear(capsys):
    code, doc, _ = as_json(capsys, "2")
    assert code == 0 and doc["flags"] == {"found": 0, "missed": 2, "wrong": 0, "total": 2} and doc["cleared"] is False
    everything = ",".join(f"flag:{k}" for k in range(1, 8)) + ",2,flag:1"
    code, doc, _ = as_json(capsys, everything)
    assert doc["flags"] == {"found": 2, "missed": 0, "wrong": 6, "total": 2} and doc["cleared"] is False


def test_narration_and_own_lines_count_and_a_repeated_mark_does_nothing(capsys):
    # 1 is narration, 4 the player's own line: both wrong; 3 twice is one found.
    code, doc, _ = as_json(capsys, "flag:1,flag:4,flag:3,flag:3,2")
    assert doc["flags"] == {"found": 1, "missed": 1, "wrong": 2, "total": 2} and doc["cleared"] is False


def test_flag_after_a_form_marks_the_node_it_led_to(capsys):
    code, doc, _ = as_json(capsys, "1,flag:5,text:ab,cd,flag:1")
    assert code == 0 and doc["ending"] == {"id": "loss", "kind": "loss", "money_lost": 0}
    assert doc["flags"] == {"found": 1, "missed": 3, "wrong": 1, "total": 4} and doc["cleared"] is False


def test_a_path_that_stops_before_an_ending_gives_a_null_ending_and_fails(capsys):
    code, doc, _ = as_json(capsys, "flag:3,1")
    assert code == 4
    assert doc["ending"] is None and doc["cleared"] is False
    assert doc["flags"] == {"found": 1, "missed": 3, "wrong": 0, "total": 4}


def test_a_mark_out_of_range_is_an_error(capsys):
    code, out, err = play(capsys, "marks-scam", *FIX, "--choices", "flag:8,2", "--json")
    assert code == 3 and out == ""
    assert "第 1 步（flag:8）标记不了" in err and "(7) [QQ·私聊] 客服小鱼：加我 QQ 领取。" in err
    assert play(capsys, "marks-scam", *FIX, "--choices", "flag:0")[0] == 3


def test_without_json_the_transcript_shows_marks_and_the_ending_says_what_they_came_to(capsys):
    code, out, _ = play(capsys, "marks-scam", *FIX, "--choices", "flag:3,2")
    assert code == 0
    assert "[QQ·私聊] 客服小鱼：恭喜你抽中限定皮肤！　⚑ 你标记了" in out
    assert "你找出了 2 个危险信号中的 1 个。" in out and "✔ 过关" in out
    assert "骗子的剧本：" in out and "1. 搭讪引流：陌生人主动找上你" in out and "第一个危险信号出现在「客服小鱼：恭喜你抽中限定皮肤！」" in out


def test_json_needs_choices(capsys):
    assert play(capsys, "marks-scam", *FIX, "--json")[0] == 2


def test_resume_keeps_marks(capsys, fanzha_home):
    code, _, _ = play(capsys, "marks-scam", *FIX, "--choices", "flag:3,1,flag:5", "--profile", "小明")
    assert code == 4
    code, doc, _ = as_json(capsys, "1")  # without --resume: from the beginning, nothing marked
    code, out, _ = play(capsys, "marks-scam", *FIX, "--resume", "--choices", "flag:6,1", "--profile", "小明", "--json")
    assert code == 0
    assert json.loads(out)["flags"] == {"found": 3, "missed": 1, "wrong": 0, "total": 4}


# -- plain mode -------------------------------------------------------------------------

LIB = load_library([(FIXTURES / "marks", "test")])


def plain(answers: str) -> tuple[str, MemoryProgress, str | None]:
    out = io.StringIO()
    progress = MemoryProgress()
    game = PlainGame(LIB, progress, out=out, inp=io.StringIO(answers))
    kind = game.play(Playthrough(LIB.get("marks-scam")))
    return out.getvalue(), progress, kind


def test_plain_mode_numbers_the_lines_and_marks_with_m():
    out, _, kind = plain("m 3\n标记 3\nm 9\n1\nm 5\n取消标记 5\nm 6\n1\n\n")
    assert kind == "safe"
    assert "(3) [QQ·私聊] 客服小鱼：恭喜你抽中限定皮肤！" in out
    assert "写 m K 标记它" in PROMPT and PROMPT in out  # the help line says how
    assert "⚑ 你标记了第 3 句。" in out and "第 3 句已经标记过了。" in out
    assert "走不通：这一段没有第 9 句话（一共 7 句）" in out
    assert "取消了第 5 句的标记。" in out
    assert "你找出了 4 个危险信号中的 2 个。" in out and "✔ 过关" in out


def test_plain_mode_marks_survive_quitting_and_the_ending_lines_can_be_marked():
    out, progress, kind = plain("m 3\n1\nq\n")
    assert kind is None and progress.load_resume("marks-scam")["marks"] == [["start", 3 - 1]]
    out, _, kind = plain("1\ntext:1\nm 1\n\n")
    assert kind == "loss" and "故事到这里结束了" in out and "⚑ 你标记了第 1 句。" in out
    assert "有 1 句你标记了，可它其实没有问题。" in out
