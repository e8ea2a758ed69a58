"""The app as a whole: start-up, the keys that work everywhere, themes,
quitting, NO_COLOR, the pace setting and the footer."""

from __future__ import annotations

import subprocess
import sys

from rich.cells import cell_len

from game.progress.memory import MemoryProgress
from game.ui.app import DEFAULT_PACE, FanzhaApp, pace_from
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.help import HelpScreen, sections
from game.ui.screens.title import TitleScreen
from game.ui.widgets.keybar import KeyBar

from .helpers import fixture_library, make_app, on_screen, plain, run, screen_text, until


def test_import_is_cheap_and_screens_load_lazily():
    code = (
        "import sys; import game.ui; assert 'textual' not in sys.modules, 'game.ui imports textual';"
        "from game.ui import FanzhaApp;"
        "heavy = [m for m in ('yaml', 'game.engine.library', 'game.ui.screens.play', 'game.ui.screens.picker',"
        " 'game.ui.screens.handbook', 'game.ui.screens.outcome', 'game.ui.screens.review') if m in sys.modules];"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))


def test_the_app_is_imported_with_the_collector_resting_then_frozen():
    """What importing the app makes lives as long as the process: the
    collector does not scan it while it is made, then sets it aside for good
    (gc.freeze); it runs again afterwards, and a second lookup freezes nothing."""
    code = (
        "import gc, sys; import game.ui; assert gc.get_freeze_count() == 0;"
        "seen = [];"
        "gc.callbacks.append(lambda phase, info: seen.append(phase) if 'game.ui.app' in sys.modules and gc.get_freeze_count() == 0 else None);"
        "from game.ui import FanzhaApp; frozen = gc.get_freeze_count();"
        "assert frozen > 10000 and gc.isenabled(), (frozen, gc.isenabled());"
        "assert not seen, seen;"
        "from game.ui import FanzhaApp; assert gc.get_freeze_count() == frozen"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))


def test_no_arguments_shows_the_title_then_loads_the_builtin_cases():
    app = FanzhaApp()
    app.animation_level = "none"
    assert app.library is None  # nothing is read before the first paint

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            title = await on_screen(pilot, TitleScreen)
            text = screen_text(title)
            assert "反 诈 大 冒 险" in text
            for item in ("开始游戏", "选择案例", "反诈手册", "帮助", "退出"):
                assert item in text
            await until(pilot, lambda: app.library is not None, what="library")
            await until(pilot, lambda: "个案例" in plain(title.query_one("#notes").content))

    run(go())


def test_the_title_is_four_widgets_each_centred():
    """The box, the menu, the notes and the key bar, and no containers: the
    screen centres each child itself (process_layout), at odd widths and
    narrower than the box too, as a Center around each did."""
    from textual.widgets import Static

    for size in ((81, 24), (120, 40), (50, 30)):
        app = make_app(library=fixture_library())

        async def go():
            async with app.run_test(size=size) as pilot:
                title = await on_screen(pilot, TitleScreen)
                await pilot.pause()
                assert [type(w).__name__ for w in title.walk_children(Static)] == ["Static", "Menu", "DrawnStatic", "KeyBar"]
                assert len(list(title.walk_children())) == 4
                column = title.query_one("#notes").region  # the notes span the column
                for widget in (title.query_one("#title-box"), title.query_one("#menu")):
                    r = widget.region
                    assert r.x - column.x == (column.width - r.width) // 2, (size, widget.id, r, column)
                assert title.query_one("#menu").region.width < column.width

        run(go())


def test_a_second_start_shows_the_cases_in_its_first_paint(monkeypatch):
    """The first start checked the cases (in a thread, after the title); the
    next one lists them from the cache's index before painting, no thread."""
    from game.engine import cache
    from game.engine.cache import CheckCache
    from game.engine.library import default_folders, load_library

    monkeypatch.setattr(cache, "RACY_NS", 0)  # files installed seconds ago are trusted too

    listed = load_library(default_folders(), cache=CheckCache.default(), lazy=True)
    app = FanzhaApp()
    app.animation_level = "none"

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            title = await on_screen(pilot, TitleScreen)
            assert app._loader is None and app.library is not None
            assert f"共 {len(listed.infos)} 个案例" in plain(title.query_one("#notes").content)
            assert list(app.library.infos) == list(listed.infos)

    run(go())


