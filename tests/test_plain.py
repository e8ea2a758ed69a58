"""`--plain`: the story line by line on stdout, choices from stdin; the
automatic fallback when standard output is not a terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from game.engine.library import load_library
from game.text.plain import PlainGame, needs_plain
from game.progress.memory import MemoryProgress

from .conftest import FIXTURES, ROOT

LIB = load_library([(FIXTURES / "engine", "test")])


def run_game(answers: str, progress=None) -> tuple[int, str]:
    out = io.StringIO()
    code = PlainGame(LIB, progress, out=out, inp=io.StringIO(answers)).menu()
    return code, out.getvalue()


def test_menu_play_to_an_ending_and_quit():
    progress = MemoryProgress()
    code, out = run_game("1\n2\n1\nq\n", progress)
    assert code == 0
    assert "1. 测试用剧本（小学、家长；结局 0/3）" in out
    assert "[QQ·私聊] 客服小美：点赞一次返 3 元！" in out
    assert "> 你选了：先问妈妈" in out
    assert "==== 结局：✔ 成功识破 · 成功识破 ====" in out
    assert "十个凡是 第1条：凡是网上兼职、刷单、刷信誉都是诈骗。" in out
    assert "结局 1/3" in out  # the menu again, with the ending found
    assert progress.endings_found("bench-full") == {"safe-end"}


def test_form_typing_and_wrong_input():
    code, out = run_game("1\n1\n7\nhello\n1\ntext:123456\nq\n")
    assert "走不通" in out  # 7 is not a choice; hello is not a number
    assert "> 你在「验证码」里填了：123456" in out
    assert "✘ 被骗了" in out and "现在就做：" in out


def test_end_of_input_saves_the_game():
    progress = MemoryProgress()
    code, out = run_game("1\n1\n", progress)
    assert code == 0 and "已经存档" in out
    assert progress.load_resume("bench-full")["steps"] == [["start", "choice", 0]]


def test_fallback_when_output_is_not_a_terminal(tmp_path):
    env = {**os.environ, "FANZHA_HOME": str(tmp_path), "TERM": "xterm"}
    env.pop("TEXTUAL_DRIVER", None)
    proc = subprocess.run(
        [sys.executable, "-m", "game", "play", "bench-full", "--scenarios", str(FIXTURES / "engine")],
        input="2\n1\n", capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "改用纯文字方式" in proc.stderr
    assert "成功识破" in proc.stdout


def test_needs_plain(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert "TERM=dumb" in needs_plain()
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert needs_plain() is None  # a browser tab is a capable terminal
