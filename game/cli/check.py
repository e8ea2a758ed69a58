"""`fanzha check`: validate scenario files and report every problem at once."""

from __future__ import annotations

import sys
from pathlib import Path

from game.engine import curriculum, paths
from game.engine.cache import CheckCache
from game.engine.cases import type_number
from game.engine.library import BUILTIN, Library, LoadedFile, default_folders, load_library, scenario_files
from game.engine.vocab import ENDING_KINDS, channel_words
from game.engine.untrusted import json_text, visible, visible_line


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


def markdown_table(summaries: list[dict]) -> str:
    """One row per scenario, for scenarios/README.md and a teacher's notes."""
    rows = [
        "| 剧本 | 类型 | 对象 | 渠道 | 选择点（主线/全部） | 结局 | 教的规则 |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in sorted(summaries, key=lambda s: (type_number(s["fraud_type"]), s["id"])):
        kinds = [e["kind"] for e in s["endings"]]
        # In words, the symbol only beside them: a GBK console cannot show ✔ ✘ ⚠ ⊘.
        endings = " ".join(f"{k.symbol}{k.short}{kinds.count(k.id)}" for k in ENDING_KINDS.values() if k.id in kinds)
        who = "、".join(s["audience"]) + ("（帮助者）" if s["perspective"] == "helper" else "")
        real = "，真消息" if not s["is_scam"] else ""
        rows.append(
            f"| `{s['id']}` {s['title']} | {s['fraud_type']}{real} | {who} "
            f"| {'、'.join(channel_words(c) for c in s['channels'])} "
            f"| {s['main_line_decisions']}/{s['decisions']} | {len(kinds)}：{endings} | {', '.join(sorted(s['rules'], key=_rule_order))} |"
        )
    return "\n".join(rows) + "\n"


GROUP_ORDER = ("soul", "six", "ten", "slogan", "type")


def _rule_order(rule_id: str) -> tuple[int, int]:
    group, _, n = rule_id.partition("-")
    return (GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER), int(n) if n.isdigit() else 0)


def coverage_lines(found: list[curriculum.Coverage]) -> list[str]:
    """The types each audience cannot reach yet: information, not a warning."""
    from game.engine.rules import catalogue

    cat = catalogue()
    total = len(curriculum.plan_types())
    lines = ["课程覆盖（还没有案例的类型可以以后再补，不算问题）："]
    for c in found:
        line = f"  {c.audience}：{total} 类中有 {len(c.covered)} 类有案例"
        if c.missing:
            line += "；还没有：" + "、".join(f"{cat[t].label}{cat[t].title}" for t in c.missing)
        lines.append(line)
        if c.not_listed:
            lines.append(f"    写给{c.audience}、却没有列进课程的案例：{'、'.join(c.not_listed)}（见 assets/curriculum.yaml）")
    return lines


def run(args) -> int:
    cache = CheckCache.default(args.data_dir)
    lib, files = _targets(args, cache)
    problems = [p for f in files for p in f.problems]
    cur = curriculum.load(args.data_dir)
    if not args.paths:  # named files alone are not the library the curriculum lists
        problems += curriculum.problems(cur, lib.infos)
    coverage = curriculum.coverage(cur, lib.infos)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    summaries = [f.summary for f in files if f.ok and f.summary is not None]

    # Titles, ids and file names come from files (or the cache): shown, never obeyed.
    if getattr(args, "table", False):
        sys.stdout.write(visible(markdown_table(summaries)))
        # The table holds only the cases that load: say why the others are missing.
        for p in problems:
            print(p, file=sys.stderr)
        if errors:
            print(f"有 {len(errors)} 个错误：出错的剧本不在表里。", file=sys.stderr)
    elif args.json:
        cited: dict[str, set[str]] = {}
        for info in summaries:
            for rule in info["rules"]:
                cited.setdefault(rule, set()).add(info["id"])
        doc = {
            "scenarios": summaries,
            "rules_cited": {r: sorted(ids) for r, ids in sorted(cited.items())},
            "errors": [p.to_json() for p in errors],
            "warnings": [p.to_json() for p in warnings],
            "coverage": {c.audience: c.to_json() for c in coverage},
        }
        sys.stdout.write(json_text(doc, indent=2) + "\n")
    else:
        for p in problems:
            print(p)
        if not files:
            print("没有找到剧本文件。")
        if not args.paths:
            print(f"你自己的剧本放在：{visible_line(str(paths.user_scenarios_dir(args.data_dir)))}")
            print(f"你自己的课程（给某一类加案例）放在：{visible_line(str(curriculum.user_file(args.data_dir)))}")
        print("\n".join(coverage_lines(coverage)))
        print(f"检查了 {len(files)} 个文件：{len(summaries)} 个剧本可以玩，{len(errors)} 个错误，{len(warnings)} 个警告。")
    if errors or (args.strict and warnings):
        return 1
    return 0
