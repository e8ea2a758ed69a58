"""`fanzha check`'s view of the red flags of a scam, path by path, against
the rule of "cleared" (game/engine/marks.py):

- a path to a safe or stopped ending that passes no red flag at all can never
  be cleared: there is nothing on it to recognise;
- a path on which the red flags are more than a third of what the player is
  shown by others (every line not the player's own: characters, pages,
  narration) can be cleared by marking everything: the marks teach nothing.

Both are warnings: the story plays, but it does not test reading. Paths are
followed through (node, state) exactly as in play; each node counts once."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.engine.model import PLAYER, Node, Scenario
from game.engine.play import State, Step, available

CLEARING = ("safe", "stopped")  # the endings a scam case can be cleared at
RATIO = 3  # more red flags than one in RATIO lines of others is too many
MAX_WORK = 200_000  # (node, state) steps walked per scenario before giving up on the ratio


@dataclass(frozen=True, slots=True)
class PathFinding:
    ending: str  # the ending node
    steps: tuple[Step, ...]  # one path there
    flags: int = 0
    others: int = 0  # lines not the player's own on the path


def _moves(s: Scenario, node: Node, state: State) -> list[tuple[Step, str, State]]:
    from game.engine.explore import SAMPLE_INPUT

    out = [(Step(node.id, choice=i), c.to, state.apply(c.effects)) for i, c in available(node, state)]
    if node.input:
        out.append((Step(node.id, text=SAMPLE_INPUT), node.input.to, state.apply(node.input.effects)))
    return [m for m in out if m[1] in s.nodes]


def _flags(node: Node) -> int:
    return sum(1 for m in node.messages if m.red_flag is not None)


def _others(node: Node) -> int:
    return sum(1 for m in node.messages if m.speaker != PLAYER)


def flagless_paths(s: Scenario) -> list[PathFinding]:
    """For each safe or stopped ending reachable without passing one red flag,
    a shortest such path."""
    if _flags(s.nodes[s.start]):
        return []
    start = State(s.money)
    seen = {(s.start, start.key())}
    queue = deque([(s.start, start, ())])
    found: dict[str, PathFinding] = {}
    while queue:
        nid, state, path = queue.popleft()
        node = s.nodes[nid]
        if node.ending:
            if node.ending.kind in CLEARING:
                found.setdefault(nid, PathFinding(nid, path))
            continue
        for step, to, nstate in _moves(s, node, state):
            key = (to, nstate.key())
            if key in seen or _flags(s.nodes[to]):
                continue
            seen.add(key)
            queue.append((to, nstate, path + (step,)))
    return list(found.values())


def crowded_paths(s: Scenario, max_work: int = MAX_WORK) -> list[PathFinding]:
    """For each safe or stopped ending, the path there with the most red flags
    for the lines around them, when they are more than one in RATIO. Every
    path is followed (loops cut) until the work runs out."""
    worst: dict[str, PathFinding] = {}
    work = 0
    start = State(s.money)
    # (node id, state, steps so far, node ids seen, flags, others, (node, state) keys on the path)
    stack = [(s.start, start, (), frozenset({s.start}), _flags(s.nodes[s.start]), _others(s.nodes[s.start]),
              frozenset({(s.start, start.key())}))]
    while stack and work < max_work:
        work += 1
        nid, state, path, nodes, flags, others, keys = stack.pop()
        node = s.nodes[nid]
        if node.ending:
            if node.ending.kind in CLEARING and flags * RATIO > others:
                best = worst.get(nid)
                if best is None or flags * best.others > best.flags * others:
                    worst[nid] = PathFinding(nid, path, flags, others)
            continue
        for step, to, nstate in _moves(s, node, state):
            key = (to, nstate.key())
            if key in keys:
                continue
            new = to not in nodes
            target = s.nodes[to]
            stack.append((
                to, nstate, path + (step,), nodes | {to} if new else nodes,
                flags + (_flags(target) if new else 0), others + (_others(target) if new else 0), keys | {key},
            ))
    return list(worst.values())


def flag_warnings(s: Scenario, r) -> None:
    """The two warnings above, each at its ending, with a path to reproduce it."""
    if not s.is_scam:
        return
    from game.engine.explore import as_keys

    for f in flagless_paths(s):
        keys = ",".join(as_keys(s, f.steps)) or "（从开头直接到）"
        r.warn(
            ("nodes", f.ending),
            f"走到结局 `{f.ending}` 的一条路上一个危险信号（red_flag）也没有（--choices {keys}）："
            "走这条路的玩家永远算不上识破，识破要找出至少一个危险信号",
        )
    for f in crowded_paths(s):
        keys = ",".join(as_keys(s, f.steps))
        r.warn(
            ("nodes", f.ending),
            f"走到结局 `{f.ending}` 的一条路上，危险信号有 {f.flags} 个，别人说的话（旁白、网页也算）只有 {f.others} 句，"
            f"超过了三分之一（--choices {keys}）：见什么标什么也可能过关。少标几处，或多写几句普通的话",
        )
