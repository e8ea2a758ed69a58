"""Who a profile is, picked in one drawn row (game/ui/widgets/audience.py):
the arrows move the choice and wrap around, a click picks the choice under
the mouse, and a narrow form breaks the row between choices, never inside
one, with clicks still landing on the choice drawn there."""

from __future__ import annotations

from textual.app import App, ComposeResult

from game.engine.vocab import AUDIENCES
from game.ui.widgets.audience import AudienceChoice

from .helpers import plain, run


class OneChoice(App):
    CSS_PATH = [str(p) for p in AudienceChoice.STYLESHEETS]

    def __init__(self, audience: str = "") -> None:
        super().__init__()
        self.audience = audience

    def compose(self) -> ComposeResult:
        yield AudienceChoice(self.audience, id="who")


def test_the_arrows_move_the_choice_and_wrap_around():
    async def go():
        app = OneChoice("中学")
        async with app.run_test(size=(60, 5)) as pilot:
            choice = app.query_one(AudienceChoice)
            choice.focus()
            await pilot.pause()
            assert choice.audience == "中学"
            await pilot.press("right", "down")
            assert choice.audience == "家长"
            await pilot.press("right")
            assert choice.audience == "小学"
            await pilot.press("left")
            assert choice.audience == "家长"
            assert plain(choice.content).split() == ["○", "小学", "○", "中学", "○", "教职工", "●", "家长"]

    run(go())


def test_an_unknown_audience_starts_on_the_default():
    assert AudienceChoice("老板").audience == "小学"


def test_a_click_picks_the_choice_under_it_even_on_a_broken_row():
    async def go():
        app = OneChoice()
        async with app.run_test(size=(16, 6)) as pilot:
            choice = app.query_one(AudienceChoice)
            await pilot.pause()
            lines = plain(choice.content).split("\n")
            assert len(lines) > 1 and all(len(line) <= 16 for line in lines)
            drawn = [name for line in lines for name in line.split() if name in AUDIENCES]
            assert drawn == list(AUDIENCES)  # each whole, in order
            for n, name in enumerate(AUDIENCES):
                line = next(i for i, text in enumerate(lines) if name in text)
                column = lines[line].index(name)
                x = _cells(lines[line][:column])
                await pilot.click(AudienceChoice, offset=(x, line))
                assert choice.audience == name, (name, lines)

    run(go())


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)
