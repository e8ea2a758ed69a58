"""Load scenarios from files and folders: the built-in ones, the teacher's, and
any folder named on the command line. A broken file never stops the others."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .model import Problem, Scenario, Where
from .parse import Reader, parse_scenario
from .cache import CheckCache
from .rules import Catalogue, catalogue
from .summary import scenario_summary
from .validate import validate
from .yamlsource import SourceError, decode, load

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
    name = str(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        doc = load(decode(data))
    except SourceError as exc:
        return LoadedFile(path, source, None, [Problem(Where(name, exc.pos.line, exc.pos.column), exc.message)])
    raw, positions = doc.value, doc.positions
    scenario, problems = parse_scenario(raw, positions, name, cat, digest)
    problems[:0] = [Problem(Where(name, pos.line, pos.column), msg) for pos, msg in doc.duplicates]
    raw_id = raw.get("id", "") if isinstance(raw, dict) else ""
    if scenario is not None:
        r = Reader(name, positions)
        r.problems = problems
        problems = validate(scenario, raw, r)
    if any(p.severity == "error" for p in problems):
        scenario = None
    return LoadedFile(path, source, scenario, problems, raw_id if isinstance(raw_id, str) else "")


def load_file(path: Path, source: str = USER, cat: Catalogue | None = None) -> LoadedFile:
    """Read, parse and validate one scenario file, for play."""
    data = _read(path)
    if isinstance(data, Problem):
        return LoadedFile(path, source, None, [data])
    return _check_bytes(data, path, source, cat or catalogue())


def check_file(path: Path, source: str, cat: Catalogue, cache: CheckCache | None) -> LoadedFile:
    """The check result of one file — problems and summary — from the cache
    when the same content was checked before by the same code."""
    data = _read(path)
    if isinstance(data, Problem):
        return LoadedFile(path, source, None, [data])
    key = cache.key(data) if cache else ""
    entry = cache.get(key) if cache else None
    if entry is not None:
        name = str(path)
        problems = [Problem(Where(name, p["line"], p["column"]), p["message"], p["severity"]) for p in entry["problems"]]
        summary = entry["summary"]
        if summary is not None:
            summary = {**summary, "file": name}
        return LoadedFile(path, source, None, problems, summary["id"] if summary else "", summary)
    loaded = _check_bytes(data, path, source, cat)
    if loaded.scenario is not None:
        loaded.summary = scenario_summary(loaded.scenario)
    if cache:
        cache.put(key, [_problem_json(p) for p in loaded.problems], loaded.summary)
    return loaded


def _problem_json(p: Problem) -> dict:
    return {"line": p.where.line, "column": p.where.column, "message": p.message, "severity": p.severity}


def scenario_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class Library:
    files: list[LoadedFile] = field(default_factory=list)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
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
                    self.scenarios[loaded.id] = loaded.scenario
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
) -> Library:
    """Load every scenario file of the folders (in order), then the single files.

    With `checking`, files are only checked (problems and summary, served from
    `cache` when possible) and no playable Scenario objects are kept."""
    lib = Library()
    cat = catalogue()
    seen: set[Path] = set()
    paths_ = [(p, src) for folder, src in (folders if folders is not None else default_folders()) for p in scenario_files(folder)]
    paths_ += [(Path(p), USER) for p in files]
    for path, source in paths_:
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        if checking:
            lib.add(check_file(path, source, cat, cache))
        else:
            lib.add(load_file(path, source, cat))
    return lib
