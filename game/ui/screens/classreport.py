"""班级报告: the teacher's class summary, in the game window. Opens a folder of
exports (`fanzha export`, or x on the profile screen) and shows the same
figures as `fanzha report` (game/results/figures.py, drawn with the report's
own Rich tables). Damaged or foreign files are listed as skipped, with why."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from game.ui.words import lit
from game.ui.widgets.keybar import KeyBar
from game.ui.screens.profiles import exports_dir

NO_FILES = (
    "这个文件夹里还没有成绩文件。学生在“换人 / 档案”里按 x 导出自己的成绩（放进这台电脑的 exports 文件夹），"
    "或者老师运行 fanzha export --all --out 文件夹，再把文件夹的位置写在上面。"
)


def load(folder: str, data_dir=None):
    """(collected, figures) for a folder or file of exports: the work of
    `fanzha report`, done in a worker thread (a class is many files), with
    this data folder's curriculum."""
    from game.engine import curriculum
    from game.results.figures import collect, compute

    collected = collect([folder])
    return collected, compute(collected, cur=curriculum.load(data_dir))


class ClassReportScreen(Screen):
    CSS_PATH = "classreport.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("ctrl+o", "focus_path", "换文件夹", key_display="Ctrl+O"),
        Binding("pageup", "scroll_report(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_report(1)", show=False, priority=True),
    ]

    def __init__(self, folder: str | Path | None = None) -> None:
        super().__init__()
        self.folder = str(folder) if folder is not None else None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("班级报告", "bold"), "　学生导出的成绩放在一个文件夹里，写上位置按回车打开。"),
            id="report-title",
        )
        with Horizontal(id="report-path"):
            yield Static("文件夹：", id="path-label", markup=False)
            yield Input(id="path-input", placeholder="放成绩文件（.json）的文件夹", compact=True)
        yield Static("", id="report-status")
        yield VerticalScroll(id="report-body")
        yield KeyBar()

    def on_mount(self) -> None:
        field = self.query_one("#path-input", Input)
        if self.folder is None:
            try:
                self.folder = str(exports_dir(self.app))
            except Exception:
                self.folder = ""
        field.value = self.folder
        if self.app.animation_level == "none":
            field.cursor_blink = False
        field.focus()
        if self.folder and Path(self.folder).exists():
            self.open(self.folder)
        else:
            self._status(Content(NO_FILES))

    def _status(self, content: Content) -> None:
        self.query_one("#report-status", Static).update(content)

    # -- opening ----------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if not typed:
            self._status(Content("先写上放成绩文件的文件夹。"))
            return
        self.open(str(Path(typed).expanduser()))

    def open(self, folder: str) -> None:
        self.folder = folder
        self._status(Content.assemble("正在读取 ", lit(folder), " ……"))
        data_dir = self.app.data_dir
        self.run_worker(lambda: load(folder, data_dir), thread=True, exclusive=True, group="report", exit_on_error=False)

    def on_worker_state_changed(self, event) -> None:
        if event.worker.group != "report" or not event.worker.is_finished:
            return
        if event.worker.error is not None:
            self._status(Content.assemble(("✘ 读不了：", "bold"), lit(str(event.worker.error))))
            return
        if event.worker.result is not None:
            self.show(*event.worker.result)

    def show(self, collected, figures) -> None:
        from game.results.figures import DEFINITIONS, pct
        from game.results.terminal import (
            classes_table, forms_table, genuine_table, students_table, summary_table, types_table,
        )

        body = self.query_one("#report-body", VerticalScroll)
        body.remove_children()
        f = figures
        head: list = [
            ("学生 ", "bold"), (f"{len(f.students)} 人", "bold"),
            "｜", ("知晓率 ", "bold"), (f"{pct(f.aware.rate)}（{f.aware.part}/{f.aware.whole}）", "bold"),
        ]
        if f.skipped:
            head += ["｜", (f"✘ 跳过 {len(f.skipped)} 个文件", "bold $warning")]
        if f.duplicates:
            head.append(f"｜{len(f.duplicates)} 份重复导出只算最新的")
        self._status(Content.assemble(*head))
        # When, what was left out, and the curriculum 知晓率 counts against.
        widgets: list[Static] = [Static(lit("\n".join(f.head_lines())), classes="report-note")]
        if not f.students:
            widgets.append(Static(NO_FILES, classes="report-note", markup=False))
        else:
            shown = f  # the report's tables show names as Text: never markup
            tables = [summary_table(shown)]
            if f.checks.forms:
                tables.append(forms_table(shown))
            if len(f.classes) > 1:
                tables.append(classes_table(shown))
            tables += [types_table(shown), genuine_table(shown), students_table(shown)]
            widgets += [Static(t, classes="report-table") for t in tables]
        if f.skipped:
            widgets.append(Static("跳过的文件（没有计入）", classes="report-heading", markup=False))
            widgets += [
                Static(Content.assemble(("✘ ", "bold"), lit(s.file), "：", lit(s.reason)), classes="report-note")
                for s in f.skipped
            ]
        if f.duplicates:
            widgets.append(Static("重复导出（只算较新的那份）", classes="report-heading", markup=False))
            widgets += [Static(lit(f"· {d.file} → 用 {d.kept}"), classes="report-note") for d in f.duplicates]
        if f.same_name:
            widgets.append(Static("同班同名、不同档案", classes="report-heading", markup=False))
            widgets += [Static(lit(f"· {n.words()}"), classes="report-note") for n in f.same_name]
        if f.students:
            widgets.append(Static("口径说明", classes="report-heading", markup=False))
            widgets += [Static(lit(f"· {text}"), classes="report-note") for text in DEFINITIONS.values()]
            if f.rules_note:
                widgets.append(Static(lit(f"· {f.rules_note}"), classes="report-note"))
        body.mount_all(widgets)
        body.scroll_home(animate=False)

    # -- keys -------------------------------------------------------------------
    def action_focus_path(self) -> None:
        self.query_one("#path-input", Input).focus()

    def action_scroll_report(self, direction: int) -> None:
        body = self.query_one("#report-body", VerticalScroll)
        if direction < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()
