"""A web page (a frame whose top edge is the address bar, with the page's
text inside) and the page's form, with a real input field and a submit button."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from game.engine.vocab import Channel
from game.ui.words import lit
from game.ui.widgets.lines import Look, Row, framed, spans_rows
from game.ui.styles import beside


def page_title(ch: Channel, url: str, app: str = "") -> str:
    # A screen inside an app (支付宝's 转账 page) has no address: name the app.
    return f"{ch.frame} {url}" if url else f"{app or 'App'} ▣ 应用内页面"


def text_rows(speaker: str, text: str, width: int, look: Look) -> list[Row]:
    """A paragraph of the page (a name first when someone says it on the page)."""
    parts = [(f"{speaker}：", look.speaker)] if speaker else []
    return spans_rows([*parts, (text, look.base)], width)


def page_frame(rows: list[Row], title: str, width: int, look: Look) -> list[Row]:
    return framed(rows, width, "square", title, look.web, look.title, look.base)


class WebForm(Vertical):
    """The form of an input node. Posts `WebForm.Sent` with what was typed."""

    STYLESHEETS = beside(__file__, "web.tcss")

    class Sent(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Static("", id="form-label")
            yield Input(id="form-input", compact=True)
            yield Button(Content("提交"), id="form-submit", compact=True)
        yield Static(
            "这是游戏：不要填真实的密码、验证码或号码。按 Esc 回到选项。",
            classes="form-hint",
            markup=False,
        )

    def show(self, label: str, placeholder: str) -> None:
        self.query_one("#form-label", Static).update(lit(f"{label}："))
        field = self.query_one("#form-input", Input)
        field.placeholder = placeholder
        field.value = ""
        if self.app.animation_level == "none":
            field.cursor_blink = False
        self.display = True

    def focus_field(self) -> None:
        self.query_one("#form-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Sent(event.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Sent(self.query_one("#form-input", Input).value))
