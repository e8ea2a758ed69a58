"""A phone or video call: a call frame naming the caller and the number, with
what is said inside it as a transcript."""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ..words import lit


class CallFrame(Vertical):
    """The call screen. Lines are mounted into it as they are spoken."""

    def __init__(self, caller: str, number: str, video: bool) -> None:
        super().__init__(classes="call-frame" + (" -video" if video else ""))
        what = "视频通话中" if video else "✆ 通话中"
        who = " ".join(p for p in (caller, number) if p) or "未知号码"
        self.border_title = lit(f"{what}｜{who}")


class CallLine(Static):
    """One spoken line: '名字：话'."""

    def __init__(self, speaker: str, text: str, mine: bool) -> None:
        super().__init__(
            Content.assemble((f"{speaker}：", "bold"), lit(text)),
            classes="call-line" + (" -me" if mine else ""),
        )
