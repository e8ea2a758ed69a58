"""`fanzha check`'s view of the red flags of a scam, path by path, against
the rule of "cleared" (game/engine/marks.py):

- a path to a safe or stopped ending that passes no red flag at all can never
  be cleared: there is nothing on it to recognise;
- a path on which the red flags are more than a third of what the player is
  shown by others (every line not the player's own: characters, pages,
  narration) can be cleared by marking everything: the marks teach nothing.

Both are warnings: the story plays, but it does not test reading. Paths are
followed through (node, state) exactly as in play (the state graph
explore() walked); each node counts once."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.engine.explore import Exploration, as_keys, explore
from game.engine.model import PLAYER, Node, Scenario
from game.engine.play import Step

CLEARING = ("safe", "stopped")  # the endings a scam case can be cleared at
RATIO = 3  # more red flags than one in RATIO lines of others is too many


@dataclass(frozen=True, slots=True)
class PathFinding:
    ending: str  # the ending node
    steps: tuple[Step, ...]  # one path there
    flags: int = 0
    others: int = 0  # lines not the player's own on the path


def _flags(node: Node) -> int:
    return sum(1 for m in node.messages if m.red_flag is not None)


def _others(node: Node) -> int:
    return sum(1 for m in node.messages if m.speaker != PLAYER)


def _graph(s: Scenario, found: Exploration | None) -> Exploration:
    """The (node, state) graph of the story: the one explore() walked, or a
    fresh walk. A walk cut short at its state limit says nothing whole."""
    found = found if found is not None and found.moves else explore(s)
    if found.truncated:
        raise ValueError("the story's states were not all walked")
    return found


def flagless_paths(s: Scenario, found: Exploration | None = None) -> list[PathFinding]:
    """For each safe or stopped ending reachable without passing one red flag,
    a shortest such path."""
    if _flags(s.nodes[s.start]):
        return []
    g = _graph(s, found)
    seen = {g.first}
    queue = deque([(g.first, ())])
    result: dict[str, PathFinding] = {}
    while queue:
        key, path = queue.popleft()
        node = s.nodes[key[0]]
        if node.ending:
            if node.ending.kind in CLEARING:
                result.setdefault(node.id, PathFinding(node.id, path))
            continue
        for step, nkey in g.moves.get(key, ()):
            if nkey in seen or _flags(s.nodes[nkey[0]]):
                continue
            seen.add(nkey)
            queue.append((nkey, path + (step,)))
    return list(result.values())


def crowded_paths(s: Scenario, found: Exploration | None = None) -> list[PathFinding]:
    """For each safe or stopped ending, the path there with the most red flags
    beyond one in RATIO of the lines around them, when there is one.

    The best path is found over (node, state) as a longest path (loops cut):
    each node scores RATIO × its red flags − its lines by others, counted
    per visit. A path that comes back to a node would count it twice, so the
    path found is counted again exactly, each node once, before it is said
    to be crowded."""
    g = _graph(s, found)
    weight = {nid: RATIO * _flags(node) - _others(node) for nid, node in s.nodes.items()}
    # key -> {ending: (score from here, the step taken, the key it leads to)}
    best: dict[tuple, dict[str, tuple[int, Step | None, tuple | None]]] = {}
    on_path: set[tuple] = set()
    stack = [(g.first, False)]
    while stack:  # iterative DFS: stories can be deep
        key, done = stack.pop()
        node = s.nodes[key[0]]
        moves = g.moves.get(key, ())
        if done:
            on_path.discard(key)
            best[key] = _ahead(node, weight[node.id], moves, best)
            continue
        if key in best or key in on_path:
            continue
        on_path.add(key)
        stack.append((key, True))
        stack.extend((nkey, False) for _, nkey in moves if nkey not in best and nkey not in on_path)
    result = []
    for ending, (score, _, _) in best[g.first].items():
        if score <= 0:
            continue
        steps, nodes, key = [], [s.start], g.first
        while (link := best[key][ending])[1] is not None:
            steps.append(link[1])
            key = link[2]
            nodes.append(key[0])
        seen = [s.nodes[n] for n in dict.fromkeys(nodes)]
        flags, others = sum(map(_flags, seen)), sum(map(_others, seen))
        if flags * RATIO > others:
            result.append(PathFinding(ending, tuple(steps), flags, others))
    return result


def _ahead(node: Node, here: int, moves, best: dict) -> dict:
    """The best score to each clearing ending from here, and the way on."""
    if node.ending:
        return {node.id: (here, None, None)} if node.ending.kind in CLEARING else {}
    table: dict[str, tuple[int, Step | None, tuple | None]] = {}
    for step, nkey in moves:
        for ending, (score, _, _) in best.get(nkey, {}).items():  # none on a loop: cut
            if ending not in table or here + score > table[ending][0]:
                table[ending] = (here + score, step, nkey)
    return table


def flag_warnings(s: Scenario, r, found: Exploration | None = None) -> None:
    """The two warnings above, each at its ending, with a path to reproduce it."""
    if not s.is_scam:
        return
    for f in flagless_paths(s, found):
        keys = ",".join(as_keys(s, f.steps)) or "（从开头直接到）"
        r.warn(
            ("nodes", f.ending),
            f"走到结局 `{f.ending}` 的一条路上一个危险信号（red_flag）也没有（--choices {keys}）："
            "走这条路的玩家永远算不上识破，识破要找出至少一个危险信号",
        )
    for f in crowded_paths(s, found):
        keys = ",".join(as_keys(s, f.steps))
        r.warn(
            ("nodes", f.ending),
            f"走到结局 `{f.ending}` 的一条路上，危险信号有 {f.flags} 个，别人说的话（旁白、网页也算）只有 {f.others} 句，"
            f"超过了三分之一（--choices {keys}）：见什么标什么也可能过关。少标几处，或多写几句普通的话",
        )
