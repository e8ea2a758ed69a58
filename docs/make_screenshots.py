"""Make the README's screenshots with the app's own SVG screenshot support.

    python docs/make_screenshots.py            # writes docs/screenshots/*.svg

Runs the game headless with Textual's Pilot over a built-in case: a chat, the
outcome of a loss with its rules, and the review (以案说法). Re-run it after
changing the look or the case; commit the SVGs it writes."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.explore import as_keys, explore  # noqa: E402
from game.engine.library import load_library  # noqa: E402
from game.engine.paths import builtin_scenarios_dir  # noqa: E402
from game.engine.vocab import channel  # noqa: E402
from game.progress.memory import MemoryProgress  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
DEFAULT_CASE = "type08-dujiaoshou-shouhao"


def plan(scenario):
    """The keys to the first loss ending, and how many of them lead to the
    last chat on the way there (the chat screenshot)."""
    found = explore(scenario)
    losses = [(nid, steps) for nid, steps in found.endings.items() if scenario.endings[nid].kind == "loss"]
    ending_id, steps = losses[0] if losses else next(iter(found.endings.items()))
    keys = as_keys(scenario, steps)
    nodes = [scenario.nodes[s.node] for s in steps]
    chat_at = max((i for i, n in enumerate(nodes) if channel(n.channel).drawing == "bubble"), default=0)
    return keys, chat_at, ending_id


async def shoot(scenario_id: str, size: tuple[int, int]) -> list[Path]:
    from game.ui import FanzhaApp
    from game.ui.screens.outcome import OutcomeScreen
    from game.ui.screens.play import PlayScreen
    from game.ui.screens.review import ReviewScreen

    library = load_library([(builtin_scenarios_dir(), "builtin")])
    scenario = library.get(scenario_id)
    if scenario is None:
        raise SystemExit(f"no built-in case {scenario_id}")
    keys, chat_at, ending_id = plan(scenario)
    app = FanzhaApp(library=library, scenario_id=scenario_id, progress=MemoryProgress(), pace=0)
    app.animation_level = "none"  # no ticking countdown, no cursor blink
    written = []

    async def settle(pilot, cls):
        while not isinstance(app.screen, cls) or (cls is PlayScreen and not app.screen._ready):
            await pilot.pause(0.02)
        await pilot.pause()
        await pilot.pause()

    def save(name: str) -> None:
        path = OUT / name
        app.save_screenshot(path.name, path=str(path.parent))
        written.append(path)

    async with app.run_test(size=size) as pilot:
        for n, key in enumerate(keys):
            await settle(pilot, PlayScreen)
            if n == chat_at:
                save("chat.svg")
            if key.startswith("text:"):
                await pilot.press("f", *key[5:], "enter")
            else:
                await pilot.press(key)
        await settle(pilot, OutcomeScreen)
        save("outcome.svg")
        await pilot.press("r")
        await settle(pilot, ReviewScreen)
        save("review.svg")
    print(f"{scenario.title} → {ending_id}")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=DEFAULT_CASE, help="a built-in case id")
    parser.add_argument("--size", default="100x32", help="terminal size, WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    OUT.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(args.scenario, (width, height))):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
