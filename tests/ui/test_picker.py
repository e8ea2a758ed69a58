"""The case picker: grouped by fraud type, audience and endings found,
the audience filter, broken files listed (never a crash), resuming a game."""

from __future__ import annotations

from textual.widgets import OptionList

from game.engine.library import load_library
from game.progress.memory import MemoryProgress
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.picker import PickerScreen

from .helpers import BROKEN, SCENARIOS, fixture_library, follow, make_app, on_screen, plain, ready, run, screen_text


def options(screen) -> list[str]:
    cases = screen.query_one("#cases", OptionList)
    return [plain(cases.get_option_at_index(i).prompt) for i in range(cases.option_count)]


def ids(screen) -> list[str]:
    cases = screen.query_one("#cases", OptionList)
    return [cases.get_option_at_index(i).id for i in range(cases.option_count)]


async def open_picker(pilot):
    await pilot.press("c")
    return await on_screen(pilot, PickerScreen)


def test_grouped_by_fraud_type_with_audience_and_endings_found():
    async def go():
        progress = MemoryProgress()
        progress.record_ending("ui-tour", "safe", "safe", [])
        progress.record_ending("ui-tour", "stopped", "stopped", [])
        app = make_app(library=fixture_library(), progress=progress)
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            shown = options(picker)
            assert shown[0].startswith("第8类 网络游戏诈骗（1）")
            tour = next(o for o in shown if "限定皮肤大放送" in o)
            assert "小学、中学" in tour and "结局 2/4" in tour and "情景：免费游戏皮肤" in tour
            parents = next(o for o in shown if "孩子的老师要交资料费" in o)
            assert "家长" in parents and "结局 0/3" in parents
            headings = [o for o in shown if o.startswith("第")]
            assert headings == ["第8类 网络游戏诈骗（1）", "第11类 冒充单位领导老师诈骗（1）", "第12类 其他类型诈骗（1）"]
            # The detail line describes the highlighted case and what was found.
            detail = plain(picker.query_one("#case-detail").content)
            assert "游戏好友说官方在送限定皮肤" in detail and "成功识破" in detail and "及时止损" in detail

    run(go())


def test_audience_filter_by_key_and_arrows():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            assert picker.audience == "全部"
            await pilot.press("a")  # 小学
            assert picker.audience == "小学"
            assert ids(picker).count("s:ui-tour") == 1 and "s:ui-parents" not in ids(picker)
            await pilot.press("right", "right", "right")  # 中学, 教职工, 家长
            assert picker.audience == "家长"
            assert "s:ui-parents" in ids(picker) and "s:ui-tour" not in ids(picker)
            await pilot.press("left")  # 教职工: nothing yet
            assert picker.audience == "教职工"
            assert any("还没有给“教职工”的案例" in o for o in options(picker))
            await pilot.press("a", "a")
            assert picker.audience == "全部"

    run(go())


def test_audience_tabs_work_with_the_mouse():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            await pilot.click("#aud-4")
            await pilot.pause()
            assert picker.audience == "家长"

    run(go())


def test_a_broken_file_is_listed_with_its_first_error_and_the_rest_play():
    async def go():
        app = make_app(library=fixture_library(broken=True))
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            shown = options(picker)
            broken = next(o for o in shown if "不能玩" in o and "ui-broken" in o)
            assert "nowhere" in broken and "第 14 行" in broken
            cases = picker.query_one("#cases", OptionList)
            cases.highlighted = ids(picker).index("x:0")
            await pilot.pause()
            assert "ui-broken.yaml" in plain(picker.query_one("#case-detail").content)
            await pilot.press("enter")  # a notification, not a crash
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            cases.highlighted = ids(picker).index("s:ui-tour")
            await pilot.press("enter")
            await ready(pilot)

    run(go())


def test_a_scenario_that_fails_validation_never_crashes_the_app(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    library = load_library([(SCENARIOS, "fixtures"), (BROKEN, "broken"), (tmp_path, "tmp")])

    async def go():
        app = make_app(library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            assert sum(o.startswith("✘ 不能玩") for o in options(picker)) == 3
            assert "bad" in screen_text(picker) and "empty" in screen_text(picker)

    run(go())


def test_enter_opens_the_highlighted_case_and_escape_returns():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            await pilot.press("down", "enter")  # the second case: 孩子的老师要交资料费
            play = await ready(pilot)
            assert play.scenario.id == "ui-parents"
            await pilot.press("escape")
            assert await on_screen(pilot, PickerScreen) is picker

    run(go())


def test_endings_found_update_when_coming_back():
    from game.ui.screens.outcome import OutcomeScreen

    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            await pilot.press("down", "enter")
            await follow(pilot, ["2", "1"])  # 电话核实 → safe
            await on_screen(pilot, OutcomeScreen)
            await pilot.press("p")
            assert await on_screen(pilot, PickerScreen) is picker
            parents = next(o for o in options(picker) if "孩子的老师要交资料费" in o)
            assert "结局 1/3" in parents

    run(go())


def test_offers_to_continue_a_game_left_half_way():
    async def go():
        progress = MemoryProgress()
        app = make_app(library=fixture_library(), progress=progress)
        async with app.run_test(size=(80, 24)) as pilot:
            picker = await open_picker(pilot)
            await pilot.press("enter")  # ui-tour
            await follow(pilot, ["1", "1"])  # hook → qq → page
            await ready(pilot)
            saved = progress.load_resume("ui-tour")
            assert saved and len(saved["steps"]) == 2
            await pilot.press("escape")
            await on_screen(pilot, PickerScreen)
            await pilot.press("enter")
            await on_screen(pilot, ConfirmScreen)
            assert "走了 2 步" in screen_text(app.screen)
            await pilot.press("1")  # 继续上次
            play = await ready(pilot)
            assert play.play.node.id == "page" and len(play.play.steps) == 2
            await pilot.press("escape")
            await on_screen(pilot, PickerScreen)
            await pilot.press("enter")
            await on_screen(pilot, ConfirmScreen)
            await pilot.press("2")  # 从头开始
            play = await ready(pilot)
            assert play.play.node.id == "hook" and not play.play.steps
            assert progress.load_resume("ui-tour") is None
            assert picker is not None

    run(go())


def test_a_save_that_no_longer_fits_the_story_starts_fresh():
    async def go():
        progress = MemoryProgress()
        progress.save_resume("ui-tour", {"format": "fanzha-save/1", "scenario": "ui-tour", "steps": [["nope", "choice", 0]]})
        app = make_app(library=fixture_library(), progress=progress, scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            assert play.play.node.id == "hook"
            assert progress.load_resume("ui-tour") is None

    run(go())
