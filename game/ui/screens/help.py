"""Every key, screen by screen, read from the screens' own bindings so the
help can never drift from what the keys really do."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.ui.keys import key_text
from game.ui.widgets.keybar import KeyBar

# Keys that Textual's widgets give the player, stated once.
COMMON = (
    ("↑ ↓ 回车", "在选项里移动、选择（鼠标点击也可以）"),
    ("Tab", "在按钮、输入框之间移动"),
    ("Ctrl+Q", "立即退出（不用确认）"),
)


def sections(app_class: type) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every screen's keys, the app's own first. The app's class is passed in:
    the help screen sits below the app and never imports it."""
    from game.ui.screens.classreport import ClassReportScreen
    from game.ui.screens.handbook import HandbookScreen
    from game.ui.screens.outcome import OutcomeScreen
    from game.ui.screens.picker import PickerScreen
    from game.ui.screens.play import PlayScreen
    from game.ui.screens.present import PresentScreen
    from game.ui.screens.profiles import BadgesScreen, ProfileFormScreen, ProfilesScreen
    from game.ui.screens.quiz import QuizResultScreen, QuizScreen
    from game.ui.screens.review import ReviewScreen
    from game.ui.screens.storymap import StoryMapScreen
    from game.ui.screens.title import TitleScreen

    screens = (
        ("任何时候", app_class),
        ("标题页", TitleScreen),
        ("选择案例", PickerScreen),
        ("游戏中", PlayScreen),
        ("结局页", OutcomeScreen),
        ("复盘（以案说法）", ReviewScreen),
        ("反诈手册", HandbookScreen),
        ("投影演示（F5 或 fanzha present）", PresentScreen),
        ("故事地图（投影演示里按 m）", StoryMapScreen),
        ("换人 / 档案", ProfilesScreen),
        ("新建档案、改名字", ProfileFormScreen),
        ("徽章", BadgesScreen),
        ("辨一辨", QuizScreen),
        ("辨一辨的结果", QuizResultScreen),
        ("班级报告", ClassReportScreen),
    )
    out = []
    for title, cls in screens:
        rows: dict[str, list[str]] = {}
        if cls is ProfileFormScreen:
            rows["下一项：名字 → 班级 → 我是 → 按钮"] = ["Tab"]
        # A screen's keys, or those of the widgets that hold them (KEYS_FROM).
        keys_from = getattr(cls, "KEYS_FROM", (cls,))
        for binding in Binding.make_bindings([b for c in keys_from for b in c.BINDINGS]):
            if not binding.description or binding.action.startswith("scroll_story"):
                continue
            keys = rows.setdefault(binding.description, [])
            text = key_text(binding)
            if text not in keys:
                keys.append(text)
        if cls is PlayScreen:
            rows.setdefault("翻看前面的对话", []).append("PgUp / PgDn")
            rows.setdefault("标记可疑（或取消）：用鼠标点一下那句话", []).append("鼠标")
        if cls is PresentScreen:
            rows.setdefault("标记可疑（或取消）：用鼠标点一下那句话", []).append("鼠标")
        out.append((title, [(" / ".join(keys), what) for what, keys in rows.items()]))
    out.append(("到处都能用", list(COMMON)))
    return out


class HelpScreen(Screen):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Content.styled("帮助：所有按键", "bold"), id="help-title")
            yield Static(
                "整个游戏只用键盘就能玩，也可以用鼠标。底部一行总是显示现在能按的键。",
                classes="hint",
                markup=False,
            )
            for title, rows in sections(type(self.app)):
                yield Static(title, classes="help-section", markup=False)
                for keys, what in rows:
                    pad = " " * max(1, 16 - cell_len(keys))
                    yield Static(Content.assemble((keys, "bold"), pad, what), classes="help-row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
