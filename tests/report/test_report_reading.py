"""Reading a class quickly without losing a protection: the short cut for
well-formed records, reading files sized to the file, resolving folders once
and pausing the cyclic GC (issue 8's class-report figure)."""

from __future__ import annotations

import copy
import gc
import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout

import pytest

from game.progress import quiz

from game.results import exports as results
from game.cli import main
from game.results.figures import collect
from game.progress.store import Store

from ..store.helpers import SCAM_PATHS, finish, fixture_library, type_case

WRONG = [None, True, False, 0, 1, -1, 2, 1.5, "", "x", "safe", "loss", "A", [], ["x"], [1], {}, {"a": 1}]
MISSING = object()


@pytest.fixture(scope="module")
def doc():
    lib = fixture_library()
    store = Store.memory()
    progress = store.progress(store.create_profile("小明", "四(1)班"), lib)
    progress.record_answers(quiz.BEFORE, [i.is_scam for i in progress.check_items(quiz.BEFORE)])
    finish(progress, lib, type_case(3), SCAM_PATHS["loss"])
    finish(progress, lib, type_case(3), SCAM_PATHS["safe"])
    finish(progress, lib, "tfx-genuine", "2")
    return results.build(progress)


def _variants(record: dict):
    """The record as it is, then with each field, and each field of an object
    inside it, set to each of WRONG or removed."""
    yield record
    paths = [(k,) for k in record] + [(k, k2) for k, v in record.items() if isinstance(v, dict) for k2 in v]
    for path in paths:
        for value in WRONG + [MISSING]:
            r = copy.deepcopy(record)
            parent = r
            for key in path[:-1]:
                parent = parent[key]
            if value is MISSING:
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(value)
            yield r


def _outcome(fn):
    try:
        return fn()
    except results.ExportError as exc:
        return f"ExportError: {exc}"


def test_the_short_cut_takes_well_formed_records(doc):
    """If it stopped doing so, reports would silently be as slow as before."""
    for raw in doc["scenarios"]:
        assert results._scenario_quick(raw) == results._scenario(raw, 0)
    before = doc["checks"]["before"]
    assert results._check_quick(before) is not None and results._check_quick(before) == results._check(before, "x")


def test_the_short_cut_accepts_only_what_the_checks_accept_and_builds_the_same(doc):
    """Whatever a field holds: the short cut declines (None, and the checks
    give their message) or makes exactly the record the checks make."""
    taken = 0
    for raw in _variants(doc["scenarios"][0]):
        quick = results._scenario_quick(raw)
        if quick is not None:
            taken += 1
            assert quick == _outcome(lambda: results._scenario(raw, 0)), raw
    for raw in _variants({**doc["checks"]["before"], "answers": doc["checks"]["before"]["answers"][:2]}):
        quick = results._check_quick(raw)
        if quick is not None:
            taken += 1
            assert quick == _outcome(lambda: results._check(raw, "before")), raw
    for answer in _variants(doc["checks"]["before"]["answers"][0]):
        raw = {**doc["checks"]["before"], "answers": [answer, *doc["checks"]["before"]["answers"][1:]]}
        quick = results._check_quick(raw)
        if quick is not None:
            taken += 1
            assert quick == _outcome(lambda: results._check(raw, "before")), raw
    assert taken > 10  # nulls where allowed, other kinds and forms: taken, and the same


def test_a_file_is_read_whole_up_to_the_limit_and_no_further(tmp_path):
    at_limit, over = tmp_path / "at.json", tmp_path / "over.json"
    at_limit.write_bytes(b" " * results.MAX_BYTES)
    over.write_bytes(b" " * (results.MAX_BYTES + 1))
    with pytest.raises(results.ExportError, match="不是有效的 JSON"):
        results.load(at_limit)
    with pytest.raises(results.ExportError, match="文件太大"):
        results.load(over)


def test_a_file_reached_twice_through_links_counts_once(tmp_path, doc):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    try:
        (folder / "link.json").symlink_to(folder / "a.json")
        (tmp_path / "again").symlink_to(folder, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks here")
    got = collect([folder, tmp_path / "again", tmp_path / "again" / "a.json"])
    assert len(got.students) == 1 and got.duplicates == [] and got.skipped == []
    # a copy is another file: the same student twice, so a duplicate
    (folder / "copy.json").write_bytes((folder / "a.json").read_bytes())
    got = collect([folder])
    assert len(got.students) == 1 and len(got.duplicates) == 1


def test_the_gc_is_paused_only_while_reporting(tmp_path, doc):
    (tmp_path / "a.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert gc.isenabled()
    collect([tmp_path])
    assert gc.isenabled()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        assert main(["report", str(tmp_path), "--json"]) == 0
        assert gc.isenabled()
        assert main(["report", str(tmp_path / "missing")]) == 1
    assert gc.isenabled()
    gc.disable()
    try:
        collect([tmp_path])
        assert not gc.isenabled()  # whoever turned it off keeps it off
    finally:
        gc.enable()


def test_a_file_is_still_read_when_its_size_is_unknown(tmp_path, doc, monkeypatch):
    """Some files report size 0 (e.g. on special filesystems): read on to the limit."""
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    real_fstat = os.fstat

    class Zero:  # a regular file that says it is empty
        def __init__(self, st):
            self.st_size = 0
            self.st_mode = st.st_mode

    monkeypatch.setattr(results.os, "fstat", lambda fd: Zero(real_fstat(fd)))
    assert results.load(path).name == "小明"
    monkeypatch.setattr(results, "MAX_BYTES", 100)
    with pytest.raises(results.ExportError, match="文件太大"):
        results.load(path)


def test_an_export_that_cannot_be_looked_at_does_not_stop_the_report(tmp_path, doc, monkeypatch):
    """A link into a folder this user may not read: stat() fails with a
    permission error (simulated: root can read anything)."""
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (folder / "locked.json").write_text("{}", encoding="utf-8")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path).endswith("locked.json"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    got = collect([folder, tmp_path / "locked.json"])
    assert len(got.students) == 1
    assert [s.file for s in got.skipped] == [str(tmp_path / "locked.json")]
