"""Rule cards in the handbook: a safe ending collects the rules it teaches;
the handbook marks them (a mark and words, not colour alone) and suggests
the cases that teach the rules still missing."""

from __future__ import annotations

from textual.widgets import OptionList

from game.ui.screens.choose import ChooseScreen
from game.ui.screens.handbook import HandbookScreen
from game.ui.screens.play import PlayScreen

from .helpers import TOUR_SAFE, on_screen, plain, play_to_end, run, store_app, store_ready


def entry(screen, rule_id: str) -> str:
    rules = screen.query_one("#rules", OptionList)
    for i in range(rules.option_count):
        option = rules.get_option_at_index(i)
        if option.id == rule_id:
            return plain(option.prompt)
    raise AssertionError(rule_id)


def test_a_safe_ending_collects_its_rules_and_the_handbook_marks_them():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("h")
            handbook = await on_screen(pilot, HandbookScreen)
            await pilot.press("2")  # 六个一律
            await pilot.pause()
            assert "· 还没收集" in entry(handbook, "six-5")
            suggest = plain(handbook.query_one("#suggest").content)
            assert "已收集 0/" in suggest and "推荐先玩" in suggest and "《限定皮肤大放送》" in suggest

            await play_to_end(pilot, "ui-tour", TOUR_SAFE)  # cites six-5 and six-2
            app.go_title()
            await pilot.press("h")
            handbook = await on_screen(pilot, HandbookScreen)
            await pilot.press("2")
            await pilot.pause()
            six5 = entry(handbook, "six-5")
            assert six5.startswith("六个一律 第5条  ✔ 已收集")
            assert "✔ 已收集" in entry(handbook, "six-2")
            assert "· 还没收集" in entry(handbook, "six-4")
            suggest = plain(handbook.query_one("#suggest").content)
            assert "已收集 3/" in suggest  # six-5, six-2 and its type's card (type-8)
            assert "《限定皮肤大放送》" not in suggest  # cleared safely: no longer suggested
            assert "《孩子的老师要交资料费》" in suggest and "《[bold]加粗的标题[/bold]》" in suggest

            await pilot.press("n")  # two cases suggested: pick one
            await on_screen(pilot, ChooseScreen)
            await pilot.press("1")
            play = await on_screen(pilot, PlayScreen)
            assert play.scenario.id in ("ui-parents", "ui-literal")

    run(go())
