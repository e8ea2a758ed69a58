"""Issue #9 for the store: transactions, WAL with a busy timeout (two processes
lose no update), a damaged file moved aside, a process killed mid-write, a
read-only data folder."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from game.progress import quiz, quizbank
from game.cli import main
from game.progress.store import DB_NAME, SCHEMA_VERSION, Store

from .helpers import FIXTURE_SCENARIOS, PYTHON, ROOT, SCAM_PATHS, child_env, finish, fixture_library, type_case


@pytest.fixture(scope="module")
def lib():
    return fixture_library()


def _bystanders(home: Path) -> dict[str, bytes]:
    """Other files in the data folder, which must never be touched."""
    (home / "scenarios").mkdir(exist_ok=True)
    (home / "scenarios" / "my-case.yaml").write_text("id: my-case\n", encoding="utf-8")
    (home / "notes.txt").write_text("老师的笔记", encoding="utf-8")
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def _moved(home: Path) -> list[Path]:
    """Damaged databases moved aside (their -wal/-shm travel with them)."""
    return sorted(p for p in home.glob(DB_NAME + ".damaged-*") if not p.name.endswith(("-wal", "-shm")))


# -- transactions ---------------------------------------------------------------


def test_a_failed_transaction_leaves_nothing_behind():
    store = Store.memory()
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO profiles (uid, name, class_name, first_form, ordinal, created) "
                "VALUES ('u', 'x', '', 'A', 1, 'now')"
            )
            raise RuntimeError("boom")
    assert store.profiles() == []


def test_recording_an_ending_is_all_or_nothing(fanzha_home, lib):
    store = Store.open()
    progress = store.progress(store.create_profile("小明"), lib)
    progress.save_resume(type_case(1), {"format": "fanzha-save/1", "steps": []})
    # Make the last statement of the transaction (the rule card) fail.
    store._conn.execute(
        "CREATE TRIGGER no_cards BEFORE INSERT ON rule_cards BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    assert finish(progress, lib, type_case(1), SCAM_PATHS["safe"]) is None
    assert progress.endings_found(type_case(1)) == set()  # the attempt was rolled back too
    assert progress.load_resume(type_case(1)) is not None  # and the resume save kept
    assert any("没能保存" in n for n in store.take_notices())
    store._conn.execute("DROP TRIGGER no_cards")
    assert finish(progress, lib, type_case(1), SCAM_PATHS["safe"]).first


# -- damaged, foreign and newer database files -----------------------------------


def test_a_garbage_database_is_moved_aside_and_a_fresh_one_started(fanzha_home, lib):
    db = fanzha_home / DB_NAME
    db.write_bytes(b"this is not a database at all \x00\xff" * 100)
    Path(str(db) + "-wal").write_bytes(b"stale wal")
    before = _bystanders(fanzha_home)
    store = Store.open()
    notices = store.take_notices()
    assert store.persistent and len(notices) == 1
    moved = _moved(fanzha_home)
    assert len(moved) == 1 and moved[0].name in notices[0] and "新存档" in notices[0]
    assert moved[0].read_bytes().startswith(b"this is not a database")
    assert Path(str(moved[0]) + "-wal").read_bytes() == b"stale wal"
    # The fresh database works, and nothing else in the folder changed.
    finish(store.progress(store.create_profile("小明"), lib), lib, type_case(1), SCAM_PATHS["safe"])
    after = {str(p.relative_to(fanzha_home)): p.read_bytes() for p in fanzha_home.rglob("*") if p.is_file()}
    for name, data in before.items():
        if name.startswith(DB_NAME):
            continue
        assert after[name] == data
    store.close()
    assert Store.open().take_notices() == []  # and it stays healthy


def test_a_truncated_database_is_moved_aside(fanzha_home, lib):
    store = Store.open()
    progress = store.progress(store.create_profile("小明"), lib)
    for n in range(1, 13):
        for _ in range(20):
            finish(progress, lib, type_case(n), SCAM_PATHS["loss"])
    store.close()
    db = fanzha_home / DB_NAME
    size = db.stat().st_size
    assert size > 8192
    with db.open("r+b") as f:  # keep the header, wreck the pages
        f.seek(4096)
        f.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))
    store = Store.open()
    notices = store.take_notices()
    assert len(notices) == 1 and len(_moved(fanzha_home)) == 1
    assert store.profiles() == []


def test_another_programs_database_is_moved_aside_not_deleted(fanzha_home):
    db = fanzha_home / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.execute("INSERT INTO customers VALUES ('keep me')")
    conn.commit()
    conn.close()
    store = Store.open()
    assert "不是本游戏的存档" in store.take_notices()[0]
    moved = _moved(fanzha_home)[0]
    assert sqlite3.connect(moved).execute("SELECT name FROM customers").fetchall() == [("keep me",)]


def test_a_newer_games_database_is_left_alone_and_not_written(fanzha_home, lib):
    db = fanzha_home / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    data = db.read_bytes()
    store = Store.open()
    assert not store.persistent and "更新版本" in store.take_notices()[0]
    finish(store.progress(store.create_profile("小明"), lib), lib, type_case(1), SCAM_PATHS["safe"])
    store.close()
    assert db.read_bytes() == data and _moved(fanzha_home) == []


# -- a data folder that cannot be written ------------------------------------------


def _make_read_only(folder: Path):
    """Make a folder read-only for this process; return an undo function or skip."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root ignores permission bits: the immutable attribute stops even root.
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr")
        r = subprocess.run(["chattr", "-R", "+i", str(folder)], capture_output=True)
        if r.returncode != 0:
            pytest.skip(f"chattr +i not possible here: {r.stderr!r}")
        return lambda: subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)
    mode = folder.stat().st_mode
    for p in [folder, *folder.rglob("*")]:
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return lambda: [p.chmod(p.stat().st_mode | stat.S_IWUSR) for p in [folder, *folder.rglob("*")]] and folder.chmod(mode)


