"""Issue #15, cases 5 and 6: faults of the machine end in a clear Chinese
message and a non-zero exit (never a traceback), files are size-checked
before they are read and only regular files are read, and `present` falls
back the way `play` does. The store's own faults (a locked, full or
unreadable data folder) are in tests/store/test_store_faults.py."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from game.cli import main
from game.engine.files import ReadError, read_limited
from game.engine.library import load_file

from .conftest import FIXTURES, ROOT

FULL = FIXTURES / "engine" / "full.yaml"
# A safety net only: a test that would hang (a pipe read) fails after this.
NO_HANG = 120


def fanzha(*args: str, env: dict | None = None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    base = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "game", *args], env={**base, **(env or {})}, stdout=stdout, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, timeout=NO_HANG,
    )


def no_traceback(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err


# -- what is read, and how much -------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_not_read(tmp_path):
    pipe = tmp_path / "case.yaml"
    os.mkfifo(pipe)
    with pytest.raises(ReadError, match="不是普通文件"):
        read_limited(pipe, 100)
    proc = fanzha("check", str(pipe))
    assert proc.returncode == 1 and "不是普通文件" in proc.stdout.decode("utf-8")
    names = tmp_path / "names.txt"
    os.mkfifo(names)
    proc = fanzha("pledge", "--names", str(names))
    assert proc.returncode == 2 and "不是普通文件" in no_traceback(proc)


def test_a_huge_scenario_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(300_000_000)  # sparse: no disk used
    tracemalloc.start()
    try:
        loaded = load_file(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert loaded.scenario is None and "文件太大" in loaded.problems[0].message
    assert peak < 5_000_000, f"{peak:,} bytes allocated to refuse it"


def test_a_file_that_grows_while_read_is_cut_at_the_limit(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_limited(path, 10) == b"x" * 10
    with pytest.raises(ReadError, match="太大"):
        read_limited(path, 9)


# -- faults of the machine ------------------------------------------------------


def test_a_date_past_the_calendar_is_refused(capsys):
    assert main(["tip", "--date", "9999-12-31", "--days", "5"]) == 2
    assert "日历只到 9999-12-31" in capsys.readouterr().err
    assert main(["tip", "--date", "9999-12-31"]) == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_output_to_a_full_disk_says_so(tmp_path):
    with open("/dev/full", "wb") as full:
        proc = fanzha("check", str(FULL), "--json", stdout=full)
    err = no_traceback(proc)
    assert proc.returncode == 1 and "磁盘满了" in err
    assert "Exception ignored" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="the C locale is a POSIX thing")
def test_a_chinese_file_name_under_the_c_locale(tmp_path):
    """LANG=C without UTF-8 mode: file names are ASCII to Python; the cache
    keeps the name the system could not decode, and check carries on."""
    case = tmp_path / "我的剧本.yaml"
    case.write_bytes(FULL.read_bytes())
    env = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    for _ in range(2):  # the second run reads what the first one cached
        proc = fanzha("check", str(case), env=env)
        no_traceback(proc)
        assert proc.returncode == 0, proc.stdout


def test_present_falls_back_to_plain_when_output_is_not_a_terminal():
    proc = fanzha("present", "type03-konglong-peifu")
    err = no_traceback(proc)
    # No input: the case is told up to its first choice, then the input ends.
    assert proc.returncode == 4 and "改用纯文字方式" in err
    assert proc.stdout.decode("utf-8").startswith("\n==== ")
