"""`fanzha check`: validate scenario files and report every problem at once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import paths
from ..cache import CheckCache
from ..library import BUILTIN, Library, LoadedFile, default_folders, load_library, scenario_files


def _targets(args, cache: CheckCache) -> tuple[Library, list[LoadedFile]]:
    """Load what is to be checked; return the library and the files to report on."""
    if not args.paths:
        lib = load_library(default_folders(args.scenarios, args.data_dir), cache=cache, checking=True)
        return lib, lib.files
    # Explicit paths: the built-in scenarios still load first, so a clash of
    # ids with a built-in one is reported, but only the named files are listed.
    named: list[Path] = []
    for raw in args.paths:
        p = Path(raw)
        named += scenario_files(p) if p.is_dir() else [p]
    named_real = {p.resolve() for p in named}
    builtin = [p for p in scenario_files(paths.builtin_scenarios_dir()) if p.resolve() not in named_real]
    lib = load_library([], files=builtin + named, cache=cache, checking=True)
    for f in lib.files[: len(builtin)]:
        f.source = BUILTIN
    return lib, lib.files[len(builtin):]


def run(args) -> int:
    cache = CheckCache.default(args.data_dir)
    lib, files = _targets(args, cache)
    problems = [p for f in files for p in f.problems]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    summaries = [f.summary for f in files if f.ok and f.summary is not None]

    if args.json:
        cited: dict[str, set[str]] = {}
        for info in summaries:
            for rule in info["rules"]:
                cited.setdefault(rule, set()).add(info["id"])
        doc = {
            "scenarios": summaries,
            "rules_cited": {r: sorted(ids) for r, ids in sorted(cited.items())},
            "errors": [p.to_json() for p in errors],
            "warnings": [p.to_json() for p in warnings],
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for p in problems:
            print(p)
        if not files:
            print("没有找到剧本文件。")
        if not args.paths:
            print(f"你自己的剧本放在：{paths.user_scenarios_dir(args.data_dir)}")
        print(f"检查了 {len(files)} 个文件：{len(summaries)} 个剧本可以玩，{len(errors)} 个错误，{len(warnings)} 个警告。")
    if errors or (args.strict and warnings):
        return 1
    return 0
