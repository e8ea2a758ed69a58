"""辨一辨: the short check before the first case and after the twelve types.

One message per screen, drawn the way its channel looks (an SMS card, a chat
bubble, a call, a web page: the play screen's own widgets), and two big
answers: 1 是骗局, 2 是真消息. Every answer is saved at once, so a check left
half-way goes on where it stopped. The result screen explains every item:
right or wrong, the one-line why, and the rule it tests, in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Static

from game.progress import quiz
from game.engine.rules import catalogue
from game.engine.vocab import Channel, channel, channel_words
from game.ui.words import lit
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.rulecard import rule_label
from game.ui.session import has_store, raw
from game.ui.styles import beside

SAID = {True: "是骗局", False: "是真消息"}


def sitting_name(sitting: str, form: str) -> str:
    return f"辨一辨·{quiz.SITTING_NAMES[sitting]}（{quiz.form_letter(form)} 卷）"


class MessageView(Vertical):
    """One 辨一辨 item as its channel would show it, in the play screen's look
    (an SMS card, a chat bubble under the sender's name, a call frame, a web
    page). Drawn here with plain widgets: the play transcript draws whole
    conversations, an item is one message."""

    STYLESHEETS = beside(__file__, "quiz.tcss")

    def __init__(self, item: quiz.Item) -> None:
        self.channel = channel(item.channel)
        super().__init__(classes=f"message-view -{self.channel.drawing}")
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        if item.context:
            yield Static(lit(f"（{item.context}）"), classes="item-context")
        yield from DRAWN[self.channel.drawing](item, self.channel)


def _bubble(item: quiz.Item, ch: Channel) -> list[Widget]:
    """A speech bubble under the sender's name, below the chat's heading."""
    return [
        Static(lit(f"—— {ch.words} ——"), classes="item-chat-heading"),
        Static(lit(item.sender or "对方"), classes="item-name"),
        Static(lit(item.text), classes="item-bubble"),
    ]


def _frame(ch: Channel, title: str, text: Content) -> list[Widget]:
    frame = Vertical(Static(text, classes="item-text"), classes=f"item-frame -{ch.drawing}")
    frame.border_title = lit(title)
    return [frame]


def _card(item: quiz.Item, ch: Channel) -> list[Widget]:
    """An SMS card or a web page: the frame names the sender or the address."""
    return _frame(ch, f"{ch.frame} {item.sender or '未知号码'}", lit(item.text))


def _call(item: quiz.Item, ch: Channel) -> list[Widget]:
    """A call frame naming the caller, what is said inside it."""
    return _frame(ch, f"{ch.frame}｜{item.sender or '未知号码'}", Content.assemble(("对方：", "bold"), lit(item.text)))


# How this screen draws each of the vocabulary's drawings (game/engine/vocab.py)
# that a 辨一辨 item can use (every channel but narration: quizbank.ITEM_CHANNELS).
DRAWN = {
    "bubble": _bubble,
    "sms": _card,
    "call": _call,
    "video": _call,
    "web": _card,
}


class QuizScreen(Screen["quiz.Score | None"]):
    """The items of one sitting, one at a time. Dismisses with the score when
    the last item is answered, or None when the player stops half-way."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("1", "answer(True)", "是骗局"),
        Binding("s", "answer(True)", "是骗局", show=False),
        Binding("2", "answer(False)", "是真消息"),
        Binding("g", "answer(False)", "是真消息", show=False),
        Binding("u", "previous", "上一题"),
        Binding("backspace", "previous", "上一题", show=False),
        Binding("escape", "stop", "先停一下"),
        Binding("pageup", "scroll_item(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_item(1)", show=False, priority=True),
    ]

    def __init__(self, sitting: str) -> None:
        super().__init__()
        self.sitting = sitting
        self.items: tuple[quiz.Item, ...] = ()
        self.answers: dict[str, bool] = {}
        self.index = 0
        self.form = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="quiz-head")
        yield VerticalScroll(id="quiz-item")
        yield Static("", id="quiz-question")
        with Horizontal(id="quiz-answers"):
            yield Button(Content.assemble(("1", "bold"), "  是骗局"), id="say-scam", variant="error")
            yield Button(Content.assemble(("2", "bold"), "  是真消息"), id="say-genuine", variant="success")
        yield KeyBar()

    def on_mount(self) -> None:
        progress = raw(self.app.progress)
        self.progress = progress
        self.items = progress.check_items(self.sitting)  # in this sitting's own order, fixed when it starts
        self.form = progress.check_form(self.sitting)
        so_far = progress.check_result(self.sitting)
        if so_far is not None:
            self.answers = {m.item.id: m.said_scam for m in so_far.marked if m.said_scam is not None}
        self.index = next((i for i, item in enumerate(self.items) if item.id not in self.answers), 0)
        self.show()

    def on_resize(self) -> None:
        # A small window: one-line answers, so the message keeps the room.
        self.set_class(self.size.height < 18, "-short")

    # -- drawing ----------------------------------------------------------------
    def show(self) -> None:
        item = self.items[self.index]
        self.query_one("#quiz-head", Static).update(
            Content.assemble(
                (sitting_name(self.sitting, self.form), "bold"),
                f"　第 {self.index + 1}/{len(self.items)} 题｜{channel_words(item.channel)}",
                ("　已答 " + str(len(self.answers)) + " 题", "dim"),
            )
        )
        body = self.query_one("#quiz-item", VerticalScroll)
        body.remove_children()
        body.mount(MessageView(item))
        body.scroll_home(animate=False)
        question: list = [("这条消息是骗局，还是真消息？", "bold")]
        if item.id in self.answers:
            question.append(f"　（你刚才选的是：{SAID[self.answers[item.id]]}）")
        self.query_one("#quiz-question", Static).update(Content.assemble(*question))
        self.refresh_bindings()

    # -- answering --------------------------------------------------------------
    def action_answer(self, said_scam: bool) -> None:
        from game.progress.store import CheckError

        item = self.items[self.index]
        try:
            self.progress.record_answer(self.sitting, item.id, said_scam)
        except CheckError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.answers[item.id] = said_scam
        if len(self.answers) >= len(self.items) or all(i.id in self.answers for i in self.items):
            score = self.progress.check_result(self.sitting)
            if score is not None and score.complete:
                self.dismiss(score)
                return
        later = [i for i in range(self.index + 1, len(self.items)) if self.items[i].id not in self.answers]
        earlier = [i for i in range(self.index) if self.items[i].id not in self.answers]
        self.index = (later or earlier or [min(self.index + 1, len(self.items) - 1)])[0]
        self.show()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "say-scam")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "previous":
            return self.index > 0 or None
        return True

    def action_previous(self) -> None:
        if self.index > 0:
            self.index -= 1
            self.show()

    def action_stop(self) -> None:
        if self.answers:
            self.notify("答过的题都记下了，下次接着做。", timeout=3)
        self.dismiss(None)

    def action_scroll_item(self, direction: int) -> None:
        body = self.query_one("#quiz-item", VerticalScroll)
        if direction < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()


