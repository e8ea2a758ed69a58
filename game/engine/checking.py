"""Checking one scenario file, or many: read it, parse and validate it, or
take the result from the check cache. Below the library and the start-up
listing, which both check files through here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine import untrusted
from game.engine.cache import CheckCache
from game.engine.digest import sha256
from game.engine.files import MAX_SCENARIO_BYTES, ReadError, read_limited
from game.engine.problems import Problem, Where
from game.engine.values import Fields

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.model import Scenario
    from game.engine.rules import Catalogue

# The parser, the validator and YAML itself are imported when a file really
# has to be read: a game listed from the cache starts without them.

BUILTIN = "builtin"
USER = "user"


class LoadedFile(Fields):
    _fields = ("path", "source", "scenario", "problems", "raw_id", "summary", "exploration", "key")

    def __init__(
        self,
        path: Path,
        source: str,  # BUILTIN, USER or the folder given on the command line
        scenario: Scenario | None,
        problems: list[Problem],
        raw_id: str = "",  # the id written in the file, even when it failed to load
        summary: dict | None = None,  # set by check_file (from the cache or fresh)
        exploration: object = None,  # the validator's walk of the story, reused by the summary
        key: str = "",  # the check cache's key of this content, once an entry for it is stored
    ) -> None:
        self.path = path
        self.source = source
        self.scenario = scenario
        self.problems = problems
        self.raw_id = raw_id
        self.summary = summary
        self.exploration = exploration
        self.key = key

    @property
    def id(self) -> str:
        if self.scenario is not None:
            return self.scenario.id
        if self.summary is not None:
            return self.summary["id"]
        return self.raw_id

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return (self.scenario is not None or self.summary is not None) and not self.errors

    def reject(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.scenario = None
        self.summary = None


def _read(path: Path) -> bytes | Problem:
    """The file's bytes; a Problem for what is not a regular file or is over
    the size limit — found out before reading it, not after."""
    try:
        return read_limited(path, MAX_SCENARIO_BYTES)
    except ReadError as exc:
        return Problem(Where(str(path), 1, 1), str(exc))


def _check_bytes(data: bytes, path: Path, source: str, cat: Catalogue) -> LoadedFile:
    from game.engine.parse import Reader, parse_scenario
    from game.engine.validate import hidden_problems, validate
    from game.engine.yamlsource import SourceError, decode, load

    name = str(path)
    digest = sha256(data).hexdigest()
    hidden: list[Problem] = []
    try:
        text = decode(data)
        found = untrusted.hidden(text)
        if found:
            hidden = hidden_problems(text, name)
            if any(untrusted.breaks_yaml(ch) for _, ch in found):
                # YAML would stop at the first one, with no position: say where each is.
                return LoadedFile(path, source, None, hidden)
        doc = load(text)
    except SourceError as exc:
        return LoadedFile(path, source, None, hidden + [Problem(Where(name, exc.pos.line, exc.pos.column), exc.message)])
    raw, positions = doc.value, doc.positions
    scenario, problems = parse_scenario(raw, positions, name, cat, digest)
    problems[:0] = hidden + [Problem(Where(name, pos.line, pos.column), msg) for pos, msg in doc.duplicates]
    raw_id = raw.get("id", "") if isinstance(raw, dict) else ""
    found = None
    if scenario is not None:
        r = Reader(name, positions)
        r.problems = problems
        found = validate(scenario, text, raw, r)
    if any(p.severity == "error" for p in problems):
        scenario = None
    loaded = LoadedFile(path, source, scenario, problems, raw_id if isinstance(raw_id, str) else "")
    loaded.exploration = found
    return loaded


def load_file(path: Path, source: str = USER, cat: Catalogue | None = None) -> LoadedFile:
    """Read, parse and validate one scenario file, for play."""
    data = _read(path)
    if isinstance(data, Problem):
        return LoadedFile(path, source, None, [data])
    return _check_bytes(data, path, source, cat or _catalogue())


def _catalogue() -> Catalogue:
    from game.engine.rules import catalogue

    return catalogue()


def _from_cache(path: Path, source: str, entry: dict, key: str) -> LoadedFile:
    name = str(path)
    summary = entry["summary"]
    if summary is not None:
        summary = {**summary, "file": name}
    raw_id = summary["id"] if summary else entry.get("raw_id", "")
    return LoadedFile(path, source, None, problems_from(name, entry["problems"]), raw_id, summary, key=key)


def problems_from(name: str, found: list[dict]) -> list[Problem]:
    return [Problem(Where(name, p["line"], p["column"]), p["message"], p["severity"]) for p in found]


def _check_fresh(data: bytes, path: Path, source: str, cat: Catalogue | None = None) -> LoadedFile:
    """Check without keeping the Scenario: a small result, cheap to pickle."""
    from game.engine.summary import scenario_summary

    loaded = _check_bytes(data, path, source, cat or _catalogue())
    if loaded.scenario is not None:
        loaded.summary = scenario_summary(loaded.scenario, loaded.exploration)
    loaded.scenario = None
    loaded.exploration = None
    return loaded


def _check_job(job: tuple[bytes, Path, str]) -> LoadedFile:
    return _check_fresh(*job)


def check_file(path: Path, source: str, cat: Catalogue, cache: CheckCache | None) -> LoadedFile:
    """The check result of one file — problems and summary — from the cache
    when the same content was checked before by the same code."""
    return check_files([(path, source)], cat, cache)[0]


PARALLEL_FROM = 48  # fewer files than this are checked faster in one process


def check_files(items: list[tuple[Path, str]], cat: Catalogue | None, cache: CheckCache | None) -> list[LoadedFile]:
    """Check many files: cached results first, the rest fresh — spread over the
    machine's cores when there are many (a teacher's folder of a thousand)."""
    results: list[LoadedFile | None] = []
    todo: list[tuple[int, bytes, Path, str, str]] = []
    for path, source in items:
        data = _read(path)
        if isinstance(data, Problem):
            results.append(LoadedFile(path, source, None, [data]))
            continue
        key = cache.key(data) if cache else ""
        entry = cache.get(key) if cache else None
        results.append(_from_cache(path, source, entry, key) if entry is not None else None)
        if entry is None:
            todo.append((len(results) - 1, data, path, source, key))
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) >= PARALLEL_FROM and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        jobs = [(data, path, source) for _, data, path, source, _ in todo]
        try:
            with ProcessPoolExecutor(workers) as pool:
                fresh = list(pool.map(_check_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
        except (OSError, RuntimeError):  # no processes to be had: do it here
            fresh = [_check_fresh(data, path, source, cat) for data, path, source in jobs]
    else:
        fresh = [_check_fresh(data, path, source, cat) for _, data, path, source, _ in todo]
    for (i, _, _, _, key), loaded in zip(todo, fresh):
        results[i] = loaded
        if cache:
            cache.put(key, [problem_json(p) for p in loaded.problems], loaded.summary, loaded.raw_id)
            loaded.key = key if cache.writable else ""
    return results  # type: ignore[return-value]


def problem_json(p: Problem) -> dict:
    return {"line": p.where.line, "column": p.where.column, "message": p.message, "severity": p.severity}
