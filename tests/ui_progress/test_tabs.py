"""Each `fanzha serve` tab asks who is playing (a name, or 匿名 for that tab
alone) and never continues another tab's game: the serve detection
(TEXTUAL_DRIVER naming the web driver) is simulated here; the terminal game
still plays the PC's current profile."""

from __future__ import annotations

import pytest
from textual.app import UnknownModeError
from textual.widgets import Input

from game.progress.store import Store
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.whoplays import WhoIsPlayingScreen
from game.ui.screens.title import TitleScreen
from game.ui.session import in_browser_tab
from game.ui.widgets.audience import AudienceChoice

from .helpers import (
    fixture_library, follow, on_screen, open_case, plain, ready, run, screen_text, store_app, until,
)

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve sets for each tab


@pytest.fixture
def tab(monkeypatch):
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)


def test_serve_is_detected_by_its_web_driver(monkeypatch):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not in_browser_tab()
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)
    assert in_browser_tab()
    assert store_app().own_player and not store_app(own_player=False).own_player


async def _who(pilot) -> WhoIsPlayingScreen:
    screen = await on_screen(pilot, WhoIsPlayingScreen)
    await pilot.pause()
    assert pilot.app._progress_wanted  # nobody plays until the tab says who
    return screen


async def _half_way(pilot, scenario_id: str) -> None:
    """Open a case, take one step and leave it (a save stays behind)."""
    await open_case(pilot, scenario_id)
    await follow(pilot, ["1"])
    await ready(pilot)
    await pilot.press("escape")  # leaves the case (its save stays)
    await until(pilot, lambda: not isinstance(pilot.app.screen, PlayScreen), what="the case left")
    pilot.app.go_title()
    await on_screen(pilot, TitleScreen)


