"""Pick one case from a short list (a rule taught by several cases)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.ui.words import lit


class ChooseScreen(ModalScreen[str | None]):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, question: Content, items: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question")
            yield OptionList(
                *[Option(Content.assemble((f"{n}. ", "bold"), lit(f"《{title}》")), id=key) for n, (key, title) in enumerate(self.items, 1)],
                id="choose-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_pick(self, n: int) -> None:
        if 1 <= n <= len(self.items):
            self.dismiss(self.items[n - 1][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
