"""Shared by the store, CLI and report tests: the fixture scenarios and ways to
play them."""

from __future__ import annotations

import io
import json
import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

from game.text.steps import apply, parse_keys
from game.engine.library import Library, load_library
from game.engine.play import Playthrough

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SCENARIOS = Path(__file__).resolve().parent / "fixtures" / "scenarios"
# The fixture cases' curriculum, as a teacher's data folder would add it.
FIXTURE_CURRICULUM = Path(__file__).resolve().parent / "fixtures" / "curriculum.yaml"

# Paths through every fixture scam case (tfx-type-N, tfx-helper, tfx-variant):
# hook → 2 is safe at once; 1 then 3 is safe late; 1,1 is a loss; 1,2 stopped.
SCAM_PATHS = {"safe": "2", "safe-late": "1,3", "loss": "1,1", "stopped": "1,2"}
SCAM_ENDING = {"safe": "safe", "safe-late": "safe", "loss": "lost", "stopped": "stopped"}
# tfx-genuine: 1 trusts after checking (safe), 2 refuses a real message (missed).
GENUINE_PATHS = {"safe": "1", "missed": "2"}
# tfx-long: four decisions and a form.
LONG_LOSS = "1,1,1,text:123456"
LONG_SAFE = "1,1,1,1"


def check_items(*argv: str) -> list:
    """The items of the 辨一辨 sitting `fanzha quiz … --json` starts, in its
    own order: the order `--answers` must follow."""
    from game.cli import main
    from game.progress import quizbank

    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["quiz", *argv, "--json"]) == 0, argv
    bank = quizbank.bank()
    return [bank.get(i["id"]) for i in json.loads(printed.getvalue())["items"]]


def fixture_library() -> Library:
    return load_library([(FIXTURE_SCENARIOS, "fixtures")])


def type_case(n: int) -> str:
    return f"tfx-type-{n}"


def walk(lib: Library, scenario_id: str, keys: str) -> Playthrough:
    play = Playthrough(lib.get(scenario_id))
    for key in parse_keys(keys):
        apply(play, key)
    return play


def mark_red_flags(play: Playthrough) -> Playthrough:
    """Mark every red flag on the path, as a player who read every line does."""
    for node in play.visited:
        for i, message in enumerate(node.messages):
            if message.red_flag is not None:
                play.mark(node.id, i)
    return play


def finish(progress, lib: Library, scenario_id: str, keys: str, marked: bool = True):
    """Play a path to its ending and record it, as the UI does: by default
    with every red flag on the way marked (so a safe ending counts as cleared)."""
    from game.engine.marks import verdict

    play = walk(lib, scenario_id, keys)
    assert play.ended, f"{scenario_id} {keys} does not end"
    if marked:
        mark_red_flags(play)
    return progress.record_ending(
        scenario_id, play.node.id, play.ending.kind, [s.to_json() for s in play.steps], verdict=verdict(play)
    )


def child_env(**extra: str) -> dict:
    """Environment for a `python -m game` child: the repository importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONWARNDEFAULTENCODING"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


PYTHON = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning"]
