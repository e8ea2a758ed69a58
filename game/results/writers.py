"""The class report as CSV (one row per student, for a spreadsheet) and JSON
(the same figures as every other view, for tools)."""

from __future__ import annotations

import csv
import io

from game.engine import untrusted
from game.results.figures import Figures, local_words

CSV_HEADER = (
    "班级", "姓名", "编号", "对象", "课程类型数", "识破类型数", "玩过的类型数", "首次被骗类型数", "首次被骗类型",
    "前测正确率", "后测正确率", "提升", "真消息正确相信", "真消息总数", "真消息信任率",
    "知晓", "徽章数", "规则卡数", "导出时间", "文件",
)


def _share(v: float | None) -> str:
    return "" if v is None else f"{v:.4f}"


# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): one
# starting with = + - @, a tab or a carriage return; and the full-width signs
# a Chinese input method types, which some spreadsheets read the same way.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
CSV_NOTE = (
    "注意：表格里有 {n} 个格子原来以 = + - @ 等符号开头（Excel、WPS 会把它当成公式运行），"
    "已在前面加了一个单引号 '，打开时只显示文字，不会运行。"
)


def cell(text: str) -> str:
    """A cell from a file (a name, a class, a file name) as text a spreadsheet
    shows and never runs: a leading ' before what would start a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(f: Figures) -> tuple[str, int]:
    """The CSV, and how many cells were neutralised. Shares are written as
    fractions (0.8667), ready for a % format in a spreadsheet; every cell
    that comes from an export goes through `cell`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    changed = 0
    for s in f.students:
        texts = [s.class_name, s.name, s.uid, s.file]
        safe = [cell(t) for t in texts]
        changed += sum(a != b for a, b in zip(texts, safe))
        class_name, name, uid, file = safe
        w.writerow([
            class_name, name, uid, s.audience, len(s.types_needed), len(s.types_cleared), len(s.types_played),
            len(s.types_fell_first), " ".join(s.types_fell_first), _share(s.before), _share(s.after), _share(s.gain),
            s.genuine.part, s.genuine.whole, _share(s.genuine.rate), "是" if s.aware else "否",
            s.badges, s.rules, local_words(s.exported), file,
        ])
    return buf.getvalue(), changed


def write_csv(f: Figures, path) -> int:
    """Write the CSV; how many cells were neutralised (the report says so)."""
    text, changed = csv_text(f)
    # utf-8-sig: Excel on Chinese Windows reads the BOM and shows the names right.
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write(text)
    return changed


def json_text(f: Figures) -> str:
    return untrusted.json_text(f.to_json(), indent=2) + "\n"
