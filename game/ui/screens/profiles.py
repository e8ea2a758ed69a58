"""换人 / 档案: who is playing on this shared PC. Several profiles, each with a
name and a class, both optional (anonymous play works), and who they are
(小学, 中学, 教职工, 家长: the cases that count for them). Enter switches to the
highlighted one, n makes a new one in a short form, e renames, b shows the
badges, x exports the results into the data folder's exports folder (where
the class report looks first).

Names are the players' own words: always shown literally, never as markup."""

from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.ui.styles import styles
from game.ui.words import lit
from game.ui.widgets.audience import AudienceChoice
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.profile_form import ProfileForm
from game.ui.session import NOT_SAVED, ProgressChanged, has_store, raw, switch_to

NEW = "new"
MARK_WIDTH = 10  # cells of "✔ 正在玩  ": the names line up under each other


def exports_dir(app) -> Any:
    from game.engine.paths import data_dir

    return data_dir(app.data_dir) / "exports"


def profile_facts(progress) -> str:
    """One line about what a profile has done: cases, endings, rule cards, 辨一辨."""
    try:
        records = progress.scenario_records()
        cards = len(progress.collected_rules())
        status = progress.check_status()
    except Exception:
        return "（读不出这个档案的进度）"
    if not records and not cards and status.before is None:
        return "还没玩过"
    endings = sum(len(r.endings) for r in records.values())
    parts = [f"玩过 {len(records)} 个案例", f"找到 {endings} 个结局", f"规则卡 {cards} 张"]
    for name, score in (("前测", status.before), ("后测", status.after)):
        if score is not None and score.complete:
            parts.append(f"{name} {score.correct}/{score.total}")
    return "｜".join(parts)


def curriculum_line(progress) -> str:
    """What the profile's progress counts against, and how far it is:
    按小学课程：12 类中目前有 6 类有案例；玩过其中 2 类。"""
    try:
        status = progress.check_status()
        types = len(progress.curriculum())
    except Exception:
        return ""
    return f"{status.curriculum}；玩过其中 {types - len(status.missing_types)} 类。"


class ProfilesScreen(Screen):
    CSS_PATH = "profiles.tcss"
    BINDINGS = [
        Binding("n", "new", "新建"),
        Binding("e", "edit", "改名"),
        Binding("b", "badges", "徽章"),
        Binding("x", "export", "导出"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("换人 / 档案", "bold"), "　谁在玩？选中自己按回车。名字和班级都可以不填。"),
            id="profiles-title",
        )
        yield OptionList(id="profiles")
        yield Static("", id="profile-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#profiles").focus()
        if self.app.store is None:
            self.run_worker(self._wait_for_store(), exclusive=True)

    async def _wait_for_store(self) -> None:
        await self.app.get_progress()
        self.fill()

    def on_progress_changed(self, _: ProgressChanged) -> None:
        self.fill()

    @property
    def store(self):
        return self.app.store

    # -- the list ---------------------------------------------------------------
    def fill(self, highlight: int | None = None) -> None:
        options = self.query_one("#profiles", OptionList)
        options.clear_options()
        store = self.store
        if store is None or not has_store(raw(self.app.progress)):
            waiting = self.app._progress_wanted
            options.add_option(Option(Content("正在打开存档……" if waiting else "这次没有打开存档，不能换人。"), disabled=True))
            self.refresh_bindings()
            return
        current = raw(self.app.progress).profile
        options.add_option(Option(Content.assemble(("＋ 新建档案", "bold"), ("（n）", "dim")), id=NEW))
        for p in store.profiles():
            mark = ("✔ 正在玩  ", "bold $success") if p.id == current.id else (" " * MARK_WIDTH, "")
            facts = lit(profile_facts(store.progress(p, self.app.library)))
            prompt = Content.assemble(mark, lit(p.label, "bold"), f"　{p.audience}", "\n" + " " * MARK_WIDTH, facts)
            options.add_option(Option(prompt, id=f"p:{p.id}"))
        target = highlight if highlight is not None else current.id
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == f"p:{target}":
                options.highlighted = index
                break
        else:
            options.highlighted = 0
        self.refresh_bindings()

    def _highlighted_profile(self):
        options = self.query_one("#profiles", OptionList)
        option = options.highlighted_option
        if option is None or not (option.id or "").startswith("p:") or self.store is None:
            return None
        return self.store.profile(int(option.id[2:]))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#profile-detail", Static).update(self._detail())
        self.refresh_bindings()

    def _detail(self) -> Content:
        p = self._highlighted_profile()
        if p is None:
            if self.store is not None and not self.store.persistent:
                return Content.assemble((NOT_SAVED, "bold $warning"), "：换人、新建都可以，但关掉游戏以后不会记住。")
            return Content("新建一个档案：写上名字和班级（都可以不填），就能记下自己的进度。")
        current = raw(self.app.progress).profile
        parts: list = [lit(p.label), ("　正在玩" if p.id == current.id else "　按回车换成这个档案", "bold")]
        parts += ["\n", lit(curriculum_line(self.store.progress(p, self.app.library)))]
        parts += ["\n", "按 b 看徽章；按 x 把成绩导出给老师（放进这台电脑的 exports 文件夹）。"]
        return Content.assemble(*parts)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id == NEW:
            self.action_new()
            return
        p = self._highlighted_profile()
        if p is None:
            return
        switch_to(self.app, p)
        self.notify(f"现在是「{p.label}」在玩。", timeout=3, markup=False)
        self.app.pop_screen()

    # -- keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        ready = self.store is not None and has_store(raw(self.app.progress))
        if action == "new":
            return ready or None
        if action in ("edit", "badges", "export"):
            return (ready and self._highlighted_profile() is not None) or None
        return True

    def action_new(self) -> None:
        if self.store is None:
            return

        def save(name: str, class_name: str, audience: str) -> str | None:
            from game.progress.store import ProfileError

            try:
                p = self.store.create_profile(name, class_name, audience)
            except ProfileError as exc:
                return str(exc)
            except Exception as exc:  # a store that cannot be written
                return f"没能新建档案：{exc}"
            switch_to(self.app, p)
            self.notify(f"新建了档案「{p.label}」，现在是你在玩。", timeout=3, markup=False)
            return None

        def done(saved: bool | None) -> None:
            if saved:
                self.app.pop_screen()

        self.app.push_screen(ProfileFormScreen("新建档案", save), done)

    def action_edit(self) -> None:
        p = self._highlighted_profile()
        if p is None:
            return

        def save(name: str, class_name: str, audience: str) -> str | None:
            from game.progress.store import ProfileError

            try:
                updated = self.store.update_profile(p.id, name, class_name, audience)
            except ProfileError as exc:
                return str(exc)
            except Exception as exc:
                return f"没能改名字：{exc}"
            if updated.id == raw(self.app.progress).profile.id:
                switch_to(self.app, updated)  # the title shows the new name
            return None

        def done(saved: bool | None) -> None:
            if saved:
                self.fill(highlight=p.id)

        self.app.push_screen(ProfileFormScreen("改名字", save, p.name, p.class_name, p.audience), done)

    def action_badges(self) -> None:
        p = self._highlighted_profile()
        if p is not None:
            self.app.push_screen(BadgesScreen(self.store.progress(p, self.app.library)))

    def action_export(self) -> None:
        p = self._highlighted_profile()
        if p is None:
            return
        from game.results import exports as results

        folder = exports_dir(self.app)
        target = folder / results.file_name(p)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            results.write(results.build(self.store.progress(p, self.app.library)), target)
        except OSError as exc:
            self.notify(f"没能导出：{exc.strerror or exc}（{target}）", severity="error", markup=False)
            return
        self.notify(f"已导出「{p.label}」的成绩：{target}", timeout=8, markup=False)