def test_a_tab_asks_who_is_playing_and_keeps_the_answer_to_itself(tab):
    library = fixture_library()
    with Store.open() as store:
        store.set_current(store.create_profile("上一个学生"))  # the PC's current profile

    async def first_tab():
        app = store_app(library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _who(pilot)
            assert "写上你的名字" in plain(form.query_one("#form-head").content)
            form.query_one("#form-class", Input).value = "四（1）班"
            await pilot.press(*"小明", "tab", "tab", "right")  # a 中学 pupil
            assert form.query_one("#form-audience", AudienceChoice).audience == "中学"
            await pilot.press("enter")
            title = await on_screen(pilot, TitleScreen)
            await until(pilot, lambda: not app._progress_wanted, what="the player")
            assert (app.progress.profile.name, app.progress.profile.audience) == ("小明", "中学")
            await pilot.pause()
            assert "玩家：小明（四（1）班）" in plain(title.query_one("#notes").content)
            await _half_way(pilot, "ui-tour")

    async def second_tab():
        app = store_app(library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            await _who(pilot)
            await pilot.press("escape")  # 匿名
            await on_screen(pilot, TitleScreen)
            await until(pilot, lambda: not app._progress_wanted, what="the player")
            assert app.progress.profile.anonymous
            # Not 小明's game: the case starts from the beginning, no offer to continue.
            await open_case(pilot, "ui-tour")
            await ready(pilot)
            assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack)
            await follow(pilot, ["2"])  # this tab's own step, kept with its own profile
            await ready(pilot)

    async def third_tab():
        """小明 again, in a new tab (typing the class the other way round): his own game goes on."""
        app = store_app(library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _who(pilot)
            form.query_one("#form-class", Input).value = "四(1)班"
            await pilot.press(*"小明", "enter")
            await on_screen(pilot, TitleScreen)
            await until(pilot, lambda: not app._progress_wanted, what="the player")
            assert app.progress.profile.audience == "中学"  # found, not made again as 小学
            await open_case(pilot, "ui-tour")
            offer = await on_screen(pilot, ConfirmScreen)
            assert "上次玩到一半" in screen_text(offer)

    run(first_tab())
    run(second_tab())
    run(third_tab())
    with Store.open() as store:
        # The PC's current profile is the one it was: no tab changed it.
        assert store.current_profile().name == "上一个学生"
        named = store.find_profiles("小明")
        assert len(named) == 1 and store.progress(named[0]).resumable() == ["ui-tour"]
        anonymous = [p for p in store.profiles() if p.anonymous]
        assert len(anonymous) == 1 and store.progress(anonymous[0]).resumable() == ["ui-tour"]
        steps = [store.progress(p).load_resume("ui-tour")["steps"] for p in (named[0], anonymous[0])]
        assert steps[0] != steps[1]  # two games, one each


def test_a_name_two_pupils_share_asks_for_the_class(tab):
    with Store.open() as store:
        store.create_profile("小红", "四(1)班")
        store.create_profile("小红", "四(2)班")

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _who(pilot)
            await pilot.press("enter")  # no name
            await pilot.pause()
            assert "写上名字，或者按“匿名”" in plain(form.query_one("#form-error").content)
            form.query_one("#form-name", Input).focus()
            await pilot.press(*"小红", "enter")
            await pilot.pause()
            assert "请写上班级" in plain(form.query_one("#form-error").content)
            assert isinstance(app.screen, WhoIsPlayingScreen)
            form.query_one("#form-class", Input).value = "四（2）班"
            await pilot.press("enter")
            await on_screen(pilot, TitleScreen)
            assert app.progress.profile.class_name == "四(2)班"

    run(go())


def test_the_terminal_game_still_plays_the_pcs_current_profile(monkeypatch):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    with Store.open() as store:
        store.set_current(store.create_profile("上一个学生"))

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: not app._progress_wanted, what="the store")
            assert not any(isinstance(s, WhoIsPlayingScreen) for s in app.screen_stack)
            assert app.progress.profile.name == "上一个学生"

    run(go())


def test_a_tab_opens_on_who_is_playing_alone_and_builds_the_rest_once_answered(tab):
    """Forty tabs open at once in a class: each builds only "who is playing?"
    — no title behind it, no store opened, no cases listed — and the rest
    once its pupil answers."""
    from game.ui.app import PLAYING, WHO

    async def go():
        app = store_app(library=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await _who(pilot)
            await pilot.pause(0.2)
            assert app.current_mode == WHO
            assert not any(isinstance(s, TitleScreen) for s in app.screen_stack)
            assert app.store is None and app._store_loader is None  # the store: not opened yet
            assert app.library is None and app._loader is None  # the cases: not listed yet
            await pilot.press("escape")  # 匿名
            title = await on_screen(pilot, TitleScreen)
            assert app.current_mode == PLAYING
            with pytest.raises(UnknownModeError):  # the form is gone for good
                app.switch_mode(WHO)
            assert app.store is not None and app.progress.profile.anonymous
            await until(pilot, lambda: app.library is not None, timeout=60, what="the cases")
            await until(pilot, lambda: "共 " in plain(title.query_one("#notes").content), what="the case count")

    run(go())


def test_a_tab_starts_blurred_and_its_first_key_lands_in_the_name(tab):
    """The web driver blurs a tab as it starts: it starts so (no restyling a
    moment after its first frame), with no cursor blinking in a tab nobody
    has clicked yet; the key that wakes it is typed into the name."""
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _who(pilot)
            assert not app.app_focus and screen.focused is None
            await pilot.press("小")
            name = screen.query_one("#form-name", Input)
            assert app.app_focus and screen.focused is name and name.value == "小"

    run(go())


def test_the_terminal_game_starts_focused_on_its_title(monkeypatch):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, TitleScreen)
            assert app.app_focus and app.screen.focused is not None

    run(go())


def test_on_a_narrow_tab_the_buttons_stack_whole_and_a_click_on_anonymous_plays(tab):
    """A phone, or a projector's big ?fontsize: side by side the second button
    was cut off where a click missed it; the form stacks them instead."""
    async def go():
        app = store_app()
        async with app.run_test(size=(32, 30)) as pilot:
            screen = await _who(pilot)
            await pilot.pause()
            buttons = screen.query_one("#form-buttons")
            assert buttons.has_class("-stacked")
            await pilot.resize_terminal(100, 30)  # side by side when there is room
            await pilot.pause()
            assert not buttons.has_class("-stacked")
            await pilot.resize_terminal(32, 30)
            await pilot.pause()
            assert buttons.has_class("-stacked")
            anonymous = screen.query_one("#form-cancel")
            for button in (screen.query_one("#form-save"), anonymous):
                assert button.region.right <= screen.size.width and plain(button.label) in plain(button.render())
            await pilot.click("#form-cancel")
            await on_screen(pilot, TitleScreen)
            assert app.progress.profile.anonymous

    run(go())


def test_the_help_lists_how_to_move_through_the_form():
    from game.ui.app import FanzhaApp
    from game.ui.screens.help import sections

    rows = dict(dict(sections(FanzhaApp))["新建档案、改名字"])
    assert rows["Tab"].startswith("下一项") and "我是" in rows["→ / ↓"] and "我是" in rows["← / ↑"]
    assert rows["Esc"] == "取消"
