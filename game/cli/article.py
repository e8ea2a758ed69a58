"""`fanzha article SCENARIO_ID [--out FILE.html|FILE.md]`: the weekly 以案说法
article for the school's 公众号 or website. Markdown on the screen; a file's
format follows its suffix."""

from __future__ import annotations

from game.classroom.article import build_article, render_html, render_markdown
from game.cli.present_common import write_case_page


def run(args) -> int:
    return write_case_page(
        args, lambda s: render_html(build_article(s)), lambda s: render_markdown(build_article(s)),
        "反诈文章", "网页可以直接粘贴到公众号编辑器或打印",
    )
