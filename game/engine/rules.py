"""The rule catalogue of the school plan (assets/rules.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from game.engine import paths


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    group: str  # soul, six, ten, slogan, type
    number: int
    text: str
    label: str  # 灵魂8问 第3问, 六个一律 第2条 …
    title: str = ""  # only the twelve fraud types have one


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    short: str
    title: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for g in self.groups for r in g.rules})

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id  # type: ignore[attr-defined]

    def __getitem__(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]  # type: ignore[attr-defined]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)  # type: ignore[attr-defined]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    @property
    def fraud_types(self) -> tuple[Rule, ...]:
        return self.group("type").rules

    def all(self) -> tuple[Rule, ...]:
        return tuple(r for g in self.groups for r in g.rules)


def load_catalogue(path: Path) -> Catalogue:
    from game.engine import yamlsource  # only when read: the store imports this module at start-up

    value = yamlsource.load(yamlsource.decode(path.read_bytes())).value
    groups = []
    for g in value["groups"]:
        rules = []
        for n, r in enumerate(g["rules"], 1):
            rules.append(
                Rule(
                    id=r["id"],
                    group=g["id"],
                    number=n,
                    text=r["text"],
                    label=g["label"].format(n=n),
                    title=r.get("title", ""),
                )
            )
        groups.append(Group(g["id"], g["short"], g["title"], tuple(rules)))
    return Catalogue(tuple(groups))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue(paths.assets_dir() / "rules.yaml")
