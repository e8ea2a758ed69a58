"""The game's start-up listing (game/engine/listing.py): files known to the cache's
index by size and change times are listed without being read; anything
changed, damaged or too fresh to trust is read and checked again."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from game.engine import cache as cache_mod
from game.engine import checking, library
from game.engine.cache import CheckCache

from .conftest import FIXTURES

FULL = FIXTURES / "engine" / "full.yaml"
PHONE = FIXTURES / "bad" / "real-phone.yaml"
HOUR_NS = 3600 * 10**9


def age(path, ns=HOUR_NS):
    """Make a file look written an hour ago: its signature can be trusted."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns - ns, st.st_mtime_ns - ns))


@pytest.fixture
def work(tmp_path, monkeypatch):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(FULL, folder / "full.yaml")
    shutil.copy(PHONE, folder / "phone.yaml")
    for p in folder.iterdir():
        age(p)
    # A file's change time cannot be set back; trust signatures a little sooner
    # than in real use so the test need not wait.
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    return folder


def count_reads(monkeypatch):
    reads = []
    real = checking._read

    def spy(path):
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(checking, "_read", spy)
    return reads


def listing(folder):
    return library.load_library([(folder, "user")], cache=CheckCache.default(), lazy=True)


def drop_entries(fanzha_home):
    """Delete every cache entry but the index."""
    for entry in (fanzha_home / "cache" / "check").rglob("*.json"):
        if entry.name != cache_mod.INDEX:
            entry.unlink()


def index_file(fanzha_home):
    return fanzha_home / "cache" / "check" / cache_mod.INDEX


def test_second_listing_reads_no_file_and_finds_the_same(monkeypatch, work, fanzha_home):
    first = listing(work)
    reads = count_reads(monkeypatch)
    second = listing(work)
    assert reads == []
    assert [(f.id, f.ok, [p.message for p in f.problems]) for f in second.files] == [
        (f.id, f.ok, [p.message for p in f.problems]) for f in first.files
    ]
    assert [f.ok for f in second.files] == [True, False]  # the phone number is still refused
    info = second.infos["bench-full"]
    assert info.title == "测试用剧本" and info.file == str(work / "full.yaml")
    assert {e.kind for e in info.endings.values()} == {"safe", "stopped", "loss"}
    assert reads == []  # the summary comes from the cache entry, not the file


def test_summaries_are_read_only_when_a_list_needs_them(monkeypatch, work, fanzha_home):
    listing(work)
    gets = []
    real = CheckCache.get
    monkeypatch.setattr(CheckCache, "get", lambda self, key: gets.append(key) or real(self, key))
    lib = listing(work)
    assert len(lib.infos) == 1 and "bench-full" in lib.infos and gets == []
    assert lib.infos["bench-full"].summary == "引擎测试用。" and len(gets) == 1


def test_a_rewrite_with_the_same_size_and_time_is_still_noticed(monkeypatch, work, fanzha_home):
    listing(work)
    path = work / "full.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "测试用剧本" in text
    path.write_text(text.replace("测试用剧本", "改过的剧本"), encoding="utf-8")  # same byte length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    time.sleep(0.01)
    reads = count_reads(monkeypatch)
    lib = listing(work)
    assert reads == ["full.yaml"]
    assert lib.infos["bench-full"].title == "改过的剧本"


def test_a_new_and_a_removed_file(monkeypatch, work, fanzha_home):
    listing(work)
    (work / "phone.yaml").unlink()
    shutil.copy(FULL, work / "copy.yaml")
    text = (work / "copy.yaml").read_text(encoding="utf-8").replace("id: bench-full", "id: bench-copy")
    (work / "copy.yaml").write_text(text, encoding="utf-8")
    reads = count_reads(monkeypatch)
    lib = listing(work)
    assert reads == ["copy.yaml"]
    assert list(lib.infos) == ["bench-copy", "bench-full"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"\x00garbage"),
        lambda p: p.write_text("[]", encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text(encoding="utf-8")), "fingerprint": "old"}), encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text(encoding="utf-8")), "files": []}), encoding="utf-8"),
        # every record damaged in a different way
        lambda p: p.write_text(
            json.dumps(
                {
                    **(doc := json.loads(p.read_text(encoding="utf-8"))),
                    "files": {
                        name: [
                            {**rec, "id": 7},
                            {**rec, "key": ""},
                            {**rec, "problems": [{"line": "one"}]},
                            {**rec, "ok": not rec["ok"]},
                            "not a record",
                        ][n % 5]
                        for n, (name, rec) in enumerate(doc["files"].items())
                    },
                }
            ),
            encoding="utf-8",
        ),
    ],
)
def test_a_damaged_index_is_ignored_and_rebuilt(monkeypatch, work, fanzha_home, damage):
    first = listing(work)
    damage(index_file(fanzha_home))
    lib = listing(work)
    assert [(f.id, f.ok) for f in lib.files] == [(f.id, f.ok) for f in first.files]
    assert lib.infos["bench-full"].title == "测试用剧本"
    reads = count_reads(monkeypatch)
    listing(work)
    assert reads == []  # rebuilt


