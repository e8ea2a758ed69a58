"""The scenario as the engine sees it: immutable, validated, with source positions."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.problems import Problem, Where  # noqa: F401  (re-exported: part of the model)

# Channels, audiences, ending kinds and kinds of information: game/engine/vocab.py.
PERSPECTIVES = ("self", "helper")
PLAYER = "me"
RECOVERED_REST = "rest"


@dataclass(frozen=True, slots=True)
class RedFlag:
    rule: str
    why: str


@dataclass(frozen=True, slots=True)
class Character:
    id: str
    name: str
    number: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    speaker: str  # a character id, "me", or "" for narration
    channel: str
    red_flag: RedFlag | None = None
    stage: str = ""  # the playbook stage of this line when it differs from its node's


@dataclass(frozen=True, slots=True)
class Effects:
    money: int = 0
    borrow: int = 0  # a loan: money in hand that is owed, so no gain (negative: paid back)
    expose: tuple[str, ...] = ()
    set: tuple[str, ...] = ()
    unset: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Condition:
    flag: tuple[str, ...] = ()
    not_flag: tuple[str, ...] = ()
    exposed: tuple[str, ...] = ()
    not_exposed: tuple[str, ...] = ()
    money_min: int | None = None
    money_max: int | None = None

    def holds(self, money: int, exposed: frozenset[str], flags: frozenset[str]) -> bool:
        return (
            all(f in flags for f in self.flag)
            and not any(f in flags for f in self.not_flag)
            and all(e in exposed for e in self.exposed)
            and not any(e in exposed for e in self.not_exposed)
            and (self.money_min is None or money >= self.money_min)
            and (self.money_max is None or money <= self.money_max)
        )


@dataclass(frozen=True, slots=True)
class Choice:
    text: str
    to: str
    effects: Effects = Effects()
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class InputField:
    label: str
    to: str
    placeholder: str = ""
    effects: Effects = Effects()


@dataclass(frozen=True, slots=True)
class Ending:
    kind: str
    title: str
    rules: tuple[str, ...]
    explain: str
    money_lost: int = 0
    exposed: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    # What the ending says was frozen in time and returned (¥), or RECOVERED_REST:
    # everything taken beyond money_lost (when ways to the ending took different sums).
    recovered: int | str = 0


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    channel: str
    messages: tuple[Message, ...] = ()
    choices: tuple[Choice, ...] = ()
    input: InputField | None = None
    ending: Ending | None = None
    app: str = ""
    url: str = ""
    stage: str = ""  # the playbook stage (assets/stages.yaml) this step of the scam is

    def stage_of(self, message: Message) -> str:
        """A message's stage: its own, else its node's."""
        return message.stage or self.stage

    @property
    def targets(self) -> tuple[str, ...]:
        out = tuple(c.to for c in self.choices)
        return out + ((self.input.to,) if self.input else ())


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    fraud_type: str
    audience: tuple[str, ...]
    summary: str
    nodes: dict[str, Node]
    start: str
    file: str
    is_scam: bool = True
    perspective: str = "self"
    variant: str = ""
    money: int = 0
    wallet: str = ""  # whose money `money` is, when not the player's pocket money: 奶奶的存款
    already_lost: int = 0  # a case that begins after a transfer: what was gone before the start
    characters: dict[str, Character] = field(default_factory=dict)
    digest: str = ""  # sha256 of the file, so a saved game knows its story changed
    tags: tuple[str, ...] = ()  # free labels for teachers and tools: 帮信, AI换脸 …

    @property
    def stages(self) -> tuple[str, ...]:
        """The distinct playbook stages the story uses, in file order."""
        seen: dict[str, None] = {}
        for node in self.nodes.values():
            if node.stage:
                seen.setdefault(node.stage)
            for m in node.messages:
                if m.stage:
                    seen.setdefault(m.stage)
        return tuple(seen)

    def speaker_name(self, speaker: str) -> str:
        if not speaker:
            return ""
        char = self.characters.get(speaker)
        if char:
            return char.name
        return "我" if speaker == PLAYER else speaker

    @property
    def endings(self) -> dict[str, Ending]:
        return {nid: n.ending for nid, n in self.nodes.items() if n.ending}
