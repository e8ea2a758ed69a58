"""The red flags a player met on the way: every flagged line of the nodes a
path went through, each with its rule. For the case summary at an ending, the
presenter's 亮出规则 and the classroom tools."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.model import Message, Scenario
from game.engine.rules import catalogue


@dataclass(frozen=True, slots=True)
class FlagOnPath:
    node: str
    message: Message
    rule: str  # the rule's id
    rule_label: str  # 十个凡是 第5条 …, as cited everywhere (Rule.full_label)
    rule_text: str  # the rule in full, word for word from the school plan ("" if not in the catalogue)
    who: str = ""  # who said it, as the story names them ("" for narration)


def flags_met(s: Scenario, node_ids) -> list[FlagOnPath]:
    """Every red flag of these nodes, in order, each with its rule (a node
    visited twice counts once)."""
    cat = catalogue()
    out: list[FlagOnPath] = []
    seen: set[str] = set()
    for nid in node_ids:
        if nid in seen:
            continue
        seen.add(nid)
        for m in s.nodes[nid].messages:
            if m.red_flag:
                rule = cat.get(m.red_flag.rule)
                label, text = (rule.full_label, rule.text) if rule else (m.red_flag.rule, "")
                out.append(FlagOnPath(nid, m, m.red_flag.rule, label, text, s.speaker_name(m.speaker)))
    return out
