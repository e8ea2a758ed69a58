"""Shared helpers for the presenter-mode tests: the fixture library, the app
as `fanzha present` builds it, waiting for screens, reading what they show."""

from __future__ import annotations

from pathlib import Path


from game.engine.library import load_library

from ..ui.helpers import plain, run, until  # noqa: F401  (the same waiting as the UI tests)
from ..ui.helpers import screen_text as widgets_text

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"


def library():
    return load_library([(FIXTURES, "present-fixtures")])


def presenter_app(scenario_id: str | None = "pres-tour"):
    """The app the way `fanzha present SCENARIO_ID` builds it, without animations."""
    from game.cli.present import build_app

    app = build_app(library(), scenario_id)
    app.animation_level = "none"
    return app


def player_app(scenario_id: str | None = "pres-tour"):
    """The ordinary game (not presenting), instant pace."""
    from game.progress.memory import MemoryProgress
    from game.ui import FanzhaApp

    app = FanzhaApp(library=library(), scenario_id=scenario_id, progress=MemoryProgress(), pace=0)
    app.animation_level = "none"
    return app


async def on_screen(pilot, cls, timeout: float = 10.0):
    await until(pilot, lambda: isinstance(pilot.app.screen, cls), timeout, cls.__name__)
    await pilot.pause()
    return pilot.app.screen


async def presenting(pilot):
    from game.ui.screens.present import PresentScreen

    return await on_screen(pilot, PresentScreen)


async def press(pilot, *keys: str):
    """Press keys on the presenter screen, one at a time, letting each settle."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def screen_text(screen) -> str:
    """What the UI tests read off a screen, plus the row-drawn transcript."""
    from game.ui.widgets.transcript import Transcript

    return "\n".join([widgets_text(screen), *(t.text() for t in screen.query(Transcript))])


def flat(text: str) -> str:
    """Text with its line breaks and spaces removed (rules wrap on screen)."""
    return "".join(text.split())
