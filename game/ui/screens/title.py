"""The title screen: the game's name, what it is, and where to go."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.layout import WidgetPlacement
from textual.screen import Screen
from textual.widgets import Static

from game.ui.messages import LibraryReady
from game.ui.widgets.drawn import DrawnStatic
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.menu import Menu
from game.ui.session import ProgressChanged, player_text

MENU = (
    ("start", "开始游戏", "s"),
    ("cases", "选择案例", "c"),
    ("handbook", "反诈手册", "h"),
    ("help", "帮助", "?"),
    ("check", "辨一辨", "t"),
    ("profiles", "换人 / 档案", "p"),
    ("report", "班级报告", "r"),
    ("join", "加入课堂", "j"),
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
        Binding("j", "pick('join')", "加入课堂", show=False),
        *[Binding(str(n), f"pick('{item[0]}')", show=False) for n, item in enumerate(MENU, 1)],
    ]

    # Few widgets on purpose: the title is the first thing painted, and every
    # widget costs style matching and layout before that first paint (four:
    # the box, the menu, the notes and the key bar).
    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                "\n",
                ("反 诈 大 冒 险", "bold $accent"),
                "\n\n在真实骗局改编的故事里做选择：\n聊天、短信、电话、网页，看你能不能识破骗子。\n",
            ),
            id="title-box",
        )
        yield Menu(
            [
                (action, Content.assemble((f"{n}  ", "bold"), label, (f"  （{key}）", "dim")))
                for n, (action, label, key) in enumerate(MENU, 1)
            ],
            bar=26,
            id="menu",
        )
        yield DrawnStatic(self._notes(), id="notes")
        yield KeyBar()

    def process_layout(self, placements: list[WidgetPlacement]) -> list[WidgetPlacement]:
        """Each child centred on its own across the column (the notes span all
        of it), where a Center container around each would do the same: two
        widgets fewer to style, lay out and paint before the first frame."""
        width = max((p.region.right + p.margin.right for p in placements), default=0)
        return [
            p._replace(region=p.region._replace(x=p.margin.left + (width - p.margin.width - p.region.width) // 2))
            for p in placements
        ]

    def on_mount(self) -> None:
        self.query_one(Menu).focus()

    def _notes(self) -> Content:
        """The slogan, how many cases there are, and who is playing."""
        return Content.assemble(
            ("电话信息不涉钱，涉钱必须面对面。", "italic $secondary"),
            "\n",
            (self._library_line(), "$foreground-muted"),
            "\n",
            (player_text(self.app), "$foreground-muted"),
        )

    def _library_line(self) -> str:
        library = self.app.library
        if library is None:
            return "正在准备案例……"
        broken = sum(1 for f in library.files if not f.ok)
        line = f"共 {len(library.infos)} 个案例"
        return line + (f"，{broken} 个剧本文件有错误" if broken else "")

    def _show_notes(self) -> None:
        self.query_one("#notes", DrawnStatic).draw(self._notes())

    def on_library_ready(self, _: LibraryReady) -> None:
        self._show_notes()

    def on_screen_resume(self) -> None:
        self._show_notes()

    def on_progress_changed(self, _: ProgressChanged | None = None) -> None:
        self._show_notes()

    def on_menu_selected(self, event: Menu.Selected) -> None:
        self.action_pick(event.item_id)

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
        elif what == "join":
            app.open_join()
        elif what == "quit":
            app.action_quit_confirm()
