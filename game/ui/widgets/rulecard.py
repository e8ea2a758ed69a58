"""A rule from the school plan's catalogue, in full, labelled by its group:
灵魂8问 第N问, 六个一律 第N条, 十个凡是 第N条, 宣传标语, 12类诈骗."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Static

from game.engine.rules import Rule
from game.ui.words import lit
from game.ui.styles import beside


def rule_label(rule: Rule) -> str:
    return rule.full_label


class RuleCard(Vertical):
    STYLESHEETS = beside(__file__, "rulecard.tcss")

    def __init__(self, rule: Rule | None, rule_id: str = "") -> None:
        super().__init__(classes=f"rule-card -{rule.group if rule else 'unknown'}")
        self.rule = rule
        self.border_title = lit(rule_label(rule) if rule else rule_id)

    def compose(self):
        yield Static(lit(self.rule.text if self.rule else "（规则目录里没有这一条）"), classes="rule-text")
