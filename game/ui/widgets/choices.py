"""The numbered choices of the current moment. Keys 1–9 pick by number,
arrows and Enter work, and so does the mouse."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine.play import Option as Offered
from game.ui.words import lit
from game.ui.styles import beside

FORM = "form"  # the id of the "fill in the form" option


class ChoiceList(OptionList):
    STYLESHEETS = beside(__file__, "choices.tcss")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._drawn_width = 0  # the width the options were wrapped for

    def _on_resize(self, event: events.Resize) -> None:
        # OptionList forgets its wrapped options on every resize, and draws
        # them again a frame later; a move that only changes how many options
        # there are changes the height, not the wrapping.
        width = self.scrollable_content_region.width
        if width == self._drawn_width:
            event.prevent_default()
        self._drawn_width = width

    def show(self, offered: list[Offered], form_label: str | None = None) -> None:
        """Offer these choices; with a form, one more option to go and fill it in.
        Set in one go, not emptied and then added to one by one: the options
        are measured once, not once per option."""
        options = [Option(Content.assemble((f"{n}. ", "bold"), lit(o.text)), id=f"choice-{n}")
                   for n, o in enumerate(offered, 1)]
        if form_label is not None:
            prompt = Content.assemble((f"{len(offered) + 1}. ", "bold"), "✎ 在表单的「", lit(form_label), "」里填写")
            options.append(Option(prompt, id=FORM))
        if options:
            self.set_options(options)
        else:
            self.clear_options()  # set_options([]) would leave the old lines drawn
        self.highlighted = 0 if options else None
