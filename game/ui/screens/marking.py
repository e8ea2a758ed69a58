"""标记可疑: the keyboard's way to mark a message (the mouse clicks it in the
story). The lines shown so far are listed, the newest highlighted; Enter marks
one or takes the mark back, and the list stays open for the next. Nothing
here says whether a mark is right: that is told at the ending."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.ui.widgets.transcript import MARKED, Ref
from game.ui.words import lit

HINT = "觉得哪句话可疑，就选中它按回车标记（⚑）；再按一次取消。标得对不对，到结局时揭晓。"
UNMARKED = "　" * 5 + " "  # as wide as "⚑ 你标记了", so the lines stay aligned


@dataclass(frozen=True)
class Line:
    ref: Ref
    who: str
    text: str


def prompt(line: Line, marked: bool) -> Content:
    flag = (MARKED + " ", "bold") if marked else UNMARKED
    said = Content.assemble((f"{line.who}：", "bold"), lit(line.text)) if line.who else lit(f"（{line.text}）")
    return Content.assemble(flag, "｜", said)


class MarkScreen(ModalScreen[None]):
    CSS_PATH = "marking.tcss"
    BINDINGS = [
        Binding("escape,x", "close", "回到故事"),
    ]

    def __init__(self, lines: list[Line], is_marked: Callable[[Ref], bool], toggle: Callable[[Ref], bool]) -> None:
        super().__init__()
        self.lines = lines
        self._is_marked = is_marked
        self._toggle = toggle

    def compose(self) -> ComposeResult:
        with Vertical(id="mark-dialog"):
            yield Static(Content.styled("标记可疑的话", "bold"), id="mark-title")
            yield Static(HINT, id="mark-hint", markup=False)
            yield OptionList(*[Option(prompt(line, self._is_marked(line.ref))) for line in self.lines], id="mark-lines")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.lines:
            options.highlighted = len(self.lines) - 1
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        line = self.lines[event.option_index]
        marked = self._toggle(line.ref)
        event.option_list.replace_option_prompt_at_index(event.option_index, prompt(line, marked))

    def action_close(self) -> None:
        self.dismiss(None)
