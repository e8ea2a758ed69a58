"""Enumerate every reachable ending of a scenario, with one shortest path to each.

Walks (node, state) pairs breadth-first so conditions and effects are honoured
exactly as in play; the first path found to an ending is a shortest one."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.engine.model import Scenario
from game.engine.play import Playthrough, State, Step, available, taken

MAX_STATES = 50_000
SAMPLE_INPUT = "123456"  # what the explorer "types" into a form


@dataclass
class Exploration:
    endings: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    nodes: set[str] = field(default_factory=set)  # reachable under real conditions
    truncated: bool = False  # the search stopped at max_states: what it says is incomplete
    # Nodes where a player really has two or more ways on (in some reachable
    # state: a choice hidden by its condition does not count).
    decision_nodes: set[str] = field(default_factory=set)
    main_line: int = 0  # the most real decisions met on one path to an ending
    # Node -> one way to reach it in a state where no choice's condition holds
    # (and there is no form): the player is stuck with nothing to choose.
    stuck: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    # Node -> one way into it in a state from which no ending can be reached
    # any more (a loop whose exits' conditions can never hold). Only found
    # when the search was complete.
    trapped: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    # Ending id -> what the scam had taken on arriving there (play.taken) -> a
    # shortest path that arrives so: what each way to an ending really took.
    arrivals: dict[str, dict[int, tuple[Step, ...]]] = field(default_factory=dict)
    # The state graph walked: (node, state key) -> its moves as (step, the
    # (node, state key) it leads to), from `first`. Other whole-path checks
    # (game/engine/flagcheck.py) walk it instead of replaying every state.
    first: tuple = ()
    moves: dict[tuple, list[tuple[Step, tuple]]] = field(default_factory=dict)


def explore(s: Scenario, max_states: int = MAX_STATES) -> Exploration:
    out = Exploration()
    start = State(s.money)
    first = (s.start, start.key())
    seen = {first}
    out.first = first
    came_from: dict[tuple, tuple[tuple, Step]] = {}  # state -> (the state before, the step)
    finished: list[tuple] = []  # states at an ending
    dead: list[tuple] = []  # states with nothing to choose
    queue = deque([(s.start, start, (), first)])
    while queue:
        nid, state, path, here = queue.popleft()
        out.nodes.add(nid)
        node = s.nodes[nid]
        if node.ending:
            out.endings.setdefault(nid, path)
            finished.append(here)
            out.arrivals.setdefault(nid, {}).setdefault(taken(s, state), path)
            continue
        moves = [(Step(nid, choice=i), c.to, c.effects) for i, c in available(node, state)]
        if node.input:
            moves.append((Step(nid, text=SAMPLE_INPUT), node.input.to, node.input.effects))
        if not moves:
            out.stuck.setdefault(nid, path)
            dead.append(here)
        if len(moves) >= 2:
            out.decision_nodes.add(nid)
        ways = out.moves.setdefault(here, [])  # the state graph, for the main line and traps
        for step, to, effects in moves:
            if to not in s.nodes:
                continue
            nstate = state.apply(effects)
            key = (to, nstate.key())
            ways.append((step, key))
            if key in seen:
                continue
            if len(seen) >= max_states:
                out.truncated = True
                return out
            seen.add(key)
            came_from[key] = (here, step)
            queue.append((to, nstate, path + (step,), key))
    out.main_line = _longest(first, out.moves)
    out.trapped = _traps(first, out.moves, finished, dead, came_from)
    return out


def _reaching(targets: list[tuple], parents: dict[tuple, list[tuple]]) -> set[tuple]:
    """The states from which one of `targets` can be reached."""
    found = set(targets)
    todo = list(targets)
    while todo:
        for p in parents.get(todo.pop(), ()):
            if p not in found:
                found.add(p)
                todo.append(p)
    return found


def _traps(first, moves, finished, dead, came_from) -> dict[str, tuple[Step, ...]]:
    """Where a player walks into states from which no ending can be reached:
    the first such state on each way in, by node, with the steps to it.
    A way that ends with nothing to choose is `stuck`, reported on its own."""
    parents: dict[tuple, list[tuple]] = {}
    for here, ways in moves.items():
        for _, n in ways:
            parents.setdefault(n, []).append(here)
    can_end = _reaching(finished, parents)
    explained = _reaching(dead, parents)
    found: dict[str, tuple[Step, ...]] = {}
    entries = [(first, None)] + [(key, before) for key, (before, _) in came_from.items()]
    for key, before in entries:
        if key in can_end or key in explained or key[0] in found:
            continue
        if before is None or before in can_end:
            found[key[0]] = _steps_to(key, came_from)
    return found


def _steps_to(key: tuple, came_from: dict) -> tuple[Step, ...]:
    steps = []
    while key in came_from:
        key, step = came_from[key]
        steps.append(step)
    return tuple(reversed(steps))


def _longest(first: tuple, moves: dict[tuple, list[tuple[Step, tuple]]]) -> int:
    """Most decisions (states with 2+ ways on) on one path; loops are cut."""
    best: dict[tuple, int] = {}
    on_path: set[tuple] = set()
    stack = [(first, False)]
    while stack:  # iterative DFS: stories can be deep
        key, done = stack.pop()
        nexts = [n for _, n in moves.get(key, ())]
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
