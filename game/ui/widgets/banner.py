"""The outcome banner: 被骗了 / 及时止损 / 成功识破, always in words and a
symbol as well as a colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.engine.model import Ending
from game.ui.words import lit, kind_words
from game.ui.styles import beside


class Banner(Static):
    STYLESHEETS = beside(__file__, "banner.tcss")

    def __init__(self, ending: Ending, genuine: bool = False) -> None:
        super().__init__(
            Content.assemble((kind_words(ending.kind, genuine), "bold"), "\n", lit(ending.title)),
            classes=f"banner -{ending.kind}",
        )
