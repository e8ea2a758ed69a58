"""骗子的剧本: a path through a scam seen as the scammer planned it — the
stages in the order they happened (assets/stages.yaml, `stage:` on nodes and
messages), the line where each began, and where the player could have
stopped it: the first red flag, and the first decision from there on.

Built once here; the review, presenter mode, the text face and the lesson
pack each draw it."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.marks import path_messages
from game.engine.model import Scenario
from game.engine.play import Playthrough, available, step_text
from game.engine.rules import Catalogue, catalogue


@dataclass(frozen=True, slots=True)
class Moment:
    """One stage of the script, where it first happened on the path."""

    stage: str  # id in assets/stages.yaml
    number: int  # its place in the usual order of a script (1-based)
    name: str  # 搭讪引流
    hint: str  # one sentence for a ten-year-old
    node: str
    index: int  # the message in the node (-1: a node without messages)
    who: str  # the speaker's name as shown ("" for narration)
    text: str  # the line, literally


@dataclass(frozen=True, slots=True)
class StopPoint:
    """Where the scam could have been stopped on this path."""

    flag_node: str
    flag_index: int
    flag_who: str
    flag_text: str
    decision: int | None  # which decision of the path (1-based), None if none came after the flag
    decision_node: str = ""
    chosen: str = ""  # what was chosen there ("" when the path stops at it)


@dataclass(frozen=True, slots=True)
class Playbook:
    moments: tuple[Moment, ...]
    stop: StopPoint | None


def _said(play: Playthrough, node_id: str, index: int) -> tuple[str, str]:
    message = play.scenario.nodes[node_id].messages[index]
    return play.scenario.speaker_name(message.speaker), message.text


def _moments(play: Playthrough, cat: Catalogue) -> tuple[Moment, ...]:
    seen: set[str] = set()
    out: list[Moment] = []

    def add(stage_id: str, node_id: str, index: int) -> None:
        stage = cat.stage(stage_id)
        if stage is None or stage_id in seen:
            return
        seen.add(stage_id)
        who, text = _said(play, node_id, index) if index >= 0 else ("", "")
        out.append(Moment(stage_id, stage.number, stage.name, stage.hint, node_id, index, who, text))

    visited: set[str] = set()
    for node in play.visited:
        if node.id not in visited:
            visited.add(node.id)
            if node.stage and not node.messages:
                add(node.stage, node.id, -1)
            for i, m in enumerate(node.messages):
                stage_id = node.stage_of(m)
                if stage_id:
                    add(stage_id, node.id, i)
    return tuple(out)


def _decisions(play: Playthrough) -> list[tuple[int, str, str]]:
    """(place on the trail, node id, what was chosen) of every real decision
    on the path: a node where two or more ways on were open."""
    replay = Playthrough(play.scenario)
    out = []
    for i, node in enumerate(play.visited):
        ways = len(available(node, replay.state)) + (node.input is not None)
        step = play.steps[i] if i < len(play.steps) else None
        if ways >= 2:
            out.append((i, node.id, step_text(node, step) if step else ""))
        if step is None:
            break
        if step.text is not None:
            replay.submit(step.text)
        else:
            replay.choose(step.choice)
    return out


def _stop(play: Playthrough) -> StopPoint | None:
    first = next(((nid, i) for nid, i, m in path_messages(play.scenario, (n.id for n in play.visited)) if m.red_flag), None)
    if first is None:
        return None
    node_id, index = first
    at = next(i for i, n in enumerate(play.visited) if n.id == node_id)
    who, text = _said(play, node_id, index)
    decisions = _decisions(play)
    later = next(((n, d) for n, d in enumerate(decisions, 1) if d[0] >= at), None)
    if later is None:
        return StopPoint(node_id, index, who, text, None)
    number, (_, decision_node, chosen) = later
    return StopPoint(node_id, index, who, text, number, decision_node, chosen)


def playbook(play: Playthrough, cat: Catalogue | None = None) -> Playbook:
    """The timeline of the path this Playthrough took."""
    return Playbook(_moments(play, cat or catalogue()), _stop(play))


def along(s: Scenario, steps, cat: Catalogue | None = None) -> Playbook:
    """The timeline along these steps (a retelling's main line: the lesson
    pack, the article)."""
    return playbook(Playthrough.following(s, steps), cat)


def said_words(who: str, text: str) -> str:
    return f"{who}：{text}" if who else text


def stop_words(stop: StopPoint) -> str:
    """Where the player could have stopped it, in one sentence."""
    flag = f"第一个危险信号出现在「{said_words(stop.flag_who, stop.flag_text)}」"
    if stop.decision is None:
        return flag + "。从那时起就该停下来：不回复、不点链接，告诉大人。"
    if stop.chosen:
        return f"{flag}；从那以后的第 {stop.decision} 次选择就是停下来的机会（当时选了「{stop.chosen}」）。"
    return f"{flag}；接下来的第 {stop.decision} 次选择就是停下来的机会。"


EMPTY = "这个案例还没有标出骗子的剧本。"
TITLE = "骗子的剧本"
STOP = "✋ 在这里就能停下："


def timeline_lines(book: Playbook, quote=lambda text: text, hints: bool = True) -> list[str]:
    """The timeline as plain lines, for the text face and the lesson pack
    (`quote` shortens a line and `hints` can be left out where room is short)."""
    lines = []
    for n, m in enumerate(book.moments, 1):
        said = f"「{said_words(m.who, quote(m.text))}」" if m.text else ""
        lines.append(f"{n}. {m.name}：{m.hint}{said}" if hints else f"{n}. {m.name}{said}")
    if book.stop is not None:
        lines.append(STOP + stop_words(book.stop))
    return lines
