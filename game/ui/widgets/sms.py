"""A text message the way a phone shows it: a card whose top edge names the
sender and the number."""

from __future__ import annotations

from rich.segment import Segment

from game.ui.widgets.lines import Look, Row, blank, framed, inner_width, place, wrap

CARD_MAX = 72  # an SMS card is not wider than a phone screen turned sideways


def sms_rows(text: str, frame: str, sender: str, number: str, width: int, look: Look) -> list[Row]:
    """`frame`: the channel's words on the card's edge ("短信 ✉")."""
    who = " ".join(p for p in (sender, number) if p) or "未知号码"
    card = min(width, CARD_MAX)
    inner = inner_width(card)
    rows = [place([Segment(line, look.base)], inner, look.base) for line in wrap(text, inner)]
    card_rows = framed(rows, card, "round", f"{frame} {who}", look.sms, look.title, look.base)
    return [place(row, width, look.base) for row in card_rows] + [blank(width, look.base)]
