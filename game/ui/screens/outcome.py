"""The outcome: what happened, what it cost, the rules it teaches in full and,
after a loss, what to do right now. Dismisses with what the player wants
next ("replay", "another", "picker"); the play screen acts on it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from game.engine.ending import EXPLAIN_HEADING, RULES_HEADING, summarize
from game.engine.play import Playthrough
from game.ui.widgets import ending as drawn
from game.ui.widgets.banner import Banner
from game.ui.words import lit
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.rulecard import RuleCard  # drawn by widgets.ending: its styles load here
from game.ui.styles import styles
from game.ui.widgets.playbook import MarksVerdict

ACTIONS = (
    ("review", "复盘 r"),
    ("replay", "重玩 a"),
    ("another", "换个选择 u"),
    ("picker", "选案例 p"),
)


class OutcomeScreen(Screen[str]):
    CSS_PATH = styles("outcome.tcss", RuleCard, Banner)
    BINDINGS = [
        Binding("r", "review", "复盘"),
        Binding("a", "finish('replay')", "重玩"),
        Binding("u", "finish('another')", "换个选择"),
        Binding("backspace", "finish('another')", show=False),
        Binding("p", "finish('picker')", "选案例"),
        Binding("escape", "finish('picker')", show=False),
    ]

    def __init__(self, play: Playthrough) -> None:
        super().__init__()
        self.play = play
        self.ending = play.ending

    def compose(self) -> ComposeResult:
        play, summary = self.play, summarize(self.play)
        with VerticalScroll(id="outcome-body"):
            yield Banner(summary)
            yield Static(drawn.stakes(summary), id="outcome-stakes")
            yield Static("你的标记", classes="heading", markup=False)
            yield MarksVerdict(play, id="outcome-marks", classes="para")
            yield Static(EXPLAIN_HEADING, classes="heading", markup=False)
            yield Static(lit(summary.explain), id="outcome-explain", classes="para")
            yield Static(RULES_HEADING, classes="heading", markup=False)
            yield from drawn.rule_cards(summary)
            yield from drawn.steps(summary, "heading", "step")
            look = "骗子在哪些话里露了马脚" if play.scenario.is_scam else "真消息和旁边的假消息哪里不一样"
            yield Static(
                f"《{play.scenario.title}》你一共做了 {summary.choices_made} 次选择。按 r 复盘，看看{look}。",
                classes="hint para",
                markup=False,
            )
        with Horizontal(id="outcome-actions"):
            for action, label in ACTIONS:
                yield Button(Content(label), id=f"do-{action}", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._fit()
        self.query_one("#outcome-body").focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # On a small terminal the buttons give way to the text; the key bar
        # still names the same four keys.
        self.set_class(self.size.height < 20 or self.size.width < 60, "-small")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = (event.button.id or "").removeprefix("do-")
        if action == "review":
            self.action_review()
        else:
            self.action_finish(action)

    def action_review(self) -> None:
        from game.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.play))

    def action_finish(self, what: str) -> None:
        self.dismiss(what)
