"""A text message the way a phone shows it: a card with the sender's number."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Static

from ..words import lit


class SmsCard(Vertical):
    """One SMS; the border title names the sender and the number."""

    def __init__(self, text: str, sender: str, number: str) -> None:
        super().__init__(classes="sms-card")
        who = " ".join(p for p in (sender, number) if p) or "未知号码"
        self.border_title = lit(f"短信 ✉ {who}")
        self._text = text

    def compose(self):
        yield Static(lit(self._text), classes="sms-text")
