"""The projector view of a live class (game/net/live/projector.py): Pilot
tests and SVG snapshots, over the presenter fixtures and pupils added
without a network. Names never reach the projector; the teacher's list has them.

Update after an intended change with `pytest tests/live/test_projector.py
--snapshot-update`, then look at the SVGs in __snapshots__/ before committing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from game.net.live.projector import NamesScreen, ProjectorApp
from game.net.live.teacher import LiveClass, Pupil

from ..present_ui.helpers import library
from ..ui.helpers import on_screen, run, screen_text

ADDRESS = "192.168.1.20:8765"


class FakeSocket:
    """An open connection, as far as the projector can tell."""

    closed = False

    async def send_str(self, text: str) -> None:
        pass

    async def close(self) -> None:
        self.closed = True


def live_class(tmp: Path, mode: str, pupils: int = 4) -> LiveClass:
    lib = library()
    live = LiveClass("K7PX2M", mode, tmp / "results", lambda e: None, lib.scenarios)
    for n in range(1, pupils + 1):
        uid = f"{n:016x}"
        live.pupils[uid] = Pupil(n, uid, f"学生{n}号名", "四(1)班", ws=FakeSocket())
    if mode == "step":
        live.start_case(lib.get("pres-tour"))
    return live


def app_for(tmp: Path, mode: str) -> ProjectorApp:
    app = ProjectorApp(live_class(tmp, mode), ADDRESS, library())
    app.animation_level = "none"
    return app


async def votes(app: ProjectorApp, letters: str, marks=()) -> None:
    await app.live.open_decision()
    for (uid, pupil), chosen in zip(sorted(app.live.pupils.items()), letters):
        app.live._vote(pupil, {"type": "vote", "decision": app.live.decision.number, "letter": chosen,
                               "marks": list(marks)})
    app.redraw()


def test_votes_arrive_as_bars_and_the_teachers_letter_moves_the_class(tmp_path):
    app = app_for(tmp_path, "step")

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            await votes(app, "AACB", marks=[1])
            await pilot.pause()
            text = screen_text(app.screen)
            assert "已投票 4 / 在线 4" in text and "第 1 条（4 人）" in text
            assert "K7PX2M" in text and ADDRESS in text
            assert "学生1号名" not in text  # names never on the projector
            await pilot.press("c")  # the class's answer: C
            await pilot.pause()
            assert app.live.decision.chosen == "C" and app.live.play.node.id == "safe"
            await pilot.press("n")
            names = await on_screen(pilot, NamesScreen)
            assert "学生1号名（四(1)班）" in screen_text(names)
            await pilot.press("x")  # the highlighted pupil leaves the class
            await pilot.pause()
            assert 1 in {n for n in [p.number for p in app.live.pupils.values() if p.uid in app.live.removed]}

    run(go())


def test_reveal_shows_the_red_flags_with_their_rules(tmp_path):
    app = app_for(tmp_path, "step")

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("o")
            await pilot.press("r")
            await pilot.pause()
            text = screen_text(app.screen)
            assert "⚑" in text and "六个一律" in text

    run(go())


def test_scenario_text_and_names_stay_literal(tmp_path):
    app = app_for(tmp_path, "self")
    pupil = next(iter(app.live.pupils.values()))
    pupil.cases = {"pres-tour": "safe", "[bold]x[/bold]": "loss"}

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            app.redraw()
            await pilot.pause()
            text = screen_text(app.screen)
            assert "玩了 2 个案例：成功识破 1，被骗了 1" in text

    run(go())


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_step_votes(snap_compare, size, tmp_path):
    app = app_for(tmp_path, "step")

    async def run_before(pilot):
        await pilot.pause()  # the first paint and the key bar settle before the votes
        await votes(app, "AACB", marks=[1])
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_self_paced(snap_compare, tmp_path):
    app = app_for(tmp_path, "self")
    for n, pupil in enumerate(app.live.pupils.values()):
        pupil.cases = {"pres-tour": ("safe", "loss", "stopped", "safe")[n], "pres-genuine": "safe"} if n < 3 else {}
    app.live.pupils[f"{2:016x}"].ws = None  # one pupil is offline

    async def run_before(pilot):
        await pilot.pause()
        app.redraw()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