@pytest.mark.cold_cache  # nothing in the folder before: nothing may be written to it
def test_a_read_only_folder_still_plays_and_says_progress_is_not_saved(fanzha_home, lib):
    undo = _make_read_only(fanzha_home)
    try:
        store = Store.open()
        notices = store.take_notices()
        assert not store.persistent and len(notices) == 1 and "不会保存" in notices[0]
        progress = store.default_progress(lib)
        rec = finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
        assert rec.first and progress.first_outcome(type_case(1)) == "safe"
        progress.save_resume("tfx-long", {"format": "fanzha-save/1"})
        assert progress.load_resume("tfx-long") == {"format": "fanzha-save/1"}
        assert list(fanzha_home.iterdir()) == []
    finally:
        undo()


def test_a_read_only_folder_shows_saved_progress_but_keeps_new_progress_in_memory(fanzha_home, lib):
    store = Store.open()
    p = store.create_profile("小明")
    finish(store.progress(p, lib), lib, type_case(2), SCAM_PATHS["loss"])
    store.close()
    data = (fanzha_home / DB_NAME).read_bytes()
    undo = _make_read_only(fanzha_home)
    try:
        store = Store.open()
        assert not store.persistent and store.take_notices()
        progress = store.progress(p.id, lib)
        assert progress.first_outcome(type_case(2)) == "loss"  # what was saved is shown
        finish(progress, lib, type_case(2), SCAM_PATHS["safe"])
        assert progress.best_outcome(type_case(2)) == "safe"
        store.close()
    finally:
        undo()
    assert (fanzha_home / DB_NAME).read_bytes() == data
    assert Store.open().progress(p.id, lib).best_outcome(type_case(2)) == "loss"


def test_the_cli_plays_in_a_read_only_folder(fanzha_home, capsys):
    undo = _make_read_only(fanzha_home)
    try:
        code = main(["play", "tfx-type-1", "--scenarios", str(FIXTURE_SCENARIOS), "--choices", "2", "--profile", "小明"])
    finally:
        undo()
    out, err = capsys.readouterr()
    assert code == 0 and "结局" in out and "不会保存" in err and "没有保存" in err


def test_a_data_folder_that_cannot_exist_falls_back_too(tmp_path, lib):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    store = Store.open(blocker / "fanzha")
    assert not store.persistent and "不会保存" in store.take_notices()[0]
    finish(store.default_progress(lib), lib, type_case(1), SCAM_PATHS["safe"])
    assert blocker.read_text(encoding="utf-8") == "x"