class ProfileFormScreen(ModalScreen[bool]):
    """新建档案 / 改名字 over the profile list: name, class and who this is
    (小学 unless changed). `save(name, class, audience)` returns an error to
    show (the form stays open) or None (done). Enter in the class field
    saves; Tab reaches the audience."""

    CSS_PATH = styles("profiles.tcss", ProfileForm)
    KEYS_FROM = (ProfileForm, AudienceChoice)  # the help lists the keys of the widgets that hold them
    HINT = "名字和班级都可以不填：不填就是“匿名玩家”。"

    def __init__(
        self, title: str, save: Callable[[str, str, str], str | None], name: str = "", class_name: str = "",
        audience: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.save = save
        self.initial = (name, class_name, audience)

    def compose(self) -> ComposeResult:
        head = Content.assemble((self.title_text, "bold"), "\n", self.HINT)
        yield ProfileForm(head, "保存（回车）", "取消（Esc）", *self.initial, id="profile-form")

    def on_profile_form_saved(self, event: ProfileForm.Saved) -> None:
        error = self.save(event.name, event.class_name, event.audience)
        if error:
            event.form.show_error(error)
        else:
            self.dismiss(True)

    def on_profile_form_cancelled(self, _: ProfileForm.Cancelled) -> None:
        self.dismiss(False)


class BadgesScreen(Screen):
    """Every badge: what it means, how far along, and whether it is earned."""

    CSS_PATH = "profiles.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def __init__(self, progress) -> None:
        super().__init__()
        self.progress = progress

    def compose(self) -> ComposeResult:
        try:
            badges = self.progress.badges()
        except Exception:
            badges = []
        earned = sum(b.earned for b in badges)
        with VerticalScroll(id="badges-body"):
            yield Static(
                Content.assemble(("徽章：", "bold"), lit(self.progress.profile.label), f"　已获得 {earned}/{len(badges)} 个"),
                id="badges-title",
            )
            for b in badges:
                yield Static(self._badge(b), classes="badge " + ("-earned" if b.earned else "-not-yet"))
            if not badges:
                yield Static("还没有徽章可以看。", markup=False)
        yield KeyBar()

    @staticmethod
    def _badge(b) -> Content:
        mark = ("★ 已获得　", "bold $success") if b.earned else ("· 还没获得　", "bold")
        if b.earned:
            progress = f"（{b.need}/{b.need}）" if b.need else ""
        elif b.available:
            progress = f"（进度 {b.have}/{b.need}）"
        else:
            progress = "（现在的案例里还没有这一类）"
        return Content.assemble(mark, (b.title, "bold"), lit(progress), "\n", lit(b.description))

    def on_mount(self) -> None:
        self.query_one("#badges-body").focus()
