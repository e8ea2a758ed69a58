"""What a class can pick in presenter mode, and what it picked: the ways on
lettered as on the story map, and the path so far. The presenter screen and
its panels (steps, rules) both read these."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from game.classroom.storymap import ways
from game.engine.explore import SAMPLE_INPUT
from game.engine.model import Node
from game.engine.play import Playthrough
from game.ui.words import lit

FILLED = SAMPLE_INPUT  # what "填写" puts into a form: never a real code


@dataclass(frozen=True, slots=True)
class Pick:
    """One way on, as the class sees it: a letter and the choice's text, or
    the page's form (`index` None)."""

    letter: str
    text: str
    index: int | None  # the choice's index in node.choices; None: fill the form

    @property
    def key(self) -> int:
        return -1 if self.index is None else self.index


@dataclass(frozen=True, slots=True)
class Taken:
    """A step of the path: where it was, what was offered, what the class picked."""

    number: int  # 1-based
    node: Node
    pick: Pick
    offered: int


def picks(play: Playthrough) -> list[Pick]:
    """The ways on now, lettered as on the story map (storymap.ways)."""
    return [Pick(*way) for way in ways(play)]


def history(play: Playthrough) -> list[Taken]:
    """Every step taken so far, with the letter it had when it was picked."""
    replay = Playthrough(play.scenario)
    out: list[Taken] = []
    for n, step in enumerate(play.steps, 1):
        offered = picks(replay)
        key = -1 if step.text is not None else step.choice
        pick = next((p for p in offered if p.key == key), Pick("?", "", step.choice))
        out.append(Taken(n, replay.node, pick, len(offered)))
        if step.text is not None:
            replay.submit(step.text)
        else:
            replay.choose(step.choice)
    return out


def pick_words(pick: Pick) -> Content:
    """"B「先去查公告」" or "C 在「验证码」里填了 123456"."""
    if pick.index is None:
        return Content.assemble((pick.letter, "bold"), " 在「", lit(pick.text), f"」里填了 {FILLED}")
    return Content.assemble((pick.letter, "bold"), "「", lit(pick.text), "」")
