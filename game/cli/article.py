"""`fanzha article SCENARIO_ID [--out FILE.html|FILE.md]`: the weekly 以案说法
article for the school's 公众号 or website. Markdown on the screen; a file's
format follows its suffix."""

from __future__ import annotations

import sys
from pathlib import Path

from game.classroom.article import build_article, render_html, render_markdown
from game.cli.lesson import HTML_SUFFIXES, MD_SUFFIXES
from game.cli.present_common import EXIT_USAGE, emit, find_scenario


def run(args) -> int:
    out = args.out
    suffix = Path(out).suffix.lower() if out and out != "-" else ".md"
    if suffix not in HTML_SUFFIXES + MD_SUFFIXES:
        print("--out 的文件名要以 .html 或 .md 结尾（网页可以直接粘贴到公众号编辑器或打印）", file=sys.stderr)
        return EXIT_USAGE
    scenario = find_scenario(args)
    if scenario is None:
        return EXIT_USAGE
    article = build_article(scenario)
    text = render_html(article) if suffix in HTML_SUFFIXES else render_markdown(article)
    return emit(text, out, "反诈文章")
