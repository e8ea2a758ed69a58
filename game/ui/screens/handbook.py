"""反诈手册: every rule group of the school plan, browsable; each rule lists
the cases that teach it, and Enter opens them. With the progress store, each
rule says whether the profile has collected its card, and the cases teaching
the rules still missing are suggested as the next to play (n)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from game.engine.rules import Rule, catalogue
from game.engine.cases import teaching
from game.ui.screens.listing import ListingScreen
from game.ui.session import has_store, raw
from game.ui.widgets.rulecard import rule_label
from game.ui.words import lit
from game.ui.widgets.keybar import KeyBar


class HandbookScreen(ListingScreen):
    LIST_ID = "rules"
    CSS_PATH = "handbook.tcss"
    BINDINGS = [
        # priority: the option list would take ← → for sideways scrolling.
        Binding("right", "group(1)", "换一组", key_display="← →", priority=True),
        Binding("left", "group(-1)", show=False, priority=True),
        *[Binding(str(n), f"group_to({n - 1})", show=False) for n in range(1, 6)],
        Binding("n", "suggested", "玩推荐的案例"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups = catalogue().groups
        self.current = 0
        self.collected: set[str] | None = None  # None: no store, no cards to show
        self.suggested: list = []

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("反诈手册", "bold"), "　学校反诈方案里的全部规则。回车打开讲这一条的案例。"),
            id="handbook-title",
        )
        yield Static("", id="suggest")
        yield Tabs(*[Tab(Content(f"{i}.{g.short}"), id=f"group-{i - 1}") for i, g in enumerate(self.groups, 1)], id="groups")
        yield Static("", id="group-title")
        yield OptionList(id="rules")
        yield KeyBar()

    def _read_progress(self) -> None:
        progress = raw(self.app.progress)
        self.collected, self.suggested = None, []
        if has_store(progress):
            try:
                self.collected = set(progress.collected_rules())
                if self.app.library is not None:
                    self.suggested = progress.suggestions()
            except Exception:  # a broken store must not take the handbook down
                self.collected = None
        suggest = self.query_one("#suggest", Static)
        suggest.display = self.collected is not None
        if self.collected is not None:
            total = sum(len(g.rules) for g in self.groups)
            parts: list = [("规则卡：", "bold"), f"已收集 {len(self.collected & {r.id for g in self.groups for r in g.rules})}/{total} 张。"]
            if self.suggested:
                titles = "、".join(f"《{s.title}》" for s in self.suggested)
                parts += ["还没收集的规则，推荐先玩：", lit(titles), ("（按 n）", "bold")]
            else:
                parts.append("在案例里安全识破骗局，就能收集它讲的规则卡。")
            suggest.update(Content.assemble(*parts))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "suggested":
            return bool(self.suggested) or None
        return True

    def action_suggested(self) -> None:
        if not self.suggested:
            return
        if len(self.suggested) == 1:
            self.app.open_scenario(self.suggested[0].scenario_id)
            return
        from game.ui.screens.choose import ChooseScreen

        def chosen(scenario_id: str | None) -> None:
            if scenario_id:
                self.app.open_scenario(scenario_id)

        self.app.push_screen(
            ChooseScreen(Content("推荐下一个玩（能收集还没有的规则卡）"), [(s.scenario_id, s.title) for s in self.suggested]),
            chosen,
        )

    def fill(self) -> None:
        self._read_progress()
        group = self.groups[self.current]
        self.query_one("#group-title", Static).update(Content.styled(group.title, "bold"))
        rules = self.query_one("#rules", OptionList)
        keep = rules.highlighted
        rules.clear_options()
        for i, rule in enumerate(group.rules):
            if i:
                rules.add_option(None)  # a separator line between rules
            rules.add_option(Option(self._entry(rule), id=rule.id))
        rules.highlighted = keep if keep is not None and keep < rules.option_count else 0

    def _entry(self, rule: Rule) -> Content:
        parts: list = [(rule_label(rule), "bold")]
        if self.collected is not None:
            parts.append(("  ✔ 已收集", "bold $success") if rule.id in self.collected else ("  · 还没收集", "dim"))
        parts += ["\n", lit(rule.text), "\n"]
        library = self.app.library
        if library is None:
            parts.append(("  案例：正在加载……", "italic"))
        else:
            cases = teaching(library, rule.id)
            if cases:
                parts += [("  ➜ 案例：", "bold"), lit("、".join(f"《{s.title}》" for s in cases))]
            else:
                parts.append(("  还没有案例讲这一条", "italic"))
        return Content.assemble(*parts)

    def action_group(self, step: int) -> None:
        self.action_group_to((self.current + step) % len(self.groups))

    def action_group_to(self, index: int) -> None:
        if 0 <= index < len(self.groups):
            self.query_one(Tabs).active = f"group-{index}"

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        index = int(event.tab.id.split("-")[1])
        if index != self.current:
            self.current = index
            self.query_one("#rules", OptionList).highlighted = None
            self.fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        library = self.app.library
        if library is None or not event.option_id:
            return
        cases = teaching(library, event.option_id)
        if not cases:
            self.notify("还没有案例讲这一条。", timeout=2)
        elif len(cases) == 1:
            self.app.open_scenario(cases[0].id)
        else:
            from game.ui.screens.choose import ChooseScreen

            def chosen(scenario_id: str | None) -> None:
                if scenario_id:
                    self.app.open_scenario(scenario_id)

            rule = catalogue()[event.option_id]
            self.app.push_screen(
                ChooseScreen(lit(f"讲“{rule_label(rule)}”的案例"), [(s.id, s.title) for s in cases]),
                chosen,
            )
