"""Shared by the classroom tests: the built-in cases, a hostile little case,
and the mermaid subset grammar."""

from __future__ import annotations

import re
from functools import lru_cache

from game.engine.library import load_library
from game.engine.model import Character, Choice, Condition, Ending, InputField, Message, Node, RedFlag, Scenario
from game.engine.paths import builtin_scenarios_dir

HOSTILE = '"<script>alert(1)</script>" [b]x[/b] `code` #1; a|b {c} (d) \\n \\"q\\" & &amp; ]] --> end'


@lru_cache(maxsize=1)
def builtin():
    """Every built-in scenario that loads (a content writer's broken file in
    progress is their business, not these tests')."""
    return load_library([(builtin_scenarios_dir(), "builtin")])


def builtin_ids() -> list[str]:
    return sorted(builtin().scenarios)


def hostile_scenario() -> Scenario:
    """A tiny case whose every text tries to break out: quotes, markup,
    brackets, backslashes, HTML, Mermaid and DOT syntax. It loops back once."""
    h = HOSTILE
    nodes = {
        "start": Node(
            "start", "chat",
            messages=(
                Message(f"骗子说 {h}", "bad", "chat", RedFlag("six-5", f"为什么 {h}")),
                Message(f"我说 {h}", "me", "chat"),
            ),
            choices=(
                Choice(f"选项一 {h}", "form"),
                Choice(f"选项二 {h}", "safe", condition=Condition(flag=(f"旗{h}",))),
                Choice("回到开头", "start"),
            ),
        ),
        "form": Node(
            "form", "web", url="https://x.example.com/<b>",
            messages=(Message(f"填表 {h}", "", "web"),),
            input=InputField(f"验证码 {h}", "loss"),
            choices=(Choice(f"关掉 {h}", "safe"), Choice("回去", "start")),
        ),
        "safe": Node("safe", "narration", ending=Ending("safe", f"安全 {h}", ("six-5",), f"解释 {h}")),
        "loss": Node("loss", "narration", ending=Ending("loss", f"被骗 {h}", ("ten-5", "slogan-11"), f"解释 {h}", 100)),
    }
    return Scenario(
        id="hostile-case", title=f"标题 {h}", fraud_type="type-12", audience=("小学",), summary=f"摘要 {h}",
        nodes=nodes, start="start", file="<test>", characters={"bad": Character("bad", f"坏人 {h}")},
    )


# --------------------------------------------------------------------------
# A strict grammar of the Mermaid subset `render_mermaid` writes. Used always;
# the real Mermaid parser (tests/present/mermaid) is used as well where it is
# installed. Every line must be one of these, and quoted text may contain no
# character that could end it or open markup.

_Q = r'"(?P<text>[^"`\[\]{}()|\\;<>#&]*(?:(?:<br/>|#\d+;)[^"`\[\]{}()|\\;<>#&]*)*)"'
_ID = r"n\d+"
MERMAID_LINES = {
    "comment": re.compile(r"%% [^\n]*"),
    "header": re.compile(r"flowchart TD"),
    "node": re.compile(rf"  (?P<id>{_ID})\[{_Q}\]"),
    "ending": re.compile(rf"  (?P<id>{_ID})\(\[{_Q}\]\)"),
    "edge": re.compile(rf"  (?P<src>{_ID}) (?:-->|-\.->|==>)\|{_Q}\| (?P<dst>{_ID})"),
    "classdef": re.compile(r"  classDef [a-z]+ [a-z-]+:[#0-9a-z .]+(?:,[a-z-]+:[#0-9a-z .]+)*"),
    "class": re.compile(rf"  class {_ID}(?:,{_ID})* [a-z]+"),
    "linkstyle": re.compile(r"  linkStyle \d+(?:,\d+)* stroke-width:4px"),
}


def parse_mermaid_subset(text: str) -> tuple[set[str], list[tuple[str, str]]]:
    """The node ids and edges of a diagram; AssertionError on any line
    outside the subset."""
    lines = text.rstrip("\n").split("\n")
    nodes: set[str] = set()
    edges: list[tuple[str, str]] = []
    seen_header = False
    for n, line in enumerate(lines, 1):
        for kind, pattern in MERMAID_LINES.items():
            m = pattern.fullmatch(line)
            if m:
                break
        else:
            raise AssertionError(f"line {n} is not in the Mermaid subset: {line!r}")
        if kind == "header":
            assert not seen_header, "two headers"
            seen_header = True
            continue
        assert seen_header or kind == "comment", f"line {n} before `flowchart TD`"
        if kind in ("node", "ending"):
            assert m["id"] not in nodes, f"node {m['id']} declared twice"
            nodes.add(m["id"])
        elif kind == "edge":
            edges.append((m["src"], m["dst"]))
    assert seen_header, "no `flowchart TD`"
    for a, b in edges:
        assert a in nodes and b in nodes, f"edge {a}->{b} to an undeclared node"
    return nodes, edges
