"""The numbered choices of the current moment. Keys 1–9 pick by number,
arrows and Enter work, and so does the mouse."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...play import Option as Offered
from ..words import lit

FORM = "form"  # the id of the "fill in the form" option


class ChoiceList(OptionList):
    def show(self, offered: list[Offered], form_label: str | None = None) -> None:
        """Offer these choices; with a form, one more option to go and fill it in."""
        self.clear_options()
        n = 0
        for n, option in enumerate(offered, 1):
            self.add_option(Option(Content.assemble((f"{n}. ", "bold"), lit(option.text)), id=f"choice-{n}"))
        if form_label is not None:
            prompt = Content.assemble((f"{n + 1}. ", "bold"), "✎ 在表单的「", lit(form_label), "」里填写")
            self.add_option(Option(prompt, id=FORM))
        self.highlighted = 0 if self.option_count else None
