"""反诈手册: every rule group, browsable; each rule lists the cases that teach
it and opens them."""

from __future__ import annotations

from textual.widgets import OptionList

from game.engine.rules import catalogue
from game.ui.screens.choose import ChooseScreen
from game.ui.screens.handbook import HandbookScreen
from game.ui.screens.play import PlayScreen

from .helpers import fixture_library, make_app, on_screen, plain, ready, run


def rules_shown(screen) -> list[str]:
    rules = screen.query_one("#rules", OptionList)
    return [plain(rules.get_option_at_index(i).prompt) for i in range(rules.option_count)]


def select(screen, rule_id):
    rules = screen.query_one("#rules", OptionList)
    rules.highlighted = next(i for i in range(rules.option_count) if rules.get_option_at_index(i).id == rule_id)


def test_every_group_and_every_rule_in_full():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("h")
            screen = await on_screen(pilot, HandbookScreen)
            for index, group in enumerate(catalogue().groups):
                if index:
                    await pilot.press("right")
                await pilot.pause()
                assert screen.current == index
                assert plain(screen.query_one("#group-title").content) == group.title
                shown = "\n".join(rules_shown(screen))
                for rule in group.rules:
                    assert rule.text in shown and rule.label in shown
            await pilot.press("right")  # wraps round
            assert screen.current == 0
            await pilot.press("left")
            assert screen.current == len(catalogue().groups) - 1
            await pilot.press("3")
            assert screen.current == 2

    run(go())


def test_each_rule_lists_the_cases_that_teach_it():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("h")
            screen = await on_screen(pilot, HandbookScreen)
            await pilot.press("2")  # 六个一律
            shown = rules_shown(screen)
            six5 = next(s for s in shown if s.startswith("六个一律 第5条"))
            assert "案例：《限定皮肤大放送》" in six5
            six1 = next(s for s in shown if s.startswith("六个一律 第1条"))
            assert "还没有案例讲这一条" in six1
            await pilot.press("5")  # the twelve types: a case teaches its own type
            type8 = next(s for s in rules_shown(screen) if "网络游戏诈骗" in s)
            assert "《限定皮肤大放送》" in type8

    run(go())


def test_enter_opens_the_case_or_asks_which_one():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("h")
            screen = await on_screen(pilot, HandbookScreen)
            await pilot.press("2")
            select(screen, "six-5")
            await pilot.press("enter")
            play = await ready(pilot)
            assert play.scenario.id == "ui-tour"
            await pilot.press("escape")
            await on_screen(pilot, HandbookScreen)
            await pilot.press("2")
            select(screen, "six-4")  # taught by ui-literal only
            await pilot.press("enter")
            play = await ready(pilot)
            assert play.scenario.id == "ui-literal"
            await pilot.press("escape")
            await on_screen(pilot, HandbookScreen)
            await pilot.press("3")
            select(screen, "ten-7")  # none of the fixtures' endings... ui-parents has it
            await pilot.press("enter")
            play = await ready(pilot)
            assert play.scenario.id == "ui-parents"
            await pilot.press("escape")
            await on_screen(pilot, HandbookScreen)
            await pilot.press("4")
            select(screen, "slogan-7")
            await pilot.press("enter")
            await ready(pilot)
            await pilot.press("escape")
            await on_screen(pilot, HandbookScreen)
            await pilot.press("2")
            select(screen, "six-1")  # nobody teaches it: a notice
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HandbookScreen)

    run(go())


def test_a_rule_taught_by_several_cases_offers_a_choice():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("h")
            screen = await on_screen(pilot, HandbookScreen)
            await pilot.press("4")  # 宣传标语
            select(screen, "slogan-19")  # cited by ui-tour and by ui-literal
            assert "《限定皮肤大放送》、《[bold]加粗的标题[/bold]》" in rules_shown(screen)[18]
            await pilot.press("enter")
            await on_screen(pilot, ChooseScreen)
            await pilot.press("escape")
            await on_screen(pilot, HandbookScreen)
            await pilot.press("enter")
            await on_screen(pilot, ChooseScreen)
            await pilot.press("1")
            await on_screen(pilot, PlayScreen)

    run(go())
