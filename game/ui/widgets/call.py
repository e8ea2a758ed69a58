"""A phone or video call: a call frame naming the caller and the number, with
what is said inside it as a transcript ('名字：话')."""

from __future__ import annotations

from game.engine.vocab import Channel
from game.ui.widgets.lines import Look, Row, framed, spans_rows


def call_title(caller: str, number: str, ch: Channel) -> str:
    """'✆ 通话中｜妈妈 138…', '视频通话中｜…': the channel's frame words and who."""
    who = " ".join(p for p in (caller, number) if p) or "未知号码"
    return f"{ch.frame}｜{who}"


def line_rows(speaker: str, text: str, mine: bool, width: int, look: Look) -> list[Row]:
    words = look.narration if mine else look.base
    return spans_rows([(f"{speaker}：", look.speaker), (text, words)], width)


def call_frame(rows: list[Row], title: str, video: bool, width: int, look: Look) -> list[Row]:
    return framed(rows, width, "double", title, look.video if video else look.call, look.title, look.base)
