"""The catalogue writers name things from: the rules of the school plan
(assets/rules.yaml) and the stages of a scammer's playbook (assets/stages.yaml)."""

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

    @property
    def full_label(self) -> str:
        """The rule named wherever it is cited: a fraud type says which list
        it is from and its name ("12类诈骗 第8类 冒充客服…")."""
        if self.group == "type":
            return f"12类诈骗 {self.label} {self.title}".strip()
        return self.label


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    short: str
    title: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of 骗子的剧本: hook, trust, … (assets/stages.yaml)."""

    id: str
    number: int  # 1-based, in the usual order of a script
    name: str  # 搭讪引流
    hint: str  # one sentence for a ten-year-old


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]
    stages: tuple[Stage, ...] = ()

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

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)


def _read_yaml(path: Path):
    from game.engine import yamlsource  # only when read: the store imports this module at start-up

    return yamlsource.load(yamlsource.decode(path.read_bytes())).value


def load_stages(path: Path) -> tuple[Stage, ...]:
    return tuple(
        Stage(id=s["id"], number=n, name=s["name"], hint=s["hint"])
        for n, s in enumerate(_read_yaml(path)["stages"], 1)
    )


def load_catalogue(path: Path, stages_path: Path | None = None) -> Catalogue:
    value = _read_yaml(path)
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
    return Catalogue(tuple(groups), load_stages(stages_path) if stages_path else ())


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue(paths.assets_dir() / "rules.yaml", paths.assets_dir() / "stages.yaml")
