"""A short menu drawn as one Static: ↑/↓ (Home/End) move, Enter or a click
picks, the mouse highlights what it is over.

The title screen used an OptionList; styling and laying out that widget cost
more at start-up than the whole rest of the screen, and eight fixed lines
need none of its scrolling or filtering."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

# "not dim": a dimmed hint such as "（s）" would vanish on the bar on a projector.
HIGHLIGHT = "$block-cursor-foreground on $block-cursor-background not dim"
HOVER = "on $block-hover-background"


class Menu(Static, can_focus=True):
    DEFAULT_CSS = """
    Menu {
        width: auto;
        height: auto;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
        Binding("enter", "select", show=False),
    ]

    class Selected(Message):
        """An item was picked (Enter or a click)."""

        def __init__(self, menu: Menu, item_id: str) -> None:
            super().__init__()
            self.menu = menu
            self.item_id = item_id

        @property
        def control(self) -> Menu:
            return self.menu

    def __init__(self, items: Sequence[tuple[str, Content]], bar: int = 0, **kwargs) -> None:
        """`items`: (id, label) pairs; `bar`: the least width of the highlight, in cells."""
        super().__init__("", **kwargs)
        self.items = list(items)
        self.highlighted = 0
        self._hover: int | None = None
        # Every line as wide as the widest, so the highlight is a bar and the
        # size never changes: a move redraws without a layout.
        self._width = max(bar, *(label.cell_length for _, label in self.items))
        self._draw(layout=True)

    @property
    def highlighted_id(self) -> str:
        return self.items[self.highlighted][0]

    def _draw(self, layout: bool = False) -> None:
        lines = []
        for n, (_, label) in enumerate(self.items):
            label = label.extend_right(self._width - label.cell_length)
            if n == self.highlighted:
                label = label.stylize(HIGHLIGHT)
            elif n == self._hover:
                label = label.stylize(HOVER)
            lines.append(label)
        self.update(Content("\n").join(lines), layout=layout)

    def action_move(self, step: int) -> None:
        self.highlighted = (self.highlighted + step) % len(self.items)
        self._draw()

    def action_move_to(self, index: int) -> None:
        self.highlighted = index % len(self.items)
        self._draw()

    def action_select(self) -> None:
        self.post_message(self.Selected(self, self.highlighted_id))

    def _line_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or not 0 <= offset.y < len(self.items):
            return None
        return offset.y

    def on_mouse_move(self, event: events.MouseMove) -> None:
        line = self._line_at(event)
        if line != self._hover:
            self._hover = line
            self._draw()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self._draw()

    def on_click(self, event: events.Click) -> None:
        line = self._line_at(event)
        if line is not None:
            self.highlighted = line
            self._draw()
            self.action_select()