# -- other processes ------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from game.progress import quiz
    from game.progress.store import Store
    home, tag, n, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    go = Path(home) / "go"
    while not go.exists():
        time.sleep(0.005)
    store = Store.open(home)
    profile, _ = store.get_or_create("小明", "四(1)班")
    progress = store.progress(profile)
    items = progress.check_items(quiz.BEFORE)
    for i in range(n):
        progress.record_ending("case-" + tag, "e%d" % i, ("loss", "safe", "stopped")[i % 3], [[tag, "choice", i]])
        progress.save_resume("shared", {"by": tag, "i": i})
        if first + i <= last:
            item = items[first + i]
            progress.record_answer(quiz.BEFORE, item.id, item.is_scam)
    for msg in store.take_notices():
        print(msg, file=sys.stderr)
    print("done", tag)
    """
)


def test_two_processes_on_one_profile_lose_no_update(fanzha_home):
    n = 60
    size = len(quizbank.bank().form("xx-A"))
    half = size // 2
    # The before-check is started (one answer) before any case is played; the
    # two processes then finish it between them while recording endings.
    store = Store.open()
    progress = store.progress(store.get_or_create("小明", "四(1)班")[0])
    first = progress.check_items(quiz.BEFORE)[0]
    progress.record_answer(quiz.BEFORE, first.id, first.is_scam)
    store.close()
    procs = [
        subprocess.Popen(
            [*PYTHON, "-c", _WRITER, str(fanzha_home), tag, str(n), str(first), str(last)],
            cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for tag, first, last in (("a", 1, half - 1), ("b", half, size - 1))
    ]
    time.sleep(0.3)
    (fanzha_home / "go").touch()
    results = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err.decode("utf-8", "replace")
        assert err == b"", err.decode("utf-8", "replace")  # no "not saved" notice: nothing was lost
    store = Store.open()
    profiles = store.profiles()
    assert len(profiles) == 1  # both asked for 小明 at the same moment: one profile
    progress = store.progress(profiles[0])
    for tag in "ab":
        assert progress.endings_found("case-" + tag) == {f"e{i}" for i in range(n)}
        rec = progress.scenario_records()["case-" + tag]
        assert rec.attempts == n and rec.first_ending == "e0" and rec.best == "safe"
    assert progress.attempt_count() == 2 * n
    assert progress.load_resume("shared")["i"] == n - 1
    score = progress.check_result(quiz.BEFORE)
    assert score.complete and score.correct == score.total  # the sitting saw every answer from both
    assert progress.check_finished_at(quiz.BEFORE)


_KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from game.progress.store import Store
    store = Store.open(sys.argv[1])
    progress = store.progress(store.get_or_create("小明")[0])
    i = 0
    while True:
        progress.save_resume("case", {"format": "fanzha-save/1", "scenario": "case", "i": i,
                                      "steps": [["n", "choice", k % 3] for k in range(i % 40)]})
        if i % 5 == 0:
            progress.record_ending("other", "e%d" % (i % 7), "loss", [])
        print(i, flush=True)
        i += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_write_keeps_everything_up_to_the_last_completed_write(fanzha_home):
    for kill_after in (120, 197):
        proc = subprocess.Popen(
            [*PYTHON, "-c", _KILLED_WRITER, str(fanzha_home)],
            cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        last = -1
        while last < kill_after:
            line = proc.stdout.readline()
            assert line, proc.stderr.read().decode("utf-8", "replace")
            last = int(line)
        os.kill(proc.pid, signal.SIGKILL)  # while it keeps writing
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        store = Store.open()
        assert store.take_notices() == []  # not damaged
        assert store._read("PRAGMA integrity_check") == [("ok",)]
        progress = store.progress(store.find_profiles("小明")[0])
        saved = progress.load_resume("case")
        assert saved["i"] >= last  # every completed write is there
        assert len(saved["steps"]) == saved["i"] % 40  # and the one there is whole
        assert progress.attempt_count() >= sum(1 for i in range(last + 1) if i % 5 == 0)
        store.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks the openers: POSIX")
def test_many_processes_opening_a_new_data_folder_at_once_all_save(tmp_path):
    """Forty browser tabs answering "who is playing?" together, on a data
    folder with no progress file yet: each opens the store and makes a
    profile at the same moment. Every one must be saving to the one file —
    not moved aside as "damaged" (a version read before another process's
    commit beside a meta row read after it), not "locked" into memory (SQLite
    answers at once, without its busy timeout, while others switch the new
    file to WAL). Several rounds: the race does not show every time."""
    for round_ in range(6):
        home = tmp_path / f"r{round_}"
        home.mkdir()
        gate_r, gate_w = os.pipe()
        report_r, report_w = os.pipe()
        children = []
        for _ in range(30):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child reports through the pipe
                code = 1
                try:
                    os.read(gate_r, 1)
                    store = Store.open(home)
                    store.create_profile(audience="小学")
                    line = f"{store.persistent}|{'; '.join(store.take_notices())}\n"
                    os.write(report_w, line.encode("utf-8"))
                    store.close()
                    code = 0
                finally:
                    os._exit(code)
            children.append(pid)
        os.close(report_w)
        os.write(gate_w, b"x" * len(children))  # all at once
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
        with os.fdopen(report_r, encoding="utf-8") as reports:
            lines = reports.read().splitlines()
        os.close(gate_r)
        os.close(gate_w)
        assert codes == [0] * len(children)
        assert lines == ["True|"] * len(children), [line for line in lines if line != "True|"]
        assert not list(home.glob("*.damaged-*"))
        with Store.open(home) as store:
            assert len(store.profiles()) == len(children)
