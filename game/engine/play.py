"""Playing one scenario: the current node, the choices open now, choose, undo,
the ending, the player's marks on suspicious messages, and save/restore as a
plain dict. Deterministic: the same steps always give the same story."""

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


def step_text(node: Node, step: Step) -> str:
    """A move in words: the choice's text, or what was typed into the form."""
    if step.text is not None:
        return f"在「{node.input.label if node.input else '表单'}」里填写了 {step.text}"
    return node.choices[step.choice].text


def available(node: Node, state: State) -> list[tuple[int, Choice]]:
    return [
        (i, c)
        for i, c in enumerate(node.choices)
        if c.condition is None or c.condition.holds(state.money, state.exposed, state.flags)
    ]


MarkKey = tuple[str, int]  # (node id, index of the message in the node, from 0)


class Playthrough:
    """One play of one scenario. The UI, the CLI and the tests all drive this."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._trail: list[tuple[str, State]] = [(scenario.start, State(scenario.money))]
        self._steps: list[Step] = []
        # Messages the player marked as suspicious, in the order marked. By
        # node, not by visit: a node seen twice shows the same lines twice.
        self._marks: dict[MarkKey, None] = {}

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
        """Step back one choice. False at the start. Marks on a node the
        story no longer passes through go with it."""
        if not self._steps:
            return False
        self._steps.pop()
        self._trail.pop()
        here = {nid for nid, _ in self._trail}
        for key in [k for k in self._marks if k[0] not in here]:
            del self._marks[key]
        return True

    def restart(self) -> None:
        del self._steps[:], self._trail[1:]
        self._marks.clear()

    # -- marking -------------------------------------------------------------
    @property
    def marks(self) -> tuple[MarkKey, ...]:
        """(node id, message index) of every marked message, in the order marked."""
        return tuple(self._marks)

    def is_marked(self, node_id: str, message: int) -> bool:
        return (node_id, message) in self._marks

    def _mark_key(self, where: int | str, message: int) -> MarkKey:
        """A visited node, by its place on the trail (0 = the start, -1 = now)
        or its id, and one of its messages (from 0)."""
        if isinstance(where, bool) or not isinstance(where, (int, str)):
            raise PlayError(f"看不懂要标记哪一段：{where!r}")
        if isinstance(where, int):
            if not -len(self._trail) <= where < len(self._trail):
                raise PlayError(f"故事里没有第 {where + 1} 段")
            node_id = self._trail[where][0]
        elif any(nid == where for nid, _ in self._trail):
            node_id = where
        else:
            raise PlayError(f"还没有走到节点 `{where}`，不能标记那里的话")
        count = len(self.scenario.nodes[node_id].messages)
        if isinstance(message, bool) or not isinstance(message, int) or not 0 <= message < count:
            raise PlayError(f"这一段没有第 {message + 1 if isinstance(message, int) else message} 句话（一共 {count} 句）")
        return (node_id, message)

    def mark(self, where: int | str, message: int) -> bool:
        """Mark a message as suspicious. True if it was not marked before
        (marking it again changes nothing)."""
        key = self._mark_key(where, message)
        if key in self._marks:
            return False
        self._marks[key] = None
        return True

    def unmark(self, where: int | str, message: int) -> bool:
        """Take a mark back. True if there was one."""
        key = self._mark_key(where, message)
        if key not in self._marks:
            return False
        del self._marks[key]
        return True

    def toggle_mark(self, where: int | str, message: int) -> bool:
        """Mark, or unmark a marked message. True when it is marked now."""
        return self.mark(where, message) or not self.unmark(where, message)

    # -- saving --------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "format": SAVE_FORMAT,
            "scenario": self.scenario.id,
            "digest": self.scenario.digest,
            "steps": [s.to_json() for s in self._steps],
            "marks": [[nid, i] for nid, i in self._marks],
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
        raw_marks = data.get("marks", [])  # saves from before marking have none
        if not isinstance(raw_marks, list):
            raise PlayError("存档里的标记看不懂")
        for raw in raw_marks:
            if not (isinstance(raw, list) and len(raw) == 2 and isinstance(raw[0], str) and isinstance(raw[1], int)):
                raise PlayError(f"存档里的标记看不懂：{raw!r}")
            play.mark(raw[0], raw[1])
        return play

    @classmethod
    def following(cls, scenario: Scenario, steps) -> "Playthrough":
        """A play that took these steps (an explorer's path, a retelling's
        main line). Raises PlayError if one cannot be taken."""
        play = cls(scenario)
        for step in steps:
            if step.text is not None:
                play.submit(step.text)
            else:
                play.choose(step.choice)
        return play

    def fork(self) -> "Playthrough":
        other = Playthrough(self.scenario)
        other._trail = list(self._trail)
        other._steps = list(self._steps)
        other._marks = dict(self._marks)
        return other

