"""`fanzha class --no-ui` and `fanzha join` as real processes, the way a
script or a test drives them (issue 18's contract)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.cli.live_join import parse_votes

from ..conftest import ROOT

pytestmark = pytest.mark.slow


def a_path(case_id: str) -> str:
    """The --choices of a shortest way to one of the case's endings."""
    from game.engine.explore import as_keys, explore
    from game.engine.library import load_library
    from game.engine.paths import builtin_scenarios_dir

    s = load_library([(builtin_scenarios_dir(), "builtin")]).get(case_id)
    steps = min(explore(s).endings.values(), key=len)
    return ",".join(as_keys(s, steps))


class Teacher:
    def __init__(self, home: Path, *args: str) -> None:
        env = dict(os.environ, FANZHA_HOME=str(home), PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "game", "class", "--no-ui", "--port", "0", "--code", "LAB123", *args],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8",
        )
        self.events: list[dict] = []
        self.listening = self.next("listening")

    def next(self, kind: str, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"the class ended: {self.proc.stderr.read()}")
            event = json.loads(line)
            self.events.append(event)
            if event["event"] == kind:
                return event
        raise AssertionError(f"no {kind} event")

    def do(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.listening['port']}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.do(**{"do": "end"})
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def join(home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, FANZHA_HOME=str(home), PYTHONIOENCODING="utf-8")
    return subprocess.Popen([sys.executable, "-m", "game", "join", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def test_self_paced_results_arrive_and_pending_ones_follow(tmp_path):
    teacher = Teacher(tmp_path / "teacher", "--results", str(tmp_path / "results"))
    try:
        assert teacher.listening["code"] == "LAB123" and teacher.listening["mode"] == "self"
        pupil = join(tmp_path / "pc1", teacher.address, "lab123", "--profile", "小明", "--class", "四(1)班",
                     "--play", "type01-dianzan-fanli", "--choices", a_path("type01-dianzan-fanli"))
        out, err = pupil.communicate(timeout=60)
        assert pupil.returncode == 0, err
        assert "已经交给老师" in err
        stored = teacher.next("results")
        assert Path(stored["file"]).is_file() and stored["cases"] == 1
    finally:
        teacher.stop()
    # The teacher's PC is gone: the pupil plays on, the results wait (exit 5)...
    offline = join(tmp_path / "pc1", teacher.address, "LAB123", "--profile", "小明",
                   "--play", "type08-dujiaoshou-shouhao", "--choices", a_path("type08-dujiaoshou-shouhao"))
    _, err = offline.communicate(timeout=60)
    assert offline.returncode == 5, err
    assert "下次加入课堂时会自动交给老师" in err
    # ...and the next join, to a new class, sends them.
    teacher = Teacher(tmp_path / "teacher", "--results", str(tmp_path / "results2"))
    try:
        again = join(tmp_path / "pc1", teacher.address, "LAB123", "--profile", "小明")
        _, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
        stored = teacher.next("results")
        assert stored["cases"] == 2
    finally:
        teacher.stop()


def test_step_mode_votes_from_the_command_line(tmp_path):
    teacher = Teacher(tmp_path / "teacher", "--mode", "step", "--case", "type01-dianzan-fanli",
                      "--results", str(tmp_path / "results"))
    try:
        pupils = [join(tmp_path / f"pc{i}", teacher.address, "LAB123", "--profile", f"学生{i}",
                       "--choices", "A" if i % 2 else "flag:1,B") for i in range(4)]
        for _ in range(4):
            teacher.next("joined")
        teacher.do(**{"do": "open"})
        teacher.next("decision")
        tallies = [teacher.next("vote") for _ in range(4)]
        assert tallies[-1]["answered"] == 4 and {k: v for k, v in tallies[-1]["tally"].items() if v} == {"A": 2, "B": 2}
        assert tallies[-1]["marks"] == {"1": 2}
        teacher.do(**{"do": "choose", "letter": "B"})
        moved = teacher.next("moved")
        assert moved["chosen"] == "B" and moved["votes"]["A"] == moved["votes"]["B"] == 2
        teacher.do(**{"do": "bogus"})
        assert "不认识" in teacher.next("error")["reason"]
    finally:
        teacher.stop()
    for p in pupils:
        out, _ = p.communicate(timeout=30)
        assert "第 1 个选择" in out and "老师选了 B" in out
    (record,) = (tmp_path / "results").glob("votes-*.jsonl")
    assert json.loads(record.read_text(encoding="utf-8").splitlines()[0])["answered"] == 4


def test_votes_parse_with_marks_before_them():
    assert parse_votes("flag:2,flag:3,b,1") == [("B", [2, 3]), ("1", [])]
    with pytest.raises(ValueError):
        parse_votes("flag:x,A")


def test_join_needs_a_reachable_teacher(tmp_path, capsys):
    code = main(["join", "127.0.0.1:9", "LAB123", "--profile", "小红"])
    assert code == 1 and "连不上老师的电脑" in capsys.readouterr().err


def test_the_projector_falls_back_to_json_lines_when_output_is_no_terminal(tmp_path):
    env = dict(os.environ, FANZHA_HOME=str(tmp_path), PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "game", "class", "--port", "0"], cwd=ROOT, env=env,
                          input='{"do": "end"}\n', capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout.splitlines()[0])
    assert first["event"] == "listening" and first["mode"] == "step" and len(first["code"]) == 6
    assert "--no-ui" in proc.stderr
