"""A web page (an address bar and its text) and the page's form, with a real
input field and a submit button."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from ..words import lit


class WebPage(Vertical):
    """The page: the border title is the address bar."""

    def __init__(self, url: str) -> None:
        super().__init__(classes="web-page")
        self.border_title = lit(f"网页 ⌂ {url or '（没有地址）'}")


class WebText(Static):
    """A paragraph of the page."""


class WebForm(Vertical):
    """The form of an input node. Posts `WebForm.Sent` with what was typed."""

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
