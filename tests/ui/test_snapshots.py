"""SVG snapshots of every main view, at 80×24 and at 120×40, over the UI
fixtures (not the built-in cases, which change with the content).

Update after an intended change with `pytest tests/ui/test_snapshots.py
--snapshot-update`, then look at the SVGs in __snapshots__/ before committing."""

from __future__ import annotations

import pytest

from .helpers import fixture_library, follow, make_app, on_screen, ready

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
TO_PHONE = ["1", "1", "text:123456", "1"]
TO_LOSS = [*TO_PHONE, "1", "1"]


def app_for(scenario_id=None, broken=False):
    return make_app(library=fixture_library(broken=broken), scenario_id=scenario_id)


async def settle(pilot):
    await pilot.pause()
    await pilot.pause()


def driver(keys=(), then=None, screen=None, theme=None):
    """run_before for snap_compare: follow a path, press keys, wait for a screen."""

    async def run_before(pilot):
        if theme:
            pilot.app.theme = theme  # not F2: its notice would cover the view
        if keys:
            await follow(pilot, list(keys))
        if then:
            await pilot.press(*then)
        if screen is not None:
            await on_screen(pilot, screen)
        elif pilot.app.scenario_id:
            await ready(pilot)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, size):
    async def wait(pilot):
        await settle(pilot)

    assert snap_compare(app_for(), terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare, size):
    from game.ui.screens.picker import PickerScreen

    assert snap_compare(app_for(broken=True), terminal_size=size, run_before=driver(then=["c"], screen=PickerScreen))


@pytest.mark.parametrize("size", SIZES)
def test_chat_node(snap_compare, size):
    assert snap_compare(app_for("ui-tour"), terminal_size=size, run_before=driver(["1"]))


@pytest.mark.parametrize("size", SIZES)
def test_group_chat_node(snap_compare, size):
    assert snap_compare(app_for("ui-tour"), terminal_size=size, run_before=driver(["2", "1"]))


@pytest.mark.parametrize("size", SIZES)
def test_phone_node(snap_compare, size):
    assert snap_compare(app_for("ui-tour"), terminal_size=size, run_before=driver(TO_PHONE))


@pytest.mark.parametrize("size", SIZES)
def test_form_node(snap_compare, size):
    assert snap_compare(app_for("ui-tour"), terminal_size=size, run_before=driver(["1", "1"]))


@pytest.mark.parametrize("size", SIZES)
def test_outcome(snap_compare, size):
    from game.ui.screens.outcome import OutcomeScreen

    assert snap_compare(app_for("ui-tour"), terminal_size=size, run_before=driver(TO_LOSS, screen=OutcomeScreen))


@pytest.mark.parametrize("size", SIZES)
def test_review(snap_compare, size):
    from game.ui.screens.review import ReviewScreen

    assert snap_compare(app_for("ui-tour"), terminal_size=size, run_before=driver(TO_LOSS, then=["r"], screen=ReviewScreen))


@pytest.mark.parametrize("size", SIZES)
def test_handbook(snap_compare, size):
    from game.ui.screens.handbook import HandbookScreen

    assert snap_compare(app_for(), terminal_size=size, run_before=driver(then=["h", "right"], screen=HandbookScreen))


def test_outcome_light_theme(snap_compare):
    from game.ui.screens.outcome import OutcomeScreen

    assert snap_compare(app_for("ui-tour"), terminal_size=(80, 24), run_before=driver(TO_LOSS, screen=OutcomeScreen, theme="fanzha-light"))


def test_chat_light_theme(snap_compare):
    assert snap_compare(app_for("ui-tour"), terminal_size=(80, 24), run_before=driver(["2", "1"], theme="fanzha-light"))
