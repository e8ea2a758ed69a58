"""The conversation so far, each part drawn the way its channel looks.

Messages arrive one at a time (`add`). Consecutive messages of the same
conversation (the same chat, call, page or SMS sender) share one segment, so a
call that goes on after a choice stays in the same call frame."""

from __future__ import annotations

from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...model import PLAYER, Message, Node, Scenario
from ..words import lit
from .call import CallFrame, CallLine
from .chat import ChatRow, Narration
from .sms import SmsCard
from .status import other_party, where
from .web import WebPage, WebText

CHAT_LIKE = ("chat", "group", "game", "talk")  # drawn as speech bubbles


class ChatSegment(Vertical):
    """A run of chat bubbles under a one-line heading naming the chat."""

    def __init__(self, heading: str) -> None:
        super().__init__(classes="chat-segment")
        # Mounted by the transcript before the first bubble (not composed:
        # compose would run after the bubbles already mounted into it).
        self.initial = [Static(lit(f"—— {heading} ——"), classes="segment-heading")]


class SmsSegment(Vertical):
    """Text messages from one sender."""


class ChoiceMade(Static):
    """What the player chose, between two moments of the story."""

    def __init__(self, text: str) -> None:
        super().__init__(Content.assemble(("➜ 你选择了：", "bold"), lit(text)), classes="choice-made")


class Transcript(VerticalScroll, can_focus=False):
    """Stays scrolled to the newest line unless the player scrolls back."""

    def on_mount(self) -> None:
        self.anchor()
        self._segment: Widget | None = None
        self._key: tuple | None = None
        self._last_speaker: str | None = None

    def clear(self) -> None:
        self.remove_children()
        self._segment = None
        self._key = None
        self._last_speaker = None
        self.anchor()

    def add(self, scenario: Scenario, node: Node, message: Message) -> None:
        channel = message.channel or node.channel
        if channel == "narration":
            self._add_narration(scenario, node, message)
            return
        key = self._key_for(scenario, node, channel)
        if key != self._key or self._segment is None:
            self._segment = self._new_segment(scenario, node, channel)
            self._key = key
            self._last_speaker = None
            self.mount(self._segment)
            for widget in getattr(self._segment, "initial", ()):
                self._segment.mount(widget)
        self._segment.mount(self._message_widget(scenario, node, message, channel))
        self._last_speaker = message.speaker

    def add_choice(self, text: str) -> None:
        marker = ChoiceMade(text)
        if self._segment is not None:
            self._segment.mount(marker)
        else:
            self.mount(marker)
        self._last_speaker = None

    # -- pieces ---------------------------------------------------------------
    def _add_narration(self, scenario: Scenario, node: Node, message: Message) -> None:
        widget = Narration(message.text)
        here = self._key_for(scenario, node, node.channel)
        if node.channel != "narration" and self._segment is not None and here == self._key:
            # "He pauses" inside a call stays inside the call frame.
            self._segment.mount(widget)
        else:
            self.mount(widget)
            self._segment = None
            self._key = None

    @staticmethod
    def _key_for(scenario: Scenario, node: Node, channel: str) -> tuple:
        if channel == "web":
            return (channel, node.url)
        if channel == "group":
            return (channel, node.app)
        return (channel, node.app if channel in CHAT_LIKE else "", other_party(scenario, node, channel))

    @staticmethod
    def _new_segment(scenario: Scenario, node: Node, channel: str) -> Widget:
        if channel in ("phone", "video"):
            who = other_party(scenario, node, channel)
            char = scenario.characters.get(who)
            return CallFrame(scenario.speaker_name(who), char.number if char else "", channel == "video")
        if channel == "web":
            return WebPage(node.url)
        if channel == "sms":
            return SmsSegment(classes="sms-segment")
        return ChatSegment(where(scenario, node, channel))

    def _message_widget(self, scenario: Scenario, node: Node, message: Message, channel: str) -> Widget:
        mine = message.speaker == PLAYER
        name = scenario.speaker_name(message.speaker) or "旁白"
        if channel in ("phone", "video"):
            return CallLine(name, message.text, mine)
        if channel == "web":
            if message.speaker and not mine:
                return WebText(Content.assemble((f"{name}：", "bold"), lit(message.text)))
            return WebText(lit(message.text))
        if channel == "sms" and not mine:
            char = scenario.characters.get(message.speaker)
            return SmsCard(message.text, scenario.speaker_name(message.speaker), char.number if char else "")
        show_name = not mine and message.speaker != self._last_speaker
        return ChatRow(message.text, name, mine, show_name)
