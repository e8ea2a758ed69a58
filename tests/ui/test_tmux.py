"""The installed game in a real terminal: `fanzha play` inside tmux, keys sent
to an ending, and the captured screen checked for the ending's rule text.

Needs `fanzha` on PATH (as after `pip install .`) and tmux (`.ci/run`
installs it); skipped with the reason otherwise. Uses its own tmux server
(-L) so it never touches anyone else's sessions."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid

import pytest


from .helpers import SCENARIOS

pytestmark = pytest.mark.slow


def wait_for(tmux, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    pane = ""
    while time.monotonic() < deadline:
        pane = subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "game"], capture_output=True, text=True, encoding="utf-8", check=False
        ).stdout
        if text in pane:
            return pane
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear within {timeout}s; the screen was:\n{pane}")


def test_installed_fanzha_plays_to_an_ending_in_tmux(tmp_path):
    fanzha = shutil.which("fanzha")
    if fanzha is None:
        pytest.skip("`fanzha` is not on PATH: install the package first (pip install .)")
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    tmux = ["tmux", "-L", f"fanzha-test-{uuid.uuid4().hex[:8]}"]
    home = tmp_path / "home"
    home.mkdir()
    command = shlex.join([
        "env", "FANZHA_PACE=0", f"FANZHA_HOME={home}", "LANG=C.UTF-8",
        fanzha, "play", "ui-tour", "--scenarios", str(SCENARIOS),
    ])
    try:
        subprocess.run([*tmux, "new-session", "-d", "-s", "game", "-x", "100", "-y", "30", command], check=True)
        # check the notice, tell the class group, say the notice had nothing: 成功识破
        for wait_text, key in (("先去游戏公告里查一查", "2"), ("去班级群提醒大家", "1"), ("我查过公告", "1")):
            wait_for(tmux, wait_text)
            subprocess.run([*tmux, "send-keys", "-t", "game", key], check=True)
        # The outcome: the ending in words, what was marked, then the rules
        # (below the fold at 100×30 since the marks came first).
        pane = wait_for(tmux, "这次学到的规则")
        assert "✔ 成功识破" in pane and "你找出了 1 个危险信号中的 0 个" in pane
        subprocess.run([*tmux, "send-keys", "-t", "game", "q"], check=True)
        wait_for(tmux, "真的要退出")
        subprocess.run([*tmux, "send-keys", "-t", "game", "y"], check=True)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    assert os.path.isdir(home)
