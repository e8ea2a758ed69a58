"""What the player must always see: where they are (the app, the contact, the
number or the address) and what they have at stake (money, information given
away, a deadline)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from game.engine.model import PLAYER, Node, Scenario
from game.engine.vocab import Channel, channel as channel_of, exposed_text, money, wallet_name
from game.ui.words import lit
from game.ui.widgets.countdown import Countdown
from game.ui.styles import beside


def other_party(scenario: Scenario, node: Node, channel: str) -> str:
    """The first speaker of this channel in the node who is not the player."""
    for m in node.messages:
        if (m.channel or node.channel) == channel and m.speaker and m.speaker != PLAYER:
            return m.speaker
    return ""


def _where_bubble(ch: Channel, node: Node, name: str, number: str) -> str:
    if ch.many:  # a group is named by its app, not by whoever spoke first
        return f"{node.app}（{ch.words}）" if node.app else ch.words
    kind = f"{node.app} {ch.words}" if node.app and ch.in_app else ch.words
    return f"{kind}｜{name}" if name else kind


def _caller(name: str, number: str) -> str:
    return " ".join(p for p in (name, number) if p) or "未知号码"


def _where_sms(ch: Channel, node: Node, name: str, number: str) -> str:
    return f"{ch.words}｜{_caller(name, number)}"


def _where_call(ch: Channel, node: Node, name: str, number: str) -> str:
    return f"{ch.frame}｜{_caller(name, number)}"


def _where_web(ch: Channel, node: Node, name: str, number: str) -> str:
    return f"{ch.words}｜{node.url}" if node.url else ch.words


def _where_narration(ch: Channel, node: Node, name: str, number: str) -> str:
    return ch.words


# The channel bar's line for each way the vocabulary draws a channel.
WHERE = {
    "bubble": _where_bubble,
    "sms": _where_sms,
    "call": _where_call,
    "video": _where_call,
    "web": _where_web,
    "narration": _where_narration,
}


def where(scenario: Scenario, node: Node, channel: str | None = None) -> str:
    """A short line saying where this happens: 'QQ 私聊｜小鱼', '短信｜… 106****8899'."""
    ch = channel_of(channel or node.channel)
    who = other_party(scenario, node, ch.id)
    char = scenario.characters.get(who)
    return WHERE[ch.drawing](ch, node, scenario.speaker_name(who), char.number if char else "")


class ChannelBar(Static):
    """The story's title and the channel of the current moment."""

    STYLESHEETS = beside(__file__, "status.tcss")

    _shown: tuple = ()

    def show(self, scenario: Scenario, node: Node, channel: str | None = None) -> None:
        """`channel`: of the line just shown, when it is not the node's own (a
        private message in the middle of a group scene)."""
        shown = (scenario.title, where(scenario, node, channel))
        if shown != self._shown:  # most moves stay in the same chat: nothing to draw
            self._shown = shown
            self.update(Content.assemble((f"《{shown[0]}》", "bold"), "  ", lit(shown[1])))


class StatusBar(Horizontal):
    """Money, information given away and, when the story is urgent, a countdown."""

    STYLESHEETS = beside(__file__, "status.tcss", Countdown)

    _shown: tuple = ()
    _parts: list | tuple = ()  # the line last shown, drawn once the bar has it

    def compose(self) -> ComposeResult:
        yield Static("", id="stakes")
        yield Countdown(id="countdown")

    def on_mount(self) -> None:
        self._draw()  # what was shown before the line was there to draw it on

    def show(self, scenario: Scenario, wallet: int, exposed: tuple[str, ...], delta: int = 0) -> None:
        shown = (scenario.audience, scenario.wallet, wallet, tuple(exposed), delta)
        if shown == self._shown:  # most moves cost nothing: nothing to draw
            return
        self._shown = shown
        parts: list = [(f"{wallet_name(scenario.audience, scenario.wallet)} {money(wallet)}", "bold")]
        if delta:
            parts.append(f"（刚刚 {'+' if delta > 0 else ''}{money(delta)}）")
        parts.append("　")
        if exposed:
            parts.append((f"⚠ 已泄露：{exposed_text(exposed)}", "bold $warning"))
        else:
            parts.append("已泄露：无")
        self._parts = parts
        self._draw()

    def _draw(self) -> None:
        # A case opened straight from the command line can be shown before
        # this bar has made its line (or while its screen is taken down): the
        # line is then drawn when the bar mounts, or not at all.
        stakes = self.query("#stakes")
        if stakes and self._parts:
            stakes.first(Static).update(Content.assemble(*self._parts))

    @property
    def countdown(self) -> Countdown:
        return self.query_one(Countdown)
