"""The game's start-up listing of scenario files.

Each file is matched to the check cache's index by its size and change times,
so a folder of a thousand cases is listed — ids, problems, how many — without
reading one of them. A file's summary (title, type, endings) is read from its
cache entry the first time a list of cases asks for more than its id; a file
not in the index, or changed, is checked as `fanzha check` would."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from game.engine.cache import CheckCache, index_record, indexed, signature
from game.engine.checking import LoadedFile, check_files, problem_json, problems_from

INDEX_KEEPS = 5000  # records of files from other listings (another --scenarios folder)


def list_files(items: list[tuple[Path, str]], cache: CheckCache, indexed_only: bool = False) -> list[LoadedFile] | None:
    """The files listed; with `indexed_only`, None as soon as one would have
    to be read."""
    index = cache.read_index()
    now_ns = time.time_ns()
    results: list[LoadedFile | None] = [None] * len(items)
    records: dict[str, dict] = {}  # what the index will hold for these files
    misses: list[tuple[int, str, list[int] | None]] = []
    for i, (path, source) in enumerate(items):
        name = os.path.abspath(path)
        sig = signature(name)
        found = indexed(index.get(name), sig)
        if found is None:
            if indexed_only:
                return None
            misses.append((i, name, sig))
        else:
            records[name] = found
            results[i] = _from_record(path, source, found, cache)
    if misses:
        checked = check_files([items[i] for i, _, _ in misses], None, cache)
        for (i, name, sig), loaded in zip(misses, checked):
            results[i] = loaded
            if loaded.key:  # its entry is in the cache: the index may point at it
                problems = [problem_json(p) for p in loaded.problems]
                records[name] = index_record(sig, loaded.key, loaded.id, loaded.ok, problems, now_ns)
    if records != {name: index.get(name) for name in records}:
        cache.write_index(_merged(index, records))
    return results  # type: ignore[return-value]


def _merged(index: dict[str, dict], records: dict[str, dict]) -> dict[str, dict]:
    others = [(name, found) for name, found in index.items() if name not in records]
    keep = max(0, INDEX_KEEPS - len(records))
    return {**dict(others[len(others) - keep :] if keep else []), **records}


def _from_record(path: Path, source: str, record: dict, cache: CheckCache) -> LoadedFile:
    name, scenario_id = str(path), record["id"]
    summary = None
    if record["ok"]:
        summary = DeferredSummary(scenario_id, name, lambda: _summary(path, source, scenario_id, record["key"], cache))
    return LoadedFile(path, source, None, problems_from(name, record["problems"]), scenario_id, summary, key=record["key"])


def _summary(path: Path, source: str, scenario_id: str, key: str, cache: CheckCache) -> dict:
    entry = cache.get(key)
    if entry is not None and entry["summary"] is not None and entry["summary"]["id"] == scenario_id:
        return entry["summary"]
    # The entry is gone (the cache was cleared) or the file changed since it
    # was listed: check the file again.
    fresh = check_files([(path, source)], None, cache)[0]
    if fresh.summary is not None and fresh.summary["id"] == scenario_id:
        return fresh.summary
    return {  # it no longer holds this case: say so in the list, playing it will explain
        "title": f"{path.name}（文件刚被改过，重新打开游戏再看）",
        "fraud_type": "",
        "audience": [],
        "is_scam": True,
        "perspective": "self",
        "endings": [],
    }


class DeferredSummary(Mapping):
    """A file's summary that knows its id and file at once and reads the rest
    the first time it is asked for."""

    __slots__ = ("_id", "_file", "_load", "_value")

    def __init__(self, scenario_id: str, file: str, load: Callable[[], dict]) -> None:
        self._id, self._file, self._load = scenario_id, file, load
        self._value: dict | None = None

    def _read(self) -> dict:
        if self._value is None:
            self._value = {**self._load(), "id": self._id, "file": self._file}
        return self._value

    def __getitem__(self, key: str):
        if key == "id":
            return self._id
        if key == "file":
            return self._file
        return self._read()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())
