"""`fanzha check`: validate scenario files and report every problem at once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import paths
from ..library import BUILTIN, Library, default_folders, load_file, load_library, scenario_files
from ..rules import catalogue
from ..summary import scenario_summary


def _targets(args) -> tuple[Library, set[str]]:
    """Load what is to be checked; return the library and the files to report on."""
    if not args.paths:
        lib = load_library(default_folders(args.scenarios, args.data_dir))
        return lib, {str(f.path) for f in lib.files}
    # Explicit paths: built-in scenarios still load first, so a clash of ids
    # with a built-in one is reported, but only the named files are reported on.
    lib = Library()
    cat = catalogue()
    named: list[Path] = []
    for raw in args.paths:
        p = Path(raw)
        named += scenario_files(p) if p.is_dir() else [p]
    named_real = {p.resolve() for p in named}
    for path in scenario_files(paths.builtin_scenarios_dir()):
        if path.resolve() not in named_real:
            lib.add(load_file(path, BUILTIN, cat))
    report: set[str] = set()
    done: set[Path] = set()
    for p in named:
        if p.resolve() in done:
            continue
        done.add(p.resolve())
        lib.add(load_file(p, str(p.parent), cat))
        report.add(str(p))
    return lib, report


def run(args) -> int:
    lib, report = _targets(args)
    files = [f for f in lib.files if str(f.path) in report]
    problems = [p for f in files for p in f.problems]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    scenarios = [f.scenario for f in files if f.scenario is not None]

    if args.json:
        cited: dict[str, list[str]] = {}
        out = []
        for s in scenarios:
            info = scenario_summary(s)
            out.append(info)
            for rule in info["rules"]:
                cited.setdefault(rule, []).append(s.id)
        doc = {
            "scenarios": [{k: v for k, v in i.items() if k != "rules"} for i in out],
            "rules_cited": {r: sorted(set(ids)) for r, ids in sorted(cited.items())},
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
        print(f"检查了 {len(files)} 个文件：{len(scenarios)} 个剧本可以玩，{len(errors)} 个错误，{len(warnings)} 个警告。")
    if errors or (args.strict and warnings):
        return 1
    return 0
