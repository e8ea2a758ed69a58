"""Choose a case: grouped by the plan's twelve fraud types (variants sit with
the type they belong to), each with its audience and the endings found so far.
A file that failed validation is listed as unavailable with its first error."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from game.engine.rules import catalogue
from game.engine.cases import broken_files, by_type, endings_found, first_error, first_outcome
from game.ui.screens.listing import ListingScreen
from game.ui.widgets.lines import wrap
from game.engine.vocab import AUDIENCES, CHANNELS, channel_words, kind_words
from game.ui.words import lit
from game.ui.widgets.keybar import KeyBar

ALL = "全部"
FILTERS = (ALL, *AUDIENCES)


class PickerScreen(ListingScreen):
    LIST_ID = "cases"
    CSS_PATH = "picker.tcss"
    BINDINGS = [
        Binding("a", "audience(1)", "换对象"),
        # priority: the option list would take ← → for sideways scrolling.
        Binding("right", "audience(1)", show=False, priority=True),
        Binding("left", "audience(-1)", show=False, priority=True),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.audience = ALL

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("选择案例", "bold"), "　对象（a 或 ← → 切换）："), id="picker-title")
        yield Tabs(*[Tab(Content(a), id=f"aud-{i}") for i, a in enumerate(FILTERS)], id="audience")
        yield OptionList(id="cases")
        yield Static("", id="case-detail")
        yield KeyBar()

    def on_resize(self) -> None:
        self.fill()

    # -- the list ----------------------------------------------------------------
    def fill(self) -> None:
        cases = self.query_one("#cases", OptionList)
        keep = cases.highlighted_option.id if cases.highlighted_option else None
        cases.clear_options()
        library = self.app.library
        if library is None:
            cases.add_option(Option(Content("正在加载案例……"), disabled=True))
            return
        audience = None if self.audience == ALL else self.audience
        groups = by_type(library, catalogue(), audience)
        for group in groups:
            cases.add_option(Option(Content.styled(f"{group.heading}（{len(group.scenarios)}）", "bold"), disabled=True))
            for s in group.scenarios:
                cases.add_option(Option(self._entry(s), id=f"s:{s.id}"))
        broken = broken_files(library)
        if broken:
            cases.add_option(Option(Content.styled(f"暂时不能玩的剧本（{len(broken)}）", "bold"), disabled=True))
            for i, loaded in enumerate(broken):
                name = loaded.raw_id or loaded.path.name
                prompt = Content.assemble(("✘ 不能玩：", "bold"), lit(name), "\n   ", lit(first_error(loaded)))
                cases.add_option(Option(prompt, id=f"x:{i}"))
        if not groups:
            empty = "还没有案例。" if audience is None else f"还没有给“{audience}”的案例。按 a 换一个对象。"
            cases.add_option(Option(Content(empty), disabled=True))
        self._highlight(cases, keep)

    def _entry(self, s) -> Content:
        found = len(endings_found(self.app.progress, s))
        total = len(s.endings)
        facts = f"{'、'.join(s.audience)}｜结局 {found}/{total}"
        if found and found == total:
            facts += " ✔ 全部找到"
        first = first_outcome(self.app.progress, s)
        if first:
            facts += f"｜第一次：{kind_words(first, not s.is_scam)}"
        if s.variant:
            facts += f"｜情景：{s.variant}"
        # Wrapped here, not by the list, so a long line keeps its indent.
        room = max(10, self.query_one("#cases").size.width - 10)
        title = "\n  ".join(wrap(s.title, room + 2))
        lines = "\n    ".join(wrap(facts, room))
        return Content.assemble("  ", (title, "bold"), "\n    ", lit(lines))

    @staticmethod
    def _highlight(cases: OptionList, keep: str | None) -> None:
        first = None
        for index in range(cases.option_count):
            option = cases.get_option_at_index(index)
            if option.disabled:
                continue
            if first is None:
                first = index
            if keep is not None and option.id == keep:
                cases.highlighted = index
                return
        cases.highlighted = first

    # -- the detail line ---------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#case-detail", Static).update(self._detail(event.option_id or ""))

    def _detail(self, option_id: str) -> Content:
        library = self.app.library
        if library is None or not option_id:
            return Content("")
        kind, _, key = option_id.partition(":")
        if kind == "x":
            loaded = broken_files(library)[int(key)]
            return Content.assemble(
                ("这个剧本文件有错误，暂时不能玩：", "bold"), lit(str(loaded.path)), "\n",
                lit(first_error(loaded)), "\n老师可以运行 fanzha check 看全部问题。",
            )
        s = library.infos.get(key)
        if s is None:
            return Content("")
        ways = "、".join(channel_words(c) for c in s.channels) or CHANNELS["narration"].words
        found = endings_found(self.app.progress, s)
        parts: list = [lit(s.summary), "\n", ("渠道：", "bold"), ways]
        if found:
            seen = "、".join(f"{kind_words(s.endings[e].kind, not s.is_scam)}《{s.endings[e].title}》" for e in sorted(found))
            parts += ["\n", ("找到的结局：", "bold"), lit(seen)]
        return Content.assemble(*parts)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, key = (event.option_id or "").partition(":")
        if kind == "s":
            self.app.open_scenario(key)
        elif kind == "x":
            loaded = broken_files(self.app.library)[int(key)]
            self.notify(f"这个剧本暂时不能玩：{first_error(loaded)}", severity="error", markup=False)

    # -- the audience filter -----------------------------------------------------
    def action_audience(self, step: int) -> None:
        i = (FILTERS.index(self.audience) + step) % len(FILTERS)
        self.query_one(Tabs).active = f"aud-{i}"

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        chosen = FILTERS[int(event.tab.id.split("-")[1])]
        if chosen != self.audience:
            self.audience = chosen
            self.fill()
