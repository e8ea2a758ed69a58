"""The title screen: the game's name, what it is, and where to go."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..messages import LibraryReady
from ..widgets.keybar import KeyBar
from .profiles_session import ProgressChanged, player_text

MENU = (
    ("start", "开始游戏", "s"),
    ("cases", "选择案例", "c"),
    ("handbook", "反诈手册", "h"),
    ("help", "帮助", "?"),
    ("check", "辨一辨", "t"),
    ("profiles", "换人 / 档案", "p"),
    ("report", "班级报告", "r"),
    ("quit", "退出", "q"),
)


class TitleScreen(Screen):
    # title.tcss is loaded with the app's CSS (see FanzhaApp.CSS_PATH).
    BINDINGS = [
        Binding("s", "pick('start')", "开始"),
        Binding("c", "pick('cases')", "选案例"),
        Binding("h", "pick('handbook')", "手册"),
        Binding("p", "pick('profiles')", "换人"),
        Binding("t", "pick('check')", "辨一辨", show=False),
        Binding("r", "pick('report')", "班级报告", show=False),
        *[Binding(str(n), f"pick('{item[0]}')", show=False) for n, item in enumerate(MENU, 1)],
    ]

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="title-box"):
            yield Static(Content.styled("反 诈 大 冒 险", "bold"), id="game-name")
            yield Static(
                "在真实骗局改编的故事里做选择：\n聊天、短信、电话、网页，看你能不能识破骗子。",
                id="tagline",
                markup=False,
            )
        with Center():
            yield OptionList(
                *[
                    Option(Content.assemble((f"{n}  ", "bold"), label, (f"  （{key}）", "dim")), id=action)
                    for n, (action, label, key) in enumerate(MENU, 1)
                ],
                id="menu",
            )
        yield Static("电话信息不涉钱，涉钱必须面对面。", id="slogan", markup=False)
        yield Static(self._library_line(), id="library-line", markup=False)
        yield Static(player_text(self.app), id="player-line", markup=False)
        yield KeyBar()

    def _library_line(self) -> str:
        library = self.app.library
        if library is None:
            return "正在准备案例……"
        broken = sum(1 for f in library.files if not f.ok)
        line = f"共 {len(library.infos)} 个案例"
        return line + (f"，{broken} 个剧本文件有错误" if broken else "")

    def on_library_ready(self, _: LibraryReady) -> None:
        self.query_one("#library-line", Static).update(self._library_line())

    def on_screen_resume(self) -> None:
        self.query_one("#library-line", Static).update(self._library_line())
        self.on_progress_changed()

    def on_progress_changed(self, _: ProgressChanged | None = None) -> None:
        self.query_one("#player-line", Static).update(player_text(self.app))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_id or "")

    def action_pick(self, what: str) -> None:
        app = self.app
        if what == "start":
            app.start_game()
        elif what == "cases":
            app.open_picker()
        elif what == "handbook":
            app.open_handbook()
        elif what == "help":
            app.action_help()
        elif what == "check":
            app.open_check()
        elif what == "profiles":
            app.open_profiles()
        elif what == "report":
            app.open_report()
        elif what == "quit":
            app.action_quit_confirm()