class QuizResultScreen(Screen[None]):
    """The score, and every item explained: the player's answer, the right
    one, the one-line why and the rule it tests."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("enter", "close", "继续"),
        Binding("escape", "close", show=False),
    ]

    def __init__(self, score: quiz.Score, sitting: str, before: quiz.Score | None = None) -> None:
        super().__init__()
        self.score = score
        self.sitting = sitting
        self.before = before

    def compose(self) -> ComposeResult:
        s = self.score
        with VerticalScroll(id="result-body"):
            yield Static(
                Content.assemble(
                    (sitting_name(self.sitting, s.form), "bold"), "\n",
                    (f"答对 {s.correct}/{s.total} 题（{s.share * 100:.0f}%）", "bold"),
                ),
                id="result-banner",
            )
            yield Static(
                f"骗局认出 {s.scam_caught}/{s.scam_total} 条，真消息相信 {s.genuine_trusted}/{s.genuine_total} 条。"
                "把真消息当成骗局也算错：乱怀疑会错过真的通知。",
                classes="result-summary",
                markup=False,
            )
            if self.before is not None and self.before.complete and self.sitting == quiz.AFTER:
                gain = (s.share - self.before.share) * 100
                yield Static(
                    f"前测 {self.before.share * 100:.0f}% → 后测 {s.share * 100:.0f}%（{gain:+.0f} 个百分点）",
                    classes="result-summary",
                    markup=False,
                )
            yield Static("每一题", classes="result-heading", markup=False)
            for n, marked in enumerate(s.marked, 1):
                yield self._explained(n, marked)
            yield Static("按回车继续。", classes="hint", markup=False)
        yield KeyBar()

    @staticmethod
    def _explained(n: int, m: quiz.Marked) -> Vertical:
        item = m.item
        rule = catalogue().get(item.rule)
        if m.correct:
            verdict = ("✔ 答对了", "bold $success")
        elif m.over_suspicious:
            verdict = ("✘ 答错了：把真消息当成了骗局", "bold $error")
        elif m.answered:
            verdict = ("✘ 答错了：没认出骗局", "bold $error")
        else:
            verdict = ("— 没有回答", "bold")
        said = SAID[m.said_scam] if m.said_scam is not None else "没有回答"
        who = "｜".join(p for p in (channel_words(item.channel), item.sender) if p)
        box = Vertical(
            Static(Content.assemble(verdict, f"　第 {n} 题｜", lit(who)), classes="result-verdict"),
            Static(lit(f"“{item.text}”"), classes="result-text"),
            Static(Content.assemble("你的判断：", (said, "bold"), "　正确答案：", (SAID[item.is_scam], "bold")), classes="result-line"),
            Static(Content.assemble(("为什么：", "bold"), lit(item.why)), classes="result-line"),
            Static(
                Content.assemble(("规则：", "bold"), lit(f"{rule_label(rule)}：{rule.text}" if rule else item.rule)),
                classes="result-line",
            ),
            classes="result-item " + ("-right" if m.correct else "-wrong"),
        )
        return box

    def on_mount(self) -> None:
        self.query_one("#result-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------
# Flows


def _bank_broken(app, exc: Exception) -> None:
    app.notify(f"辨一辨的题库有问题，暂时做不了：{exc}", severity="error", markup=False)


async def run_check(app, sitting: str) -> quiz.Score | None:
    """One sitting: the items, then (when all are answered) the result."""
    try:
        return await _run_check(app, sitting)
    except quiz.QuizError as exc:  # a teacher's edited assets/quiz.yaml
        _bank_broken(app, exc)
        return None


async def _run_check(app, sitting: str) -> quiz.Score | None:
    progress = raw(await app.get_progress())
    if not has_store(progress):
        app.notify("这次没有打开存档，不能做辨一辨。", severity="warning")
        return None
    reason = progress.check_unavailable(sitting)
    if reason:
        app.notify(reason, severity="warning", markup=False)
        return None
    score = await app.push_screen_wait(QuizScreen(sitting))
    if score is not None and score.complete:
        app.results_changed()
        before = progress.check_result(quiz.BEFORE) if sitting == quiz.AFTER else None
        await app.push_screen_wait(QuizResultScreen(score, sitting, before))
    return score


async def start_check(app) -> None:
    """辨一辨 from the title menu: the check that is due now; otherwise the
    latest result, and why the next check is not open yet."""
    try:
        await _start_check(app)
    except quiz.QuizError as exc:
        _bank_broken(app, exc)


async def _start_check(app) -> None:
    progress = raw(await app.get_progress())
    if not has_store(progress):
        app.notify("这次没有打开存档，不能做辨一辨。", severity="warning")
        return
    status = progress.check_status()
    if status.due is not None:
        await run_check(app, status.due)
        return
    if status.after is not None and status.after.complete:
        await app.push_screen_wait(QuizResultScreen(status.after, quiz.AFTER, status.before))
        return
    reason = progress.check_unavailable(quiz.AFTER) or "现在没有要做的辨一辨。"
    app.notify(reason, title="辨一辨", timeout=10, markup=False)
    if status.before is not None and status.before.complete:
        await app.push_screen_wait(QuizResultScreen(status.before, quiz.BEFORE))
