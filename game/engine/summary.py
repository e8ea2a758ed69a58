"""A scenario described as plain data: for `check --json`, the picker and tools."""

from __future__ import annotations

from game.engine.explore import explore
from game.engine.model import Scenario


def scenario_rules(s: Scenario) -> list[str]:
    """Every rule the scenario cites, at an ending or a red flag, in order."""
    seen: dict[str, None] = {}
    for node in s.nodes.values():
        for m in node.messages:
            if m.red_flag:
                seen.setdefault(m.red_flag.rule)
        if node.ending:
            for r in node.ending.rules:
                seen.setdefault(r)
    return list(seen)


def channels(s: Scenario) -> list[str]:
    seen: dict[str, None] = {}
    for node in s.nodes.values():
        for m in node.messages:
            if m.channel != "narration":
                seen.setdefault(m.channel)
    return list(seen)


def scenario_summary(s: Scenario, found=None) -> dict:
    found = found or explore(s)
    return {
        "id": s.id,
        "file": s.file,
        "digest": s.digest,
        "title": s.title,
        "summary": s.summary,
        "fraud_type": s.fraud_type,
        "variant": s.variant,
        "audience": list(s.audience),
        "is_scam": s.is_scam,
        "perspective": s.perspective,
        "nodes": len(found.nodes),
        "decisions": len(found.decision_nodes),
        "main_line_decisions": found.main_line,
        "channels": channels(s),
        "endings": [
            {"id": nid, "kind": e.kind, "title": e.title, "money_lost": e.money_lost, "rules": list(e.rules)}
            for nid, e in s.endings.items()
        ],
        "rules": scenario_rules(s),
        "stages": list(s.stages),
        "tags": list(s.tags),
    }
