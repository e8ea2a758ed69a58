"""Target 4: from a key press to the next node painted, against a floor
measured the same way in the same process: a bare Textual app doing the work a
move does — append one message to a scrolling conversation (scrolled to its
end) and replace an OptionList's options (FloorMove). The old floor, an
OptionList repainting one line (FloorChoice), is printed beside it.

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


# The floor's conversation: as long as a case's, in the same kind of lines.
FLOOR_LINES = [
    "你好呀！我是游戏里的小鱼，我们一起组队吧。",
    "官方在送限定皮肤，扫码就能领，只剩最后 50 份！",
    "真的假的？我问问妈妈。",
    "来不及啦，五分钟后就没了，快点扫码！",
] * 6
FLOOR_OPTIONS = [["马上扫码领取", "先去游戏公告里看看", "问问妈妈"], ["关掉页面", "填写验证码", "问问小鱼"]]


class FloorMove(App[None]):
    """What a move does, bare: one more message at the end of a scrolling
    conversation, and the options replaced."""

    CSS = "VerticalScroll { height: 1fr; } OptionList { height: auto; max-height: 8; } Static { margin: 0 1; }"

    def compose(self):
        from textual.containers import VerticalScroll

        with VerticalScroll(id="story"):
            for line in FLOOR_LINES:
                yield Static(line)
        yield OptionList(*FLOOR_OPTIONS[0])

    def on_mount(self) -> None:
        self.moves = 0
        self.query_one("#story").scroll_end(animate=False)

    async def on_key(self, event: events.Key) -> None:
        # The plain way an experienced Textual programmer would write it: the
        # message mounted and awaited, the scroll to the end made at once, the
        # options replaced in one call.
        if event.key != "1":
            return
        self.moves += 1
        story = self.query_one("#story")
        await story.mount(Static(FLOOR_LINES[self.moves % len(FLOOR_LINES)]))
        story.scroll_end(animate=False, immediate=True)
        self.query_one(OptionList).set_options(FLOOR_OPTIONS[self.moves % 2])


async def key_latencies(app: App, rounds: int, counts: list[int], between=()) -> list[float]:
    """Press "1" `rounds` times, each timed to its last frame; `between` are
    the keys that bring the app back to the same moment for the next round."""
    out = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        clock = FrameClock(app)
        for _ in range(rounds):
            out.append(await clock.latency(app, "1"))
            if between:
                await pilot.press(*between)
            await pilot.pause(0.2)
        counts += clock.counts
    return out


async def floor_move_latencies(rounds: int, counts: list[int]) -> list[float]:
    return await key_latencies(FloorMove(), rounds, counts)


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
    return await key_latencies(app, rounds, counts, between=("u",))  # u: back to the same choice


def measure(rounds: int, scenario_file: Path) -> dict:
    """Floor and game in turns, a few rounds at a time, so both meet the same
    moments of a busy machine."""
    floor_frames: list[int] = []
    game_frames: list[int] = []
    line_frames: list[int] = []
    floor, game, line = [], [], []
    batch = max(1, rounds // 5)
    for _ in range(0, rounds, batch):
        floor += asyncio.run(floor_move_latencies(batch, floor_frames))
        game += asyncio.run(game_latencies(batch, scenario_file, game_frames))
        line += asyncio.run(floor_latencies(batch, line_frames))
    return {
        "floor_s": statistics.median(floor), "game_s": statistics.median(game),
        "floor_frames": statistics.median(floor_frames), "game_frames": statistics.median(game_frames),
        "one_line_floor_s": statistics.median(line),
    }


if __name__ == "__main__":
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    found = measure(10, root / "scenarios" / "type01-dianzan-fanli.yaml")
    print(f"floor (a message appended, options replaced) {found['floor_s'] * 1000:.1f} ms, "
          f"{found['floor_frames']:g} frame(s) a key; "
          f"game {found['game_s'] * 1000:.1f} ms, {found['game_frames']:g} frame(s) a choice; "
          f"{found['game_s'] / found['floor_s']:.2f}x "
          f"(the old floor, one OptionList line: {found['one_line_floor_s'] * 1000:.1f} ms)")