def test_a_lost_cache_entry_is_made_again_from_the_file(work, fanzha_home):
    listing(work)
    drop_entries(fanzha_home)
    lib = listing(work)
    assert lib.infos["bench-full"].title == "测试用剧本"
    assert lib.get("bench-full").start == "start"


def test_a_file_changed_after_listing_does_not_break_the_list(work, fanzha_home):
    listing(work)
    drop_entries(fanzha_home)
    lib = listing(work)
    (work / "full.yaml").write_text("id: [broken\n", encoding="utf-8")
    info = lib.infos["bench-full"]
    assert "full.yaml" in info.title and info.endings == {}
    assert lib.get("bench-full") is None


def test_files_written_just_now_are_read_again_next_time(monkeypatch, tmp_path, fanzha_home):
    folder = tmp_path / "fresh"
    folder.mkdir()
    shutil.copy(FULL, folder / "full.yaml")  # written this instant
    listing(folder)
    record = json.loads(index_file(fanzha_home).read_text(encoding="utf-8"))["files"][str(folder / "full.yaml")]
    assert record["sig"] is None  # could change again within the same clock tick
    reads = count_reads(monkeypatch)
    listing(folder)
    assert reads == ["full.yaml"]
    age(folder / "full.yaml")
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    listing(folder)
    reads.clear()
    listing(folder)
    assert reads == []


def test_the_index_keeps_other_folders_but_not_without_bound(monkeypatch, work, tmp_path, fanzha_home):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(FULL, other / "full.yaml")
    age(other / "full.yaml")
    listing(other)
    listing(work)
    names = set(json.loads(index_file(fanzha_home).read_text(encoding="utf-8"))["files"])
    assert {str(other / "full.yaml"), str(work / "full.yaml"), str(work / "phone.yaml")} <= names
    monkeypatch.setattr("game.engine.listing.INDEX_KEEPS", 2)
    (work / "full.yaml").write_text((work / "full.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    listing(work)
    names = set(json.loads(index_file(fanzha_home).read_text(encoding="utf-8"))["files"])
    assert names == {str(work / "full.yaml"), str(work / "phone.yaml")}


def test_indexed_only_lists_nothing_it_would_have_to_read(monkeypatch, work, fanzha_home):
    quick = library.load_library([(work, "user")], cache=CheckCache.default(), lazy=True, indexed_only=True)
    assert quick is None  # an empty cache: every file would have to be read
    listing(work)
    reads = count_reads(monkeypatch)
    quick = library.load_library([(work, "user")], cache=CheckCache.default(), lazy=True, indexed_only=True)
    assert quick is not None and list(quick.infos) == ["bench-full"] and reads == []
    (work / "full.yaml").write_text((work / "full.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert library.load_library([(work, "user")], cache=CheckCache.default(), lazy=True, indexed_only=True) is None
    assert reads == []  # gave up at the changed file without reading it


def test_scenario_files_are_the_yaml_files_by_name_as_before(tmp_path):
    for name in ("b.yaml", "a.yml", ".x.yaml", ".yaml", "..yml", "notes.txt", "c.YAML"):
        (tmp_path / name).write_text("id: x\n", encoding="utf-8")
    (tmp_path / "d.yaml").mkdir()  # a folder with a scenario's name is not a file
    found = library.scenario_files(tmp_path)
    # ".yaml" alone is a hidden file without a suffix, as os.path.splitext has it.
    assert found == [tmp_path / ".x.yaml", tmp_path / "a.yml", tmp_path / "b.yaml"]
    assert library.scenario_files(tmp_path / "missing") == []


def test_a_folder_named_relatively_finds_the_index_of_its_absolute_name(monkeypatch, work, fanzha_home):
    listing(work)
    monkeypatch.chdir(work.parent)
    reads = count_reads(monkeypatch)
    lib = library.load_library([(Path(work.name), "user")], cache=CheckCache.default(), lazy=True)
    assert reads == [] and list(lib.infos) == ["bench-full"]
    assert lib.files[0].path == Path(work.name) / "full.yaml"  # shown as it was named
    # a changed file is still seen through the index under either name
    (work / "full.yaml").write_text((work / "full.yaml").read_text(encoding="utf-8").replace("测试用剧本", "改过的剧本"), encoding="utf-8")
    lib = library.load_library([(Path(work.name), "user")], cache=CheckCache.default(), lazy=True)
    assert reads == ["full.yaml"] and lib.infos["bench-full"].title == "改过的剧本"
