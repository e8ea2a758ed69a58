"""Enumerate every reachable ending of a scenario, with one shortest path to each.

Walks (node, state) pairs breadth-first so conditions and effects are honoured
exactly as in play; the first path found to an ending is a shortest one."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.engine.model import Scenario
from game.engine.play import Playthrough, State, Step, available

MAX_STATES = 50_000
SAMPLE_INPUT = "123456"  # what the explorer "types" into a form


@dataclass
class Exploration:
    endings: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    nodes: set[str] = field(default_factory=set)  # reachable under real conditions
    truncated: bool = False
    # Nodes where a player really has two or more ways on (in some reachable
    # state: a choice hidden by its condition does not count).
    decision_nodes: set[str] = field(default_factory=set)
    main_line: int = 0  # the most real decisions met on one path to an ending


def explore(s: Scenario, max_states: int = MAX_STATES) -> Exploration:
    out = Exploration()
    start = State(s.money)
    first = (s.start, start.key())
    seen = {first}
    successors: dict[tuple, list[tuple]] = {}  # the state graph, for the main line
    queue = deque([(s.start, start, (), first)])
    while queue:
        nid, state, path, here = queue.popleft()
        out.nodes.add(nid)
        node = s.nodes[nid]
        if node.ending:
            out.endings.setdefault(nid, path)
            continue
        moves = [(Step(nid, choice=i), c.to, c.effects) for i, c in available(node, state)]
        if node.input:
            moves.append((Step(nid, text=SAMPLE_INPUT), node.input.to, node.input.effects))
        if len(moves) >= 2:
            out.decision_nodes.add(nid)
        nexts = successors.setdefault(here, [])
        for step, to, effects in moves:
            if to not in s.nodes:
                continue
            nstate = state.apply(effects)
            key = (to, nstate.key())
            nexts.append(key)
            if key in seen:
                continue
            if len(seen) >= max_states:
                out.truncated = True
                return out
            seen.add(key)
            queue.append((to, nstate, path + (step,), key))
    out.main_line = _longest(first, successors)
    return out


def _longest(first: tuple, successors: dict[tuple, list[tuple]]) -> int:
    """Most decisions (states with 2+ ways on) on one path; loops are cut."""
    best: dict[tuple, int] = {}
    on_path: set[tuple] = set()
    stack = [(first, False)]
    while stack:  # iterative DFS: stories can be deep
        key, done = stack.pop()
        nexts = successors.get(key, [])
        if done:
            on_path.discard(key)
            here = 1 if len(nexts) >= 2 else 0
            best[key] = here + max((best.get(n, 0) for n in nexts if n not in on_path), default=0)
            continue
        if key in best or key in on_path:
            continue
        on_path.add(key)
        stack.append((key, True))
        stack.extend((n, False) for n in nexts if n not in best and n not in on_path)
    return best.get(first, 0)



def story_line(s: Scenario, found: Exploration | None = None) -> tuple[Step, ...]:
    """The path a retelling follows (the lesson's story in brief, the weekly
    article): to the deepest loss, the scam's whole escalation, or, in a case
    without a loss, the longest way to an ending. Empty when no ending is
    reachable."""
    found = found or explore(s)
    if not found.endings:
        return ()
    endings = s.endings

    def weight(item):
        nid, steps = item
        e = endings[nid]
        return (e.kind == "loss", e.money_lost, len(steps))

    return max(found.endings.items(), key=weight)[1]


def as_keys(s: Scenario, steps: tuple[Step, ...]) -> list[str]:
    """The path as a player types it: the on-screen number of each choice
    (1-based among the choices offered then), or `text:...` for a form."""
    play = Playthrough(s)
    keys = []
    for step in steps:
        if step.text is not None:
            keys.append(f"text:{step.text}")
            play.submit(step.text)
        else:
            nth = [o.index for o in play.options].index(step.choice) + 1
            keys.append(str(nth))
            play.choose(step.choice)
    return keys
