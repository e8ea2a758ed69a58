"""What the classroom commands (map, lesson, tip, pledge) share: finding a
case by id, and writing a file or printing."""

from __future__ import annotations

import sys
from pathlib import Path

from ..library import default_folders, load_library
from ..model import Scenario

EXIT_USAGE = 2


def find_scenario(args) -> Scenario | None:
    """The case named on the command line, or None after saying which exist."""
    library = load_library(default_folders(args.scenarios, args.data_dir))
    scenario = library.get(args.scenario)
    if scenario is None:
        known = "、".join(sorted(library.scenarios)) or "（没有）"
        print(f"没有 id 为 `{args.scenario}` 的剧本（或者它有错误）。可用的剧本：{known}", file=sys.stderr)
    return scenario


def emit(text: str, out: str | None, what: str) -> int:
    """Print `text`, or write it to the file `out` (UTF-8) and say so."""
    if not out or out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    path = Path(out)
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        print(f"写不了 {path}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"已写好{what}：{path}", file=sys.stderr)
    return 0
