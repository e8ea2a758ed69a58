"""The check cache: used when the content is unchanged, never trusted blindly."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from game.engine import checking, library
from game.engine.cache import CheckCache
from game.cli import main

from .conftest import FIXTURES, count_fresh_checks

# These tests look at the cache itself: each data folder starts without one.
pytestmark = pytest.mark.cold_cache

FULL = FIXTURES / "engine" / "full.yaml"
PHONE = FIXTURES / "bad" / "real-phone.yaml"


@pytest.fixture
def work(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(FULL, folder / "full.yaml")
    shutil.copy(PHONE, folder / "phone.yaml")
    return folder


def check_json(capsys, folder):
    code = main(["check", str(folder), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_second_run_is_served_from_the_cache(capsys, monkeypatch, work):
    calls = count_fresh_checks(monkeypatch)
    first = check_json(capsys, work)
    assert sorted(c for c in calls if c in ("full.yaml", "phone.yaml")) == ["full.yaml", "phone.yaml"]
    calls.clear()
    second = check_json(capsys, work)
    assert [c for c in calls if c in ("full.yaml", "phone.yaml")] == []
    assert first == second  # same figures, same errors with the same lines


def test_a_changed_file_is_checked_again(capsys, monkeypatch, work):
    check_json(capsys, work)
    calls = count_fresh_checks(monkeypatch)
    path = work / "full.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("测试用剧本", "改过的剧本"), encoding="utf-8")
    code, doc = check_json(capsys, work)
    assert "full.yaml" in calls and "phone.yaml" not in calls
    assert doc["scenarios"][0]["title"] == "改过的剧本"


def test_cache_entries_follow_the_file_not_its_old_path(capsys, work, tmp_path):
    check_json(capsys, work)
    moved = tmp_path / "moved"
    shutil.copytree(work, moved)
    code, doc = check_json(capsys, moved)
    assert doc["errors"][0]["file"] == str(moved / "phone.yaml")


def _without_fields(entry: dict) -> dict:
    if entry.get("summary"):
        entry["summary"] = {k: v for k, v in entry["summary"].items() if k not in ("rules", "endings", "channels")}
    else:
        del entry["problems"]
    return entry


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"\x00garbage"),
        lambda p: p.write_text("[]", encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text(encoding="utf-8")), "key": "x"}), encoding="utf-8"),
        lambda p: p.write_text(
            json.dumps({**json.loads(p.read_text(encoding="utf-8")), "problems": [{"line": "one"}]}), encoding="utf-8"
        ),
        lambda p: p.write_text(
            json.dumps({**json.loads(p.read_text(encoding="utf-8")), "problems": [], "summary": None}), encoding="utf-8"
        ),
        # Issue #15: nested a hundred thousand deep (json.loads: RecursionError) …
        lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),
        # … and well-formed, the right key, but fields of the summary missing (KeyError in check --json).
        lambda p: p.write_text(json.dumps(_without_fields(json.loads(p.read_text(encoding="utf-8")))), encoding="utf-8"),
    ],
)
def test_damaged_entries_are_ignored_and_rebuilt(capsys, monkeypatch, work, fanzha_home, damage):
    code1, first = check_json(capsys, work)
    entries = list((fanzha_home / "cache").rglob("*.json"))
    assert len(entries) >= 2
    for entry in entries:
        damage(entry)
    calls = count_fresh_checks(monkeypatch)
    code2, second = check_json(capsys, work)
    assert (code1, first) == (code2, second)
    assert {"full.yaml", "phone.yaml"} <= set(calls)
    # rebuilt: a third run is served from the cache again
    calls.clear()
    check_json(capsys, work)
    assert not {"full.yaml", "phone.yaml"} & set(calls)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_data_folder_still_checks(capsys, work, fanzha_home):
    fanzha_home.chmod(0o500)
    try:
        code, doc = check_json(capsys, work)
    finally:
        fanzha_home.chmod(0o700)
    assert code == 1 and doc["scenarios"][0]["id"] == "bench-full"


def test_unwritable_cache_folder_is_not_fatal(capsys, work, fanzha_home):
    # A file where the cache folder should be: works for root too.
    (fanzha_home / "cache").write_text("not a folder", encoding="utf-8")
    code, doc = check_json(capsys, work)
    assert code == 1 and doc["scenarios"][0]["id"] == "bench-full"


def test_a_nearly_full_disk_gets_no_cache_entries(tmp_path, monkeypatch):
    """The last megabytes are kept for the player's progress: the cache, which
    only saves time, writes nothing when the disk has less free than it asks."""
    from game.engine import cache as cache_mod

    roomy = CheckCache(tmp_path / "roomy")
    roomy.put("ab" * 32, [], None)
    assert list((tmp_path / "roomy").rglob("*.json"))
    free = shutil.disk_usage(tmp_path).free
    monkeypatch.setattr(cache_mod, "MIN_FREE_BYTES", free + 1)
    full = CheckCache(tmp_path / "full" / "cache")  # not made yet: its disk is asked through a parent
    full.put("cd" * 32, [], None)
    full.write_index({})
    assert not (tmp_path / "full").exists() and full.get("cd" * 32) is None


def test_key_depends_on_content(tmp_path):
    cache = CheckCache(tmp_path)
    assert cache.key(b"a") != cache.key(b"b")
    assert cache.key(b"a") == cache.key(b"a")


def test_many_files_checked_in_parallel_match_one_process(capsys, monkeypatch, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    text = FULL.read_text(encoding="utf-8")
    for i in range(12):
        (folder / f"c{i:02d}.yaml").write_text(text.replace("id: bench-full", f"id: clone-{i:02d}"), encoding="utf-8")
    shutil.copy(PHONE, folder / "phone.yaml")
    shutil.copy(FULL, folder / "dup-a.yaml")
    shutil.copy(FULL, folder / "dup-b.yaml")  # same id twice: the second is refused either way
    monkeypatch.setattr(checking, "PARALLEL_FROM", 10_000)
    code1, one = main(["check", str(folder), "--json"]), json.loads(capsys.readouterr().out)
    shutil.rmtree(tmp_path / "fanzha-home" / "cache", ignore_errors=True)
    monkeypatch.setattr(checking, "PARALLEL_FROM", 2)
    code2, many = main(["check", str(folder), "--json"]), json.loads(capsys.readouterr().out)
    assert (code1, one) == (code2, many)
    assert len(many["scenarios"]) == 13 and code2 == 1
    assert {e["file"].rsplit("/", 1)[-1].rsplit("\\", 1)[-1] for e in many["errors"]} == {"phone.yaml", "dup-b.yaml"}


def test_lazy_library_lists_from_the_cache_and_parses_on_demand(monkeypatch, work, fanzha_home):
    cache = CheckCache.default()
    library.load_library([(work, "user")], cache=cache, checking=True)  # warm the cache
    calls = count_fresh_checks(monkeypatch)
    lib = library.load_library([(work, "user")], cache=cache, lazy=True)
    assert calls == []  # listed without parsing a story
    assert set(lib.infos) == {"bench-full"} and list(lib.scenarios) == ["bench-full"]
    info = lib.infos["bench-full"]
    assert info.title == "测试用剧本" and info.summary == "引擎测试用。"
    assert {e.kind for e in info.endings.values()} == {"safe", "stopped", "loss"}
    assert "ten-3" in info.rules and "chat" in info.channels
    scenario = lib.get("bench-full")
    assert scenario is not None and scenario.start == "start" and calls == ["full.yaml"]
    assert lib.get("bench-full") is scenario  # parsed once
    assert lib.get("phone-thing") is None
    assert [f.ok for f in lib.files] == [True, False]


def test_lazy_library_notices_a_file_changed_since_listing(work, fanzha_home):
    lib = library.load_library([(work, "user")], cache=CheckCache.default(), lazy=True)
    (work / "full.yaml").write_text("id: [broken\n", encoding="utf-8")
    assert lib.get("bench-full") is None
    assert not lib.files[0].ok or lib.files[0].problems


def test_eager_library_has_infos_too():
    lib = library.load_library([(FIXTURES / "engine", "user")])
    assert lib.infos["bench-full"].endings["big-loss"].money_lost == 500
