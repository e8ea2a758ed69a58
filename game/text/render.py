"""The text face's drawing: a story, its choices and its ending as plain
lines, for `fanzha play --choices` and the plain mode alike. No Textual."""

from __future__ import annotations

from game.engine.model import Scenario
from game.engine.play import Playthrough
from game.engine.rules import catalogue
from game.engine.words import CHANNELS, default_steps, kind_words



def node_lines(s: Scenario, node) -> list[str]:
    lines = []
    if node.url:
        lines.append(f"[网页] {node.url}")
    for m in node.messages:
        tag = "" if m.channel == "narration" else CHANNELS.get(m.channel, m.channel)
        if tag and node.app and m.channel == node.channel:
            tag = f"{node.app}·{tag}"
        who = s.speaker_name(m.speaker)
        body = f"{who}：{m.text}" if who else m.text
        lines.append(f"[{tag}] {body}" if tag else body)
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
    return f"{rule.label}：{rule.text}" if rule else rule_id


def ending_words(play: Playthrough) -> str:
    """'✔ 成功识破' — or, in a genuine case, '✔ 核实后放心办'."""
    return kind_words(play.ending.kind, genuine=not play.scenario.is_scam)


def ending_lines(play: Playthrough) -> list[str]:
    e = play.ending
    lines = ["", f"==== 结局：{ending_words(play)} · {e.title} ====", e.explain.strip()]
    facts = []
    if e.money_lost:
        facts.append(f"损失 ¥{e.money_lost}")
    if play.exposed:
        facts.append(f"泄露的信息：{'、'.join(play.exposed)}")
    if facts:
        lines.append("；".join(facts))
    lines.append("这一课的规则：")
    lines += [f"  · {rule_line(r)}" for r in e.rules]
    steps = e.steps or default_steps(e.kind)
    if steps:
        lines.append("现在该做的事：")
        lines += [f"  {n}. {text}" for n, text in enumerate(steps, 1)]
    flags = [(play.scenario.speaker_name(m.speaker), m) for n in play.visited for m in n.messages if m.red_flag]
    if flags:
        lines.append("回顾：骗局露出破绽的地方")
        for who, m in flags:
            said = f"{who}：{m.text}" if who else m.text
            label = catalogue().get(m.red_flag.rule)
            lines.append(f"  ⚑ {said}")
            lines.append(f"    {label.label if label else m.red_flag.rule}：{m.red_flag.why}")
    return lines


def transcript(play: Playthrough) -> list[str]:
    """Everything so far: each node's messages, then the move made there."""
    s = play.scenario
    lines = [f"==== {s.title} ===="]
    for i, node in enumerate(play.visited):
        lines += node_lines(s, node)
        if i < len(play.steps):
            lines.append(move_line(s, play.steps[i]))
    return lines
