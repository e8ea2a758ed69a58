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


def crowded_paths(s: Scenario) -> list[PathFinding]:
    """For each safe or stopped ending, the path there with the most red flags
    beyond one in RATIO of the lines around them, when there is one.

    The best path is found over (node, state) as a longest path (loops cut):
    each node scores RATIO × its red flags − its lines by others, counted
    per visit. A path that comes back to a node would count it twice, so the
    path found is counted again exactly, each node once, before it is said
    to be crowded."""
    start = State(s.money)
    first = (s.start, start.key())
    states = {first: start}
    # key -> {ending: (score from here, the step taken, the key it leads to)}
    best: dict[tuple, dict[str, tuple[int, Step | None, tuple | None]]] = {}
    on_path: set[tuple] = set()
    stack = [(first, False)]
    while stack:  # iterative DFS: stories can be deep
        key, done = stack.pop()
        node = s.nodes[key[0]]
        if done:
            on_path.discard(key)
            best[key] = _ahead(s, node, states[key], best)
            continue
        if key in best or key in on_path:
            continue
        on_path.add(key)
        stack.append((key, True))
        if node.ending:
            continue
        for _, to, nstate in _moves(s, node, states[key]):
            nkey = (to, nstate.key())
            states.setdefault(nkey, nstate)
            if nkey not in best and nkey not in on_path:
                stack.append((nkey, False))
    found = []
    for ending, (score, _, _) in best[first].items():
        if score <= 0:
            continue
        steps, nodes, key = [], [s.start], first
        while (link := best[key][ending])[1] is not None:
            steps.append(link[1])
            key = link[2]
            nodes.append(key[0])
        seen = [s.nodes[n] for n in dict.fromkeys(nodes)]
        flags, others = sum(map(_flags, seen)), sum(map(_others, seen))
        if flags * RATIO > others:
            found.append(PathFinding(ending, tuple(steps), flags, others))
    return found


def _weight(node: Node) -> int:
    return RATIO * _flags(node) - _others(node)


def _ahead(s: Scenario, node: Node, state: State, best: dict) -> dict:
    """The best score to each clearing ending from here, and the way on."""
    here = _weight(node)
    if node.ending:
        return {node.id: (here, None, None)} if node.ending.kind in CLEARING else {}
    table: dict[str, tuple[int, Step | None, tuple | None]] = {}
    for step, to, nstate in _moves(s, node, state):
        nkey = (to, nstate.key())
        for ending, (score, _, _) in best.get(nkey, {}).items():  # none on a loop: cut
            if ending not in table or here + score > table[ending][0]:
                table[ending] = (here + score, step, nkey)
    return table


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
