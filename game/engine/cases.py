"""The library as the picker, the handbook and "start" see it: scenarios in
the plan's order, grouped by fraud type, with what the player has found."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.library import Library, LoadedFile
from game.engine.model import Scenario
from game.engine.rules import Catalogue
from game.engine.untrusted import visible


def type_number(fraud_type: str) -> int:
    try:
        return int(fraud_type.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return 99


def ordered(library: Library) -> list[Scenario]:
    """The plan's order: by fraud type, then the seed's cases before variants."""
    return sorted(
        library.infos.values(),  # listed without parsing every story
        key=lambda s: (type_number(s.fraud_type), bool(s.variant), s.title, s.id),
    )


@dataclass(frozen=True)
class TypeGroup:
    fraud_type: str
    heading: str  # 第8类 网络游戏诈骗
    scenarios: tuple[Scenario, ...]


def by_type(library: Library, cat: Catalogue, audience: str | None = None) -> list[TypeGroup]:
    groups: dict[str, list[Scenario]] = {}
    for s in ordered(library):
        if audience is None or audience in s.audience:
            groups.setdefault(s.fraud_type, []).append(s)
    out = []
    for fraud_type, items in groups.items():
        rule = cat.get(fraud_type)
        heading = f"{rule.label} {rule.title}" if rule else fraud_type
        out.append(TypeGroup(fraud_type, heading, tuple(items)))
    return out


def broken_files(library: Library) -> list[LoadedFile]:
    return [f for f in library.files if not f.ok]


def first_error(loaded: LoadedFile) -> str:
    errors = loaded.errors or loaded.problems
    if not errors:
        return "没有加载（原因不明）"
    p = errors[0]
    return f"第 {p.where.line} 行第 {p.where.column} 列：{visible(p.message)}"


def endings_found(progress, s: Scenario) -> set[str]:
    try:
        found = set(progress.endings_found(s.id))
    except Exception:  # a broken store must not take the picker down
        return set()
    return found & set(s.endings)


def first_outcome(progress, s: Scenario) -> str | None:
    """The kind of the profile's first completed try of this case, if any."""
    try:
        kind = progress.first_outcome(s.id)
    except Exception:  # no such record, or a broken store
        return None
    return kind if isinstance(kind, str) else None


def teaching(library: Library, rule_id: str) -> list[Scenario]:
    """Scenarios that teach a rule: cite it at an ending or a red flag, or,
    for one of the twelve types, are a case of that type."""
    return [
        s for s in ordered(library)
        if (s.fraud_type == rule_id if rule_id.startswith("type-") else rule_id in s.rules)
    ]


def next_to_play(library: Library, progress) -> Scenario | None:
    """For "start": the first case in the plan's order with nothing found yet,
    else the one with the fewest endings found."""
    cases = ordered(library)
    if not cases:
        return None
    return min(cases, key=lambda s: (len(endings_found(progress, s)) > 0, len(endings_found(progress, s)) / max(1, len(s.endings))))
