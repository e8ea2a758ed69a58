"""The new screens: their keys in the footer and the help screen, and every
one of them survives 40×12 and back (Chinese wraps, nothing crashes)."""

from __future__ import annotations

from game.ui.app import FanzhaApp

import pytest

from game.ui.screens.classreport import ClassReportScreen
from game.ui.screens.help import HelpScreen, sections
from game.ui.screens.profiles import BadgesScreen, ProfileFormScreen, ProfilesScreen
from game.ui.screens.quiz import QuizResultScreen, QuizScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.keybar import KeyBar

from .helpers import answers_for, on_screen, plain, run, screen_text, store_app, store_ready

SIZES = [(80, 24), (40, 12), (60, 16), (120, 40), (80, 24)]


async def shake(pilot):
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        assert pilot.app.size == (width, height)


def test_the_footer_and_the_help_list_the_new_keys():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            title = await on_screen(pilot, TitleScreen)
            await pilot.pause()
            assert "p 换人" in plain(title.query_one(KeyBar).content)
            menu = screen_text(title)
            for item in ("辨一辨  （t）", "换人 / 档案  （p）", "班级报告  （r）"):
                assert item in menu, item
            for key, cls, words in (
                ("p", ProfilesScreen, ("n 新建", "e 改名", "b 徽章", "x 导出", "Esc 返回")),
                ("t", QuizScreen, ("1 是骗局", "2 是真消息", "Esc 先停一下")),
                ("r", ClassReportScreen, ("Ctrl+O 换文件夹", "Esc 返回")),
            ):
                app.go_title()
                await on_screen(pilot, TitleScreen)
                await pilot.press(key)
                screen = await on_screen(pilot, cls)
                await pilot.pause()
                bar = plain(screen.query_one(KeyBar).content)
                for word in words:
                    assert word in bar, (cls.__name__, word, bar)
            app.go_title()
            await pilot.press("question_mark")
            help_screen = await on_screen(pilot, HelpScreen)
            text = screen_text(help_screen)
            titles = [t for t, _ in sections(FanzhaApp)]
            for name in ("换人 / 档案", "徽章", "辨一辨", "辨一辨的结果", "班级报告"):
                assert name in titles and name in text
            for must in ("换人", "新建", "改名", "导出", "是骗局", "是真消息", "上一题", "先停一下", "换文件夹", "班级报告"):
                assert must in text, must
            rows = dict(next(rows for t, rows in sections(FanzhaApp) if t == "辨一辨"))
            assert rows["1 / s"] == "是骗局" and rows["2 / g"] == "是真消息" and rows["u / 退格"] == "上一题"

    run(go())


@pytest.mark.parametrize("key,cls", [
    ("p", ProfilesScreen),
    ("t", QuizScreen),
    ("r", ClassReportScreen),
])
def test_each_new_screen_survives_resizing(key, cls):
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press(key)
            await on_screen(pilot, cls)
            await shake(pilot)
            if cls is ProfilesScreen:
                await pilot.press("n")
                await on_screen(pilot, ProfileFormScreen)
                await shake(pilot)
                await pilot.press("escape")
                await pilot.press("b")
                await on_screen(pilot, BadgesScreen)
                await shake(pilot)
            if cls is QuizScreen:
                await pilot.resize_terminal(40, 12)
                for k in answers_for(app.screen.items):  # answered at 40×12
                    await pilot.press(k)
                    await pilot.pause()
                await on_screen(pilot, QuizResultScreen)
                await shake(pilot)

    run(go())
