"""The projector view of a live class (`fanzha class`): the join code and
address in large type, and — in step mode — the moment of the case with its
lines numbered, the class's votes arriving as bars with their letters, how
many have answered, the lines the class marked, and the red flags when the
teacher reveals them. In self-paced mode: each pupil's progress, by number.

Names are never on the projector: they are on the teacher-only list (n),
where a pupil can also be removed. Everything shown from pupils or scenario
files is literal text, never markup."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.net.live.teacher import LiveClass
from game.ui import wrap
from game.ui.themes import LIGHT, THEMES
from game.ui.widgets.keybar import KeyBar
from game.engine.vocab import ENDING_KINDS, kind_words
from game.ui.words import lit

BAR = 30  # cells of the longest vote bar


def bar(count: int, most: int) -> str:
    return "█" * (round(BAR * count / most) if most else 0)


class NamesScreen(ModalScreen[None]):
    """只给老师看: who has joined, with the number the projector shows."""

    BINDINGS = [
        Binding("escape,n", "dismiss", "关闭名单"),
        Binding("x,delete", "remove", "移出课堂"),
    ]

    def __init__(self, live: LiveClass) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        yield Static("名单（只给老师看，不要投影）", classes="title")
        yield OptionList(*self._options(), id="names")
        yield KeyBar()

    def _options(self) -> list[Option]:
        out = []
        for p in sorted(self.live.pupils.values(), key=lambda p: p.number):
            state = "在线" if p.online else "离线"
            out.append(Option(lit(f"{p.number:>2} 号  {p.label()}  {state}  交了 {p.results} 次成绩"), id=str(p.number)))
        return out or [Option("还没有人加入", disabled=True)]

    async def action_remove(self) -> None:
        names = self.query_one(OptionList)
        if names.highlighted is None:
            return
        option = names.get_option_at_index(names.highlighted)
        if option.id and await self.live.remove(int(option.id)):
            names.set_options(self._options())


class ProjectorApp(App[None]):
    CSS_PATH = "projector.tcss"
    TITLE = "全班一起玩"
    BINDINGS = [
        Binding("o", "open", "打开选择"),
        Binding("r", "reveal", "亮出规则"),
        Binding("p", "case", "选案例"),
        Binding("n", "names", "名单（老师看）"),
        Binding("q", "quit", "下课"),
    ] + [Binding(k, f"choose('{k.upper()}')", "选定", show=k == "a", key_display="A–H") for k in "abcdefgh"]

    def __init__(self, live: LiveClass, address: str, library, start=None) -> None:
        super().__init__()
        wrap.install()  # Chinese line breaking, as in the game
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = LIGHT.name  # a projector reads best in the light theme
        self.live = live
        self.address = address
        self.library = library
        self._start = start  # coroutine function that starts listening (None in tests)
        self.revealed: list[dict] = []
        self.ended: dict | None = None
        live.emit = self._event

    def compose(self) -> ComposeResult:
        yield Static(id="join")
        with VerticalScroll(id="stage"):
            yield Static(id="story")
            yield Static(id="votes")
            yield Static(id="flags")
        yield KeyBar()

    async def on_mount(self) -> None:
        if self._start is not None:
            await self._start()
        self.redraw()

    STEP_ONLY = ("open", "reveal", "case", "choose")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """A self-paced class has no decisions to open or choose: those keys go."""
        return not (self.live.mode == "self" and action in self.STEP_ONLY)

    # -- what the class sees ------------------------------------------------------
    def _event(self, event: dict) -> None:
        if event["event"] == "ended":
            self.ended = event
        self.redraw()

    def redraw(self) -> None:
        live = self.live
        mode = "老师带着一起走" if live.mode == "step" else "各自玩"
        self.query_one("#join", Static).update(Content.assemble(
            ("课堂码 ", "bold"), (live.code, "bold reverse"), f"   地址 {self.address}   ",
            f"在线 {live.online_count()} 人 · {mode}",
        ))
        if live.mode == "self":
            self._draw_self()
        else:
            self._draw_step()

    def _draw_self(self) -> None:
        lines = [Content("各自玩：每个人的进度（按号数，不显示名字）"), Content("")]
        for p in sorted(self.live.pupils.values(), key=lambda p: p.number):
            counts = {k: sum(v == k for v in p.cases.values()) for k in ENDING_KINDS}
            summary = "，".join(f"{ENDING_KINDS[k].words} {n}" for k, n in counts.items() if n) or "还没有结果"
            state = "在线" if p.online else "离线"
            lines.append(lit(f"{p.number:>2} 号  {state}  玩了 {len(p.cases)} 个案例：{summary}"))
        if not self.live.pupils:
            lines.append(Content("等学生加入：在学生电脑上运行 fanzha join，或在标题页选 加入课堂"))
        self.query_one("#story", Static).update(Content("\n").join(lines))
        self.query_one("#votes", Static).update("")
        self.query_one("#flags", Static).update("")

    def _draw_step(self) -> None:
        live = self.live
        story = self.query_one("#story", Static)
        if live.play is None:
            story.update(Content("还没有选案例：按 p 选一个"))
            self.query_one("#votes", Static).update("")
            return
        s = live.play.scenario
        lines = [Content.assemble((s.title, "bold")), Content("")]
        for n, m in enumerate(live.play.node.messages, 1):
            who = s.speaker_name(m.speaker)
            lines.append(Content.assemble((f"{n:>2}  ", "bold"), lit(f"{who}：{m.text}" if who else m.text)))
        if self.ended:
            lines += [Content(""), lit(f"结局：{kind_words(self.ended['kind'], not s.is_scam)} · {self.ended['title']}")]
        story.update(Content("\n").join(lines))
        self.query_one("#votes", Static).update(self._votes())
        flags = [Content.assemble(("⚑ ", "bold"), lit(f["text"]), "\n   ", lit(f"{f['rule']}：{f['why']}"))
                 for f in self.revealed]
        self.query_one("#flags", Static).update(Content("\n").join(flags) if flags else "")

    def _votes(self) -> Content:
        d = self.live.decision
        if d is None:
            return Content("按 o 打开这个选择，全班在自己的电脑上投票")
        options = dict(self.live._options()) if not d.chosen else {}
        tally = d.tally()
        most = max(tally.values(), default=0)
        rows = [Content.assemble(
            (f"第 {d.number} 个选择", "bold"),
            f"   已投票 {len(d.votes)} / 在线 {self.live.online_count()}",
            ("   （已选定 " + d.chosen + "）") if d.chosen else "",
        )]
        for k in d.letters:
            text = options.get(k, "")
            rows.append(Content.assemble((f" {k} ", "bold reverse"), " ", (f"{bar(tally[k], most)} {tally[k]}", "bold"),
                                         "  ", lit(text)))
        marks = d.marks()
        if marks:
            top = sorted(marks.items(), key=lambda kv: (-kv[1], int(kv[0])))[:3]
            rows.append(Content("被标记最多的话：" + "，".join(f"第 {k} 条（{n} 人）" for k, n in top)))
        return Content("\n").join(rows)

    # -- the teacher's keys -----------------------------------------------------
    async def action_open(self) -> None:
        try:
            await self.live.open_decision()
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
        self.redraw()

    async def action_choose(self, chosen: str) -> None:
        try:
            await self.live.choose(chosen)
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
        self.redraw()

    async def action_reveal(self) -> None:
        try:
            self.revealed = (await self.live.reveal())["flags"]
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
        self.redraw()

    def action_names(self) -> None:
        self.push_screen(NamesScreen(self.live), lambda _: self.redraw())

    def action_case(self) -> None:
        if self.live.mode != "step":
            self.notify("各自玩的课不用选案例：学生自己选。", markup=False)
            return
        self.push_screen(CaseScreen(self.library), self._case_chosen)

    def _case_chosen(self, case_id: str | None) -> None:
        if case_id:
            self.live.start_case(self.library.get(case_id))
            self.revealed, self.ended = [], None
        self.redraw()


class CaseScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, library) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        yield Static("选一个案例，全班一起走", classes="title")
        cases = sorted(self.library.scenarios.items())
        yield OptionList(*[Option(lit(f"{s.title}（{sid}）"), id=sid) for sid, s in cases])
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
