"""`fanzha lesson SCENARIO_ID [--out FILE.html|FILE.md]`: the 以案说法 class-meeting
plan for one case. Markdown on the screen; a file's format follows its suffix."""

from __future__ import annotations

import sys
from pathlib import Path

from game.classroom.lesson import build_lesson, render_html, render_markdown
from game.cli.present_common import EXIT_USAGE, emit, find_scenario

HTML_SUFFIXES = (".html", ".htm")
MD_SUFFIXES = (".md", ".markdown")


def run(args) -> int:
    out = args.out
    suffix = Path(out).suffix.lower() if out and out != "-" else ".md"
    if suffix not in HTML_SUFFIXES + MD_SUFFIXES:
        print("--out 的文件名要以 .html 或 .md 结尾（网页可以直接打印）", file=sys.stderr)
        return EXIT_USAGE
    scenario = find_scenario(args)
    if scenario is None:
        return EXIT_USAGE
    lesson = build_lesson(scenario)
    text = render_html(lesson) if suffix in HTML_SUFFIXES else render_markdown(lesson)
    return emit(text, out, "班会教案")
