"""What the classroom commands (map, lesson, tip, pledge) share: finding a
case by id (play and present too), and writing a file or printing."""

from __future__ import annotations

import sys
from pathlib import Path

from game.engine.library import Library, cached_library
from game.engine.model import Scenario
from game.engine.untrusted import visible, visible_line

EXIT_USAGE = 2
HTML_SUFFIXES = (".html", ".htm")
MD_SUFFIXES = (".md", ".markdown")


def find_scenario(args) -> Scenario | None:
    """The case named on the command line, or None after saying which exist."""
    library = cached_library(args.scenarios, args.data_dir)
    return None if no_such_case(library, args.scenario) else library.get(args.scenario)


def no_such_case(library: Library, scenario_id: str) -> bool:
    """True, after saying which cases exist, when no playable case has this id."""
    if library.get(scenario_id) is not None:
        return False
    known = "、".join(sorted(library.scenarios)) or "（没有）"
    print(f"没有 id 为 `{visible_line(scenario_id)}` 的剧本（或者它有错误）。可用的剧本：{known}", file=sys.stderr)
    return True


def emit(text: str, out: str | None, what: str) -> int:
    """Print `text`, or write it to the file `out` (UTF-8) and say so. Every
    hidden character (from a scenario, a names list) is shown, not passed on:
    a page or map printed to a terminal can set nothing there."""
    text = visible(text)
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
        print(f"写不了 {visible_line(str(path))}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"已写好{what}：{visible_line(str(path))}", file=sys.stderr)
    return 0


def write_case_page(args, to_html, to_markdown, what: str, html_use: str) -> int:
    """A page made from the case named on the command line (lesson, article):
    Markdown on the screen; a file's format follows its suffix."""
    out = args.out
    suffix = Path(out).suffix.lower() if out and out != "-" else ".md"
    if suffix not in HTML_SUFFIXES + MD_SUFFIXES:
        print(f"--out 的文件名要以 .html 或 .md 结尾（{html_use}）", file=sys.stderr)
        return EXIT_USAGE
    scenario = find_scenario(args)
    if scenario is None:
        return EXIT_USAGE
    return emit(to_html(scenario) if suffix in HTML_SUFFIXES else to_markdown(scenario), out, what)
