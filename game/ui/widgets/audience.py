"""Who a profile is (小学, 中学, 教职工, 家长), picked in a row of radio
buttons: the arrows move the choice itself, as in any radio group, and Enter
is left to the form (it saves)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import RadioButton, RadioSet

from game.engine.vocab import AUDIENCES, DEFAULT_AUDIENCE
from game.ui.styles import beside


class AudienceChoice(RadioSet, inherit_bindings=False):
    STYLESHEETS = beside(__file__, "audience.tcss")
    BINDINGS = [
        Binding("right,down", "step(1)", "下一个", show=False),
        Binding("left,up", "step(-1)", "上一个", show=False),
    ]

    def __init__(self, audience: str = DEFAULT_AUDIENCE, **kwargs) -> None:
        chosen = audience if audience in AUDIENCES else DEFAULT_AUDIENCE
        super().__init__(*(RadioButton(a, value=a == chosen, compact=True) for a in AUDIENCES), **kwargs)

    @property
    def audience(self) -> str:
        index, names = self.pressed_index, tuple(AUDIENCES)
        return names[index] if 0 <= index < len(names) else DEFAULT_AUDIENCE

    def on_mount(self) -> None:
        if self.pressed_index >= 0:  # none pressed (or no buttons yet): -1 would pick the last one
            self._selected = self.pressed_index  # the cursor starts on the choice, not on the first button

    def action_step(self, delta: int) -> None:
        buttons = list(self.query(RadioButton))
        index = (max(self.pressed_index, 0) + delta) % len(buttons)
        buttons[index].value = True
        self._selected = index
