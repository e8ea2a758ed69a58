"""以案说法: the conversation replayed with every red flag marked and explained
next to the line where it appeared, including the ones the player walked past,
the player's own marks beside the writer's flags, 骗子的剧本 (the stages of
the scam and where it could have been stopped), then the warning signs on the
roads not taken."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine.model import Message, Node
from game.engine.play import Playthrough
from game.engine.rules import catalogue
from game.ui.widgets.rulecard import rule_label
from game.ui.widgets.status import where
from game.engine.vocab import channel, kind_words
from game.ui.words import lit
from game.ui.widgets.keybar import KeyBar
from game.ui.styles import beside
from game.ui.widgets.playbook import MarksVerdict, PlaybookView


def mark_note(flagged: bool, marked: bool) -> Content | None:
    """The player's mark beside the writer's flag, in words."""
    if marked and flagged:
        return Content.assemble(("⚑ 你标记了这句：", "bold"), "找对了，它就是危险信号。")
    if marked:
        return Content.assemble(("⚑ 你标记了这句：", "bold"), "其实这句没有问题。")
    if flagged:
        return Content.assemble(("✘ 这个危险信号你没有标记。", "bold"))
    return None


class FlagNote(Static, can_focus=True):
    """Why a line is a red flag, and the rule that says so. Focusable, so Tab
    and n/p walk from one red flag to the next."""

    STYLESHEETS = beside(__file__, "review.tcss")

    def __init__(self, message: Message) -> None:
        flag = message.red_flag
        rule = catalogue().get(flag.rule)
        parts: list = [("⚑ 危险信号：", "bold"), lit(flag.why)]
        if rule is not None:
            parts += ["\n", (rule_label(rule) + "：", "bold"), lit(rule.text)]
        super().__init__(Content.assemble(*parts), classes="flag-note")


class ReviewLine(Static):
    STYLESHEETS = beside(__file__, "review.tcss")

    def __init__(self, who: str, message: Message) -> None:
        flagged = message.red_flag is not None
        parts: list = []
        if flagged:
            parts.append(("⚑ ", "bold"))
        if who:
            parts.append((f"{who}：", "bold"))
        parts.append(lit(message.text))
        classes = "review-line" + (" -flag" if flagged else "") + ("" if who else " -narration")
        super().__init__(Content.assemble(*parts), classes=classes)


class FlagRow(Vertical):
    """A flagged line with its explanation: side by side on a wide screen,
    one under the other on a narrow one."""

    STYLESHEETS = beside(__file__, "review.tcss", FlagNote, ReviewLine)


class ReviewScreen(Screen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("n", "flag(1)", "下一个危险信号"),
        Binding("p", "flag(-1)", "上一个"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    def __init__(self, play: Playthrough) -> None:
        super().__init__()
        self.play = play

    def compose(self) -> ComposeResult:
        play, scenario = self.play, self.play.scenario
        visited, steps = play.visited, play.steps
        seen_flags = sum(1 for n in visited for m in n.messages if m.red_flag)
        with VerticalScroll(id="review-body"):
            yield Static(Content.assemble(("以案说法　", "bold"), lit(f"《{scenario.title}》")), id="review-title")
            yield Static(
                f"这一路上出现了 {seen_flags} 个危险信号（⚑）。按 n / p 在它们之间跳转。"
                if seen_flags else "这一路上没有标出危险信号。",
                classes="hint",
                markup=False,
            )
            if play.ending:
                yield MarksVerdict(play, explain=False, classes="review-marks")
            last_where = None
            for i, node in enumerate(visited):
                here = where(scenario, node) if node.messages else None
                if here and here != last_where and channel(node.channel).drawing != "narration":
                    yield Static(lit(f"【{here}】"), classes="review-where")
                    last_where = here
                for n, message in enumerate(node.messages):
                    yield from self._line(node, message)
                    note = mark_note(message.red_flag is not None, play.is_marked(node.id, n))
                    if note is not None:
                        yield Static(note, classes="review-mark" + (" -mine" if play.is_marked(node.id, n) else ""))
                if i < len(steps):
                    yield Static(Content.assemble(("➜ 你选择了：", "bold"), lit(self._step_text(node, steps[i]))), classes="review-choice")
            if play.ending:
                yield Static(
                    Content.assemble(("结局：", "bold"), (kind_words(play.ending.kind, not play.scenario.is_scam), "bold"), "｜", lit(play.ending.title)),
                    classes=f"review-ending -{play.ending.kind}",
                )
            book = PlaybookView(play)
            if book.has_content:
                yield book
            others = self._flags_elsewhere(visited)
            if others:
                yield Static("别的路上还有这些危险信号", classes="review-heading", markup=False)
                for node, message in others:
                    yield from self._line(node, message)
        yield KeyBar()

    def _line(self, node: Node, message: Message):
        who = self.play.scenario.speaker_name(message.speaker) if message.speaker else ""
        if message.red_flag is None:
            yield ReviewLine(who, message)
            return
        with FlagRow(classes="flag-row"):
            yield ReviewLine(who, message)
            yield FlagNote(message)

    def _flags_elsewhere(self, visited: tuple[Node, ...]) -> list[tuple[Node, Message]]:
        seen = {n.id for n in visited}
        return [
            (node, m)
            for nid, node in self.play.scenario.nodes.items()
            if nid not in seen
            for m in node.messages
            if m.red_flag
        ]

    @staticmethod
    def _step_text(node: Node, step) -> str:
        if step.text is not None:
            label = node.input.label if node.input else "表单"
            return f"在「{label}」里填写了 {step.text}"
        return node.choices[step.choice].text

    def on_mount(self) -> None:
        self._fit(self.size.width)
        self.query_one("#review-body").focus()

    def on_resize(self, event) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width >= 100, "-wide")

    def action_flag(self, step: int) -> None:
        notes = list(self.query(FlagNote))
        if not notes:
            return
        current = self.focused if isinstance(self.focused, FlagNote) else None
        if current in notes:
            index = (notes.index(current) + step) % len(notes)
        else:
            index = 0 if step > 0 else len(notes) - 1
        notes[index].focus()
        self.query_one("#review-body", VerticalScroll).scroll_to_widget(notes[index].parent, top=True)
