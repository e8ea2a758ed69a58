"""A game killed mid-case (SIGKILL: a PC switched off at the bell) offers
"继续上次" at the last choice in a new app. The first app runs in its own
process and is driven through the UI (Textual's Pilot, headless)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.play import PlayScreen

from ..store.helpers import PYTHON, ROOT, child_env
from .helpers import SCENARIOS, on_screen, ready, run, screen_text, store_app, until

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from game.engine.library import load_library
    from game.ui import FanzhaApp
    from tests.ui.helpers import follow, ready

    async def main():
        library = load_library([(Path(sys.argv[1]), "fixtures")])
        app = FanzhaApp(library=library, scenario_id="ui-tour", pace=0)
        app.animation_level = "none"
        async with app.run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1", "1"])
            play = await ready(pilot)
            print("AT", play.play.node.id, len(play.play.steps), flush=True)
            await asyncio.sleep(3600)  # until killed

    asyncio.run(main())
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (not on Windows)")
def test_killed_mid_case_the_next_app_offers_to_continue_at_the_last_choice(fanzha_home, tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.Popen(
        [*PYTHON, str(script), str(SCENARIOS)],
        cwd=ROOT, env=child_env(FANZHA_HOME=str(fanzha_home), FANZHA_PACE="0"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        line = child.stdout.readline().decode("utf-8").split()
        assert line[:1] == ["AT"], child.stderr.read().decode("utf-8", "replace")
        node, steps = line[1], int(line[2])
        assert steps == 2
        os.kill(child.pid, signal.SIGKILL)  # no chance to save anything more
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    async def go():
        app = store_app(scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            offer = await on_screen(pilot, ConfirmScreen)
            await until(pilot, lambda: "继续上次" in screen_text(offer), what="the dialog's buttons")
            assert "上次玩到一半（走了 2 步）" in screen_text(offer)
            await pilot.press("y")
            play = await ready(pilot)
            assert len(play.play.steps) == 2 and play.play.node.id == node
            assert play.play.accepts_input  # the form node: where the child stopped

    run(go())
