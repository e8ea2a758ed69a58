"""The outcome banner: the ending kind's words (被骗了 / 及时止损 / 成功识破 …)
and the ending's title, always in words and a symbol as well as the kind's
colour (banner.tcss, one rule per ending kind)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.engine.ending import EndingSummary
from game.ui.words import lit
from game.ui.styles import beside


class Banner(Static):
    STYLESHEETS = beside(__file__, "banner.tcss")

    def __init__(self, summary: EndingSummary) -> None:
        super().__init__(
            Content.assemble((summary.kind_words, "bold"), "\n", lit(summary.title)),
            classes=f"banner -{summary.kind.id}",
        )
