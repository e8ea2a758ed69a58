"""Load scenarios from files and folders: the built-in ones, the teacher's, and
any folder named on the command line. A broken file never stops the others."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from . import paths
from .cache import CheckCache
from .problems import Problem, Where

if TYPE_CHECKING:  # pragma: no cover
    from .info import ScenarioInfo
    from .model import Scenario
    from .rules import Catalogue

# The parser, the validator and YAML itself are imported when a file really
# has to be read: a game listed from the cache starts without them.

BUILTIN = "builtin"
USER = "user"


@dataclass
class LoadedFile:
    path: Path
    source: str  # BUILTIN, USER or the folder given on the command line
    scenario: Scenario | None
    problems: list[Problem]
    raw_id: str = ""  # the id written in the file, even when it failed to load
    summary: dict | None = None  # set by check_file (from the cache or fresh)
    exploration: object = None  # the validator's walk of the story, reused by the summary
    key: str = ""  # the check cache's key of this content, once an entry for it is stored

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
    try:
        return path.read_bytes()
    except OSError as exc:
        return Problem(Where(str(path), 1, 1), f"读不了这个文件：{exc.strerror or exc}")


def _check_bytes(data: bytes, path: Path, source: str, cat: Catalogue) -> LoadedFile:
    from .parse import Reader, parse_scenario
    from .validate import validate
    from .yamlsource import SourceError, decode, load

    name = str(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = decode(data)
        doc = load(text)
    except SourceError as exc:
        return LoadedFile(path, source, None, [Problem(Where(name, exc.pos.line, exc.pos.column), exc.message)])
    raw, positions = doc.value, doc.positions
    scenario, problems = parse_scenario(raw, positions, name, cat, digest)
    problems[:0] = [Problem(Where(name, pos.line, pos.column), msg) for pos, msg in doc.duplicates]
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
    from .rules import catalogue

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
    from .summary import scenario_summary

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


def scenario_files(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as found:  # names and kinds in one pass over the folder
            names = sorted(e.name for e in found if os.path.splitext(e.name)[1] in (".yaml", ".yml") and e.is_file())
    except OSError:  # missing, not a folder, not readable
        return []
    return [folder / name for name in names]


class LazyScenarios(Mapping):
    """id -> Scenario, each parsed from its file the first time it is asked for."""

    def __init__(self) -> None:
        self._files: dict[str, LoadedFile] = {}
        self._parsed: dict[str, Scenario | None] = {}

    def register(self, loaded: LoadedFile) -> None:
        self._files[loaded.id] = loaded

    def __getitem__(self, scenario_id: str) -> Scenario:
        if scenario_id not in self._parsed:
            known = self._files[scenario_id]
            fresh = load_file(known.path, known.source)
            # The file may have changed since the list was made: only the same id counts.
            ok = fresh.ok and fresh.scenario is not None and fresh.scenario.id == scenario_id
            self._parsed[scenario_id] = fresh.scenario if ok else None
            if not ok:
                known.problems[:] = fresh.problems or known.problems
        found = self._parsed[scenario_id]
        if found is None:
            raise KeyError(scenario_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


class Infos(Mapping):
    """id -> ScenarioInfo, in the order the cases were listed. Those listed from
    the cache keep their summary until first read: a folder of a thousand
    cases is counted on the title screen without building a thousand infos."""

    def __init__(self) -> None:
        self._items: dict[str, ScenarioInfo | Mapping] = {}  # a summary until first read

    def __setitem__(self, scenario_id: str, info: ScenarioInfo) -> None:
        self._items[scenario_id] = info

    def add_summary(self, summary: Mapping) -> None:
        self._items[summary["id"]] = summary

    def __getitem__(self, scenario_id: str) -> ScenarioInfo:
        from .info import ScenarioInfo

        found = self._items[scenario_id]
        if not isinstance(found, ScenarioInfo):
            found = self._items[scenario_id] = ScenarioInfo.from_summary(found)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, scenario_id: object) -> bool:
        return scenario_id in self._items


@dataclass
class Library:
    files: list[LoadedFile] = field(default_factory=list)
    # id -> Scenario: a dict, or LazyScenarios when the library was listed from the cache
    scenarios: Mapping[str, Scenario] = field(default_factory=dict)
    infos: Infos = field(default_factory=Infos)  # what lists of cases need
    _owners: dict[str, str] = field(default_factory=dict)  # id -> the file that has it

    def get(self, scenario_id: str) -> Scenario | None:
        return self.scenarios.get(scenario_id)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def broken(self) -> list[LoadedFile]:
        return [f for f in self.files if not f.ok]

    def add(self, loaded: LoadedFile) -> None:
        if loaded.ok:
            first = self._owners.get(loaded.id)
            if first is not None:
                loaded.reject(
                    Problem(
                        Where(str(loaded.path), 1, 1),
                        f"剧本 id `{loaded.id}` 已经被 {first} 用了；这个文件没有加载（请换一个 id）",
                    )
                )
            else:
                self._owners[loaded.id] = str(loaded.path)
                if loaded.scenario is not None:
                    self.scenarios[loaded.id] = loaded.scenario  # type: ignore[index]
                    from .info import ScenarioInfo

                    self.infos[loaded.id] = ScenarioInfo.from_scenario(loaded.scenario)
                elif loaded.summary is not None:
                    self.infos.add_summary(loaded.summary)
                    if isinstance(self.scenarios, LazyScenarios):
                        self.scenarios.register(loaded)
        self.files.append(loaded)


def default_folders(extra: list[str | os.PathLike] = (), data_dir=None) -> list[tuple[Path, str]]:
    """Built-in first, so a teacher's file can never silently replace one."""
    folders = [(paths.builtin_scenarios_dir(), BUILTIN), (paths.user_scenarios_dir(data_dir), USER)]
    folders += [(Path(p), str(p)) for p in extra]
    return folders


def load_library(
    folders: list[tuple[Path, str]] | None = None,
    files: list[Path] = (),
    cache: CheckCache | None = None,
    checking: bool = False,
    lazy: bool = False,
    indexed_only: bool = False,
) -> Library | None:
    """Load every scenario file of the folders (in order), then the single files.

    With `checking`, files are only checked (problems and summary, served from
    `cache` when possible) and no playable Scenario objects are kept. `lazy`
    is the same listing, but each scenario is parsed when it is first asked
    for: the way the game starts fast over a large folder. With `lazy` and
    `indexed_only`, None unless every file is known to the cache's index
    (nothing to read: fast enough to do before the first paint)."""
    lib = Library(scenarios=LazyScenarios()) if lazy else Library()
    checking = checking or lazy
    cat = None if checking else _catalogue()  # checking loads it only for files not in the cache
    seen: set[str] = set()
    todo = []
    listed = []  # (path, source, the real path: a folder named twice lists its files once)
    for folder, src in folders if folders is not None else default_folders():
        real_folder = str(folder.resolve())
        listed += [(p, src, os.path.join(real_folder, p.name)) for p in scenario_files(folder)]
    listed += [(Path(p), USER, str(Path(p).resolve())) for p in files]
    for path, source, real in listed:
        if real not in seen:
            seen.add(real)
            todo.append((path, source))
    if lazy and cache is not None:
        from .listing import list_files
        from .nocycles import no_cycle_collection

        with no_cycle_collection():  # records and summaries hold no cycles
            found = list_files(todo, cache, indexed_only)
        if found is None:
            return None
        loaded = found
    elif checking:
        loaded = check_files(todo, cat, cache)
    else:
        loaded = [load_file(p, s, cat) for p, s in todo]
    for one in loaded:
        lib.add(one)
    return lib
