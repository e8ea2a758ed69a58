"""The text face's drawing: a story, its choices and its ending as plain
lines, for `fanzha play --choices` and the plain mode alike. No Textual.

A line of the story carries its channel's tag ("[短信] 妈妈：…") unless the
channel is drawn bare (narration): TAGGED says which, for each of the
vocabulary's drawings (game/engine/vocab.py)."""

from __future__ import annotations

from game.engine.ending import RULES_HEADING, EndingSummary, flags_heading, summarize
from game.engine.marks import verdict
from game.engine.markwords import MARKED, verdict_lines
from game.engine.model import Scenario
from game.engine.play import Playthrough
from game.engine.playbook import EMPTY as PLAYBOOK_EMPTY, TITLE as PLAYBOOK_TITLE, playbook, timeline_lines
from game.engine.rules import catalogue
from game.engine.vocab import channel

# Whether a line drawn this way carries its channel's tag.
TAGGED = {"bubble": True, "sms": True, "call": True, "video": True, "web": True, "narration": False}


def message_line(s: Scenario, node, m) -> str:
    ch = channel(m.channel)
    tag = ch.words if TAGGED[ch.drawing] else ""
    if tag and node.app and m.channel == node.channel:
        tag = f"{node.app}·{tag}"
    who = s.speaker_name(m.speaker)
    body = f"{who}：{m.text}" if who else m.text
    return f"[{tag}] {body}" if tag else body


def node_lines(s: Scenario, node, numbered: bool = False, play: Playthrough | None = None) -> list[str]:
    """The node's messages, one a line: numbered `(1)` … for marking when
    asked, and with the player's marks when a Playthrough is given."""
    lines = []
    if node.url:
        lines.append(f"[{channel('web').words}] {node.url}")
    for i, m in enumerate(node.messages):
        line = message_line(s, node, m)
        if numbered:
            line = f"({i + 1}) {line}"
        if play is not None and play.is_marked(node.id, i):
            line += f"　{MARKED}"
        lines.append(line)
    return lines


def option_lines(play: Playthrough) -> list[str]:
    lines = [f"  {n}. {o.text}" for n, o in enumerate(play.options, 1)]
    if play.accepts_input:
        field = play.node.input
        hint = f"（{field.placeholder}）" if field.placeholder else ""
        lines.append(f"  或者填写「{field.label}」{hint}：输入 text:内容")
    return lines


def move_line(s: Scenario, step) -> str:
    node = s.nodes[step.node]
    if step.text is not None:
        label = node.input.label if node.input else "表单"
        return f"> 你在「{label}」里填了：{step.text}"
    return f"> 你选了：{node.choices[step.choice].text}"


def rule_line(rule_id: str) -> str:
    rule = catalogue().get(rule_id)
    return f"{rule.full_label}：{rule.text}" if rule else rule_id


def ending_words(play: Playthrough) -> str:
    """'✔ 成功识破' — or, in a genuine case, '✔ 核实后放心办'."""
    return summarize(play).kind_words


def ending_lines(play: Playthrough) -> list[str]:
    return summary_lines(summarize(play))


def summary_lines(e: EndingSummary) -> list[str]:
    """The ending as the outcome screen tells it, line by line."""
    lines = ["", f"==== 结局：{e.kind_words} · {e.title} ====", e.explain.strip(), "　".join(e.stakes)]
    lines.append(f"{RULES_HEADING}：")
    lines += [f"  · {r.label}：{r.text}" if r.known else f"  · {r.id}" for r in e.rules]
    if e.steps:
        lines.append(f"{e.steps_heading}：")
        lines += [f"  {n}. {text}" for n, text in enumerate(e.steps, 1)]
    if e.flags:
        lines.append(flags_heading(len(e.flags)))
        for f in e.flags:
            lines.append(f"  ⚑ {f.who}：{f.message.text}" if f.who else f"  ⚑ {f.message.text}")
            lines.append(f"    {f.rule_label}：{f.message.red_flag.why}")
    return lines


def transcript(play: Playthrough, number_last: bool = False) -> list[str]:
    """Everything so far: each node's messages, then the move made there
    (the moment the player is at numbered for marking, when asked)."""
    s = play.scenario
    lines = [f"==== {s.title} ===="]
    visited = play.visited
    for i, node in enumerate(visited):
        lines += node_lines(s, node, numbered=number_last and i == len(visited) - 1, play=play)
        if i < len(play.steps):
            lines.append(move_line(s, play.steps[i]))
    return lines


def mark_line(key: tuple[str, object], changed: bool) -> str:
    """What a mark typed as text did (never whether it was right)."""
    n = key[1]
    if key[0] == "flag":
        return f"⚑ 你标记了第 {n} 句。" if changed else f"第 {n} 句已经标记过了。"
    return f"取消了第 {n} 句的标记。" if changed else f"第 {n} 句本来就没有标记。"


def flag_summary_lines(play: Playthrough) -> list[str]:
    """What the player's marks came to and whether the case counts as cleared."""
    return ["你的标记："] + [f"  {line}" for line in verdict_lines(verdict(play), play.scenario.is_scam)]


def playbook_lines(play: Playthrough) -> list[str]:
    """骗子的剧本 of the path taken: each stage where it happened, and where to stop."""
    book = playbook(play)
    if not book.moments and book.stop is None:
        return []
    lines = [f"{PLAYBOOK_TITLE}："] + ([] if book.moments else [f"  {PLAYBOOK_EMPTY}"])
    return lines + [f"  {line}" for line in timeline_lines(book)]
