"""The ending summary's parts as widgets (game/engine/ending.py builds the
summary): the outcome screen and the presenter's case summary draw the same
summary in the same words, each in its own layout."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.engine.ending import EndingSummary
from game.engine.rules import catalogue
from game.ui.widgets.rulecard import RuleCard
from game.ui.words import lit


def stakes(summary: EndingSummary) -> Content:
    """'损失：¥700　泄露的信息：验证码', or that nothing was lost."""
    parts: list = []
    for words in summary.stakes:
        parts += ["　", (words, "bold")] if parts else [(words, "bold")]
    return Content.assemble(*parts)


def rule_cards(summary: EndingSummary) -> list[RuleCard]:
    cat = catalogue()
    return [RuleCard(cat.get(r.id), r.id) for r in summary.rules]


def steps(summary: EndingSummary, heading_class: str, step_class: str) -> list[Static]:
    """The steps to take now under their heading; nothing when there are none."""
    if not summary.steps:
        return []
    return [
        Static(summary.steps_heading, classes=heading_class, markup=False),
        *[Static(Content.assemble((f"{n}. ", "bold"), lit(text)), classes=step_class) for n, text in enumerate(summary.steps, 1)],
    ]
