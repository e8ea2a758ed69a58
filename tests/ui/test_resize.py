"""Shrinking the terminal to 40×12 and back never crashes or loses the story,
on any screen; Chinese text never splits a double-width character."""

from __future__ import annotations

import pytest

from game.ui.screens.handbook import HandbookScreen
from game.ui.screens.outcome import OutcomeScreen
from game.ui.screens.picker import PickerScreen
from game.ui.screens.review import ReviewScreen
from game.ui.widgets.transcript import Transcript

from .helpers import fixture_library, follow, make_app, on_screen, ready, run

SIZES = [(80, 24), (40, 12), (60, 16), (120, 40), (250, 80), (80, 24)]


async def shake(pilot):
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        assert pilot.app.size == (width, height)


def test_play_survives_resizing_and_keeps_the_story():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1", "1", "text:123456", "1"])
            play = await ready(pilot)
            transcript = play.query_one(Transcript)
            before = transcript.items()
            steps = play.play.steps
            await shake(pilot)
            assert transcript.items() == before and play.play.steps == steps
            assert "你选择了：用零花钱交 200 元" in transcript.text().replace("\n", "")
            await pilot.press("1")  # the game goes on
            play = await ready(pilot)
            assert play.play.node.id == "video"

    run(go())


@pytest.mark.parametrize("keys,cls", [
    (["c"], PickerScreen),
    (["h"], HandbookScreen),
    (["question_mark"], None),
    ([], None),
])
def test_other_screens_survive_resizing(keys, cls):
    async def go():
        app = make_app(library=fixture_library(broken=True))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*keys)
            if cls:
                await on_screen(pilot, cls)
            await shake(pilot)

    run(go())


def test_outcome_and_review_survive_resizing():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1", "1", "text:123456", "1", "1", "1"])
            await on_screen(pilot, OutcomeScreen)
            await shake(pilot)
            await pilot.press("r")
            await on_screen(pilot, ReviewScreen)
            await shake(pilot)

    run(go())


def test_no_line_splits_a_double_width_character_at_40_columns():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(40, 12)) as pilot:
            await follow(pilot, ["1", "1", "text:123456", "1", "1", "1"])
            outcome = await on_screen(pilot, OutcomeScreen)
            await pilot.pause()
            # Every rendered line is exactly the terminal's width in cells:
            # a half-drawn CJK character would make it one short or long.
            from rich.cells import cell_len

            for strip in outcome._compositor.render_strips():
                assert strip.cell_length == 40
                assert cell_len(strip.text) == 40

    run(go())
