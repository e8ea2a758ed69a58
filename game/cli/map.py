"""`fanzha map SCENARIO_ID [--format text|mermaid|dot] [--path IDS] [--out FILE]`:
the story map for handouts and slides — every decision and ending, safe and
loss endings in words and symbols; with --path, the way taken highlighted."""

from __future__ import annotations

import sys

from game.classroom.maprender import render
from game.classroom.storymap import build_map
from game.cli.present_common import EXIT_USAGE, emit, find_scenario


def run(args) -> int:
    scenario = find_scenario(args)
    if scenario is None:
        return EXIT_USAGE
    m = build_map(scenario)
    path = None
    if args.path:
        path = [p.strip() for p in args.path.split(",") if p.strip()]
        try:
            m.trail(path)
        except ValueError as exc:
            print(f"--path 不对：{exc}", file=sys.stderr)
            return EXIT_USAGE
    return emit(render(m, args.format, path), args.out, "故事地图")
