"""以案说法: the conversation again, every red flag marked and explained next
to its line (the ones walked past too), and the flags on other roads."""

from __future__ import annotations

from game.engine.rules import catalogue
from game.ui.screens.outcome import OutcomeScreen
from game.ui.screens.review import FlagNote, ReviewLine, ReviewScreen
from game.ui.widgets.rulecard import rule_label

from .helpers import fixture_library, follow, make_app, on_screen, plain, run, screen_text

LOST_MONEY = ["1", "1", "text:123456", "1", "1", "1"]


async def review(pilot, keys):
    await follow(pilot, keys)
    await on_screen(pilot, OutcomeScreen)
    await pilot.press("r")
    return await on_screen(pilot, ReviewScreen)


def test_every_red_flag_on_the_way_is_explained_next_to_its_line():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await review(pilot, LOST_MONEY)
            play = screen.play
            flagged = [m for node in play.visited for m in node.messages if m.red_flag]
            notes = list(screen.query(FlagNote))
            assert len(notes) >= len(flagged) == 7
            cat = catalogue()
            for message, note in zip(flagged, notes):
                text = plain(note.content)
                assert message.red_flag.why in text
                rule = cat[message.red_flag.rule]
                assert rule_label(rule) in text and rule.text in text
                # next to its line: the note and the flagged line share a row
                line = note.parent.query_one(ReviewLine)
                assert message.text in plain(line.content) and "-flag" in line.classes
                assert plain(line.content).startswith("⚑")
            text = screen_text(screen)
            assert "这一路上出现了 7 个危险信号" in text
            assert "➜ 你选择了：加 QQ，看看链接" in text
            assert "结局：✘ 被骗了｜零花钱全没了" in text

    run(go())


def test_flags_on_roads_not_taken_are_listed_too():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await review(pilot, ["2", "1", "1"])  # check → group → safe: one flag seen
            text = screen_text(screen)
            assert "这一路上出现了 1 个危险信号" in text
            assert "别的路上还有这些危险信号" in text
            for why in ("网友发来的陌生链接，一律不点。", "真正的活动不会要你的验证码。", "一提到“安全账户”的，一律不理。"):
                assert why in text

    run(go())


def test_n_and_p_jump_between_red_flags():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await review(pilot, LOST_MONEY)
            notes = list(screen.query(FlagNote))
            await pilot.press("n")
            assert notes[0].has_focus
            await pilot.press("n", "n")
            assert notes[2].has_focus
            await pilot.press("p")
            assert notes[1].has_focus
            await pilot.press("tab")
            assert notes[2].has_focus
            await pilot.press("escape")
            await on_screen(pilot, OutcomeScreen)

    run(go())


def test_wide_terminals_put_the_note_beside_the_line():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-tour")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await review(pilot, LOST_MONEY)
            await pilot.pause()
            assert "-wide" in screen.classes
            note = screen.query(FlagNote).first()
            line = note.parent.query_one(ReviewLine)
            assert note.region.x > line.region.x and note.region.y == line.region.y
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert "-wide" not in screen.classes
            assert note.region.y > line.region.y

    run(go())
