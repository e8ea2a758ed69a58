"""Drawing text into rows of cells for the transcript: wrapping (with the
Chinese line breaking of ../wrap.py), padding, alignment and frames.

A row is a list of Rich segments exactly `width` cells wide. Scenario text is
only ever a segment's text: it is never parsed as markup."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from game.ui.wrap import divide_line

Row = list[Segment]


@dataclass(frozen=True)
class Look:
    """The transcript's styles, read from its CSS component classes (so the
    theme and NO_COLOR apply)."""

    base: Style
    bubble: Style
    bubble_me: Style
    name: Style
    narration: Style
    choice: Style
    heading: Style
    speaker: Style
    call: Style
    video: Style
    web: Style
    sms: Style
    title: Style
    mark: Style  # the player's "⚑ 你标记了"


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells; explicit newlines are kept."""
    width = max(1, width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        offsets = [0, *divide_line(paragraph, width), len(paragraph)]
        lines = [paragraph[a:b] for a, b in zip(offsets, offsets[1:])]
        out += [set_cell_size(line.rstrip(), min(cell_len(line.rstrip()), width)) for line in lines] or [""]
    return out


def spans_rows(parts: list[tuple[str, Style]], width: int) -> list[Row]:
    """Wrap text made of styled parts (a bold name, then the words): each
    line keeps the style of the characters on it."""
    text = "".join(t for t, _ in parts)
    styles: list[Style] = []
    for t, style in parts:
        styles += [style] * len(t)
    rows: list[Row] = []
    start = 0
    for paragraph in text.split("\n"):
        offsets = [0, *divide_line(paragraph, max(1, width)), len(paragraph)]
        for a, b in zip(offsets, offsets[1:]):
            line = paragraph[a:b].rstrip()
            row: Row = []
            for i, ch in enumerate(line):
                style = styles[start + a + i]
                if row and row[-1].style is style:
                    row[-1] = Segment(row[-1].text + ch, style)
                else:
                    row.append(Segment(ch, style))
            rows.append(_fit(row, width))
        start += len(paragraph) + 1
    return rows


def _fit(row: Row, width: int) -> Row:
    """Crop a row that is too long (a single character wider than the room)."""
    if sum(cell_len(s.text) for s in row) <= width:
        return row
    out: Row = []
    used = 0
    for seg in row:
        room = width - used
        if room <= 0:
            break
        text = set_cell_size(seg.text, min(cell_len(seg.text), room))
        out.append(Segment(text, seg.style))
        used += cell_len(text)
    return out


def length(row: Row) -> int:
    return sum(cell_len(s.text) for s in row)


def place(row: Row, width: int, base: Style, align: str = "left", indent: int = 0) -> Row:
    """Pad a row to `width` cells: left (after `indent`), right or centre."""
    free = max(0, width - length(row))
    if align == "right":
        left = max(0, free - indent)
    elif align == "center":
        left = free // 2
    else:
        left = min(indent, free)
    right = free - left
    out: Row = []
    if left:
        out.append(Segment(" " * left, base))
    out += row
    if right:
        out.append(Segment(" " * right, base))
    return out


def blank(width: int, base: Style) -> Row:
    return [Segment(" " * width, base)]


# Box characters: top-left, top, top-right, side, bottom-left, bottom-right.
BOXES = {
    "round": "╭─╮│╰╯",
    "square": "┌─┐│└┘",
    "double": "╔═╗║╚╝",
}


def framed(rows: list[Row], width: int, box: str, title: str, frame: Style, title_style: Style, base: Style,
           margin: int = 1) -> list[Row]:
    """Rows inside a frame whose top border carries a title (the caller and
    number, the address, the sender). `rows` are `inner_width(width)` wide."""
    tl, h, tr, v, bl, br = BOXES[box]
    inner = width - 2 * margin - 2
    title_text = set_cell_size(f" {title} ", min(cell_len(f" {title} "), max(0, inner - 2)))
    top: Row = [Segment(tl + h, frame), Segment(title_text, title_style), Segment(h * max(0, inner - 1 - cell_len(title_text)) + tr, frame)]
    side_l, side_r = Segment(v + " ", frame), Segment(" " + v, frame)
    out = [place(top, width, base, indent=margin)]
    for row in rows:
        out.append(place([side_l, *row, side_r], width, base, indent=margin))
    out.append(place([Segment(bl + h * inner + br, frame)], width, base, indent=margin))
    return out


def inner_width(width: int, margin: int = 1) -> int:
    """The room for text inside a frame drawn by `framed`."""
    return max(1, width - 2 * margin - 4)
