"""Quitting or a crash mid-scenario resumes at the last choice: the game is
killed (SIGKILL) in the middle of a case and restarted."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading

import pytest

from game.text.steps import PROMPT
from game.progress.store import Store

from .helpers import FIXTURE_SCENARIOS, PYTHON, ROOT, child_env


class Game:
    """`fanzha play … --choices -`: the game reading one step per line."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(
            [*PYTHON, "-m", "game", "play", *args],
            cwd=ROOT, env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for raw in self.proc.stdout:
            self.lines.put(raw.decode("utf-8").rstrip("\n"))
        self.lines.put(None)

    def until_prompt(self) -> list[str]:
        got = []
        while True:
            line = self.lines.get(timeout=30)
            assert line is not None, "the game ended early: " + self.proc.stderr.read().decode("utf-8", "replace")
            self.seen.append(line)
            if line == PROMPT:
                return got
            got.append(line)

    def finish(self) -> tuple[int, str, str]:
        """Close the input, wait for the end: exit code, the whole output, stderr."""
        self.proc.stdin.close()
        while (line := self.lines.get(timeout=30)) is not None:
            self.seen.append(line)
        err = self.proc.stderr.read().decode("utf-8", "replace")
        self.proc.stderr.close()
        return self.proc.wait(timeout=30), "\n".join(self.seen), err

    def send(self, text: str) -> None:
        self.proc.stdin.write((text + "\n").encode("utf-8"))
        self.proc.stdin.flush()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_mid_scenario_resumes_at_the_last_choice(fanzha_home):
    game = Game("tfx-long", "--scenarios", str(FIXTURE_SCENARIOS), "--choices", "-", "--profile", "小明")
    first = game.until_prompt()
    assert "1. 真的吗？" in "\n".join(first)
    game.send("1")
    assert "> 你选了：真的吗？" in game.until_prompt()
    game.send("9")  # a wrong key is refused, the game goes on
    game.until_prompt()
    game.send("1")
    after_two = game.until_prompt()
    assert "> 你选了：加群" in after_two and "  1. 打开链接" in after_two
    # The second choice is shown, so it is saved. Kill the game without warning.
    os.kill(game.proc.pid, signal.SIGKILL)
    game.proc.wait(timeout=30)
    for stream in (game.proc.stdin, game.proc.stdout, game.proc.stderr):
        stream.close()

    store = Store.open()
    assert store.take_notices() == []
    progress = store.progress(store.find_profiles("小明")[0])
    save = progress.load_resume("tfx-long")
    assert save is not None and [s[0] for s in save["steps"]] == ["hook", "second"]
    assert progress.attempt_count() == 0
    store.close()

    # Restart: the game continues from the third decision.
    again = Game("tfx-long", "--scenarios", str(FIXTURE_SCENARIOS), "--choices", "-", "--resume", "--profile", "小明")
    shown = again.until_prompt()
    assert "> 你选了：真的吗？" in shown and "> 你选了：加群" in shown  # the story so far
    assert shown[-2:] == ["  1. 打开链接", "  2. 不点，退群"]
    again.send("1")
    again.until_prompt()
    again.send("text:246810")
    code, text, err = again.finish()
    assert code == 0, err
    assert "> 你在「验证码」里填了：246810" in text and "账号被盗了" in text and "已记录到档案「小明」" in text
    progress = Store.open().progress(Store.open().find_profiles("小明")[0])
    assert progress.first_outcome("tfx-long") == "loss"
    assert progress.load_resume("tfx-long") is None
    assert progress.scenario_records()["tfx-long"].attempts == 1


def test_quitting_mid_scenario_resumes_too(fanzha_home):
    game = Game("tfx-long", "--scenarios", str(FIXTURE_SCENARIOS), "--choices", "-", "--profile", "小红")
    game.until_prompt()
    game.send("1")
    game.until_prompt()
    code, _, err = game.finish()  # the player walks away: end of input
    assert code == 4 and "--resume" in err
    save = Store.open().progress(Store.open().find_profiles("小红")[0]).load_resume("tfx-long")
    assert [s[0] for s in save["steps"]] == ["hook"]
