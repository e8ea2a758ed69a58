"""One parse of each stylesheet per process (game/ui/parsecache.py): a second
app, and every screen that brings new CSS, reuse the rule sets parsed before
with the same CSS variables; another theme parses afresh."""

from __future__ import annotations

import asyncio

import pytest
import textual.css.stylesheet as textual_stylesheet

from game.ui.app import FanzhaApp
from game.ui.parsecache import SharedParseStylesheet
from game.ui.themes import DARK, LIGHT


@pytest.fixture
def parses(monkeypatch):
    """Counts Textual's own parses of a stylesheet source, from an empty
    shared cache (another test in this process may have filled it)."""
    from game.ui import parsecache

    monkeypatch.setattr(parsecache, "_SHARED", {})
    count = [0]
    real = textual_stylesheet.parse

    def counting(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return count


async def _title(app: FanzhaApp, theme: str | None = None):
    async with app.run_test(size=(100, 30)) as pilot:
        await app.get_library()
        await app.get_progress()  # the player's line drawn in both, not in one alone
        if theme:
            app.theme = theme
        await pilot.pause()
        return app.export_screenshot(title="t"), str(app.screen.styles.background)


def test_a_second_app_parses_no_stylesheet_again_and_draws_the_same(parses, fanzha_home):
    first_shot, first_bg = asyncio.run(_title(FanzhaApp(data_dir=fanzha_home, pace=0)))
    assert isinstance(FanzhaApp(data_dir=fanzha_home).stylesheet, SharedParseStylesheet)
    parses[0] = 0
    again_shot, again_bg = asyncio.run(_title(FanzhaApp(data_dir=fanzha_home, pace=0)))
    assert parses[0] == 0
    assert again_shot == first_shot and again_bg == first_bg


def test_another_theme_is_parsed_with_its_own_colours(parses, fanzha_home):
    _, dark_bg = asyncio.run(_title(FanzhaApp(data_dir=fanzha_home, pace=0), DARK.name))
    parses[0] = 0
    _, light_bg = asyncio.run(_title(FanzhaApp(data_dir=fanzha_home, pace=0), LIGHT.name))
    assert parses[0] > 0 and light_bg != dark_bg
