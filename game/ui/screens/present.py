"""投影演示 (presenter mode): one story in front of a class.

Every decision becomes a class discussion: the ways on are lettered A, B, C…,
the class talks and votes, and nothing happens until the teacher picks the
class's answer (a letter key, or arrows + Enter; number keys never choose
here). A form is shown as the page's field; "填写" fills it with a made-up
123456, so nobody types a real code in front of the class.

The class can mark a line as suspicious: the moment's lines are numbered
【1】【2】… and the teacher presses the number the class calls out (again to
take the mark back), or clicks the line. Whether a mark is right is told at
the ending, with the red flags.

The teacher can step back one decision (u) or to any earlier one (l) and take
the other branch, reveal the red flags seen so far with their rules (r), open
the story map (m), and at an ending the screen becomes the case summary: every
red flag of the path with its rule, then the outcome.

Entering presenter mode (F5, or `fanzha present`) switches to the light
projector theme and turns the typing delay off; leaving restores both. Nothing
is saved or recorded: a class's discussion is nobody's own result."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.ending import RULES_HEADING, flags_heading, summarize
from game.engine.play import Playthrough
from game.engine.vocab import exposed_text, money, wallet_name
from game.classroom.storymap import letter
from game.ui.themes import LIGHT
from game.ui.widgets import ending as drawn
from game.ui.widgets.banner import Banner
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.rulecard import RuleCard  # drawn by widgets.ending: its styles load here
from game.ui.widgets.status import where
from game.ui.widgets.transcript import MarkClicked, Ref, Transcript
from game.ui.words import lit
from game.ui.widgets.playbook import MarksVerdict, PlaybookView
from game.ui.screens.review import FlagNote, FlagRow, ReviewLine
from game.ui.screens.present_picks import FILLED, Pick, history, pick_words, picks
from game.ui.styles import styles

VOTE_PROMPT = "全班讨论：你会怎么做？举手投票"
GO_ON_PROMPT = "故事继续：按 A 或回车"
KEYS = "abcdefgh"  # the letters that pick; the other keys of the screen come after


def pick_prompt(pick: Pick, tried: bool) -> Content:
    badge = (f" {pick.letter} ", "bold reverse")
    if pick.index is None:
        body = Content.assemble("✎ 在网页的「", lit(pick.text), f"」里填写（演示时自动填 {FILLED}）")
    else:
        body = lit(pick.text)
    parts: list = [badge, "  ", body]
    if tried:
        parts.append(("  （刚才选过）", "italic"))
    return Content.assemble(*parts)


def stakes(play: Playthrough) -> Content:
    s = play.scenario
    parts: list = [(f"{wallet_name(s.audience, s.wallet)} {money(play.state.money)}", "bold"), "　"]
    exposed = play.exposed
    parts.append((f"⚠ 已泄露：{exposed_text(exposed)}", "bold") if exposed else "已泄露：无")
    return Content.assemble(*parts)


# -- entering and leaving presenter mode -------------------------------------------


def enter_presenting(app, announce: bool = True) -> None:
    """Presenter mode on: the light theme, no typing delay; a game being
    played goes on in front of the class."""
    from game.ui.screens.play import PlayScreen

    if getattr(app, "presenting", False):
        return
    app.presenting = True
    app._before_presenting = (app.theme, app.pace)
    app.pace = 0.0
    app.theme = LIGHT.name
    if not announce:
        return
    app.clear_notifications()
    if isinstance(app.screen, PlayScreen):
        app.switch_screen(PresentScreen(app.screen.play))
        app.notify("投影演示：字母键选出全班的答案。再按 F5 回到普通模式。", timeout=4)
    else:
        app.notify("投影演示已打开：接下来打开的案例会全班一起讨论。再按 F5 关掉。", timeout=4)


def leave_presenting(app) -> None:
    """Presenter mode off: the theme and the pace as they were; the story
    being shown goes on as an ordinary game."""
    from game.ui.screens.play import PlayScreen

    if not getattr(app, "presenting", False):
        return
    app.presenting = False
    theme, pace = getattr(app, "_before_presenting", (None, None))
    if theme:
        app.theme = theme
    if pace is not None:
        app.pace = pace
    app.clear_notifications()
    stack = app.screen_stack
    shown = next((s for s in reversed(stack) if isinstance(s, PresentScreen)), None)
    if shown is None:
        app.notify("投影演示已关掉。", timeout=3)
        return
    while app.screen is not shown:
        app.pop_screen()
    if shown.play.ended:
        app.pop_screen()
    else:
        app.switch_screen(PlayScreen(shown.play, pace_now=False))  # the class has just read it
    app.notify("投影演示已关掉，故事接着往下玩。", timeout=3)


def toggle_presenting(app) -> None:
    if getattr(app, "presenting", False):
        leave_presenting(app)
    else:
        enter_presenting(app)


async def open_presenting(app, scenario) -> None:
    """Open a case in presenter mode: always from the beginning."""
    await app.push_screen(PresentScreen(Playthrough(scenario)))


# -- the screen ------------------------------------------------------------------------


class PresentScreen(Screen):
    CSS_PATH = styles("present.tcss", FlagRow, FlagNote, ReviewLine, Transcript, RuleCard, Banner)
    BINDINGS = [
        Binding("a", "vote(0)", "选答案", key_display="A B C"),
        *[Binding(key, f"vote({n})", show=False) for n, key in enumerate(KEYS) if n],
        # Number keys mark the moment's numbered lines; they never vote.
        Binding("1", "mark_line(1)", "标记第几句", key_display="1-9"),
        *[Binding(str(n), f"mark_line({n})", show=False) for n in range(2, 10)],
        Binding("0", "numbers", show=False),
        Binding("u", "back", "退一步"),
        Binding("backspace", "back", "退一步", show=False),
        Binding("l", "decisions", "回到前面"),
        Binding("r", "rules", "亮出规则"),
        Binding("m", "story_map", "故事地图"),
        Binding("escape", "leave", "返回"),
        Binding("pageup", "scroll_story(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_story(1)", show=False, priority=True),
    ]

    def __init__(self, play: Playthrough) -> None:
        super().__init__()
        self.play = play
        self.scenario = play.scenario
        # The ways the class already tried at each point of the story (by the
        # steps that lead there), so the list can say "（刚才选过）".
        self.tried: dict[tuple, set[int]] = {}
        self._picks: list[Pick] = []
        self._notice: Content | None = None  # said once at the top of the next moment

    def compose(self) -> ComposeResult:
        with Vertical(id="present-banner"):
            yield Static("", id="banner-title")
            yield Static("", id="banner-where")
        yield Transcript(id="present-story")
        yield Static("", id="vote-prompt")
        yield OptionList(id="vote")
        yield VerticalScroll(id="present-summary")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fit()
        self.show_moment()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        self.set_class(self.size.width >= 100, "-wide")
        self.set_class(self.size.width >= 100 and self.size.height >= 32, "-tall")

    # -- drawing ----------------------------------------------------------------
    def show_moment(self) -> None:
        """Draw where the story is now: the moment and the vote, or the summary."""
        ended = self.play.ended
        self.set_class(ended, "-ended")
        self._banner()
        if ended:
            self._picks = []
            self._summary()
        else:
            self._moment()
        self.refresh_bindings()

    def _banner(self) -> None:
        play, s = self.play, self.scenario
        step = "结局" if play.ended else f"第 {len(play.steps) + 1} 步"
        self.query_one("#banner-title", Static).update(
            Content.assemble((" 投影演示 ", "bold reverse"), "  ", (f"《{s.title}》", "bold"), "  ", (step, "bold"))
        )
        if play.ended:
            summary = summarize(play)
            line = Content.assemble(("结局：", "bold"), (summary.kind_words, "bold"), "｜", lit(summary.title))
        else:
            line = Content.assemble(lit(where(s, play.node)), "　｜　", stakes(play))
        self.query_one("#banner-where", Static).update(line)

    def _moment(self) -> None:
        play, s, node = self.play, self.scenario, self.play.node
        story = self.query_one(Transcript)
        story.clear()
        done = history(play)
        if self._notice is not None:
            story.mount(Static(self._notice, classes="present-last -notice"))
            self._notice = None
        elif done:
            story.mount(
                Static(Content.assemble(("上一步，全班选了 ", "bold"), pick_words(done[-1].pick)), classes="present-last")
            )
        for n, message in enumerate(node.messages):
            story.add(s, node, message, (node.id, n), play.is_marked(node.id, n), label=f"【{n + 1}】")
        # Not anchored (an anchored list sits at the bottom): a short moment
        # reads from the top; a long one shows its end, next to the vote.
        story.anchor(False)
        self.call_after_refresh(story.scroll_end, animate=False, immediate=True)
        if node.input is not None:
            # The page's form, right under the page: shown, never typed into.
            hint = node.input.placeholder or "　"
            field = Static(
                Content.assemble(lit(node.input.label + "："), ("［ ", "bold"), lit(hint), (" ］", "bold")),
                classes="present-field",
            )
            field.border_title = "网页上的表单"
            story.mount(field)
        self._picks = picks(play)
        tried = self.tried.get(play.steps, set())
        vote = self.query_one("#vote", OptionList)
        vote.clear_options()
        vote.add_options([Option(pick_prompt(p, p.key in tried), id=f"pick-{n}") for n, p in enumerate(self._picks)])
        vote.highlighted = 0 if self._picks else None
        self.query_one("#vote-prompt", Static).update(
            Content.styled(VOTE_PROMPT if len(self._picks) >= 2 else GO_ON_PROMPT, "bold")
        )
        vote.focus()

    def _summary(self) -> None:
        """The case summary: every red flag of the path with its rule, then the outcome."""
        play, s, summary = self.play, self.scenario, summarize(self.play)
        body = self.query_one("#present-summary", VerticalScroll)
        body.remove_children()
        parts: list = [
            Static(Content.assemble(("案例小结", "bold"), "　", lit(f"《{s.title}》")), classes="summary-title"),
        ]
        if play.node.messages:
            parts.append(Static("最后发生的事", classes="summary-heading", markup=False))
            parts += [ReviewLine(s.speaker_name(m.speaker), m) for m in play.node.messages]
        parts.append(Static(flags_heading(len(summary.flags)), classes="summary-heading", markup=False))
        for flag in summary.flags:
            parts.append(FlagRow(ReviewLine(flag.who, flag.message), FlagNote(flag.message), classes="flag-row"))
        parts.append(Static("全班的标记", classes="summary-heading", markup=False))
        parts.append(MarksVerdict(play, classes="summary-para"))
        book = PlaybookView(play)
        if book.has_content:
            parts.append(book)
        parts.append(Static("结局", classes="summary-heading", markup=False))
        parts.append(Banner(summary))
        parts.append(Static(drawn.stakes(summary), classes="summary-para"))
        parts.append(Static(lit(summary.explain), classes="summary-para"))
        parts.append(Static(RULES_HEADING, classes="summary-heading", markup=False))
        parts += drawn.rule_cards(summary)
        parts += drawn.steps(summary, "summary-heading", "summary-step")
        parts.append(
            Static(
                "想看另一条路？按 u 退一步，或按 l 回到之前的任何一步，换一个选择；按 m 看故事地图。",
                classes="hint summary-para",
                markup=False,
            )
        )
        body.mount_all(parts)
        body.scroll_home(animate=False)
        body.focus()

    # -- keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "vote":
            return not self.play.ended
        if action in ("numbers", "mark_line"):
            return not self.play.ended
        if action in ("back", "decisions"):
            return bool(self.play.steps) or None
        return True

    def action_vote(self, n: int) -> None:
        """The class's answer by its letter: A is 0, B is 1…"""
        pick = next((p for p in self._picks if p.letter == letter(n)), None)
        if pick is None:
            if not self.play.ended:
                self.app.bell()
                self.action_numbers()  # say which letters are open now
            return
        self._take(pick)

    def _take(self, pick: Pick) -> None:
        if self.play.ended or self.app.screen is not self:
            return
        self.tried.setdefault(self.play.steps, set()).add(pick.key)
        if pick.index is None:
            self.play.submit(FILLED)
        else:
            self.play.choose(pick.index)
        self.show_moment()

    def action_numbers(self) -> None:
        """A number key chooses nothing here: the prompt says which keys do."""
        letters = [p.letter for p in self._picks] or ["A"]
        if letters == [letter(n) for n in range(len(letters))] and len(letters) > 2:
            keys = f"{letters[0]}–{letters[-1]}"
        else:
            keys = "、".join(letters)
        count = len(self.play.node.messages)
        marks = f"；数字键 1–{min(count, 9)} 标记第几句可疑的话" if count else ""
        self.query_one("#vote-prompt", Static).update(
            Content.styled(f"请用字母键 {keys} 选出全班的答案（数字键不选{marks}）", "bold")
        )

    # -- marking ------------------------------------------------------------------
    def toggle_mark(self, ref: Ref) -> bool:
        marked = self.play.toggle_mark(*ref)
        self.query_one(Transcript).set_marked(ref, marked)
        return marked

    def action_mark_line(self, n: int) -> None:
        """The number the class called out: mark that line of the moment, or
        take the mark back."""
        if self.play.ended:
            return
        if not 1 <= n <= len(self.play.node.messages):
            self.app.bell()
            self.action_numbers()
            return
        self.toggle_mark((self.play.node.id, n - 1))

    def on_mark_clicked(self, event: MarkClicked) -> None:
        event.stop()
        if not self.play.ended:
            self.toggle_mark(event.ref)

    def action_back(self) -> None:
        self.back_to(len(self.play.steps) - 1)

    def back_to(self, steps: int) -> None:
        """Undo until `steps` steps are left: back at that decision, to take
        another way (the one taken is marked "刚才选过")."""
        if steps < 0 or not self.play.steps:
            self.notify("已经在故事的开头了。", timeout=2)
            return
        done = history(self.play)
        while len(self.play.steps) > steps:
            self.play.undo()
        if steps < len(done):
            again = done[steps]
            self._notice = Content.assemble(
                (f"↩ 回到第 {again.number} 步。", "bold"), "刚才全班选了 ", pick_words(again.pick), "，这次可以换一个。"
            )
        self.show_moment()

    def action_decisions(self) -> None:
        if not self.play.steps:
            return
        from game.ui.screens.present_panels import DecisionsScreen

        def picked(steps: int | None) -> None:
            if steps is not None:
                self.back_to(steps)

        self.app.push_screen(DecisionsScreen(self.play), picked)

    def action_rules(self) -> None:
        from game.ui.screens.present_panels import RulesScreen

        self.app.push_screen(RulesScreen(self.play))

    def action_story_map(self) -> None:
        from game.ui.screens.storymap import StoryMapScreen

        self.app.push_screen(StoryMapScreen(self.play))

    def action_leave(self) -> None:
        if not self.play.steps:
            self.app.pop_screen()
            return
        from game.ui.screens.confirm import ConfirmScreen

        def done(leave: bool | None) -> None:
            if leave and self.app.screen is self:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen(lit(f"结束《{self.scenario.title}》的演示，回到前一页吗？"), yes="结束演示", no="接着演示"),
            done,
        )

    def action_scroll_story(self, direction: int) -> None:
        target = self.query_one("#present-summary" if self.play.ended else "#present-story")
        if direction < 0:
            target.scroll_page_up()
        else:
            target.scroll_page_down()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._picks):
            self._take(self._picks[event.option_index])
