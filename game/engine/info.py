"""What a list of cases needs to know about a scenario, without its story:
read from the check cache at start-up, so a folder of a thousand scenarios
opens as fast as a folder of ten. The full `Scenario` is parsed when played."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.model import Scenario


@dataclass(frozen=True, slots=True)
class EndingInfo:
    id: str
    kind: str
    title: str
    money_lost: int
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    id: str
    title: str
    fraud_type: str
    audience: tuple[str, ...]
    summary: str
    file: str
    is_scam: bool
    perspective: str
    variant: str
    endings: dict[str, EndingInfo]
    rules: tuple[str, ...]  # cited at an ending or a red flag
    channels: tuple[str, ...]
    digest: str = ""  # sha256 of the file, as Scenario.digest
    tags: tuple[str, ...] = ()

    @classmethod
    def from_summary(cls, d: dict) -> "ScenarioInfo":
        return cls(
            id=d["id"], title=d["title"], fraud_type=d["fraud_type"], audience=tuple(d["audience"]),
            summary=d.get("summary", ""), file=d["file"], is_scam=d["is_scam"], perspective=d["perspective"],
            variant=d.get("variant", ""),
            endings={
                e["id"]: EndingInfo(e["id"], e["kind"], e["title"], e["money_lost"], tuple(e["rules"]))
                for e in d["endings"]
            },
            rules=tuple(d.get("rules", ())), channels=tuple(d.get("channels", ())), digest=d.get("digest", ""),
            tags=tuple(d.get("tags", ())),
        )

    @classmethod
    def from_scenario(cls, s: Scenario) -> "ScenarioInfo":
        from game.engine.summary import channels, scenario_rules

        return cls(
            id=s.id, title=s.title, fraud_type=s.fraud_type, audience=s.audience, summary=s.summary,
            file=s.file, is_scam=s.is_scam, perspective=s.perspective, variant=s.variant,
            endings={
                nid: EndingInfo(nid, e.kind, e.title, e.money_lost, e.rules) for nid, e in s.endings.items()
            },
            rules=tuple(scenario_rules(s)), channels=tuple(channels(s)), digest=s.digest, tags=s.tags,
        )