def test_the_cyclic_collector_rests_until_the_title_is_painted():
    """What start-up builds before the first frame lives as long as the app:
    the collector is paused from on_load to that frame, then running again —
    and running again too when the app stops before painting anything."""
    import gc

    seen = {}
    app = FanzhaApp(progress=MemoryProgress())
    app.animation_level = "none"
    title = app.get_default_screen

    def watched():
        seen["while composing"] = gc.isenabled()
        return title()

    app.get_default_screen = watched
    assert gc.isenabled()

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, TitleScreen)
            await until(pilot, gc.isenabled, what="the collector running again")
            await pilot.pause()
            assert gc.isenabled()

    run(go())
    assert seen == {"while composing": False} and gc.isenabled()

    broken = FanzhaApp(progress=MemoryProgress())

    def no_title():
        raise RuntimeError("no title")

    broken.get_default_screen = no_title

    async def stops():
        try:
            async with broken.run_test(size=(80, 24)):
                pass
        except RuntimeError:
            pass

    run(stops())
    assert gc.isenabled()


def test_a_case_opened_by_id_before_the_cases_are_listed_waits_for_them():
    """`FanzhaApp(scenario_id=…)` with nothing listed yet (an empty data folder):
    the case opens once the loader has read the files."""
    from game.ui.screens.play import PlayScreen

    app = FanzhaApp(scenario_id="type01-dianzan-fanli", progress=MemoryProgress(), pace=0)
    app.animation_level = "none"

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            play = await on_screen(pilot, PlayScreen, timeout=30)
            assert play.scenario.id == "type01-dianzan-fanli"

    run(go())


def test_pace_argument_environment_and_default(monkeypatch):
    monkeypatch.delenv("FANZHA_PACE", raising=False)
    assert pace_from(None) == DEFAULT_PACE
    assert pace_from(0) == 0
    monkeypatch.setenv("FANZHA_PACE", "0")
    assert pace_from(None) == 0
    monkeypatch.setenv("FANZHA_PACE", "1.5")
    assert pace_from(None) == 1.5
    assert pace_from(0.2) == 0.2  # the argument wins
    monkeypatch.setenv("FANZHA_PACE", "fast")
    assert pace_from(None) == DEFAULT_PACE
    assert FanzhaApp(pace=0).pace == 0


def test_theme_toggles_at_run_time_with_f2_and_ctrl_t():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.theme == "fanzha-dark"
            await pilot.press("f2")
            assert app.theme == "fanzha-light"
            await pilot.press("ctrl+t")
            assert app.theme == "fanzha-dark"
            assert "换主题" in plain(app.screen.query_one(KeyBar).content)

    run(go())


def test_light_theme_from_the_environment(monkeypatch):
    monkeypatch.setenv("FANZHA_THEME", "light")
    assert FanzhaApp().theme == "fanzha-light"


