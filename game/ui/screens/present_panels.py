"""What presenter mode opens over the story: the rules revealed for the
moment the class is at (r), and the list of the steps taken so far, to go back
to any of them and take another way (l)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.ending import summarize
from game.engine.play import Playthrough
from game.engine.redflags import flags_met
from game.classroom.storymap import build_map
from game.ui.widgets import ending as drawn
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.rulecard import RuleCard  # drawn by widgets.ending: its styles load here
from game.ui.words import lit
from game.ui.screens.present_picks import history, pick_words
from game.ui.screens.review import FlagNote, FlagRow, ReviewLine
from game.ui.styles import styles


class RulesScreen(Screen):
    """亮出规则: every red flag seen so far, with its rule in full; at an
    ending, the ending's rules too."""

    CSS_PATH = styles("present_panels.tcss", FlagRow, FlagNote, ReviewLine, RuleCard)
    BINDINGS = [
        Binding("escape", "app.pop_screen", "回到故事"),
        Binding("r", "app.pop_screen", show=False),
    ]

    def __init__(self, play: Playthrough) -> None:
        super().__init__()
        self.play = play

    def compose(self) -> ComposeResult:
        play, s = self.play, self.play.scenario
        flags = flags_met(s, (n.id for n in play.visited))
        here = play.node.id
        earlier = [f for f in flags if f.node != here]
        now = [f for f in flags if f.node == here]
        with VerticalScroll(id="rules-body"):
            yield Static(Content.assemble(("亮出规则", "bold"), "　", lit(f"《{s.title}》")), classes="panel-title")
            if not flags:
                yield Static(
                    "到现在为止，故事里还没有标出危险信号。想一想：哪句话让你觉得不对劲？",
                    classes="panel-para",
                    markup=False,
                )
            if now:
                yield Static(f"⚑ 就在这一步的危险信号（{len(now)} 个）", classes="panel-heading", markup=False)
                yield from self._flags(now)
            if earlier:
                yield Static(f"⚑ 前面已经出现的危险信号（{len(earlier)} 个）", classes="panel-heading", markup=False)
                yield from self._flags(earlier)
            if play.ended:
                summary = summarize(play)
                yield Static(
                    Content.assemble("这个结局（", (summary.kind_words, "bold"), "｜", lit(summary.title), "）要记住的规则"),
                    classes="panel-heading",
                )
                yield from drawn.rule_cards(summary)
        yield KeyBar()

    def _flags(self, flags):
        for flag in flags:
            yield FlagRow(ReviewLine(flag.who, flag.message), FlagNote(flag.message), classes="flag-row")

    def on_mount(self) -> None:
        self._fit()
        self.query_one("#rules-body").focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        self.set_class(self.size.width >= 100, "-wide")


class DecisionsScreen(ModalScreen[int | None]):
    """The steps taken so far. Picking one goes back to it: the screen
    dismisses with how many steps stay taken."""

    CSS_PATH = "present_panels.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("l", "cancel", show=False),
    ]

    def __init__(self, play: Playthrough) -> None:
        super().__init__()
        self.play = play

    def compose(self) -> ComposeResult:
        s = self.play.scenario
        gists = build_map(s).nodes
        options = []
        for taken in history(self.play):
            gist = gists[taken.node.id].gist if taken.node.id in gists else taken.node.id
            options.append(
                Option(
                    Content.assemble(
                        (f"第 {taken.number} 步", "bold"), "　", lit(gist), "\n",
                        "　　➜ 全班选了 ", pick_words(taken.pick),
                    ),
                    id=f"step-{taken.number}",
                )
            )
        with Vertical(id="decisions-box"):
            yield Static(
                Content.assemble(("回到之前的哪一步？", "bold"), "\n选中以后，故事回到那一步，可以换一个选择。"),
                id="decisions-title",
            )
            yield OptionList(*options, id="decisions")
            yield Static("↑ ↓ 选一步，回车回到那里；Esc 取消", classes="hint", markup=False)

    def on_mount(self) -> None:
        steps = self.query_one("#decisions", OptionList)
        steps.highlighted = steps.option_count - 1 if steps.option_count else None
        steps.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
