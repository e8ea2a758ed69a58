"""What the marks came to and 骗子的剧本, as the outcome, the review and
presenter mode draw them: one verdict widget and one timeline widget over the
engine's `verdict` and `playbook` (game/engine/marks.py, playbook.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.engine import marks
from game.engine.marks import verdict
from game.engine.markwords import RULE_FOR_PUPILS, flag_lines, verdict_line
from game.engine.play import Playthrough
from game.engine.playbook import EMPTY, STOP, TITLE, playbook, said_words, stop_words
from game.ui.words import lit


class MarksVerdict(Static):
    """'你找出了 3 个危险信号中的 2 个。' … and whether the case counts as cleared."""

    def __init__(self, play: Playthrough, explain: bool = True, **kwargs) -> None:
        v = verdict(play)
        genuine = not play.scenario.is_scam
        lines: list = [lit(line) for line in flag_lines(v, not genuine)]
        lines.append(Content.styled(verdict_line(v, not genuine), "bold"))
        if explain and v.why_not not in ("", marks.BAD_ENDING, marks.NOT_ENDED):
            # Not cleared though the ending was right: the rule, in full.
            lines.append(Content.styled(RULE_FOR_PUPILS, "italic"))
        super().__init__(Content("\n").join(lines), **kwargs)
        self.add_class("marks-verdict", "-cleared" if v.cleared else "-not-cleared")


class PlaybookView(Vertical):
    """骗子的剧本: each stage where it happened on the path, then where the
    player could have stopped it."""

    DEFAULT_CSS = """
    PlaybookView { height: auto; width: 100%; }
    PlaybookView .stage { width: 100%; margin-top: 1; }
    PlaybookView .stage-line { width: 100%; padding-left: 4; color: $text-muted; }
    PlaybookView .stop { width: 100%; margin-top: 1; text-style: bold; }
    """

    def __init__(self, play: Playthrough, **kwargs) -> None:
        super().__init__(**kwargs)
        self.book = playbook(play)

    def compose(self) -> ComposeResult:
        book = self.book
        yield Static(TITLE, classes="review-heading playbook-title", markup=False)
        if not book.moments:
            yield Static(EMPTY, classes="hint", markup=False)
        for n, m in enumerate(book.moments, 1):
            yield Static(Content.assemble((f"{n}. {m.name}", "bold"), "　", lit(m.hint)), classes="stage")
            if m.text:
                yield Static(lit(f"「{said_words(m.who, m.text)}」"), classes="stage-line")
        if book.stop is not None:
            yield Static(Content.assemble((STOP, "bold"), lit(stop_words(book.stop))), classes="stop")

    @property
    def has_content(self) -> bool:
        return bool(self.book.moments or self.book.stop)
