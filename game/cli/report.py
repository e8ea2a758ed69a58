"""`fanzha report PATH ...`: the class summary from exported results.

    fanzha report exports/                 the summary in the terminal
    fanzha report a.json b.json --json     the same figures as JSON
    fanzha report exports/ --html 报告.html --csv 学生.csv
    fanzha report 今年/ --compare 去年/     with last year's figures beside

Damaged or foreign files are skipped with a message naming them; the same
student exported twice counts once (the newest export)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from game.engine import curriculum
from game.engine.nocycles import no_cycle_collection
from game.engine.untrusted import visible_line
from game.results.figures import collect, compute


def run(args) -> int:
    # Until the figures are drawn and freed: re-enabling the GC while they are
    # alive would make its next pass scan all of them once more.
    with no_cycle_collection():
        return _run(args)


def _files(collected) -> set[str]:
    return {os.path.realpath(r.source) for r in collected.students}


def _run(args) -> int:
    collected = collect(args.paths)  # file names, names and reasons arrive shown (〔U+202E〕), never raw
    for s in collected.skipped:
        print(f"跳过 {s.file}：{s.reason}", file=sys.stderr)
    for d in collected.duplicates:
        print(f"重复导出：{d.file} 不计入，用同一个学生较新的 {d.kept}", file=sys.stderr)
    for n in collected.same_name:
        print(f"注意：{n.words()}", file=sys.stderr)
    for f in collected.blank:
        print(f"不计入 {visible_line(f)}：这个档案没玩过案例，也没做过辨一辨", file=sys.stderr)
    if not collected.students:
        print("没有找到可以统计的成绩文件（fanzha export 导出的 .json）。", file=sys.stderr)
        return 1
    cur = curriculum.load(args.data_dir)
    figures = compute(collected, cur=cur)
    if args.compare:
        last = collect(args.compare)
        for s in last.skipped:
            print(f"跳过（去年）{s.file}：{s.reason}", file=sys.stderr)
        if last.students:
            from game.results.compare import compare

            both = _files(collected) & _files(last)
            if both:
                print(f"注意：有 {len(both)} 份成绩文件今年和 --compare 里都有，对比会偏向“持平”。", file=sys.stderr)
            figures.compare = compare(figures, compute(last, cur=cur))
            if figures.compare.rules_differ:
                print(figures.compare.rules_differ, file=sys.stderr)
        else:
            print("--compare 里没有找到可以统计的成绩文件：这次不做对比。", file=sys.stderr)
    try:
        if args.html:
            from game.results.html import render as render_html

            Path(args.html).write_text(render_html(figures), encoding="utf-8")
            print(f"已写出 HTML 报告：{visible_line(args.html)}", file=sys.stderr)
        if args.csv:
            from game.results.writers import CSV_NOTE, write_csv

            changed = write_csv(figures, args.csv)
            print(f"已写出 CSV：{visible_line(args.csv)}", file=sys.stderr)
            if changed:
                print(CSV_NOTE.format(n=changed), file=sys.stderr)
    except OSError as exc:
        print(f"写不了文件：{exc.strerror or exc}（{visible_line(str(exc.filename))}）", file=sys.stderr)
        return 1
    if args.json:
        from game.results.writers import json_text

        sys.stdout.write(json_text(figures))
        return 0
    from rich.console import Console

    from game.results.terminal import render

    render(figures, Console(file=sys.stdout, width=None if sys.stdout.isatty() else 120))
    return 0
