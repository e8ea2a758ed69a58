"""Shared by the progress UI tests: an app over the UI fixture cases whose
progress is the real SQLite store of the test's data folder (FANZHA_HOME, a
fresh temporary folder per test), and ways to drive it."""

from __future__ import annotations

from pathlib import Path

from ..ui.helpers import (  # noqa: F401  (re-exported for the tests)
    SCENARIOS,
    fixture_library,
    follow,
    on_screen,
    plain,
    ready,
    run,
    screen_text,
    until,
)

UI_CURRICULUM = Path(__file__).resolve().parent.parent / "ui" / "fixtures" / "curriculum.yaml"

# ui-tour (type-8): 1,1,1 is the safe ending (cites six-5 and six-2); the
# other two fixture cases are type-11 (ui-parents) and type-12 (ui-literal).
TOUR_SAFE = ["1", "1", "1"]
PARENTS_SAFE = ["2", "1"]
LITERAL_SAFE = ["2"]


def store_app(**kwargs):
    """A FanzhaApp with no progress argument: it opens the store itself."""
    from game.ui import FanzhaApp

    kwargs.setdefault("library", fixture_library())
    kwargs.setdefault("pace", 0)
    app = FanzhaApp(**kwargs)
    app.animation_level = "none"
    return app


async def store_ready(pilot):
    """Wait until the app has opened its store (after the first paint)."""
    app = pilot.app
    await until(pilot, lambda: not app._progress_wanted and app.store is not None, what="the store to open")
    await pilot.pause()
    return app.store


def notices(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def answers_for(items, right: set[int] | None = None) -> list[str]:
    """Keys for a sitting's items (the QuizScreen's, in its order): 1 (scam) or
    2 (genuine), right for the item numbers in `right` (1-based; all when None)
    and wrong for the others."""
    keys = []
    for n, item in enumerate(items, 1):
        correct = right is None or n in right
        keys.append("1" if item.is_scam == correct else "2")
    return keys


async def open_case(pilot, scenario_id: str, skip_check: bool = True) -> None:
    """Open a case from the picker, as a player does (skipping the before-check offer)."""
    from game.ui.screens.confirm import ConfirmScreen
    from game.ui.screens.picker import PickerScreen
    from game.ui.screens.title import TitleScreen

    app = pilot.app
    if not isinstance(app.screen, PickerScreen):
        app.go_title()
        await on_screen(pilot, TitleScreen)
        await pilot.press("c")
    picker = await on_screen(pilot, PickerScreen)
    cases = picker.query_one("#cases")
    cases.highlighted = next(i for i in range(cases.option_count) if cases.get_option_at_index(i).id == f"s:{scenario_id}")
    await pilot.press("enter")
    if skip_check:
        from game.ui.screens.play import PlayScreen

        await until(pilot, lambda: isinstance(app.screen, (ConfirmScreen, PlayScreen)), what="case or offer")
        if isinstance(app.screen, ConfirmScreen) and "辨一辨" in screen_text(app.screen):
            await pilot.press("n")


async def play_to_end(pilot, scenario_id: str, keys: list[str], mark: bool = True):
    """Open a case from the picker and play it to its ending, marking its red
    flags on the way (unless `mark` is False); returns the outcome screen."""
    from game.ui.screens.outcome import OutcomeScreen

    await open_case(pilot, scenario_id)
    await follow(pilot, keys, mark=mark)
    return await on_screen(pilot, OutcomeScreen)


def picker_entry(picker, scenario_id: str) -> str:
    cases = picker.query_one("#cases")
    for i in range(cases.option_count):
        option = cases.get_option_at_index(i)
        if option.id == f"s:{scenario_id}":
            return plain(option.prompt)
    raise AssertionError(f"{scenario_id} is not in the picker")
