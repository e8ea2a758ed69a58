"""`fanzha present [SCENARIO_ID]`: the game in presenter mode, for a class in
front of a projector. The light theme, no typing delay, every decision a class
vote (letter keys), step back to any decision, the rules revealed, the story
map, a case summary at the end. Without SCENARIO_ID the title screen opens in
presenter mode and the case the teacher picks is shown that way.

Nothing is recorded to a profile: the class's votes are nobody's own result."""

from __future__ import annotations

import sys

from game.engine.library import cached_library
from game.cli.present_common import EXIT_USAGE, no_such_case


def build_app(library, scenario_id: str | None, data_dir=None):
    """The app as `fanzha present` runs it (the tests build it this way too)."""
    from game.progress.memory import MemoryProgress
    from game.ui import FanzhaApp  # Textual is imported only when the UI is wanted

    return FanzhaApp(
        library=library,
        scenario_id=scenario_id,
        data_dir=data_dir,
        progress=MemoryProgress(),
        presenting=True,
    )


def run(args) -> int:
    library = cached_library(args.scenarios, args.data_dir)
    scenario_id = getattr(args, "scenario", None)
    if scenario_id and no_such_case(library, scenario_id):
        return EXIT_USAGE
    from game.text.plain import needs_plain, run_plain

    why = needs_plain()
    if why:  # as `fanzha play` does: the full screen cannot run here (nothing is recorded, as in presenter mode)
        print(f"{why}，改用纯文字方式（--plain）；投影演示要在终端窗口里打开。", file=sys.stderr)
        return run_plain(library, None, scenario_id)
    build_app(library, scenario_id, args.data_dir).run()
    return 0
