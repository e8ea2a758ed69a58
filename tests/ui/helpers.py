"""Shared helpers for the UI tests: fixture libraries, a lean app, waiting
for the UI to settle, and reading what a screen shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Button, OptionList, Static

from game.engine.library import load_library
from game.engine.paths import builtin_scenarios_dir
from game.progress.memory import MemoryProgress

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SCENARIOS = FIXTURES / "scenarios"
BROKEN = FIXTURES / "broken"


def fixture_library(broken: bool = False):
    folders = [(SCENARIOS, "fixtures")]
    if broken:
        folders.append((BROKEN, "broken"))
    return load_library(folders)


def builtin_library():
    return load_library([(builtin_scenarios_dir(), "builtin")])


def make_app(**kwargs):
    """A FanzhaApp for tests: instant pace, fresh progress, no animations."""
    from game.ui import FanzhaApp

    kwargs.setdefault("pace", 0)
    kwargs.setdefault("progress", MemoryProgress())
    app = FanzhaApp(**kwargs)
    app.animation_level = "none"
    return app


def run(coro):
    """Run a Pilot coroutine (the project has no asyncio pytest plugin)."""
    return asyncio.run(coro)


async def until(pilot, predicate, timeout: float = 10.0, what: str = "") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await pilot.pause(0.01)


async def on_screen(pilot, cls, timeout: float = 10.0):
    await until(pilot, lambda: isinstance(pilot.app.screen, cls), timeout, cls.__name__)
    return pilot.app.screen


async def ready(pilot):
    """Wait until the play screen has shown every line and offers choices."""
    from game.ui.screens.play import PlayScreen

    screen = await on_screen(pilot, PlayScreen)
    await until(pilot, lambda: screen._ready, what="play screen ready")
    return screen


async def follow(pilot, keys: list[str], mark: bool = False) -> None:
    """Press an explorer path the way a player would: a number for a choice;
    for `text:...`, go to the form (f), type, and press Enter. With `mark`,
    every red flag of each moment is marked first, as a careful reader does."""
    for key in keys:
        screen = await ready(pilot)
        if mark:
            node = screen.play.node
            for i, message in enumerate(node.messages):
                if message.red_flag is not None and not screen.play.is_marked(node.id, i):
                    screen.toggle_mark((node.id, i))
        if key.startswith("text:"):
            await pilot.press("f", *key[len("text:"):], "enter")
        else:
            await pilot.press(key)


def plain(value) -> str:
    return value.plain if hasattr(value, "plain") else str(value)


def screen_text(screen) -> str:
    """Every piece of text the screen shows: statics, border titles, options, buttons."""
    parts: list[str] = []
    for widget in screen.query("*"):
        title = getattr(widget, "_border_title", None)
        if title is not None:
            parts.append(plain(title))
        if isinstance(widget, Static):
            parts.append(plain(widget.content))
        elif isinstance(widget, Button):
            parts.append(plain(widget.label))
        elif isinstance(widget, OptionList):
            parts += [plain(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
    return "\n".join(parts)
