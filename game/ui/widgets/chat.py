"""Chat bubbles, as the transcript draws them: QQ/WeChat private chats, group
chats, in-game chat and face-to-face talk. Other people on the left with their
name above, the player on the right; narration centred in brackets."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment

from game.ui.widgets.lines import Look, Row, blank, place, wrap

BUBBLE_SHARE = 0.8  # a bubble takes at most this share of the width


def heading_rows(text: str, width: int, look: Look) -> list[Row]:
    """'—— QQ 私聊｜小鱼 ——' above a conversation."""
    rows = [place([Segment(line, look.heading)], width, look.base, "center") for line in wrap(f"—— {text} ——", width)]
    return rows + [blank(width, look.base)]


def bubble_rows(text: str, name: str, mine: bool, show_name: bool, width: int, look: Look) -> list[Row]:
    room = max(4, int(width * BUBBLE_SHARE) - 2)
    lines = wrap(text, room)
    inner = max(cell_len(line) for line in lines)
    style = look.bubble_me if mine else look.bubble
    align = "right" if mine else "left"
    rows: list[Row] = []
    if show_name and name:
        for line in wrap(name, width - 2):
            rows.append(place([Segment(line, look.name)], width, look.base, align, indent=1))
    for line in lines:
        cells = [Segment(" " + line + " " * (inner - cell_len(line)) + " ", style)]
        rows.append(place(cells, width, look.base, align, indent=1))
    return rows + [blank(width, look.base)]


def narration_rows(text: str, width: int, look: Look, spaced: bool = True) -> list[Row]:
    rows = [place([Segment(line, look.narration)], width, look.base, "center") for line in wrap(f"（{text}）", max(1, width - 4))]
    return rows + ([blank(width, look.base)] if spaced else [])


def choice_rows(text: str, width: int, look: Look, spaced: bool = True) -> list[Row]:
    """'➜ 你选择了：…' between two moments, on the right like the player's lines."""
    rows = [place([Segment(line, look.choice)], width, look.base, "right", indent=1)
            for line in wrap(f"➜ 你选择了：{text}", max(1, width - 4))]
    return rows + ([blank(width, look.base)] if spaced else [])
