"""A profile's audience (小学 by default, 中学, 教职工, 家长), and a progress
file from before audiences existed opening with its profiles as 小学 pupils."""

from __future__ import annotations

import sqlite3

import pytest

from game.progress.store import DB_NAME, SCHEMA_VERSION, ProfileError, Store

# The version-1 schema's tables (those the migrations touch) and meta rows, as
# the game wrote them before profiles had an audience.
_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        class_name TEXT NOT NULL DEFAULT '',
        first_form TEXT NOT NULL CHECK (first_form IN ('A', 'B')),
        ordinal INTEGER NOT NULL,
        created TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX profiles_named ON profiles (name, class_name) WHERE name <> ''",
    """CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL, ending_id TEXT NOT NULL, kind TEXT NOT NULL,
        steps TEXT NOT NULL, finished TEXT NOT NULL,
        digest TEXT, title TEXT, fraud_type TEXT, is_scam INTEGER, perspective TEXT, variant TEXT)""",
    """CREATE TABLE check_sittings (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        sitting TEXT NOT NULL CHECK (sitting IN ('before', 'after')),
        form TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
        PRIMARY KEY (profile_id, sitting))""",
    """CREATE TABLE check_answers (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        sitting TEXT NOT NULL, item_id TEXT NOT NULL, form TEXT NOT NULL, is_scam INTEGER NOT NULL,
        said_scam INTEGER NOT NULL, rule TEXT NOT NULL, answered TEXT NOT NULL,
        PRIMARY KEY (profile_id, sitting, item_id))""",
    "INSERT INTO meta VALUES ('schema_version', '1'), ('created', '2025-09-01T08:00:00+00:00'), "
    "('profiles_created', '1')",
    "INSERT INTO profiles VALUES (1, 'u1', '小明', '四(1)班', 'A', 1, '2025-09-01T08:00:00+00:00')",
    "INSERT INTO attempts (profile_id, scenario_id, ending_id, kind, steps, finished) "
    "VALUES (1, 'tfx-type-1', 'safe', 'safe', '[]', '2025-09-02T08:00:00+00:00')",
    "PRAGMA user_version = 1",
)


def test_an_old_progress_file_opens_with_its_profiles_as_primary_pupils(tmp_path):
    conn = sqlite3.connect(tmp_path / DB_NAME)
    for stmt in _V1:
        conn.execute(stmt)
    conn.commit()
    conn.close()
    store = Store.open(tmp_path)
    assert store.persistent and not store.take_notices()  # migrated, not moved aside
    (old,) = store.profiles()
    assert (old.name, old.class_name, old.audience) == ("小明", "四(1)班", "小学")
    assert store.progress(old).attempt_count() == 1  # what they played is kept
    new = store.create_profile("小刚", audience="中学")
    store.close()
    again = Store.open(tmp_path)
    assert {p.name: p.audience for p in again.profiles()} == {"小明": "小学", "小刚": "中学"}
    again.close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    conn.close()
    assert new.audience == "中学"


def test_audience_is_primary_by_default_and_only_one_of_four():
    store = Store.memory()
    assert store.create_profile().audience == "小学"
    assert store.create_profile("王老师", audience="教职工").audience == "教职工"
    with pytest.raises(ProfileError, match="小学、中学、教职工、家长"):
        store.create_profile("小红", audience="大学")
    assert [p.name for p in store.profiles()] == ["", "王老师"]


def test_get_or_create_and_update_set_the_audience():
    store = Store.memory()
    p, created = store.get_or_create("李妈妈", audience="家长")
    assert created and p.audience == "家长"
    same, created = store.get_or_create("李妈妈")
    assert not created and same.audience == "家长"  # not said: kept
    moved, _ = store.get_or_create("李妈妈", audience="教职工")
    assert moved.audience == "教职工" and store.profile(p.id).audience == "教职工"
    assert store.update_profile(p.id, audience="中学").audience == "中学"
    assert store.update_profile(p.id, name="李阿姨").audience == "中学"
