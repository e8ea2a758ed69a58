"""The start-up probes' clock: exit at the first frame painted once the app is
ready. The floor and the game use the same hook, so both stop at the same
moment of their start: the first frame a player would see."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App


def exit_at_first_frame(app: App, ready: Callable[[], bool] = lambda: True) -> None:
    """Patch the app so that the first frame painted while `ready()` holds is
    turned into terminal output (as a real terminal needs) and then ends the run."""
    original = app._display

    def display(screen, renderable):
        original(screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(app.console)
        if not getattr(app, "_probe_done", False) and ready():
            app._probe_done = True
            app.exit()

    app._display = display  # type: ignore[method-assign]
