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
from .rules import Catalogue, catalogue
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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not self.errors


def load_file(path: Path, source: str = USER, cat: Catalogue | None = None) -> LoadedFile:
    """Read, parse and validate one scenario file."""
    cat = cat or catalogue()
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LoadedFile(path, source, None, [Problem(Where(name, 1, 1), f"读不了这个文件：{exc.strerror or exc}")])
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


def scenario_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class Library:
    files: list[LoadedFile] = field(default_factory=list)
    scenarios: dict[str, Scenario] = field(default_factory=dict)

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
        s = loaded.scenario
        if s is not None and s.id in self.scenarios:
            first = self.scenarios[s.id]
            loaded.problems.append(
                Problem(
                    Where(str(loaded.path), 1, 1),
                    f"剧本 id `{s.id}` 已经被 {first.file} 用了；这个文件没有加载（请换一个 id）",
                )
            )
            loaded.scenario = None
        elif s is not None:
            self.scenarios[s.id] = s
        self.files.append(loaded)


def default_folders(extra: list[str | os.PathLike] = (), data_dir=None) -> list[tuple[Path, str]]:
    """Built-in first, so a teacher's file can never silently replace one."""
    folders = [(paths.builtin_scenarios_dir(), BUILTIN), (paths.user_scenarios_dir(data_dir), USER)]
    folders += [(Path(p), str(p)) for p in extra]
    return folders


def load_library(folders: list[tuple[Path, str]] | None = None, files: list[Path] = ()) -> Library:
    lib = Library()
    cat = catalogue()
    seen: set[Path] = set()
    for folder, source in folders if folders is not None else default_folders():
        for path in scenario_files(folder):
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                lib.add(load_file(path, source, cat))
    for path in files:
        real = Path(path).resolve()
        if real not in seen:
            seen.add(real)
            lib.add(load_file(Path(path), USER, cat))
    return lib
