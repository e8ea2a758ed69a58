"""The class report as CSV (one row per student, for a spreadsheet) and JSON
(the same figures as every other view, for tools)."""

from __future__ import annotations

import csv
import io
import json

from game.results.figures import Figures

CSV_HEADER = (
    "班级", "姓名", "编号", "安全识破类型数", "玩过的类型数", "首次被骗类型数", "首次被骗类型",
    "前测正确率", "后测正确率", "提升", "真消息正确相信", "真消息总数", "真消息信任率",
    "知晓", "徽章数", "规则卡数", "导出时间", "文件",
)


def _share(v: float | None) -> str:
    return "" if v is None else f"{v:.4f}"


def csv_text(f: Figures) -> str:
    """Shares are written as fractions (0.8667), ready for a % format in a spreadsheet."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for s in f.students:
        w.writerow([
            s.class_name, s.name, s.uid, len(s.types_cleared), len(s.types_played), len(s.types_fell_first),
            " ".join(s.types_fell_first), _share(s.before), _share(s.after), _share(s.gain),
            s.genuine.part, s.genuine.whole, _share(s.genuine.rate), "是" if s.aware else "否",
            s.badges, s.rules, s.exported, s.file,
        ])
    return buf.getvalue()


def write_csv(f: Figures, path) -> None:
    # utf-8-sig: Excel on Chinese Windows reads the BOM and shows the names right.
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write(csv_text(f))


def json_text(f: Figures) -> str:
    return json.dumps(f.to_json(), ensure_ascii=False, indent=2) + "\n"
