"""`fanzha pledge [--class NAME] [--names FILE] [--out FILE]`: the class's
防诈倡议书 as a printable web page, with the names to sign (one a line, or a
学号,姓名 table saved as CSV, in FILE) or empty signature lines."""

from __future__ import annotations

import sys

from game.classroom.pledge import build_pledge, read_roster, render_html
from game.cli.present_common import emit
from game.engine.untrusted import visible_line


def run(args) -> int:
    names: list[str] = []
    if args.names:
        try:
            roster = read_roster(args.names)
        except (OSError, ValueError) as exc:
            print(f"读不了名单 {visible_line(args.names)}：{getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 2
        names = list(roster.names)
        print(roster.describe(args.names), file=sys.stderr)
    pledge = build_pledge(args.class_name or "", names)
    return emit(render_html(pledge), args.out, "倡议书")
