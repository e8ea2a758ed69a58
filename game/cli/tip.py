"""`fanzha tip [--date YYYY-MM-DD] [--days N]`: the daily anti-fraud tip for the
class QQ/WeChat group — the same on every machine for the same date, never the
same twice within a month. `--days 30` prints a month to paste ahead."""

from __future__ import annotations

import datetime as dt
import sys

from game.classroom.tips import format_tip, tips_for
from game.engine.untrusted import visible

MAX_DAYS = 366


def run(args) -> int:
    if args.date:
        try:
            start = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"--date 要写成 YYYY-MM-DD，例如 2025-03-14（收到的是 {args.date}）", file=sys.stderr)
            return 2
    else:
        start = dt.date.today()
    if not 1 <= args.days <= MAX_DAYS:
        print(f"--days 要在 1 到 {MAX_DAYS} 之间", file=sys.stderr)
        return 2
    if (dt.date.max - start).days < args.days - 1:
        print(f"日历只到 {dt.date.max.isoformat()}：从 {start.isoformat()} 起最多 {(dt.date.max - start).days + 1} 天", file=sys.stderr)
        return 2
    blocks = [format_tip(day, tip) for day, tip in tips_for(start, args.days)]
    sys.stdout.write(visible("\n\n".join(blocks) + "\n"))  # the tips are a file too
    return 0
