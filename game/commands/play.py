"""`fanzha` and `fanzha play SCENARIO_ID`: open the game in the terminal."""

from __future__ import annotations

import sys

from ..library import default_folders, load_library


def run(args) -> int:
    library = load_library(default_folders(args.scenarios, args.data_dir))
    scenario_id = getattr(args, "scenario", None)
    if scenario_id and library.get(scenario_id) is None:
        known = "、".join(sorted(library.scenarios)) or "（没有）"
        print(f"没有 id 为 `{scenario_id}` 的剧本。可用的剧本：{known}", file=sys.stderr)
        return 2
    from ..ui import FanzhaApp  # Textual is imported only when the UI is wanted

    FanzhaApp(library=library, scenario_id=scenario_id, data_dir=args.data_dir).run()
    return 0
