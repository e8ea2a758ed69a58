"""Marking with the mouse in a browser tab (`fanzha serve`): the page sends
the click as the terminal's mouse report, and the same app marks the line it
landed on — and takes the mark back on a second click. The mark is seen in
the game's save, which the tab writes to the shared data folder."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3

import pytest

from .serving import open_game, served

aiohttp = pytest.importorskip("aiohttp")
pytestmark = pytest.mark.slow

SIZE = (100, 30)
KEYS = {"down": "\x1b[B", "enter": "\r"}


def data_folder(root):
    """A data folder with the marking fixture among the teacher's own cases."""
    from ..conftest import FIXTURES

    (root / "scenarios").mkdir(parents=True)
    shutil.copy(FIXTURES / "marks" / "scam.yaml", root / "scenarios")
    return root


async def the_way_in(root):
    """The keys that open the fixture case from the title, and where one of
    its first lines is drawn: found by the same app under Pilot, on a copy of
    the same data folder."""
    from game.ui import FanzhaApp
    from game.ui.screens.confirm import ConfirmScreen
    from game.ui.screens.picker import PickerScreen
    from game.ui.screens.play import PlayScreen
    from game.ui.widgets.transcript import StoryLines

    from ..ui.helpers import on_screen, until

    app = FanzhaApp(data_dir=str(root), pace=0)
    app.animation_level = "none"
    keys = ["c"]
    async with app.run_test(size=SIZE) as pilot:
        # A fresh data folder: the built-in cases are checked cold first (seconds on a busy machine).
        await until(pilot, lambda: app.progress is not None and app.library is not None, timeout=60.0, what="the store and library")
        await pilot.press("c")
        picker = await on_screen(pilot, PickerScreen)
        cases = picker.query_one("#cases")
        while cases.get_option_at_index(cases.highlighted).id != "s:marks-scam":
            await pilot.press("down")
            keys.append("down")
        await pilot.press("enter")
        keys.append("enter")
        await until(pilot, lambda: isinstance(app.screen, (ConfirmScreen, PlayScreen)), what="the case")
        if isinstance(app.screen, ConfirmScreen):  # the before-check is offered first: skip it
            await pilot.press("n")
            keys.append("n")
        play = await on_screen(pilot, PlayScreen)
        await until(pilot, lambda: play._ready, what="the lines shown")
        lines = next(w for w in play.query(StoryLines) if w.row_of(("start", 2)) is not None)
        return keys, (lines.region.x + 4, lines.region.y + lines.row_of(("start", 2)))


def saved_marks(root) -> list | None:
    conn = sqlite3.connect(root / "progress.db")
    try:
        rows = conn.execute("SELECT save FROM resume").fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return json.loads(rows[0][0]).get("marks") if rows else None


async def settle(ws, seconds: float) -> None:
    """Read (and drop) what the tab draws for a while."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            await ws.receive(timeout=left)
        except asyncio.TimeoutError:
            return


async def until_saved(root, want, timeout: float = 20.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        got = saved_marks(root)
        if want(got):
            return got
        await asyncio.sleep(0.2)
    raise AssertionError(f"the save never showed the marks: {saved_marks(root)!r}")


def test_a_click_in_the_browser_marks_a_line_and_a_second_click_takes_it_back(tmp_path):
    keys, (x, y) = asyncio.run(the_way_in(data_folder(tmp_path / "pilot")))
    root = data_folder(tmp_path / "served")
    with served(root) as (proc, port):
        async def go():
            async with aiohttp.ClientSession() as session:
                ws, _ = await open_game(session, port, *SIZE)
                await settle(ws, 2.0)  # the store opens and the cases load after the first paint
                # A browser tab first asks who is playing (issue 12): a name, then Enter.
                await ws.send_str(json.dumps(["stdin", "小明"]))
                await settle(ws, 0.5)
                await ws.send_str(json.dumps(["stdin", "\r"]))
                await settle(ws, 2.0)
                for key in keys:
                    await ws.send_str(json.dumps(["stdin", KEYS.get(key, key)]))
                    await settle(ws, 0.3 if key == "down" else 1.5)
                await ws.send_str(json.dumps(["stdin", " "]))  # every line of the moment at once
                await settle(ws, 1.5)
                # The tab has not saved anything yet: nothing was chosen or marked.
                assert not saved_marks(root)
                click = [f"\x1b[<0;{x + 1};{y + 1}M", f"\x1b[<0;{x + 1};{y + 1}m"]  # SGR mouse, 1-based
                for data in click:
                    await ws.send_str(json.dumps(["stdin", data]))
                marks = await until_saved(root, lambda m: bool(m))
                assert len(marks) == 1 and marks[0][0] == "start"  # a line of the moment on screen
                for data in click:
                    await ws.send_str(json.dumps(["stdin", data]))
                await until_saved(root, lambda m: m == [])
                await ws.close()

        asyncio.run(go())
        assert proc.poll() is None
