"""`fanzha play SCENARIO_ID --choices …`: the non-interactive path, its exit
codes, recording to a profile, resume, and every built-in ending reachable."""

from __future__ import annotations

import pytest

from game.cli import build_parser, main
from game.cli.play import run_path
from game.text.steps import parse_keys
from game.engine.explore import as_keys, explore
from game.engine.library import default_folders, load_library
from game.progress.store import Store
from game.engine.ending import default_steps
from game.engine.vocab import kind_words

from .store.helpers import FIXTURE_SCENARIOS, LONG_LOSS, SCAM_PATHS

FIX = ["--scenarios", str(FIXTURE_SCENARIOS)]


def play(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["play", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_keys():
    assert parse_keys("2, 1 ,3") == [("choice", 2), ("choice", 1), ("choice", 3)]
    assert parse_keys("1,text:123456,2") == [("choice", 1), ("text", "123456"), ("choice", 2)]
    assert parse_keys("text:你好，世界,再见,2") == [("text", "你好，世界,再见"), ("choice", 2)]
    assert parse_keys("") == []
    with pytest.raises(ValueError):
        parse_keys("1,x")
    with pytest.raises(ValueError):
        parse_keys("-1")


def test_a_path_to_an_ending_prints_the_transcript_and_the_ending(capsys):
    code, out, err = play(capsys, "tfx-long", *FIX, "--choices", LONG_LOSS)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "==== 测试剧本：免费皮肤（长） ===="
    assert "[游戏聊天] 小鱼（游戏好友）：官方在送限定皮肤，只剩最后 50 份！" in lines
    assert "> 你选了：真的吗？" in lines and "> 你选了：加群" in lines
    assert "> 你在「验证码」里填了：123456" in lines
    assert "[网页] https://skin-gift.example.com/get" in lines
    assert "==== 结局：✘ 被骗了 · 账号被盗了 ====" in lines
    assert "泄露的信息：验证码" in out and "96110" in out and "银行卡背面" in out  # default steps after a loss
    assert "六个一律 第5条" in out and "⚑ 请输入 QQ 号和收到的验证码。" in out  # red flags reviewed
    assert "档案" not in out  # no profile: nothing recorded


def test_numbers_count_the_choices_offered_at_that_moment(capsys):
    code, out, _ = play(capsys, "tfx-type-3", *FIX, "--choices", "1,3")
    assert code == 0 and "> 你选了：挂断，告诉老师" in out and "成功识破" in out


def test_an_invalid_choice_exits_non_zero_and_records_nothing(capsys, fanzha_home):
    code, out, err = play(capsys, "tfx-long", *FIX, "--choices", "1,7", "--profile", "小明")
    assert code == 3
    assert "第 2 步（7）" in err and "没有第 7 个选项" in err and "1. 加群" in err
    assert out == ""
    progress = Store.open().progress(Store.open().find_profiles("小明")[0])
    assert progress.attempt_count() == 0 and progress.load_resume("tfx-long") is None


def test_text_where_there_is_no_form_and_steps_after_the_ending_are_invalid(capsys):
    code, _, err = play(capsys, "tfx-long", *FIX, "--choices", "text:hello")
    assert code == 3 and "表单" in err
    code, _, err = play(capsys, "tfx-type-1", *FIX, "--choices", "2,1")
    assert code == 3 and "已经走到结局" in err


def test_unreadable_choices_and_unknown_cases_are_usage_errors(capsys):
    assert play(capsys, "tfx-long", *FIX, "--choices", "one")[0] == 2
    code, _, err = play(capsys, "no-such-case", *FIX, "--choices", "1")
    assert code == 2 and "tfx-long" in err


def test_a_path_that_ends_nowhere_saves_and_resume_continues_it(capsys, fanzha_home):
    code, out, err = play(capsys, "tfx-long", *FIX, "--choices", "1,1", "--profile", "小明", "--class", "四(1)班")
    assert code == 4 and "没有走到结局" in out and "--resume" in err
    assert "1. 打开链接" in out
    code, out, err = play(capsys, "tfx-long", *FIX, "--resume", "--choices", "1,text:000000", "--profile", "小明")
    assert code == 0, err
    assert "> 你选了：真的吗？" in out and "> 你选了：加群" in out  # the saved part is in the transcript
    assert "账号被盗了" in out and "已记录到档案「小明（四(1)班）」" in out
    progress = Store.open().progress(Store.open().find_profiles("小明")[0])
    assert progress.first_outcome("tfx-long") == "loss" and progress.load_resume("tfx-long") is None


def test_without_resume_a_new_path_starts_from_the_beginning(capsys, fanzha_home):
    play(capsys, "tfx-long", *FIX, "--choices", "1,1", "--profile", "小明")
    code, out, _ = play(capsys, "tfx-long", *FIX, "--choices", "2", "--profile", "小明")
    assert code == 0 and "成功识破" in out
    assert "> 你选了：加群" not in out


def test_recording_first_and_best_outcomes_through_the_cli(capsys, fanzha_home):
    for keys in (SCAM_PATHS["loss"], SCAM_PATHS["safe"]):
        assert play(capsys, "tfx-type-5", *FIX, "--choices", keys, "--profile", "小红")[0] == 0
    progress = Store.open().progress(Store.open().find_profiles("小红")[0])
    assert progress.first_outcome("tfx-type-5") == "loss" and progress.best_outcome("tfx-type-5") == "safe"


def test_resume_needs_a_profile(capsys):
    assert play(capsys, "tfx-long", *FIX, "--resume", "--choices", "1")[0] == 2


def test_every_builtin_ending_is_reachable_with_choices(capsys):
    """Works with whatever scenarios/ holds: each ending's shortest path, as
    typed, through the command's own code (the library loaded once)."""
    lib = load_library(default_folders())
    if not lib.scenarios:
        pytest.skip("no built-in scenarios yet")
    for s in lib.scenarios.values():
        for ending_id, steps in explore(s).endings.items():
            keys = ",".join(as_keys(s, steps))
            args = build_parser().parse_args(["play", s.id, "--choices", keys])
            code = run_path(args, lib, s)
            out, err = capsys.readouterr()
            assert code == 0, (s.id, keys, err)
            ending = s.nodes[ending_id].ending
            # The app's words: a genuine case's safe ending is checked-then-trusted.
            words = kind_words(ending.kind, genuine=not s.is_scam)
            assert f"==== 结局：{words} · {ending.title} ====" in out, (s.id, ending_id)
            steps = ending.steps or default_steps(ending.kind, s.audience)
            assert all(step in out for step in steps), (s.id, ending_id)


def test_the_window_gets_the_profiles_progress_from_the_store(monkeypatch, fanzha_home, capsys):
    import game.ui

    opened = {}

    class FakeApp:
        def __init__(self, **kwargs):
            opened.update(kwargs)

        def run(self):
            kwargs = opened
            kwargs["progress"].record_ending("tfx-type-1", "safe", "safe", [])

    monkeypatch.setattr(game.ui, "FanzhaApp", FakeApp)
    monkeypatch.setattr("game.text.plain.needs_plain", lambda: None)  # pytest's output is no terminal
    assert main(["play", "tfx-type-1", *FIX, "--profile", "小明", "--class", "四(1)班"]) == 0
    progress = opened["progress"]
    assert opened["scenario_id"] == "tfx-type-1" and progress.persistent
    assert progress.profile.label == "小明（四(1)班）"
    store = Store.open()
    assert store.current_profile().name == "小明"  # the switch is remembered
    assert store.progress(store.current_profile()).first_outcome("tfx-type-1") == "safe"
