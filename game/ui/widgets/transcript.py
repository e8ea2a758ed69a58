"""The conversation so far, each part drawn the way its channel looks.

The story is drawn row by row by one widget (`StoryLines`, Textual's line
API) rather than a widget per message: a long story stays as quick to lay out
as a short one, on a school's slow PC and in the tests that play every ending.
`Transcript` scrolls it; other widgets mounted into the transcript (presenter
mode's notes) stay in order around it.

Messages arrive one at a time (`add`). Consecutive messages of the same
conversation (the same chat, call, page or SMS sender) share one segment, so a
call that goes on after a choice stays inside the same call frame.

Each of the vocabulary's drawings (game/engine/vocab.py: a channel's
`drawing`) has its segment and its item here, in SEGMENTS and ITEMS.

A message the player marked as suspicious carries "⚑ 你标记了" under it (a
symbol and words, never only a colour). Clicking a message posts `MarkClicked`
with the message's place in the story; the screen decides what a mark does."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.segment import Segment as RichSegment
from textual import events
from textual.containers import VerticalScroll
from textual.message import Message as TextualMessage
from textual.strip import Strip
from textual.widget import Widget

from game.engine.markwords import MARKED
from game.engine.model import PLAYER, Message, Node, Scenario
from game.engine.vocab import Channel, channel as channel_of
from game.ui.widgets import call, chat, sms, web
from game.ui.widgets.lines import Look, Row, blank, inner_width, place
from game.ui.widgets.status import other_party, where
from game.ui.styles import beside

Ref = tuple[str, int]  # (node id, message index): the message a mark is on


class MarkClicked(TextualMessage):
    """A message of the story was clicked: mark it, or take the mark back."""

    def __init__(self, ref: Ref) -> None:
        super().__init__()
        self.ref = ref


@dataclass
class Item:
    """One thing in a segment: a message, a line of narration, a choice made."""

    kind: str  # bubble, narration, choice, call, web, sms
    text: str
    name: str = ""  # who says it, as shown
    mine: bool = False  # the player's own line
    show_name: bool = False  # a bubble under a new speaker shows the name
    number: str = ""  # an SMS sender's number
    frame: str = ""  # the words on an SMS card's edge: "短信 ✉"
    ref: Ref | None = None  # the message this item shows, when it can be marked
    marked: bool = False
    label: str = ""  # presenter mode numbers the moment's messages: 【1】


@dataclass
class Segment:
    """A run of one conversation: a chat, a call, a page, SMS from one sender,
    or loose lines of narration between them."""

    kind: str  # chat, call, video, web, sms, loose
    title: str
    key: tuple
    items: list[Item] = field(default_factory=list)


class StoryLines(Widget):
    """Segments of the story, drawn as rows of cells. As tall as its rows."""

    STYLESHEETS = beside(__file__, "transcript.tcss")

    COMPONENT_CLASSES = {
        "transcript--bubble", "transcript--bubble-me", "transcript--name", "transcript--narration",
        "transcript--choice", "transcript--heading", "transcript--speaker", "transcript--call",
        "transcript--video", "transcript--web", "transcript--sms", "transcript--title", "transcript--mark",
    }

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[Segment] = []
        self._rows: list[list[Row]] = []  # drawn rows, one list per segment
        self._refs: list[list[Ref | None]] = []  # the message each of those rows shows
        self._flat: list[Row] | None = None  # all rows, in order
        self._flat_refs: list[Ref | None] = []
        # Each item's rows at this width: a segment that grows by a message
        # is framed again, but only the new message is wrapped.
        self._items: dict[tuple, tuple[Item, list[Row]]] = {}
        self._width = 0
        self._look: Look | None = None

    def empty(self) -> None:
        self.segments.clear()
        self._items.clear()
        self.redraw()

    def changed(self) -> None:
        """The last segment changed: draw it again, and grow."""
        del self._rows[max(0, len(self.segments) - 1):], self._refs[max(0, len(self.segments) - 1):]
        self._flat = None
        self.refresh(layout=True)

    def redraw(self) -> None:
        """Draw every segment again (a mark came or went somewhere)."""
        self._rows.clear()
        self._refs.clear()
        self._flat = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look = None  # the theme changed: draw again in the new colours
        self._items.clear()
        self.redraw()

    def get_content_width(self, container, viewport) -> int:
        return container.width

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.rows(width))

    def rows(self, width: int) -> list[Row]:
        width = max(10, width)
        if width != self._width:
            self._width = width
            self._rows.clear()
            self._refs.clear()
            self._items.clear()
            self._flat = None
        look = self.look()
        while len(self._rows) < len(self.segments):
            rows, refs = _drawn(self.segments[len(self._rows)], width, look, self._item_rows)
            self._rows.append(rows)
            self._refs.append(refs)
            self._flat = None
        if self._flat is None:
            self._flat = [row for segment in self._rows for row in segment]
            self._flat_refs = [ref for segment in self._refs for ref in segment]
        return self._flat

    def ref_at(self, y: int) -> Ref | None:
        """The message drawn on row y, if a markable one is."""
        self.rows(self.size.width)
        return self._flat_refs[y] if 0 <= y < len(self._flat_refs) else None

    def row_of(self, ref: Ref) -> int | None:
        """The first row a message is drawn on, if it is drawn here."""
        self.rows(self.size.width)
        return self._flat_refs.index(ref) if ref in self._flat_refs else None

    def on_click(self, event: events.Click) -> None:
        ref = self.ref_at(event.y)
        if ref is not None:
            event.stop()
            self.post_message(MarkClicked(ref))

    def look(self) -> Look:
        if self._look is None:
            style = self.get_component_rich_style
            self._look = Look(
                base=self.rich_style,
                bubble=style("transcript--bubble"),
                bubble_me=style("transcript--bubble-me"),
                name=style("transcript--name"),
                narration=style("transcript--narration"),
                choice=style("transcript--choice"),
                heading=style("transcript--heading"),
                speaker=style("transcript--speaker"),
                call=style("transcript--call"),
                video=style("transcript--video"),
                web=style("transcript--web"),
                sms=style("transcript--sms"),
                title=style("transcript--title"),
                mark=style("transcript--mark"),
            )
        return self._look

    def _item_rows(self, item: Item, width: int, look: Look, framed: bool) -> list[Row]:
        key = (id(item), framed, item.marked, item.label)
        found = self._items.get(key)
        if found is None or found[0] is not item:
            found = self._items[key] = (item, _item_rows(item, width, look, framed))
        return found[1]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        rows = self.rows(width)
        if 0 <= y < len(rows):
            return Strip(rows[y], max(10, width)).crop(0, width)
        return Strip([RichSegment(" " * width, self.look().base)], width)


def _draw(segment: Segment, width: int, look: Look, item_rows) -> list[Row]:
    return _drawn(segment, width, look, item_rows)[0]


def _drawn(segment: Segment, width: int, look: Look, item_rows) -> tuple[list[Row], list[Ref | None]]:
    """A segment's rows, and the message each row shows (None for frames,
    headings and choices)."""
    rows: list[Row] = []
    refs: list[Ref | None] = []
    if segment.kind in ("call", "video", "web"):
        inner = inner_width(width)
        for item in segment.items:
            drawn = item_rows(item, inner, look, True)
            rows += [place(r, inner, look.base) for r in drawn]
            refs += [item.ref] * len(drawn)
        if segment.kind == "web":
            framed = web.page_frame(rows, segment.title, width, look)
        else:
            framed = call.call_frame(rows, segment.title, segment.kind == "video", width, look)
        # The frame adds its top and bottom borders, then a blank row.
        return framed + [blank(width, look.base)], [None, *refs, None, None]
    if segment.kind == "chat":
        rows = chat.heading_rows(segment.title, width, look)
        refs = [None] * len(rows)
    for item in segment.items:
        drawn = item_rows(item, width, look, False)
        rows += drawn
        refs += [item.ref] * len(drawn)
    return rows, refs


def _item_rows(item: Item, width: int, look: Look, framed: bool) -> list[Row]:
    text = item.label + item.text
    if item.kind == "bubble":
        rows = chat.bubble_rows(text, item.name, item.mine, item.show_name, width, look)
    elif item.kind == "narration":
        rows = chat.narration_rows(text, width, look, spaced=not framed)
    elif item.kind == "choice":
        rows = chat.choice_rows(text, width, look, spaced=not framed)
    elif item.kind == "call":
        rows = call.line_rows(item.name, text, item.mine, width, look)
    elif item.kind == "web":
        rows = web.text_rows(item.name, text, width, look)
    else:
        rows = sms.sms_rows(text, item.frame, item.name, item.number, width, look)
    return _with_mark(rows, item, width, look) if item.marked else rows


def _with_mark(rows: list[Row], item: Item, width: int, look: Look) -> list[Row]:
    """'⚑ 你标记了' under the message, on its side, before its spacing row."""
    align = "right" if item.mine else "center" if item.kind == "narration" else "left"
    mark = place([RichSegment(MARKED, look.mark)], width, look.base, align, indent=1)
    spaced = bool(rows) and all(not seg.text.strip() for seg in rows[-1])
    return rows[:-1] + [mark, rows[-1]] if spaced else rows + [mark]


class Transcript(VerticalScroll, can_focus=False):
    """Stays scrolled to the newest line unless the player scrolls back."""

    STYLESHEETS = beside(__file__, "transcript.tcss", StoryLines)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._last_speaker: str | None = None

    def on_mount(self) -> None:
        self.anchor()

    @property
    def segments(self) -> list[Segment]:
        return [s for lines in self.query(StoryLines) for s in lines.segments]

    def _lines(self) -> StoryLines:
        """The story widget to add to: the last child, or a new one after
        whatever else was mounted last."""
        children = self.children
        if children and isinstance(children[-1], StoryLines):
            return children[-1]
        lines = StoryLines()
        self.mount(lines)
        return lines

    # -- the story ----------------------------------------------------------------
    def clear(self) -> None:
        """Start again. The first story widget stays, emptied: mounting a new
        one costs a style pass, and a second frame for the next move."""
        children = list(self.children)
        keep = children[0] if children and isinstance(children[0], StoryLines) else None
        self.remove_children([child for child in children if child is not keep])
        if keep is not None:
            keep.empty()
        self._last_speaker = None
        self.anchor()

    def add(self, scenario: Scenario, node: Node, message: Message, ref: Ref | None = None,
            marked: bool = False, label: str = "") -> None:
        """Show a message; `ref` makes it markable (a click posts MarkClicked)."""
        lines = self._lines()
        ch = channel_of(message.channel or node.channel)
        current = lines.segments[-1] if lines.segments else None
        if ch.drawing == "narration":
            item = ITEMS[ch.drawing](scenario, ch, message, False)
            item.ref, item.marked, item.label = ref, marked, label
            home = channel_of(node.channel)
            if home.drawing != "narration" and current is not None and current.key == _key_for(scenario, node, home):
                current.items.append(item)  # "He pauses" inside a call stays inside the call frame.
            else:
                _segment(lines, *SEGMENTS[ch.drawing](scenario, node, ch), ("loose",)).items.append(item)
            self._last_speaker = None
            lines.changed()
            return
        segment = self._open(lines, scenario, node, ch)
        new_speaker = message.speaker != self._last_speaker
        item = ITEMS[ch.drawing](scenario, ch, message, new_speaker)
        item.ref, item.marked, item.label = ref, marked, label
        segment.items.append(item)
        self._last_speaker = message.speaker
        lines.changed()

    def add_choice(self, text: str) -> None:
        lines = self._lines()
        if not lines.segments:
            _segment(lines, "loose", "", ("loose",))
        lines.segments[-1].items.append(Item("choice", text))
        self._last_speaker = None
        lines.changed()
        # A move brings the player back to the newest lines, even after
        # scrolling back to re-read: what happens next must not be off-screen.
        self.anchor()

    def _open(self, lines: StoryLines, scenario: Scenario, node: Node, ch: Channel) -> Segment:
        key = _key_for(scenario, node, ch)
        if lines.segments and lines.segments[-1].key == key:
            return lines.segments[-1]
        self._last_speaker = None
        kind, title = SEGMENTS[ch.drawing](scenario, node, ch)
        return _segment(lines, kind, title, key)

    def set_marked(self, ref: Ref, marked: bool) -> None:
        """Show or take away the mark on every place this message is shown."""
        for lines in self.query(StoryLines):
            hit = False
            for item in (i for s in lines.segments for i in s.items if i.ref == ref):
                item.marked, hit = marked, True
            if hit:
                lines.redraw()

    # -- what the tests and the screens read ------------------------------------------
    def items(self, kind: str | None = None) -> list[Item]:
        return [i for s in self.segments for i in s.items if kind is None or i.kind == kind]

    def text(self) -> str:
        """What is drawn, as plain text, one line per row."""
        out = []
        for lines in self.query(StoryLines):
            for row in lines.rows(lines.size.width or self.size.width):
                out.append("".join(seg.text for seg in row).rstrip())
        return "\n".join(out)


def _segment(lines: StoryLines, kind: str, title: str, key: tuple) -> Segment:
    segment = Segment(kind, title, key)
    lines.segments.append(segment)
    return segment


def _key_for(scenario: Scenario, node: Node, ch: Channel) -> tuple:
    """Lines with the same key are one conversation, drawn in one segment."""
    if ch.drawing == "web":
        return (ch.id, node.url, node.app)
    if ch.many:
        return (ch.id, node.app)
    return (ch.id, node.app if ch.drawing == "bubble" else "", other_party(scenario, node, ch.id))


# -- each drawing: the segment its lines go in, and the item a line becomes -----------


def _chat_segment(scenario: Scenario, node: Node, ch: Channel) -> tuple[str, str]:
    return "chat", where(scenario, node, ch.id)


def _sms_segment(scenario: Scenario, node: Node, ch: Channel) -> tuple[str, str]:
    return "sms", ""


def _call_segment(scenario: Scenario, node: Node, ch: Channel) -> tuple[str, str]:
    who = other_party(scenario, node, ch.id)
    char = scenario.characters.get(who)
    return ("video" if ch.drawing == "video" else "call"), call.call_title(scenario.speaker_name(who), char.number if char else "", ch)


def _web_segment(scenario: Scenario, node: Node, ch: Channel) -> tuple[str, str]:
    return "web", web.page_title(ch, node.url, node.app)


def _loose_segment(scenario: Scenario, node: Node, ch: Channel) -> tuple[str, str]:
    return "loose", ""


SEGMENTS = {
    "bubble": _chat_segment,
    "sms": _sms_segment,
    "call": _call_segment,
    "video": _call_segment,
    "web": _web_segment,
    "narration": _loose_segment,
}


def _bubble_item(scenario: Scenario, ch: Channel, m: Message, new_speaker: bool) -> Item:
    mine = m.speaker == PLAYER
    return Item("bubble", m.text, scenario.speaker_name(m.speaker) or "旁白", mine, not mine and new_speaker)


def _sms_item(scenario: Scenario, ch: Channel, m: Message, new_speaker: bool) -> Item:
    if m.speaker == PLAYER:  # the player's reply, as a bubble under the card
        return _bubble_item(scenario, ch, m, new_speaker)
    char = scenario.characters.get(m.speaker)
    return Item("sms", m.text, scenario.speaker_name(m.speaker), number=char.number if char else "", frame=ch.frame)


def _call_item(scenario: Scenario, ch: Channel, m: Message, new_speaker: bool) -> Item:
    return Item("call", m.text, scenario.speaker_name(m.speaker) or "旁白", m.speaker == PLAYER)


def _web_item(scenario: Scenario, ch: Channel, m: Message, new_speaker: bool) -> Item:
    mine = m.speaker == PLAYER
    return Item("web", m.text, "" if mine or not m.speaker else scenario.speaker_name(m.speaker), mine)


def _narration_item(scenario: Scenario, ch: Channel, m: Message, new_speaker: bool) -> Item:
    return Item("narration", m.text)


ITEMS = {
    "bubble": _bubble_item,
    "sms": _sms_item,
    "call": _call_item,
    "video": _call_item,
    "web": _web_item,
    "narration": _narration_item,
}
