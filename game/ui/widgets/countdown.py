"""A ticking countdown for urgency in the story ("30 分钟内"). Purely visual:
it never chooses for the player, and it stands still when animations are off
(TEXTUAL_ANIMATIONS=none, or the tests' stable screenshots)."""

from __future__ import annotations

from textual.widgets import Static

from game.engine.pacing import clock
from game.ui.styles import beside


class Countdown(Static):
    STYLESHEETS = beside(__file__, "countdown.tcss")

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.remaining = 0
        self._timer = None
        self.display = False

    def start(self, seconds: int) -> None:
        self.remaining = seconds
        self.display = True
        self._show()
        if self._timer is None and self.app.animation_level != "none":
            self._timer = self.set_interval(1, self._tick)
        elif self._timer is not None:
            self._timer.resume()

    def stop(self) -> None:
        """Freeze: the story has ended, time no longer matters."""
        if self._timer is not None:
            self._timer.pause()

    def clear(self) -> None:
        self.stop()
        self.display = False

    def _tick(self) -> None:
        if self.remaining > 0:
            self.remaining -= 1
            self._show()

    def _show(self) -> None:
        self.update(f"倒计时 {clock(self.remaining)}")
