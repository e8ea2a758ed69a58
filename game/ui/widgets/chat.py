"""Chat bubbles for QQ/WeChat private chats, group chats and in-game chat:
other people on the left with their name, the player on the right."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Static

from ..words import lit


class Bubble(Static):
    """One chat message. Text is literal: never markup."""


class ChatRow(Vertical):
    """A bubble and, when the speaker changes, the speaker's name above it."""

    def __init__(self, text: str, name: str, mine: bool, show_name: bool) -> None:
        super().__init__(classes="chat-row " + ("-me" if mine else "-them"))
        self._text = text
        self._name = name
        self._show_name = show_name

    def compose(self):
        if self._show_name:
            yield Static(lit(self._name), classes="chat-name")
        yield Bubble(lit(self._text), classes="bubble")


class Narration(Static):
    """What happens, told by the story: centred, in brackets, not a bubble."""

    def __init__(self, text: str) -> None:
        super().__init__(lit(f"（{text}）"), classes="narration")
