"""Target 4: from a key press to the next node painted, against the floor of a
bare OptionList -> Static update measured the same way in the same process.

A frame is "painted" when Textual hands a compositor update to `_display`;
headless Textual skips turning it into terminal bytes, so the hook does that
too (as a real terminal would need). The key is posted straight to the app;
the latency is the time to the last frame the key caused. Pilot's own sleeps
are outside the measured span. The frames each key caused are counted too
(`python bench/choice.py` prints them): a move should be one frame."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

from textual import events
from textual.app import App
from textual.widgets import OptionList, Static

SETTLE = 0.25  # seconds without a frame that end one measurement


class FrameClock:
    """Records when each frame is painted."""

    def __init__(self, app: App) -> None:
        self.frames: list[float] = []
        self.counts: list[int] = []  # frames caused by each key, in order
        original = app._display

        def display(screen, renderable):
            original(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            self.frames.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]

    async def latency(self, app: App, key: str) -> float:
        """Post the key; wait until frames stop; the last frame minus the press."""
        self.frames.clear()
        start = time.perf_counter()
        app.post_message(events.Key(key, key if len(key) == 1 else None))
        last_seen = 0
        while True:
            await asyncio.sleep(SETTLE)
            if len(self.frames) == last_seen:
                break
            last_seen = len(self.frames)
        if not self.frames:
            raise RuntimeError(f"pressing {key!r} painted nothing")
        self.counts.append(len(self.frames))
        return self.frames[-1] - start


class FloorChoice(App[None]):
    def compose(self):
        yield OptionList("第一个选择", "第二个选择")
        yield Static("还没选", id="out")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#out", Static).update(f"你选了：{event.option.prompt}")


async def floor_latencies(rounds: int, counts: list[int]) -> list[float]:
    app = FloorChoice()
    out = []
    async with app.run_test(size=(80, 24)) as pilot:
        clock = FrameClock(app)
        app.query_one(OptionList).focus()
        await pilot.pause(0.2)
        for i in range(rounds):
            await pilot.press("down" if i % 2 else "up")
            await pilot.pause(0.05)
            out.append(await clock.latency(app, "enter"))
        counts += clock.counts
    return out


async def game_latencies(rounds: int, scenario_file: Path, counts: list[int]) -> list[float]:
    from game.engine.library import load_library
    from game.progress.memory import MemoryProgress
    from game.ui import FanzhaApp

    library = load_library([(scenario_file.parent, "bench")])
    sid = next(f.id for f in library.files if f.path == scenario_file)
    app = FanzhaApp(library=library, scenario_id=sid, progress=MemoryProgress(), pace=0)
    out = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        clock = FrameClock(app)
        for _ in range(rounds):
            out.append(await clock.latency(app, "1"))
            await pilot.press("u")  # back to the same choice for the next round
            await pilot.pause(0.2)
        counts += clock.counts
    return out


def measure(rounds: int, scenario_file: Path) -> dict:
    floor_frames: list[int] = []
    game_frames: list[int] = []
    floor = asyncio.run(floor_latencies(rounds, floor_frames))
    game = asyncio.run(game_latencies(rounds, scenario_file, game_frames))
    return {
        "floor_s": statistics.median(floor), "game_s": statistics.median(game),
        "floor_frames": statistics.median(floor_frames), "game_frames": statistics.median(game_frames),
    }


if __name__ == "__main__":
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    found = measure(10, root / "scenarios" / "type01-dianzan-fanli.yaml")
    print(f"floor {found['floor_s'] * 1000:.1f} ms, {found['floor_frames']:g} frame(s) a key; "
          f"game {found['game_s'] * 1000:.1f} ms, {found['game_frames']:g} frame(s) a choice; "
          f"{found['game_s'] / found['floor_s']:.2f}x")
