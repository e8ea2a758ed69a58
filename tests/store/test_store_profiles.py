"""Profiles on a shared lab PC: optional name and class, switching, names from
players never becoming SQL or a path."""

from __future__ import annotations

import sqlite3

import pytest

from game.progress import quiz
from game.progress.store import DB_NAME, SCHEMA_VERSION, ProfileError, Store, clean_name, safe_filename


def test_the_database_lives_in_the_data_folder_with_a_schema_version(fanzha_home):
    store = Store.open()
    assert store.persistent and store.path == fanzha_home / DB_NAME
    store.create_profile("小明")
    store.close()
    conn = sqlite3.connect(fanzha_home / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_data_dir_argument_beats_the_environment(tmp_path, fanzha_home):
    store = Store.open(tmp_path / "elsewhere")
    assert store.path == tmp_path / "elsewhere" / DB_NAME
    assert not (fanzha_home / DB_NAME).exists()


def test_name_and_class_are_optional_and_anonymous_profiles_coexist():
    store = Store.memory()
    a, b = store.create_profile(), store.create_profile()
    named = store.create_profile("小红", "四(1)班")
    assert a.anonymous and b.anonymous and a.id != b.id and a.uid != b.uid
    assert a.label == "匿名玩家 1" and b.label == "匿名玩家 2"
    assert named.label == "小红（四(1)班）"
    assert {p.id for p in store.profiles()} == {a.id, b.id, named.id}


def test_same_name_allowed_in_different_classes_but_not_twice_in_one():
    store = Store.memory()
    store.create_profile("小明", "四(1)班")
    store.create_profile("小明", "四(2)班")
    with pytest.raises(ProfileError):
        store.create_profile("小明", "四(1)班")
    with pytest.raises(ProfileError, match="--class"):
        store.get_or_create("小明")  # ambiguous without the class
    p, created = store.get_or_create("小明", "四(2)班")
    assert not created and p.class_name == "四(2)班"


def test_get_or_create_creates_once():
    store = Store.memory()
    p, created = store.get_or_create("小刚", "五(3)班")
    again, created_again = store.get_or_create("  小刚 ", "五(3)班")
    assert created and not created_again and again.id == p.id


def test_switching_is_a_setting_that_survives_reopening(fanzha_home):
    store = Store.open()
    a = store.create_profile("甲")
    b = store.create_profile("乙")
    store.set_current(b)
    store.close()
    store = Store.open()
    assert store.current_profile().id == b.id
    store.set_current(a.id)
    assert store.default_progress().profile.id == a.id
    with pytest.raises(ProfileError):
        store.set_current(999)


def test_default_progress_makes_an_anonymous_profile_when_there_is_none():
    store = Store.memory()
    progress = store.default_progress()
    assert progress.profile.anonymous
    assert store.current_profile().id == progress.profile.id
    assert store.default_progress().profile.id == progress.profile.id  # not a second one


def test_before_form_alternates_in_creation_order():
    store = Store.memory()
    forms = [store.create_profile(f"学生{n}").first_form for n in range(6)]
    assert forms == ["A", "B", "A", "B", "A", "B"]
    p = store.profiles()[0]
    progress = store.progress(p)
    assert progress.check_form(quiz.BEFORE) == quiz.form_id("小学", p.first_form)
    assert progress.check_form(quiz.AFTER) == quiz.form_id("小学", quiz.other_form(p.first_form))


HOSTILE = [
    "Robert'); DROP TABLE profiles;--",
    "../../etc/passwd",
    "..\\..\\Windows\\win.ini",
    "a/b\\c:d*e?f\"g<h>i|j",
    "CON",
    "%s %d {0} $(rm -rf ~)",
]


@pytest.mark.cold_cache  # the data folder starts empty: what the store makes is all there is
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_only_data(name, fanzha_home, tmp_path):
    store = Store.open()
    p = store.create_profile(name, name[:10])
    assert store.find_profiles(name, name[:10])[0].id == p.id
    assert store.profile(p.id).name == name.strip()
    tables = {r[0] for r in store._read("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"profiles", "attempts", "resume"} <= tables
    # Nothing but the database was created in the data folder.
    assert {f.name for f in fanzha_home.iterdir()} <= {DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"}
    # A file name made from it stays one plain name inside its folder.
    fname = safe_filename(p.class_name, p.name, suffix=".json")
    assert "/" not in fname and "\\" not in fname and ".." not in fname and ":" not in fname
    assert (tmp_path / fname).parent == tmp_path
    assert (tmp_path / fname).resolve().parent == tmp_path.resolve()


def test_windows_reserved_and_empty_names_get_a_safe_file_name():
    assert safe_filename("CON") == "_CON"
    assert safe_filename("nul.txt") == "_nul.txt"
    assert safe_filename("...", "///", fallback="x") == "x"
    assert safe_filename("四(1)班", "小明", suffix=".json") == "四(1)班-小明.json"


def test_names_are_cleaned_and_limited():
    assert clean_name("  小  明\n") == "小 明"
    with pytest.raises(ProfileError):
        clean_name("a\x00b")
    with pytest.raises(ProfileError):
        clean_name("长" * 40)
    with pytest.raises(ProfileError):
        clean_name(42)


def test_rename_keeps_progress():
    store = Store.memory()
    p = store.create_profile("小明")
    store.progress(p).record_ending("x", "e", "safe", [])
    q = store.update_profile(p.id, name="王小明", class_name="四(1)班")
    assert q.label == "王小明（四(1)班）" and q.uid == p.uid
    assert store.progress(q).endings_found("x") == {"e"}
    store.create_profile("小红", "四(1)班")
    with pytest.raises(ProfileError):
        store.update_profile(q.id, name="小红")


def test_settings_round_trip_json_values():
    store = Store.memory()
    store.set_setting("speed", {"chars_per_second": 30})
    store.set_setting("speed", {"chars_per_second": 60})
    store.set_setting("theme", "dark", profile_id=1)
    assert store.setting("speed") == {"chars_per_second": 60}
    assert store.setting("theme") is None and store.setting("theme", profile_id=1) == "dark"
    assert store.setting("missing", "default") == "default"


def test_opening_the_store_for_the_title_leaves_the_policy_unimported(tmp_path):
    """The title opens the store after its first frame (who is playing): that
    needs the profiles, not the policy, the rule catalogue or the curricula,
    which are imported when first used — and still reachable from the store."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    fresh_pc = "import sys; from game.progress.store import Store; s = Store.open(sys.argv[1]); s.default_progress(None); s.close()"
    subprocess.run([sys.executable, "-c", fresh_pc, str(tmp_path)], check=True, cwd=str(root))
    code = (
        "import sys; from game.progress.store import Store;"
        "s = Store.open(sys.argv[1]); p = s.default_progress(None);"  # the next start
        "assert p.persistent and p.profile.label == '匿名玩家 1' and p.profile.audience == '小学', p.profile;"
        "heavy = [m for m in ('game.progress.policy', 'game.engine.rules', 'game.engine.curriculum', 'game.engine.vocab',"
        " 'yaml') if m in sys.modules]; assert not heavy, heavy;"
        "from game.progress.store import ScenarioRecord, Suggestion;"
        "from game.progress import policy; assert ScenarioRecord is policy.ScenarioRecord and Suggestion is policy.Suggestion;"
        "assert p.suggestions() == [] and p.scenario_records() == {}"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, cwd=str(root))
