"""加入课堂: a pupil's game joins the teacher's live class.

The connection itself comes from the host of the app (`fanzha` hands the app
`game.net.live.pupil.Connection` as `live_client`): the face only draws and
asks. In a self-paced class the pupil plays as usual and every finished case
is sent to the teacher (app.send_results); in a step class this screen shows
the moment the teacher opened, and the pupil votes with a letter and marks a
suspicious line with its number — the class's vote, not the pupil's attempt."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static

from game.ui.widgets.keybar import KeyBar
from game.ui.words import lit


class JoinFormScreen(ModalScreen[tuple[str, str] | None]):
    """The teacher's address and the class code."""

    CSS_PATH = "live.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def compose(self) -> ComposeResult:
        with Vertical(id="join-form"):
            yield Static(Content.styled("加入课堂", "bold"))
            yield Static("问老师要投影上的地址和课堂码。", classes="hint", markup=False)
            with Horizontal(classes="row"):
                yield Static("地址：", classes="label", markup=False)
                yield Input(placeholder="例如 192.168.1.20:8765", id="address", max_length=80, compact=True)
            with Horizontal(classes="row"):
                yield Static("课堂码：", classes="label", markup=False)
                yield Input(placeholder="例如 K7PX2M", id="code", max_length=16, compact=True)
            yield Static("", id="join-error")
            yield Button(Content("加入（回车）"), id="join", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#address", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "address":
            self.query_one("#code", Input).focus()
        else:
            self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._submit()

    def _submit(self) -> None:
        address = self.query_one("#address", Input).value.strip()
        code = self.query_one("#code", Input).value.strip()
        if not address or not code:
            self.query_one("#join-error", Static).update(Content("地址和课堂码都要填。"))
            return
        self.dismiss((address, code))


class LiveStepScreen(Screen):
    """The class's moment, on a pupil's screen: vote with a letter, mark a
    line with its number; the teacher's choice moves everyone on."""

    CSS_PATH = "live.tcss"
    BINDINGS = [
        *[Binding(k, f"vote('{k.upper()}')", "投票", show=k == "a", key_display="A–H") for k in "abcdefgh"],
        *[Binding(str(n), f"mark({n})", "标记可疑的话", show=n == 1, key_display="1–9") for n in range(1, 10)],
        Binding("escape", "leave", "离开课堂"),
    ]

    def __init__(self, connection) -> None:
        super().__init__()
        self.connection = connection
        self.decision: dict | None = None
        self.voted = ""
        self.marks: set[int] = set()
        self.lines: list[dict] = []
        self.note = "等老师打开一个选择……"
        self.flags: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("全班一起玩", "bold"), id="live-title")
        with VerticalScroll(id="live-stage"):
            yield Static(id="live-lines")
            yield Static(id="live-options")
            yield Static(id="live-flags")
        yield Static(id="live-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.run_worker(self._listen(), group="live", exclusive=True)
        self.draw()

    async def _listen(self) -> None:
        while True:
            msg = await self.connection.inbox.get()
            kind = msg.get("type")
            if kind == "decision":
                self.decision, self.voted, self.marks = msg, "", set()
                self.lines = msg.get("lines", [])
                self.note = "全班讨论，然后按字母投票；觉得哪句话可疑，按它的编号标记。"
            elif kind == "moved":
                self.decision, self.voted, self.marks = None, "", set()
                self.lines = msg.get("lines", [])
                self.note = f"老师选了 {msg.get('letter')}，故事继续。等下一个选择……"
            elif kind == "reveal":
                self.flags = msg.get("flags", [])
            elif kind == "ended":
                self.decision, self.voted, self.marks = None, "", set()
                words = f"{msg['words']}｜" if isinstance(msg.get("words"), str) and msg["words"] else ""
                self.note = f"结局：{words}{msg.get('title', '')}。{msg.get('explain', '')}  按 Esc 离开课堂。"
            elif kind in ("removed", "closed"):
                self.note = "这节课结束了（或者老师把你移出了课堂）。按 Esc 回到标题页。"
                self.draw()
                return
            self.draw()

    def draw(self) -> None:
        rows = []
        for line in self.lines:
            n = line.get("n", 0)
            marked = "⚑ " if n in self.marks else "  "
            who = line.get("who") or ""
            rows.append(Content.assemble((f"{marked}{n:>2}  ", "bold"), lit(f"{who}：{line.get('text', '')}" if who else line.get("text", ""))))
        self.query_one("#live-lines", Static).update(Content("\n").join(rows) if rows else "")
        options = []
        if self.decision is not None:
            for o in self.decision.get("options", []):
                chosen = " ← 你的票" if o.get("letter") == self.voted else ""
                options.append(Content.assemble((f" {o.get('letter')} ", "bold reverse"), " ", lit(o.get("text", "")), chosen))
        self.query_one("#live-options", Static).update(Content("\n").join(options) if options else "")
        flags = [Content.assemble("⚑ ", lit(f.get("text", "")), "\n   ", lit(f"{f.get('rule', '')}：{f.get('why', '')}"))
                 for f in self.flags]
        self.query_one("#live-flags", Static).update(Content("\n").join(flags) if flags else "")
        marks = f"；你标记了第 {'、'.join(map(str, sorted(self.marks)))} 条" if self.marks else ""
        vote = f"你投了 {self.voted}{marks}。等老师定下全班的选择……" if self.voted else ""
        self.query_one("#live-note", Static).update(lit(vote or self.note))

    async def _send_vote(self) -> None:
        if self.decision is None or not self.voted:
            return
        try:
            await self.connection.vote(self.decision["decision"], self.voted, sorted(self.marks))
        except Exception:
            self.notify("投票没能送到老师那里，网络好像断了。", severity="warning", markup=False)

    async def action_vote(self, chosen: str) -> None:
        letters = [o.get("letter") for o in (self.decision or {}).get("options", [])]
        if chosen not in letters:
            return
        self.voted = chosen
        await self._send_vote()
        self.draw()

    async def action_mark(self, n: int) -> None:
        if not any(line.get("n") == n for line in self.lines) or self.decision is None:
            return
        self.marks ^= {n}
        await self._send_vote()  # a vote carries the marks: a changed mark re-sends it
        self.draw()

    async def action_leave(self) -> None:
        await self.app.leave_class()