def test_q_asks_before_quitting():
    async def go():
        app = make_app(library=fixture_library())
        left = []
        app.exit = lambda *a, **k: left.append(True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("q")
            await on_screen(pilot, ConfirmScreen)
            await pilot.press("n")
            await on_screen(pilot, TitleScreen)
            assert not left
            await pilot.press("q")
            await on_screen(pilot, ConfirmScreen)
            await pilot.press("q")  # a second q does not stack dialogs
            assert len([s for s in app.screen_stack if isinstance(s, ConfirmScreen)]) == 1
            await pilot.press("escape")  # escape and 2 mean "no" too
            await on_screen(pilot, TitleScreen)
            await pilot.press("q", "2")
            await on_screen(pilot, TitleScreen)
            assert not left
            await pilot.press("q", "1")  # 1 means "yes"
            await until(pilot, lambda: left, what="exit")

    run(go())


def test_quit_dialog_buttons_work_with_the_mouse():
    async def go():
        app = make_app(library=fixture_library())
        left = []
        app.exit = lambda *a, **k: left.append(True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("q")
            await on_screen(pilot, ConfirmScreen)
            await pilot.click("#no")
            await on_screen(pilot, TitleScreen)
            await pilot.press("q")
            await on_screen(pilot, ConfirmScreen)
            await pilot.click("#yes")
            await until(pilot, lambda: left, what="exit")

    run(go())


def test_help_lists_every_key_of_every_screen():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            help_screen = await on_screen(pilot, HelpScreen)
            text = screen_text(help_screen)
            for title, rows in sections(FanzhaApp):
                assert title in text
                for keys, what in rows:
                    assert keys in text and what in text
            for must in ("1-9", "空格", "退一步", "复盘", "重玩", "换个选择", "换主题", "F2", "换对象", "下一个危险信号"):
                assert must in text, must
            await pilot.press("escape")
            await on_screen(pilot, TitleScreen)

    run(go())


def test_title_menu_by_number_letter_arrow_and_mouse():
    from game.ui.screens.handbook import HandbookScreen
    from game.ui.screens.picker import PickerScreen

    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("2")
            await on_screen(pilot, PickerScreen)
            await pilot.press("escape")
            await on_screen(pilot, TitleScreen)
            await pilot.press("h")
            await on_screen(pilot, HandbookScreen)
            await pilot.press("escape")
            await pilot.press("down", "down", "down", "enter")  # 4 帮助
            await on_screen(pilot, HelpScreen)
            await pilot.press("escape")
            await pilot.click("#menu", offset=(4, 2))  # second line: 选择案例
            await on_screen(pilot, PickerScreen)

    run(go())


def test_start_opens_the_first_case_not_yet_played():
    from game.ui.screens.play import PlayScreen

    async def go():
        progress = MemoryProgress()
        progress.record_ending("ui-tour", "safe", "safe", [])
        app = make_app(library=fixture_library(), progress=progress)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")
            play = await on_screen(pilot, PlayScreen)
            assert play.scenario.id == "ui-parents"  # type-11 comes before type-12; ui-tour was played

    run(go())


def test_no_color_keeps_every_cue_in_words(monkeypatch):
    from game.ui.screens.outcome import OutcomeScreen

    monkeypatch.setenv("NO_COLOR", "1")

    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        assert app.no_color
        async with app.run_test(size=(80, 24)) as pilot:
            from .helpers import follow

            await follow(pilot, ["1", "1", "text:123456", "2"])
            outcome = await on_screen(pilot, OutcomeScreen)
            text = screen_text(outcome)
            assert "✘ 被骗了" in text and "泄露的信息：验证码" in text

    run(go())


def test_every_screen_has_the_key_bar_with_its_current_keys():
    from game.ui.screens.handbook import HandbookScreen
    from game.ui.screens.picker import PickerScreen
    from game.ui.screens.play import PlayScreen

    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            for key, cls, expected in (
                (None, TitleScreen, ("开始", "选案例", "手册", "帮助", "换主题", "退出")),
                ("c", PickerScreen, ("换对象", "返回")),
            ):
                if key:
                    await pilot.press(key)
                screen = await on_screen(pilot, cls)
                await pilot.pause()
                bar = plain(screen.query_one(KeyBar).content)
                for word in expected:
                    assert word in bar, (cls.__name__, word, bar)
            await pilot.press("enter")
            play = await on_screen(pilot, PlayScreen)
            await pilot.pause()
            bar = plain(play.query_one(KeyBar).content)
            assert "1-9 选择" in bar and "Esc 返回" in bar
            await pilot.press("escape", "escape", "h")
            handbook = await on_screen(pilot, HandbookScreen)
            await pilot.pause()
            assert "换一组" in plain(handbook.query_one(KeyBar).content)

    run(go())


def test_key_bar_keys_are_clickable():
    from game.ui.screens.help import HelpScreen

    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            text = plain(bar.content)
            x = cell_len(text[: text.index("? 帮助")])  # CJK characters are two cells wide
            await pilot.click(KeyBar, offset=(x + 1, 0))
            await on_screen(pilot, HelpScreen)

    run(go())
