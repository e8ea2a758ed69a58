"""SVG snapshots at 80×24 over fixture data: the profile screen of a shared PC,
a browser tab's first screen (who is playing?), the new-profile form and a
辨一辨 item. Update after an intended change with `pytest
tests/ui_progress/test_snapshots.py --snapshot-update`, then LOOK at the SVGs
in __snapshots__/ before committing."""

from __future__ import annotations

from game.engine.marks import FlagCount, Verdict
from game.progress import quiz
from game.progress.store import Store
from game.ui.screens.profiles import ProfileFormScreen, ProfilesScreen
from game.ui.screens.whoplays import WhoIsPlayingScreen
from game.ui.screens.quiz import QuizScreen

from .helpers import fixture_library, on_screen, store_app, store_ready


def shared_pc(library) -> None:
    """Three players on one PC: 小明 has played two cases, 小红 none, and an
    anonymous player; 小明 is playing now."""
    with Store.open() as store:
        anon = store.create_profile()
        xiaoming = store.create_profile("小明", "四(1)班")
        store.create_profile("小红", "四(2)班")
        progress = store.progress(xiaoming, library)
        recognised = Verdict(FlagCount(1, 0, 0, 1), cleared=True)  # the red flag was marked
        progress.record_ending("ui-tour", "lost-account", "loss", [])
        progress.record_ending("ui-tour", "safe", "safe", [], verdict=recognised)
        progress.record_ending("ui-parents", "safe", "safe", [], verdict=recognised)
        store.progress(anon, library).record_ending("ui-literal", "safe", "safe", [], verdict=recognised)
        store.set_current(xiaoming)


async def settle(pilot):
    await pilot.pause()
    await pilot.pause()


def test_profile_screen(snap_compare):
    library = fixture_library()
    shared_pc(library)

    async def run_before(pilot):
        await store_ready(pilot)
        await pilot.press("p")
        await on_screen(pilot, ProfilesScreen)
        await settle(pilot)

    assert snap_compare(store_app(library=library), terminal_size=(80, 24), run_before=run_before)


def test_a_browser_tabs_first_screen(snap_compare, monkeypatch):
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")  # what textual-serve sets

    async def run_before(pilot):
        await on_screen(pilot, WhoIsPlayingScreen)
        await pilot.press(*"小明", "tab", "tab", "right")  # a name typed, 中学 chosen (focused)
        await settle(pilot)

    assert snap_compare(store_app(), terminal_size=(80, 24), run_before=run_before)


def test_the_new_profile_form(snap_compare):
    async def run_before(pilot):
        await store_ready(pilot)
        await pilot.press("p")
        await on_screen(pilot, ProfilesScreen)
        await pilot.press("n")
        await on_screen(pilot, ProfileFormScreen)
        await settle(pilot)

    assert snap_compare(store_app(), terminal_size=(80, 24), run_before=run_before)


def test_quiz_item(snap_compare, monkeypatch):
    # A sitting's order is random: pin it, so the 4th item is a video call with a line of context.
    def pinned(items, rng=None):
        ids = [i.id for i in items if i.id != "xx-A09"]
        return tuple(ids[:3] + ["xx-A09"] + ids[3:])

    monkeypatch.setattr(quiz, "new_order", pinned)

    async def run_before(pilot):
        await store_ready(pilot)
        await pilot.press("t")
        screen = await on_screen(pilot, QuizScreen)
        await pilot.press("1", "2", "1")  # on to the 4th item
        await settle(pilot)
        assert screen.index == 3 and screen.items[3].id == "xx-A09"

    assert snap_compare(store_app(), terminal_size=(80, 24), run_before=run_before)
