"""SVG snapshots of presenter mode at 80×24 and 120×40 over the fixtures in
fixtures/ (not the built-in cases, which change with the content): the vote
at a form, the story map with the path marked, and the case summary.

Update after an intended change with `pytest tests/present_ui/test_snapshots.py
--snapshot-update`, then look at the SVGs in __snapshots__/ before committing."""

from __future__ import annotations

import pytest

from .helpers import presenter_app, press, presenting, on_screen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def driver(*keys: str, screen=None):
    async def run_before(pilot):
        await presenting(pilot)
        await press(pilot, *keys)
        if screen is not None:
            await on_screen(pilot, screen)
        await pilot.pause()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_vote(snap_compare, size):
    # The fake page with its form, the class's last answer, the vote.
    assert snap_compare(presenter_app(), terminal_size=size, run_before=driver("a"))


@pytest.mark.parametrize("size", SIZES)
def test_story_map(snap_compare, size):
    from game.ui.screens.storymap import StoryMapScreen

    assert snap_compare(presenter_app(), terminal_size=size, run_before=driver("a", "b", "m", screen=StoryMapScreen))


def test_summary(snap_compare):
    assert snap_compare(presenter_app(), terminal_size=(120, 40), run_before=driver("a", "b", "a", "a"))
