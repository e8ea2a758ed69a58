"""A move is painted in one frame: the new lines, the choices, the bars and the
key bar together (screens/settled.py). A second frame came one or two ticks of
Textual's update timer (17–33 ms) after the first. Counted, never timed."""

from __future__ import annotations

from .helpers import fixture_library, make_app, ready, run


async def frames_of(pilot, key: str) -> int:
    """Press the key; count the frames painted until the screen is quiet."""
    app = pilot.app
    frames = []
    original = app._display

    def display(screen, update):
        original(screen, update)
        if update is not None:
            frames.append(update)

    app._display = display
    try:
        await pilot.press(key)
        seen = -1
        while seen != len(frames):
            seen = len(frames)
            await pilot.pause(0.2)
    finally:
        app._display = original
    return len(frames)


def test_every_move_is_one_frame():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.pause(0.2)
            # A choice (into another chat, fewer options), undo, the same
            # choice again, then into a web page whose form appears.
            for key, node in [("1", "qq"), ("u", "hook"), ("1", "qq"), ("1", "page"), ("u", "qq")]:
                assert await frames_of(pilot, key) == 1, key
                assert (await ready(pilot)).play.node.id == node

    run(go())


def test_a_textual_without_the_internals_still_plays(monkeypatch):
    """Should a Textual 8.x lack what SettledScreen uses, the play screen paints
    the ordinary way (a second frame) and nothing else changes."""
    from game.ui.screens import settled

    monkeypatch.setattr(settled, "WIDGET_NEEDS", settled.WIDGET_NEEDS + ("_not_in_this_textual",))

    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.pause(0.2)
            for key, node in [("1", "qq"), ("u", "hook"), ("1", "qq")]:
                assert await frames_of(pilot, key) >= 1, key
                assert (await ready(pilot)).play.node.id == node
            assert app.screen._can_settle is False

    run(go())
