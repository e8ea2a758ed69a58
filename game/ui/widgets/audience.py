"""Who a profile is (小学, 中学, 教职工, 家长), picked in a row drawn as one
widget: the arrows move the choice itself, as in any radio group, a click
picks, and Enter is left to the form (it saves).

One drawn Static instead of Textual's RadioSet: a RadioSet with four
RadioButtons was five widgets to style and lay out, a fifth of the CPU a
browser tab spends before its pupil can type a name."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content

from game.engine.vocab import AUDIENCES, DEFAULT_AUDIENCE
from game.ui.styles import beside
from game.ui.widgets.drawn import DrawnStatic

GAP = 2  # cells between two choices
CHOSEN, NOT_CHOSEN = "●", "○"
CURSOR = "$block-cursor-foreground on $block-cursor-background"
HOVER = "on $block-hover-background"


class AudienceChoice(DrawnStatic, can_focus=True):
    STYLESHEETS = beside(__file__, "audience.tcss")
    BINDINGS = [
        Binding("right,down", "step(1)", "我是：换下一个", show=False),
        Binding("left,up", "step(-1)", "我是：换上一个", show=False),
    ]

    def __init__(self, audience: str = DEFAULT_AUDIENCE, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.names = tuple(AUDIENCES)
        self.index = self.names.index(audience if audience in AUDIENCES else DEFAULT_AUDIENCE)
        self._hover: int | None = None
        self._places: list[tuple[int, int, int]] = []  # (line, first cell, after last cell) of each choice
        self._draw()

    @property
    def audience(self) -> str:
        return self.names[self.index]

    def choose(self, index: int) -> None:
        self.index = index % len(self.names)
        self._draw()

    def action_step(self, delta: int) -> None:
        self.choose(self.index + delta)

    def _draw(self) -> None:
        """One row of choices, broken between choices (never inside one) when
        the row is wider than the widget; the places remembered for clicks."""
        width = self.content_region.width or 10_000
        lines: list[list[Content]] = [[]]
        self._places = []
        used = 0
        for n, name in enumerate(self.names):
            item = Content.assemble(CHOSEN if n == self.index else NOT_CHOSEN, " ", name)
            if n == self.index:
                item = item.stylize(CURSOR if self.has_focus else "bold $accent")
            elif n == self._hover:
                item = item.stylize(HOVER)
            start = used + (GAP if lines[-1] else 0)
            if lines[-1] and start + item.cell_length > width:
                lines.append([])
                start = 0
            self._places.append((len(lines) - 1, start, start + item.cell_length))
            lines[-1].append(item)
            used = start + item.cell_length
        self.draw(Content("\n").join(Content(" " * GAP).join(line) for line in lines))

    def _choice_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        for n, (line, start, end) in enumerate(self._places):
            if offset.y == line and start <= offset.x < end:
                return n
        return None

    def on_click(self, event: events.Click) -> None:
        chosen = self._choice_at(event)
        if chosen is not None:
            self.choose(chosen)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._choice_at(event)
        if hover != self._hover:
            self._hover = hover
            self._draw()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self._draw()

    def on_resize(self) -> None:
        self._draw()

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()
