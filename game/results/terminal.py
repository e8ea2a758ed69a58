"""The class report in the terminal: Rich tables with bars."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from game.engine.vocab import ENDING_KINDS
from game.results.figures import DEFINITIONS, Count, Figures, pct, points

BAR_WIDTH = 20


def bar(value: float | None, width: int = BAR_WIDTH, style: str = "green") -> Text:
    if value is None:
        return Text("")
    filled = round(max(0.0, min(1.0, value)) * width)
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "grey50"))


def _count(c: Count) -> str:
    return f"{pct(c.rate)}（{c.part}/{c.whole}）" if c.whole else "—（没有数据）"


def summary_table(f: Figures) -> Table:
    c = f.checks
    t = Table(title="总体情况", title_justify="left", show_header=True, header_style="bold")
    t.add_column("指标")
    t.add_column("数值", justify="right")
    t.add_column("", no_wrap=True)
    t.add_row("学生人数", str(len(f.students)), "")
    t.add_row("知晓率", _count(f.aware), bar(f.aware.rate))
    t.add_row("前测平均分", f"{pct(c.before_mean)}（{c.before_taken} 人）", bar(c.before_mean, style="cyan"))
    t.add_row("后测平均分", f"{pct(c.after_mean)}（{c.after_taken} 人）", bar(c.after_mean, style="cyan"))
    t.add_row("提升（前后都做的学生）", f"{points(c.gain)}（{c.paired} 人）", "")
    t.add_row("真消息信任率", _count(f.genuine_overall), bar(f.genuine_overall.rate, style="blue"))
    return t


def forms_table(f: Figures) -> Table:
    t = Table(title="辨一辨各卷得分（按读者分开）", title_justify="left", header_style="bold")
    t.add_column("卷")
    t.add_column("做前测", justify="right")
    t.add_column("前测平均分", justify="right")
    t.add_column("做后测", justify="right")
    t.add_column("后测平均分", justify="right")
    for row in f.checks.forms:
        t.add_row(Text(row.name), str(len(row.before)), pct(row.before_mean), str(len(row.after)), pct(row.after_mean))
    return t


def classes_table(f: Figures) -> Table:
    t = Table(title="各班知晓率", title_justify="left", header_style="bold")
    t.add_column("班级")
    t.add_column("学生", justify="right")
    t.add_column("知晓率", justify="right")
    t.add_column("", no_wrap=True)
    for name, count in f.classes:
        t.add_row(Text(name or "（没填班级）"), str(count.whole), _count(count), bar(count.rate))
    return t


def types_table(f: Figures) -> Table:
    t = Table(title="各类诈骗：第一次遇到就被骗的比例", title_justify="left", header_style="bold")
    t.add_column("类别")
    t.add_column("名称")
    t.add_column("玩过", justify="right")
    t.add_column("首次被骗", justify="right")
    t.add_column(f"其中{ENDING_KINDS['stopped'].words}", justify="right")
    t.add_column("首次被骗率", justify="right")
    t.add_column("", no_wrap=True)
    for row in f.types:
        n = row.type.split("-")[-1]
        t.add_row(
            f"第{n}类", row.title, str(row.played), str(row.fell), str(row.stopped),
            pct(row.rate), bar(row.rate, style="red"),
        )
    return t


def genuine_table(f: Figures) -> Table:
    t = Table(title="真消息信任率（乱怀疑也算错）", title_justify="left", header_style="bold")
    t.add_column("来源")
    t.add_column("正确相信", justify="right")
    t.add_column("", no_wrap=True)
    for label, c in (
        ("辨一辨·前测里的真消息", f.genuine_before),
        ("辨一辨·后测里的真消息", f.genuine_after),
        ("真消息剧本（第一次玩）", f.genuine_scenarios),
        ("合计", f.genuine_overall),
    ):
        t.add_row(label, _count(c), bar(c.rate, style="blue"))
    return t


def students_table(f: Figures) -> Table:
    t = Table(title="每个学生", title_justify="left", header_style="bold")
    for name, justify in (
        ("班级", "left"), ("姓名", "left"), ("对象", "left"), ("安全识破类型", "right"), ("首次被骗类型", "right"),
        ("前测", "right"), ("后测", "right"), ("提升", "right"), ("真消息", "right"), ("知晓", "center"),
    ):
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in f.students:
        t.add_row(
            # Names come from players: Text, so "[bold]" is shown, not obeyed.
            Text(s.class_name), Text(s.name or f"匿名（{s.uid[:6]}）"), s.audience,
            f"{len(s.types_cleared)}/{len(s.types_needed)}", str(len(s.types_fell_first)),
            pct(s.before), pct(s.after), points(s.gain).replace(" 个百分点", ""),
            pct(s.genuine.rate), "✓ 是" if s.aware else "✗ 否",  # in words: ✓ ✗ are lost on a GBK console
        )
    return t


def compare_tables(f: Figures) -> list[Table]:
    """This year beside last year, and the plan's two targets."""
    from game.results.compare import direction, verdict

    cmp = f.compare
    t = Table(title=f"和去年比（今年 {cmp.students_now} 人，去年 {cmp.students_before} 人）",
              title_justify="left", header_style="bold")
    for name, justify in (("指标", "left"), ("今年", "right"), ("去年", "right"), ("变化", "right"), ("", "left")):
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    for c in cmp.changes + cmp.types:
        label = c.label if c in cmp.changes else f"首次被骗率 · 第{c.key.split('-')[-1]}类 {c.label}"
        t.add_row(label, pct(c.now), pct(c.before), points(c.delta).replace(" 个百分点", ""), direction(c))
    goals = Table(title="无诈班级评选参考：学校方案的目标", title_justify="left", header_style="bold")
    goals.add_column("目标")
    goals.add_column("今年")
    for target in cmp.targets:
        goals.add_row(target.label, verdict(target.met))
    return [t, goals]


def render(f: Figures, console: Console) -> None:
    console.print(Panel(Text("\n".join(f.head_lines())), title="反诈大冒险 · 班级报告", title_align="left"))
    console.print(summary_table(f))
    if f.checks.forms:
        console.print(forms_table(f))
    if len(f.classes) > 1:
        console.print(classes_table(f))
    console.print(types_table(f))
    console.print(genuine_table(f))
    console.print(students_table(f))
    if f.compare is not None:
        from game.results.compare import CAVEAT

        for table in compare_tables(f):
            console.print(table)
        if f.compare.rules_differ:
            console.print(Text(f.compare.rules_differ, style="bold"), soft_wrap=True)
        console.print(Text(CAVEAT), soft_wrap=True)
    notes = [Text("口径说明", style="bold")]
    notes += [Text(f"· {text}") for text in DEFINITIONS.values()]
    if f.rules_note:
        notes.append(Text(f"· {f.rules_note}"))
    if f.skipped:
        notes.append(Text("跳过的文件", style="bold"))
        notes += [Text(f"· {s.file}：{s.reason}") for s in f.skipped]
    if f.duplicates:
        notes.append(Text("重复导出（只算较新的那份）", style="bold"))
        notes += [Text(f"· {d.file} → 用 {d.kept}") for d in f.duplicates]
    if f.same_name:
        notes.append(Text("同班同名、不同档案", style="bold"))
        notes += [Text(f"· {n.words()}") for n in f.same_name]
    for note in notes:
        # soft_wrap: the terminal folds long Chinese lines itself, character by
        # character, instead of Rich breaking them at the few spaces.
        console.print(note, soft_wrap=True)
