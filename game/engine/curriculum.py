"""A curriculum per audience: for 小学, 中学, 教职工 and 家长, which cases count
for each of the plan's twelve fraud types. It is data, not code: the built-in
one is assets/curriculum.yaml, and a teacher's data folder can add its own
cases to a type with a `curriculum.yaml` of the same shape beside progress.db
(the two are merged: a teacher adds, never removes).

    小学:
      type-1: [type01-dianzan-fanli]
      type-2: []
      ...

Reading never fails: what is malformed is skipped and kept as a Problem;
`fanzha check` reports it, with the case ids no library has and cases listed
under a type they are not (`problems`), and, as information rather than
warnings, the types each audience cannot reach yet (`coverage`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Collection, Mapping

from game.engine import paths
from game.engine.problems import Problem, Where
from game.engine.vocab import AUDIENCES

FILE_NAME = "curriculum.yaml"


def plan_types() -> tuple[str, ...]:
    from game.engine.rules import catalogue

    return tuple(r.id for r in catalogue().fraud_types)


@dataclass(frozen=True)
class Entry:
    """One case id listed under an audience and a type, and where."""

    case: str
    where: Where


@dataclass(frozen=True)
class Curriculum:
    # audience -> type -> the entries, in file order (built-in first)
    entries: Mapping[str, Mapping[str, tuple[Entry, ...]]]
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()  # what was read, built-in first

    def cases(self, audience: str) -> dict[str, tuple[str, ...]]:
        """Every plan type, in the plan's order, with the case ids that count
        for it for this audience (none for a type it has no case of)."""
        mine = self.entries.get(audience, {})
        return {t: tuple(dict.fromkeys(e.case for e in mine.get(t, ()))) for t in plan_types()}

    def reachable(self, audience: str, known: Collection[str] | None = None) -> dict[str, tuple[str, ...]]:
        """The types this audience can play now, each with its cases: only
        cases in `known` (the library's ids) when it is given, and only types
        left with a case."""
        out = {}
        for t, ids in self.cases(audience).items():
            if known is not None:
                ids = tuple(i for i in ids if i in known)
            if ids:
                out[t] = ids
        return out


def describe(audience: str, reachable: Mapping[str, object]) -> str:
    """The curriculum a figure counts against, in a teacher's words."""
    return f"按{audience}课程：{len(plan_types())} 类中目前有 {len(reachable)} 类有案例"


# --------------------------------------------------------------------------
# Reading


def _read(path: Path, into: dict, problems: list[Problem]) -> None:
    from game.engine import yamlsource

    name = str(path)
    try:
        doc = yamlsource.load(yamlsource.decode(path.read_bytes()))
    except OSError as exc:
        problems.append(Problem(Where(name, 1, 1), f"读不了课程文件：{exc.strerror or exc}"))
        return
    except yamlsource.SourceError as exc:
        problems.append(Problem(Where(name, exc.pos.line, exc.pos.column), exc.message))
        return

    def at(*path_: object) -> Where:
        pos = doc.positions.get(tuple(path_))
        return Where(name, pos.line, pos.column) if pos else Where(name, 1, 1)

    value = doc.value
    if value is None:
        return
    if not isinstance(value, dict):
        problems.append(Problem(at(), "课程文件要写成“对象: 类型: 剧本 id 列表”的样子"))
        return
    types = plan_types()
    for audience, per_type in value.items():
        if audience not in AUDIENCES:
            problems.append(Problem(at(audience, yamlsource.KEY), f"不认识的对象 {audience!r}：只能是{'、'.join(AUDIENCES)}"))
            continue
        if per_type is None:
            continue
        if not isinstance(per_type, dict):
            problems.append(Problem(at(audience), f"{audience}：要写成“类型: 剧本 id 列表”"))
            continue
        for t, ids in per_type.items():
            if t not in types:
                problems.append(Problem(at(audience, t, yamlsource.KEY), f"{audience}：不认识的类型 {t!r}（type-1 到 type-{len(types)}）"))
                continue
            if ids is None:
                continue
            if not isinstance(ids, list):
                problems.append(Problem(at(audience, t), f"{audience} {t}：要写成剧本 id 的列表，例如 [a-case, b-case]"))
                continue
            listed = into.setdefault(audience, {}).setdefault(t, [])
            for n, case in enumerate(ids):
                if isinstance(case, str) and case:
                    listed.append(Entry(case, at(audience, t, n)))
                else:
                    problems.append(Problem(at(audience, t, n), f"{audience} {t}：第 {n + 1} 项要是剧本 id"))


def read(files: list[Path]) -> Curriculum:
    """The curriculum of these files, merged in order (a missing one is none)."""
    entries: dict[str, dict[str, list[Entry]]] = {}
    problems: list[Problem] = []
    read_files = []
    for path in files:
        if path.is_file():
            _read(path, entries, problems)
            read_files.append(str(path))
    frozen = {a: {t: tuple(es) for t, es in per.items()} for a, per in entries.items()}
    return Curriculum(frozen, tuple(problems), tuple(read_files))


def user_file(data_dir=None) -> Path:
    return paths.data_dir(data_dir) / FILE_NAME


@lru_cache(maxsize=8)
def _cached(user: str, stamp: tuple) -> Curriculum:
    return read([paths.assets_dir() / FILE_NAME, Path(user)])


def load(data_dir=None) -> Curriculum:
    """The built-in curriculum with the data folder's additions; read again
    when the teacher's file changes."""
    user = user_file(data_dir)
    try:
        st = os.stat(user)
        stamp: tuple = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = ()
    return _cached(str(user), stamp)


# --------------------------------------------------------------------------
# Checking against a library


@dataclass
class Coverage:
    """What one audience can play: the types with their cases, the types it
    cannot reach yet, and cases written for it that its curriculum leaves out."""

    audience: str
    covered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    not_listed: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "covered": {t: list(ids) for t, ids in self.covered.items()},
            "missing": list(self.missing),
            "not_listed": list(self.not_listed),
        }


def problems(cur: Curriculum, infos: Mapping[str, object]) -> list[Problem]:
    """The file's own problems, then each listed case no library has, that
    is a genuine message rather than a scam, or that is of another type."""
    out = list(cur.problems)
    for audience, per_type in cur.entries.items():
        for t, listed in per_type.items():
            for e in listed:
                info = infos.get(e.case)
                if info is None:
                    out.append(Problem(e.where, f"{audience} {t}：找不到剧本 `{e.case}`（没有这个 id，或者它有错误）"))
                elif not getattr(info, "is_scam", True):
                    out.append(Problem(e.where, f"{audience} {t}：`{e.case}` 是真消息剧本，不能算作一类诈骗的案例"))
                elif getattr(info, "fraud_type", t) != t:
                    out.append(Problem(e.where, f"{audience} {t}：`{e.case}` 是 {info.fraud_type} 的剧本，不是 {t}"))
    return out


def coverage(cur: Curriculum, infos: Mapping[str, object]) -> list[Coverage]:
    """Per audience, what its curriculum reaches among these cases."""
    out = []
    for audience in AUDIENCES:
        covered = cur.reachable(audience, infos)
        listed = {i for ids in covered.values() for i in ids}
        written = [
            sid for sid, info in infos.items()
            if getattr(info, "is_scam", False) and audience in getattr(info, "audience", ()) and sid not in listed
        ]
        missing = tuple(t for t in plan_types() if t not in covered)
        out.append(Coverage(audience, covered, missing, tuple(sorted(written))))
    return out
