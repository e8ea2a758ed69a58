"""Issue #15, case 5, for the progress file: a data folder this user may not
look into, a full disk under an existing save, and a progress.db another
program holds past the busy timeout. Each used to end in a traceback; now the
game plays on in memory and says progress is not being saved."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.cli import main
from game.progress import db as database
from game.progress.store import DB_NAME, Store

from .. import unprivileged
from .helpers import FIXTURE_SCENARIOS, ROOT, child_env

FIX = ["--scenarios", str(FIXTURE_SCENARIOS)]
CASE = "tfx-type-1"
NO_HANG = 120  # a safety net only


def _with_fixtures(argv: list[str]) -> list[str]:
    """The fixture cases, named after the command (a subcommand's own
    --scenarios default would hide one given before it)."""
    if argv and not argv[0].startswith("-"):
        return [argv[0], *FIX, *argv[1:]]
    return [*FIX, *argv]


def _no_traceback(proc: subprocess.CompletedProcess) -> str:
    """All it said (the plain game tells its notices on standard output)."""
    said = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in said, said
    return said


# -- a data folder this user may not look into (mode 000) ----------------------------


@pytest.mark.parametrize(
    "argv, stdin, code",
    [
        ([], "q\n", 0),  # bare `fanzha`: output is not a terminal, so the plain game
        (["play", CASE, "--plain"], "2\n", 0),
        (["quiz"], "", 2),  # no profile to take the check: said in words
        (["export", "--all", "--out", "{tmp}/out"], "", 1),  # no profiles to export
    ],
    ids=["fanzha", "play", "quiz", "export"],
)
def test_a_data_folder_with_mode_000(tmp_path, argv, stdin, code):
    prefix = unprivileged.prefix(str(ROOT))
    if prefix is None:
        pytest.skip(unprivileged.why_not())
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0)
    os.chmod(tmp_path, 0o755)  # a user other than root must reach the folder to be refused by it
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "game", *_with_fixtures([a.format(tmp=tmp_path) for a in argv])],
            env=child_env(FANZHA_HOME=str(home)), input=stdin.encode(), capture_output=True, timeout=NO_HANG, cwd="/",
        )
    finally:
        home.chmod(0o700)
    err = _no_traceback(proc)
    assert proc.returncode == code, err
    assert "不会保存" in err or "没有档案" in err, err


# -- a full disk under an existing save ------------------------------------------------


def _full_disk(tmp_path: Path, seed: Path, free_kb: int, argv: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    """Run `fanzha ARGV` on a data folder of a small tmpfs holding `seed`'s
    progress.db, filled up but `free_kb`: room enough to open the database
    (its 32 KB shared-memory file), not to write a transaction. The mount
    lives in a mount namespace of its own and goes with the process."""
    mnt = tmp_path / "mnt"
    mnt.mkdir(exist_ok=True)
    script = textwrap.dedent(f"""\
        set -e
        mount -t tmpfs -o size=1m tmpfs {mnt}
        cp {seed / DB_NAME} {mnt}/
        {sys.executable} -c "
        import os
        st = os.statvfs('{mnt}')
        with open('{mnt}/filler', 'wb') as f:
            f.write(bytes(max(0, st.f_bavail * st.f_frsize - {free_kb * 1024})))
        "
        exec {sys.executable} -m game "$@"
        """)
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, "sh", *_with_fixtures(argv)],
        env=child_env(FANZHA_HOME=str(mnt)), input=stdin.encode(), capture_output=True, timeout=NO_HANG,
    )


@pytest.fixture
def seeded(tmp_path) -> Path:
    """A data folder with a save in it (one profile, not the current one)."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a small disk needs root and unshare (a tmpfs in a mount namespace)")
    if subprocess.run(["unshare", "--mount", "sh", "-c", f"mount -t tmpfs tmpfs {tmp_path}"], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs is not allowed here")
    seed = tmp_path / "seed"
    store = Store.open(seed)
    # 甲 has played (a profile that never did is not exported at all).
    store.progress(store.create_profile("甲")).record_ending(CASE, "safe", "safe", [])
    store.close()
    return seed


@pytest.mark.parametrize(
    "argv, stdin, code, says",
    [
        (["play", CASE, "--choices", "2", "--profile", "新同学"], "", 0, "没有保存"),  # a new profile
        (["--plain"], "q\n", 0, "不会保存"),  # bare `fanzha`, no current profile: a new anonymous one
    ],
    ids=["new-profile", "fanzha"],
)
def test_a_full_disk_plays_on_without_saving(tmp_path, seeded, argv, stdin, code, says):
    proc = _full_disk(tmp_path, seeded, 40, argv, stdin)
    err = _no_traceback(proc)
    assert proc.returncode == code, err
    assert "磁盘满了" in err and says in err, err


def test_export_all_to_a_full_disk_says_so(tmp_path, seeded):
    proc = _full_disk(tmp_path, seeded, 8, ["export", "--all", "--out", str(tmp_path / "mnt" / "out")])
    err = _no_traceback(proc)
    assert proc.returncode == 1 and "写不了" in err, err


# -- a progress.db another program holds -------------------------------------------------


@pytest.fixture
def held(fanzha_home, monkeypatch):
    """progress.db with a save, and another program's connection holding it
    in an exclusive transaction; the busy timeout shortened to keep it quick."""
    store = Store.open(fanzha_home)
    store.progress(store.create_profile("甲"), None)
    store.close()
    monkeypatch.setattr(database, "BUSY_SECONDS", 0.2)
    other = sqlite3.connect(str(fanzha_home / DB_NAME), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE meta SET value = value WHERE key = 'created'")
    yield other
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.parametrize(
    "argv, stdin, code",
    [
        (["play", CASE, "--choices", "2", "--profile", "乙"], "", 0),
        (["play", CASE, "--plain", "--profile", "乙"], "2\n", 0),
        (["quiz", "--profile", "乙"], "s\n" * 30, 0),
        ([], "q\n", 0),  # bare `fanzha`: the plain game, a new anonymous profile
    ],
    ids=["play-profile", "play-plain", "quiz", "fanzha"],
)
def test_a_held_database_plays_on_without_saving(held, capsys, monkeypatch, argv, stdin, code):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(_with_fixtures(argv)) == code
    out, err = capsys.readouterr()
    assert "存档正被别的程序占用" in out + err and ("不会保存" in out + err)
    assert "已经存档" not in out


def test_a_database_held_in_exclusive_mode_is_named_for_what_it_is(fanzha_home, monkeypatch):
    Store.open(fanzha_home).close()
    monkeypatch.setattr(database, "BUSY_SECONDS", 0.2)
    other = sqlite3.connect(str(fanzha_home / DB_NAME), isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE meta SET value = value WHERE key = 'created'")
    try:
        store = Store.open(fanzha_home)
        (notice,) = store.take_notices()
        assert not store.persistent and "存档正被别的程序占用" in notice
        store.default_progress(None)  # plays on in memory
    finally:
        other.execute("ROLLBACK")
        other.close()
