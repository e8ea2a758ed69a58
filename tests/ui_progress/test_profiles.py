"""换人 / 档案: several profiles on one PC. Creating and switching one changes
what the picker shows; names are shown literally; the badges view; a short
form that refuses a duplicate; export for the class report."""

from __future__ import annotations

import json

from textual.widgets import Input, OptionList

from game.engine.marks import FlagCount, Verdict
from game.progress.store import Store
from game.ui.screens.picker import PickerScreen
from game.ui.screens.profiles import BadgesScreen, ProfileFormScreen, ProfilesScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.audience import AudienceChoice

from .helpers import (
    TOUR_SAFE,
    fixture_library,
    on_screen,
    picker_entry,
    play_to_end,
    plain,
    run,
    screen_text,
    store_app,
    store_ready,
)


def profile_rows(screen) -> list[str]:
    options = screen.query_one("#profiles", OptionList)
    return [plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def highlight(screen, text: str) -> None:
    options = screen.query_one("#profiles", OptionList)
    options.highlighted = next(i for i, row in enumerate(profile_rows(screen)) if text in row)


async def new_profile(pilot, name: str, class_name: str) -> None:
    await pilot.press("p")
    await on_screen(pilot, ProfilesScreen)
    await pilot.press("n")
    form = await on_screen(pilot, ProfileFormScreen)
    assert form.query_one("#form-name", Input).has_focus
    await pilot.press(*name, "enter", *class_name, "enter")
    await on_screen(pilot, TitleScreen)


def test_creating_and_switching_a_profile_changes_what_the_picker_shows():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await play_to_end(pilot, "ui-tour", TOUR_SAFE)  # as the first (anonymous) player
            await pilot.press("escape")  # the outcome: back to the case list
            app.go_title()
            title = await on_screen(pilot, TitleScreen)

            await new_profile(pilot, "小红", "四(2)班")
            await pilot.pause()
            assert "\n玩家：小红（四(2)班）" in plain(title.query_one("#notes").content)
            assert app.progress.profile.name == "小红"
            await pilot.press("c")
            picker = await on_screen(pilot, PickerScreen)
            await pilot.pause()
            assert "结局 0/4" in picker_entry(picker, "ui-tour")  # 小红 has found nothing yet
            assert "第一次" not in picker_entry(picker, "ui-tour")

            await pilot.press("escape", "p")
            profiles = await on_screen(pilot, ProfilesScreen)
            rows = profile_rows(profiles)
            assert rows[0].startswith("＋ 新建档案")
            anonymous = next(r for r in rows if "匿名玩家 1" in r)
            assert "玩过 1 个案例" in anonymous and "找到 1 个结局" in anonymous and "规则卡 3 张" in anonymous
            assert next(r for r in rows if "小红" in r).startswith("✔ 正在玩")
            highlight(profiles, "匿名玩家 1")
            await pilot.press("enter")
            await on_screen(pilot, TitleScreen)
            assert app.progress.profile.label == "匿名玩家 1"
            await pilot.press("c")
            picker = await on_screen(pilot, PickerScreen)
            await pilot.pause()
            assert "结局 1/4" in picker_entry(picker, "ui-tour")
            assert "第一次：✔ 成功识破" in picker_entry(picker, "ui-tour")

    run(go())
    with Store.open() as store:  # the switch is remembered for the next start
        assert store.current_profile().label == "匿名玩家 1"
        assert {p.label for p in store.profiles()} == {"匿名玩家 1", "小红（四(2)班）"}


def test_an_anonymous_profile_needs_no_name_and_a_duplicate_is_refused():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await new_profile(pilot, "", "")
            assert app.progress.profile.label == "匿名玩家 2"
            await new_profile(pilot, "小明", "四(1)班")
            await pilot.press("p")
            await on_screen(pilot, ProfilesScreen)
            await pilot.press("n")
            form = await on_screen(pilot, ProfileFormScreen)
            await pilot.press(*"小明", "enter", *"四(1)班", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ProfileFormScreen)  # stays open, says why
            assert "已经有「小明」" in plain(form.query_one("#form-error").content)
            await pilot.press("escape")
            await on_screen(pilot, ProfilesScreen)
            assert app.progress.profile.label == "小明（四(1)班）"

    run(go())


def test_names_and_classes_are_shown_literally_never_as_markup():
    name, klass = "[bold]大[/bold]", "[@click=app.quit]班"

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            store = await store_ready(pilot)
            store.create_profile(name, klass)
            await pilot.press("p")
            profiles = await on_screen(pilot, ProfilesScreen)
            await pilot.pause()
            assert any(f"{name}（{klass}）" in row for row in profile_rows(profiles))
            highlight(profiles, name)
            await pilot.press("enter")
            title = await on_screen(pilot, TitleScreen)
            await pilot.pause()
            assert f"玩家：{name}（{klass}）" in plain(title.query_one("#notes").content)

    run(go())


def test_rename_from_the_profile_screen():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("p")
            profiles = await on_screen(pilot, ProfilesScreen)
            await pilot.pause()
            await pilot.press("e")
            form = await on_screen(pilot, ProfileFormScreen)
            assert form.query_one("#form-name", Input).value == ""
            await pilot.press(*"小刚", "tab", *"五(3)班", "enter")
            await on_screen(pilot, ProfilesScreen)
            await pilot.pause()
            assert any("小刚（五(3)班）" in row for row in profile_rows(profiles))
            assert app.progress.profile.label == "小刚（五(3)班）"

    run(go())


def test_badges_view_says_what_each_badge_means_and_whether_it_is_earned(fanzha_home):
    library = fixture_library()
    with Store.open() as store:
        progress = store.default_progress(library)
        recognised = Verdict(FlagCount(1, 0, 0, 1), cleared=True)  # the red flag was marked
        for sid, end in (("ui-tour", "safe"), ("ui-parents", "safe"), ("ui-literal", "safe")):
            progress.record_ending(sid, end, "safe", [], verdict=recognised)

    async def go():
        app = store_app(library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("p")
            await on_screen(pilot, ProfilesScreen)
            await pilot.pause()
            await pilot.press("b")
            badges = await on_screen(pilot, BadgesScreen)
            text = screen_text(badges)
            assert "徽章：匿名玩家 1" in text
            # The fixtures cover three of the twelve types: not yet 无诈小达人.
            assert "· 还没获得　无诈小达人（进度 3/12）" in text
            assert "12 类诈骗手段，每一类都至少真正识破过一次" in text
            assert "★ 已获得　火眼金睛" in text  # ui-tour is the only variant case
            assert "（现在的案例里还没有这一类）" in text  # no helper case in the fixtures
            await pilot.press("escape")
            await on_screen(pilot, ProfilesScreen)

    run(go())


def test_export_from_the_profile_screen_goes_to_the_data_folder(fanzha_home):
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await new_profile(pilot, "小明", "四(1)班")
            await pilot.press("p")
            profiles = await on_screen(pilot, ProfilesScreen)
            highlight(profiles, "小明")
            await pilot.press("x")
            await pilot.pause()

    run(go())
    files = list((fanzha_home / "exports").glob("*.json"))
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert [f.name for f in files] == [f"fanzha-四(1)班-小明-{doc['student']['uid'][:12]}.json"]
    assert doc["student"]["name"] == "小明" and doc["student"]["class"] == "四(1)班"


def test_without_the_store_the_profile_screen_says_so():
    from ..ui.helpers import make_app

    async def go():
        app = make_app(library=fixture_library())  # a MemoryProgress: no profiles
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("p")
            profiles = await on_screen(pilot, ProfilesScreen)
            await pilot.pause()
            assert "这次没有打开存档，不能换人。" in screen_text(profiles)
            await pilot.press("n", "b", "x")  # nothing to do: no crash
            assert isinstance(app.screen, ProfilesScreen)
            assert "玩家" not in plain(app.screen_stack[0].query_one("#notes").content)

    run(go())


def test_the_new_profile_form_asks_who_it_is_and_the_list_shows_it():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await play_to_end(pilot, "ui-tour", TOUR_SAFE)
            app.go_title()
            await pilot.press("p")
            profiles = await on_screen(pilot, ProfilesScreen)
            await pilot.pause()
            # The detail names the curriculum the progress counts against.
            detail = plain(profiles.query_one("#profile-detail").content)
            assert "按小学课程：12 类中目前有 3 类有案例；玩过其中 1 类。" in detail
            await pilot.press("n")
            form = await on_screen(pilot, ProfileFormScreen)
            choice = form.query_one("#form-audience", AudienceChoice)
            assert choice.audience == "小学"  # the default, already chosen
            # Name, Tab to the class, Tab to the audience, two to the right, Enter saves.
            await pilot.press(*"王老师", "tab", "tab")
            assert choice.has_focus
            await pilot.press("right", "right")
            assert choice.audience == "教职工"
            await pilot.press("enter")
            await on_screen(pilot, TitleScreen)
            assert app.progress.profile.audience == "教职工"
            await pilot.press("p")
            profiles = await on_screen(pilot, ProfilesScreen)
            await pilot.pause()
            assert any("王老师" in row and "教职工" in row for row in profile_rows(profiles))
            highlight(profiles, "王老师")
            await pilot.press("e")  # the edit form starts from what is stored
            form = await on_screen(pilot, ProfileFormScreen)
            assert form.query_one("#form-audience", AudienceChoice).audience == "教职工"
            await pilot.press("tab", "tab", "left")
            await pilot.press("enter")
            await on_screen(pilot, ProfilesScreen)
            assert app.progress.profile.audience == "中学"

    run(go())
