"""Noticing is an action: the player's marks checked against the writer's red
flags, and what "cleared" (识破) means. Pure functions over a path and its
marks; every face, the store and the exports count with these.

A mark on a message with a red flag is *found*; a red flag on the path not
marked is *missed*; a mark on any other line (an ordinary line, narration,
the player's own words) is *wrong*. The path's messages are those of the nodes
it went through, each node counted once however often it was passed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.engine.model import Message, Scenario

# The name of the definition below. Exports record it, so a report can tell
# figures counted by another definition (or by none: before marking existed,
# any safe ending counted) from these.
CLEARED_RULE = "recognised-v1"

# Why a case does not count as cleared.
NOT_ENDED = "not-ended"  # the story stopped before an ending
BAD_ENDING = "ending"  # a scam that got the money, or a genuine message refused
NO_FLAGS = "no-flags"  # a scam path with no red flag on it: nothing to recognise
TOO_FEW = "too-few"  # fewer than half of the path's red flags marked
TOO_MANY_WRONG = "too-many-wrong"  # more wrong marks than right ones
GENUINE_MARKED = "genuine-marked"  # a genuine case with a genuine message marked


@dataclass(frozen=True, slots=True)
class FlagCount:
    found: int  # marked messages with a red flag
    missed: int  # red flags on the path not marked
    wrong: int  # marked messages without a red flag
    total: int  # red flags on the path

    def to_json(self) -> dict:
        return {"found": self.found, "missed": self.missed, "wrong": self.wrong, "total": self.total}


@dataclass(frozen=True, slots=True)
class Verdict:
    flags: FlagCount
    cleared: bool
    why_not: str = ""  # one of the reasons above; "" when cleared
    needed: int = 0  # red flags to find on this path for a scam to count


def path_messages(scenario: Scenario, node_ids: Iterable[str]) -> list[tuple[str, int, Message]]:
    """(node id, index, message) of every message of the path's nodes, in the
    order first seen; a node passed twice counts once."""
    seen: set[str] = set()
    out = []
    for nid in node_ids:
        if nid in seen:
            continue
        seen.add(nid)
        out += [(nid, i, m) for i, m in enumerate(scenario.nodes[nid].messages)]
    return out


def count_flags(scenario: Scenario, node_ids: Iterable[str], marks: Iterable[tuple[str, int]]) -> FlagCount:
    """Found, missed and wrong over the path's messages. A mark on a message
    not on the path is ignored (the engine never makes one)."""
    marked = set(marks)
    found = missed = wrong = total = 0
    for nid, i, message in path_messages(scenario, node_ids):
        hit = (nid, i) in marked
        if message.red_flag is not None:
            total += 1
            found += hit
            missed += not hit
        else:
            wrong += hit
    return FlagCount(found, missed, wrong, total)


def needed(total: int) -> int:
    """Red flags to find for a scam to count as recognised: half, rounded up,
    and at least one."""
    return max(1, (total + 1) // 2)


def judge(is_scam: bool, ending_kind: str | None, flags: FlagCount) -> Verdict:
    """The rule named CLEARED_RULE. A scam case is cleared by a safe or
    stopped ending with at least half of the path's red flags found (at least
    one) and no more wrong marks than right ones: neither never marking nor
    marking everything clears it. A genuine case is cleared by its safe
    ending (checked, then trusted) with no genuine message marked."""
    need = needed(flags.total) if is_scam else 0
    if ending_kind is None:
        why = NOT_ENDED
    elif not is_scam:
        why = BAD_ENDING if ending_kind != "safe" else GENUINE_MARKED if flags.wrong else ""
    elif ending_kind not in ("safe", "stopped"):
        why = BAD_ENDING
    elif flags.total == 0:
        why = NO_FLAGS
    elif flags.found < need:
        why = TOO_FEW
    elif flags.wrong > flags.found:
        why = TOO_MANY_WRONG
    else:
        why = ""
    return Verdict(flags, not why, why, need)


def is_cleared(is_scam: bool, ending_kind: str | None, found: int, missed: int, wrong: int) -> bool:
    """The same rule from stored counts (the store, the exports)."""
    return judge(is_scam, ending_kind, FlagCount(found, missed, wrong, found + missed)).cleared


def verdict(play) -> Verdict:
    """How a Playthrough stands: its flags so far and whether it is cleared."""
    node_ids = [n.id for n in play.visited]
    flags = count_flags(play.scenario, node_ids, play.marks)
    return judge(play.scenario.is_scam, play.ending.kind if play.ending else None, flags)
