"""The store keeps each attempt's marks and whether it was cleared (schema 3);
progress, badges and suggestions count a case as cleared only by the rule of
game/engine/marks.py; a progress file of schema 2 still opens, and its old
attempts (nothing was marked then) are not cleared."""

from __future__ import annotations

import sqlite3

import pytest

from game.engine.marks import CLEARED_RULE
from game.progress.badges import NO_FRAUD_STAR
from game.progress.store import DB_NAME, SCHEMA_VERSION, Store, Try

from .helpers import SCAM_PATHS, finish, fixture_library, type_case


@pytest.fixture(scope="module")
def lib():
    return fixture_library()


def test_an_attempt_keeps_its_marks_and_whether_it_counted(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    finish(progress, lib, type_case(1), SCAM_PATHS["safe"], marked=False)
    finish(progress, lib, type_case(1), SCAM_PATHS["safe-late"])
    finish(progress, lib, type_case(1), SCAM_PATHS["loss"])
    tries = progress.attempts(type_case(1))
    assert [(t.kind, t.found, t.missed, t.wrong, t.cleared) for t in tries] == [
        ("safe", 0, 1, 0, False),  # a safe ending, nothing marked: not cleared
        ("safe", 2, 0, 0, True),
        ("loss", 2, 0, 0, False),  # every flag found, but the money went
    ]
    assert {t.cleared_rule for t in tries} == {CLEARED_RULE}
    assert progress.scenario_records()[type_case(1)].cleared


def test_a_stopped_ending_with_the_flags_found_counts_as_cleared(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    finish(progress, lib, type_case(2), SCAM_PATHS["stopped"])
    rec = progress.scenario_records()[type_case(2)]
    assert rec.best == "stopped" and rec.cleared


def test_badges_and_suggestions_go_by_cleared_not_by_the_ending(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    for n in range(1, 13):
        finish(progress, lib, type_case(n), SCAM_PATHS["safe"], marked=False)
    star = next(b for b in progress.badges() if b.id == NO_FRAUD_STAR)
    assert not star.earned and star.have == 0  # twelve safe endings, not one red flag marked
    assert type_case(5) in {s.scenario_id for s in progress.suggestions(limit=20)}
    for n in range(1, 13):
        finish(progress, lib, type_case(n), SCAM_PATHS["safe"])
    star = next(b for b in progress.badges() if b.id == NO_FRAUD_STAR)
    assert star.earned and star.have == 12
    assert type_case(5) not in {s.scenario_id for s in progress.suggestions(limit=20)}


def _as_schema_2(db) -> None:
    """Turn a new progress file back into what the game before marking wrote."""
    conn = sqlite3.connect(db)
    for column in ("found", "missed", "wrong", "cleared", "cleared_rule"):
        conn.execute(f"ALTER TABLE attempts DROP COLUMN {column}")
    conn.execute("ALTER TABLE profiles DROP COLUMN audience")  # schema 4 (after marking) added it
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_schema_2_progress_file_opens_and_its_old_attempts_are_not_cleared(fanzha_home, lib):
    with Store.open() as store:
        progress = store.progress(store.create_profile("小明", "四(1)班"), lib)
        finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
        progress.save_resume("tfx-long", {"format": "fanzha-save/1", "scenario": "tfx-long", "steps": []})
    db = fanzha_home / DB_NAME
    _as_schema_2(db)
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 2

    with Store.open() as store:
        assert store.persistent and store.take_notices() == []  # opened, not moved aside
        progress = store.progress(store.find_profiles("小明")[0], lib)
        old = progress.attempts(type_case(1))
        assert old == [Try("safe", "safe", old[0].finished, None, None, None, None, None)]
        rec = progress.scenario_records()[type_case(1)]
        assert rec.best == "safe" and not rec.cleared  # nothing was marked then
        assert progress.load_resume("tfx-long") is not None  # the rest is all there
        finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
        assert progress.scenario_records()[type_case(1)].cleared
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("4",)
    conn.close()
