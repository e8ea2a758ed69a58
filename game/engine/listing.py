"""The game's start-up listing of scenario files.

Each file is matched to the check cache's index by its size and change times,
so a folder of a thousand cases is listed — ids, problems, how many — without
reading one of them. A file's summary (title, type, endings) is read from its
cache entry the first time a list of cases asks for more than its id; a file
not in the index, or changed, is checked as `fanzha check` would."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from game.engine.cache import CheckCache, index_record, indexed, signature
from game.engine.checking import LoadedFile, check_files, problem_json, problems_from

INDEX_KEEPS = 5000  # records of files from other listings (another --scenarios folder)


def list_files(items: list[tuple[Path, str, str]], cache: CheckCache, indexed_only: bool = False) -> list[LoadedFile] | None:
    """The files listed, each given as (path, source, its absolute name: the
    index's key); with `indexed_only`, None as soon as one would have to be read."""
    index = cache.read_index()
    now_ns = time.time_ns()  # before the signatures: a file changed meanwhile counts as fresh
    get = index.get
    results: list[LoadedFile | None] = [None] * len(items)
    misses: list[tuple[int, str, list[int] | None]] = []
    for i, (path, source, name) in enumerate(items):
        sig = signature(name)
        found = indexed(get(name), sig)
        if found is None:
            if indexed_only:
                return None
            misses.append((i, name, sig))
        else:
            results[i] = _from_record(path, source, found, cache)
    if misses:
        fresh: dict[str, dict] = {}
        checked = check_files([items[i][:2] for i, _, _ in misses], None, cache)
        for (i, name, sig), loaded in zip(misses, checked):
            results[i] = loaded
            if loaded.key:  # its entry is in the cache: the index may point at it
                problems = [problem_json(p) for p in loaded.problems]
                fresh[name] = index_record(sig, loaded.key, loaded.id, loaded.ok, problems, now_ns)
        if fresh:
            # The records of this listing, in its order, after those of others:
            # the ones found sound, and the fresh ones.
            # (A file found sound is in the index; a missed one without a
            # cache entry has no record.)
            missed = {name for _, name, _ in misses}
            records = {name: fresh[name] if name in fresh else index[name] for _, _, name in items if name in fresh or name not in missed}
            cache.write_index(_merged(index, records))
    return results  # type: ignore[return-value]


def _merged(index: dict[str, dict], records: dict[str, dict]) -> dict[str, dict]:
    others = [(name, found) for name, found in index.items() if name not in records]
    keep = max(0, INDEX_KEEPS - len(records))
    return {**dict(others[len(others) - keep :] if keep else []), **records}


def _from_record(path: Path, source: str, record: dict, cache: CheckCache) -> LoadedFile:
    # No closure and no reference to the record: a thousand listed files are
    # a thousand small objects fewer to make, scan and free.
    name, scenario_id, found = str(path), record["id"], record["problems"]
    summary = DeferredSummary(scenario_id, name, path, source, record["key"], cache) if record["ok"] else None
    problems = problems_from(name, found) if found else []
    return LoadedFile(path, source, None, problems, scenario_id, summary, key=record["key"])


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
    (from the file's cache entry) the first time it is asked for."""

    __slots__ = ("_id", "_file", "_path", "_source", "_key", "_cache", "_value")

    def __init__(self, scenario_id: str, file: str, path: Path, source: str, key: str, cache: CheckCache) -> None:
        self._id, self._file, self._path, self._source, self._key, self._cache = scenario_id, file, path, source, key, cache
        self._value: dict | None = None

    def _read(self) -> dict:
        if self._value is None:
            found = _summary(self._path, self._source, self._id, self._key, self._cache)
            self._value = {**found, "id": self._id, "file": self._file}
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
