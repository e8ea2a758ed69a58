"""Load scenarios from files and folders: the built-in ones, the teacher's, and
any folder named on the command line. A broken file never stops the others."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from typing import TYPE_CHECKING

from game.engine import paths
from game.engine.cache import CheckCache
from game.engine.checking import BUILTIN, USER, LoadedFile, _catalogue, check_files, load_file  # noqa: F401
from game.engine.problems import Problem, Where
from game.engine.values import Fields

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.info import ScenarioInfo
    from game.engine.model import Scenario


def scenario_files(folder: Path) -> list[Path]:
    return list(_scenario_paths(folder).values())


SUFFIXES = (".yaml", ".yml")


def _scenario_paths(folder: Path) -> dict[str, Path]:
    """name -> path of the folder's scenario files, sorted by name."""
    try:
        with os.scandir(folder) as found:  # names and kinds in one pass over the folder
            # ".yaml" alone is a hidden file with no suffix (as os.path.splitext has it).
            names = {e.name for e in found if e.name.endswith(SUFFIXES) and e.name.lstrip(".") not in ("yaml", "yml") and e.is_file()}
        # iterdir makes each child path without parsing it again: a thousand files
        # cost a thousand cheap paths, not a thousand parsed ones.
        paths = {p.name: p for p in folder.iterdir() if p.name in names}
    except OSError:  # missing, not a folder, not readable
        return {}
    return {name: paths[name] for name in sorted(paths)}


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
        from game.engine.info import ScenarioInfo

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


class Library(Fields):
    _fields = ("files", "scenarios", "infos", "_owners")

    def __init__(
        self,
        files: list[LoadedFile] | None = None,
        # id -> Scenario: a dict, or LazyScenarios when the library was listed from the cache
        scenarios: Mapping[str, Scenario] | None = None,
        infos: Infos | None = None,  # what lists of cases need
        _owners: dict[str, str] | None = None,  # id -> the file that has it
    ) -> None:
        self.files = [] if files is None else files
        self.scenarios = {} if scenarios is None else scenarios
        self.infos = Infos() if infos is None else infos
        self._owners = {} if _owners is None else _owners

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
            scenario_id = loaded.id
            first = self._owners.get(scenario_id)
            if first is not None:
                loaded.reject(
                    Problem(
                        Where(str(loaded.path), 1, 1),
                        f"剧本 id `{scenario_id}` 已经被 {first} 用了；这个文件没有加载（请换一个 id）",
                    )
                )
            else:
                self._owners[scenario_id] = str(loaded.path)
                if loaded.scenario is not None:
                    self.scenarios[scenario_id] = loaded.scenario  # type: ignore[index]
                    from game.engine.info import ScenarioInfo

                    self.infos[scenario_id] = ScenarioInfo.from_scenario(loaded.scenario)
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


def cached_library(extra: list[str | os.PathLike] = (), data_dir=None, indexed_only: bool = False) -> Library | None:
    """Every case of the built-in, the teacher's and the named folders, listed
    from the check cache and each parsed when first asked for: a command that
    plays or prints one case does not re-check every other one (3-4 s of CPU
    for forty cases on a lab PC, each time). With `indexed_only`, None unless
    every file is known to the cache's index (see load_library)."""
    return load_library(default_folders(extra, data_dir), cache=CheckCache.default(data_dir), lazy=True,
                        indexed_only=indexed_only)


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
    todo = []  # (path, source, its absolute name)
    for folder, src in folders if folders is not None else default_folders():
        # Names joined to the folder's once: a thousand files, not a thousand lookups.
        real_folder, abs_folder = str(folder.resolve()), os.path.abspath(folder)
        for name, path in _scenario_paths(folder).items():
            real = os.path.join(real_folder, name)  # a folder named twice lists its files once
            if real not in seen:
                seen.add(real)
                todo.append((path, src, os.path.join(abs_folder, name)))
    for p in files:
        real = str(Path(p).resolve())
        if real not in seen:
            seen.add(real)
            todo.append((Path(p), USER, os.path.abspath(p)))
    if lazy and cache is not None:
        from game.engine.listing import list_files
        from game.engine.nocycles import no_cycle_collection

        with no_cycle_collection():  # records and summaries hold no cycles
            found = list_files(todo, cache, indexed_only)
        if found is None:
            return None
        loaded = found
    elif checking:
        loaded = check_files([t[:2] for t in todo], cat, cache)
    else:
        loaded = [load_file(p, s, cat) for p, s, _ in todo]
    for one in loaded:
        lib.add(one)
    return lib
