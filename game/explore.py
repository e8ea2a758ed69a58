"""Enumerate every reachable ending of a scenario, with one shortest path to each.

Walks (node, state) pairs breadth-first so conditions and effects are honoured
exactly as in play; the first path found to an ending is a shortest one."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .model import Scenario
from .play import Playthrough, State, Step, available

MAX_STATES = 50_000
SAMPLE_INPUT = "123456"  # what the explorer "types" into a form


@dataclass
class Exploration:
    endings: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    nodes: set[str] = field(default_factory=set)  # reachable under real conditions
    truncated: bool = False


def explore(s: Scenario, max_states: int = MAX_STATES) -> Exploration:
    out = Exploration()
    start = State(s.money)
    seen = {(s.start, start.key())}
    queue = deque([(s.start, start, ())])
    while queue:
        nid, state, path = queue.popleft()
        out.nodes.add(nid)
        node = s.nodes[nid]
        if node.ending:
            out.endings.setdefault(nid, path)
            continue
        moves = [(Step(nid, choice=i), c.to, c.effects) for i, c in available(node, state)]
        if node.input:
            moves.append((Step(nid, text=SAMPLE_INPUT), node.input.to, node.input.effects))
        for step, to, effects in moves:
            if to not in s.nodes:
                continue
            nstate = state.apply(effects)
            key = (to, nstate.key())
            if key in seen:
                continue
            if len(seen) >= max_states:
                out.truncated = True
                return out
            seen.add(key)
            queue.append((to, nstate, path + (step,)))
    return out



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
