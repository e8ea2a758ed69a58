"""`fanzha lesson SCENARIO_ID [--out FILE.html|FILE.md]`: the 以案说法 class-meeting
plan for one case. Markdown on the screen; a file's format follows its suffix."""

from __future__ import annotations

from game.classroom.lesson import build_lesson, render_html, render_markdown
from game.cli.present_common import write_case_page


def run(args) -> int:
    return write_case_page(
        args, lambda s: render_html(build_lesson(s)), lambda s: render_markdown(build_lesson(s)),
        "班会教案", "网页可以直接打印",
    )
