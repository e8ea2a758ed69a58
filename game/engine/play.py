"""Playing one scenario: the current node, the choices open now, choose, undo,
the ending, and save/restore as a plain dict. Deterministic: the same steps
always give the same story."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.model import Choice, Effects, Ending, Node, Scenario

SAVE_FORMAT = "fanzha-save/1"


class PlayError(Exception):
    """A choice that cannot be made here, or a save that does not fit the story."""


@dataclass(frozen=True, slots=True)
class State:
    money: int
    exposed: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    debt: int = 0  # borrowed on the way: in `money`, but owed

    def apply(self, e: Effects) -> "State":
        if not (e.money or e.borrow or e.expose or e.set or e.unset):
            return self
        return State(
            money=self.money + e.money + e.borrow,
            exposed=self.exposed | frozenset(e.expose),
            flags=(self.flags | frozenset(e.set)) - frozenset(e.unset),
            debt=self.debt + e.borrow,
        )

    def key(self) -> tuple:
        return (self.money, tuple(sorted(self.exposed)), tuple(sorted(self.flags)), self.debt)


def taken(s: Scenario, state: State) -> int:
    """What the scam has taken by this state: the net fall of the player's money
    (a small reward paid first counts against it; a loan is owed, so no gain),
    plus what was gone before the story began."""
    return s.already_lost + s.money - state.money + state.debt


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as offered now: its number in the node (stable across states) and text."""

    index: int
    text: str
    to: str


@dataclass(frozen=True, slots=True)
class Step:
    """One move: a choice by its index in the node, or text typed into the form."""

    node: str
    choice: int | None = None  # index into node.choices
    text: str | None = None  # what was typed into node.input

    def to_json(self) -> list:
        return [self.node, "input", self.text] if self.text is not None else [self.node, "choice", self.choice]

    @staticmethod
    def from_json(raw) -> "Step":
        if not (isinstance(raw, list) and len(raw) == 3 and isinstance(raw[0], str)):
            raise PlayError(f"存档里的一步看不懂：{raw!r}")
        node, kind, value = raw
        if kind == "input" and isinstance(value, str):
            return Step(node, text=value)
        if kind == "choice" and isinstance(value, int) and not isinstance(value, bool):
            return Step(node, choice=value)
        raise PlayError(f"存档里的一步看不懂：{raw!r}")


def available(node: Node, state: State) -> list[tuple[int, Choice]]:
    return [
        (i, c)
        for i, c in enumerate(node.choices)
        if c.condition is None or c.condition.holds(state.money, state.exposed, state.flags)
    ]


class Playthrough:
    """One play of one scenario. The UI, the CLI and the tests all drive this."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._trail: list[tuple[str, State]] = [(scenario.start, State(scenario.money))]
        self._steps: list[Step] = []

    # -- reading -------------------------------------------------------------
    @property
    def node(self) -> Node:
        return self.scenario.nodes[self._trail[-1][0]]

    @property
    def state(self) -> State:
        return self._trail[-1][1]

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    @property
    def visited(self) -> tuple[Node, ...]:
        """Every node seen so far, in order: the transcript, for the review."""
        return tuple(self.scenario.nodes[nid] for nid, _ in self._trail)

    @property
    def options(self) -> list[Option]:
        if self.ended:
            return []
        return [Option(i, c.text, c.to) for i, c in available(self.node, self.state)]

    @property
    def accepts_input(self) -> bool:
        return not self.ended and self.node.input is not None

    @property
    def ended(self) -> bool:
        return self.node.ending is not None

    @property
    def ending(self) -> Ending | None:
        return self.node.ending

    @property
    def money_lost(self) -> int:
        """What the ending says was lost; before an ending, what was paid so far."""
        if self.ending:
            return self.ending.money_lost
        return max(0, taken(self.scenario, self.state))

    @property
    def exposed(self) -> tuple[str, ...]:
        """Information given away: by the choices, plus what the ending names."""
        out = list(sorted(self.state.exposed))
        if self.ending:
            out += [e for e in self.ending.exposed if e not in out]
        return tuple(out)

    # -- moving --------------------------------------------------------------
    def choose(self, index: int) -> Node:
        """Take the choice with this index in the current node's `choices`."""
        if self.ended:
            raise PlayError("故事已经结束了")
        for i, c in available(self.node, self.state):
            if i == index:
                return self._go(Step(self.node.id, choice=i), c.to, c.effects)
        raise PlayError(f"节点 `{self.node.id}` 现在没有第 {index + 1} 个选项")

    def choose_nth(self, n: int) -> Node:
        """Take the n-th choice as offered now (1-based, as numbered on screen)."""
        opts = self.options
        if not 1 <= n <= len(opts):
            raise PlayError(f"没有第 {n} 个选项（现在有 {len(opts)} 个）")
        return self.choose(opts[n - 1].index)

    def submit(self, text: str) -> Node:
        """Type into the current node's form and send it."""
        field = self.node.input if not self.ended else None
        if field is None:
            raise PlayError("这里没有可以填写的表单")
        if not text.strip():
            raise PlayError("什么都没填")
        return self._go(Step(self.node.id, text=text), field.to, field.effects)

    def _go(self, step: Step, to: str, effects: Effects) -> Node:
        self._steps.append(step)
        self._trail.append((to, self.state.apply(effects)))
        return self.node

    def undo(self) -> bool:
        """Step back one choice. False at the start."""
        if not self._steps:
            return False
        self._steps.pop()
        self._trail.pop()
        return True

    def restart(self) -> None:
        del self._steps[:], self._trail[1:]

    # -- saving --------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "format": SAVE_FORMAT,
            "scenario": self.scenario.id,
            "digest": self.scenario.digest,
            "steps": [s.to_json() for s in self._steps],
        }

    @classmethod
    def from_dict(cls, scenario: Scenario, data: dict) -> "Playthrough":
        """Replay the saved steps. Raises PlayError if they no longer fit the story."""
        if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
            raise PlayError("存档格式不对")
        if data.get("scenario") != scenario.id:
            raise PlayError(f"存档属于另一个剧本：{data.get('scenario')}")
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list):
            raise PlayError("存档里没有步骤")
        play = cls(scenario)
        for raw in raw_steps:
            step = Step.from_json(raw)
            if step.node != play.node.id:
                raise PlayError("剧本改过了，存档对不上")
            if step.text is not None:
                play.submit(step.text)
            else:
                play.choose(step.choice)
        return play

    def fork(self) -> "Playthrough":
        other = Playthrough(self.scenario)
        other._trail = list(self._trail)
        other._steps = list(self._steps)
        return other

