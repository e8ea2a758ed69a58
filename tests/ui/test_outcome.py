"""The outcome screen: banner in words and symbols, money and information,
the explanation, every rule in full with its label, the steps after a loss,
and the four ways on (keys and buttons)."""

from __future__ import annotations

from game.progress.memory import MemoryProgress
from game.engine.rules import catalogue
from game.ui.screens.outcome import OutcomeScreen
from game.ui.screens.picker import PickerScreen
from game.ui.screens.review import ReviewScreen
from game.ui.widgets.banner import Banner
from game.ui.widgets.rulecard import RuleCard
from game.engine.ending import default_steps

from .helpers import fixture_library, follow, make_app, on_screen, plain, ready, run, screen_text

LOST_MONEY = ["1", "1", "text:123456", "1", "1", "1"]
LOST_ACCOUNT = ["1", "1", "text:123456", "2"]
STOPPED = ["1", "1", "text:123456", "1", "2"]
SAFE = ["2", "1", "1"]


async def reach(pilot, keys):
    await follow(pilot, keys)
    return await on_screen(pilot, OutcomeScreen)


def tour(**kwargs):
    return make_app(library=fixture_library(), scenario_id="ui-tour", **kwargs)


def test_loss_banner_money_information_rules_and_default_steps():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            outcome = await reach(pilot, LOST_MONEY)
            banner = plain(outcome.query_one(Banner).content)
            assert banner == "✘ 被骗了\n零花钱全没了"
            assert "-loss" in outcome.query_one(Banner).classes
            text = screen_text(outcome)
            assert "损失：¥500" in text and "泄露的信息：验证码" in text
            assert "骗子先要保证金" in text
            cards = list(outcome.query(RuleCard))
            assert [c.rule.id for c in cards] == ["six-6", "soul-8", "slogan-2"]
            assert [plain(c._border_title) for c in cards] == ["六个一律 第6条", "灵魂8问 第8问", "宣传标语 第2条"]
            for card in cards:
                assert card.rule.text in text
            assert "现在就做" in text
            for step in default_steps("loss", ("小学",)):  # the case is for 小学 and 中学: the youngest
                assert step in text
            assert text.index("马上告诉爸爸妈妈或老师") < text.index("110")  # a pupil tells an adult first
            assert "110" in text and "96110" in text

    run(go())


def test_stopped_and_safe_banners_and_scenario_steps():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            outcome = await reach(pilot, STOPPED)
            text = screen_text(outcome)
            assert plain(outcome.query_one(Banner).content).startswith("⚠ 及时止损")
            assert "保存好聊天记录和转账凭证。" in text and default_steps("loss", ("小学",))[0] not in text
            await pilot.press("a")
            await ready(pilot)
            outcome = await reach(pilot, SAFE)
            text = screen_text(outcome)
            assert plain(outcome.query_one(Banner).content).startswith("✔ 成功识破")
            assert "✔ 没有损失钱，也没有泄露个人信息。" in text
            assert "现在就做" not in text

    run(go())


def test_loss_without_money_names_what_was_exposed():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            outcome = await reach(pilot, LOST_ACCOUNT)
            text = screen_text(outcome)
            assert "损失：没有损失钱" in text and "泄露的信息：验证码" in text
            assert catalogue()["ten-5"].text in text

    run(go())


def test_the_ending_is_recorded_and_the_resume_save_cleared():
    async def go():
        progress = MemoryProgress()
        async with tour(progress=progress).run_test(size=(80, 24)) as pilot:
            await reach(pilot, LOST_ACCOUNT)
            assert progress.endings_found("ui-tour") == {"lost-account"}
            assert progress.load_resume("ui-tour") is None

    run(go())


def test_r_reviews_a_replays_u_tries_another_choice_p_goes_to_the_picker():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await reach(pilot, LOST_ACCOUNT)
            await pilot.press("r")
            await on_screen(pilot, ReviewScreen)
            await pilot.press("escape")
            await on_screen(pilot, OutcomeScreen)
            await pilot.press("u")  # try another choice: back before the last one
            play = await ready(pilot)
            assert play.play.node.id == "sms-fee" and len(play.play.steps) == 3
            await pilot.press("2")
            await on_screen(pilot, OutcomeScreen)
            await pilot.press("a")  # replay from the start
            play = await ready(pilot)
            assert play.play.node.id == "hook" and not play.play.steps
            await follow(pilot, ["2", "1", "1"])
            await on_screen(pilot, OutcomeScreen)
            await pilot.press("p")
            await on_screen(pilot, PickerScreen)

    run(go())


def test_buttons_do_the_same_with_the_mouse():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await reach(pilot, SAFE)
            await pilot.click("#do-review")
            await on_screen(pilot, ReviewScreen)
            await pilot.press("escape")
            await on_screen(pilot, OutcomeScreen)
            await pilot.click("#do-another")
            await ready(pilot)
            await pilot.press("1")
            await on_screen(pilot, OutcomeScreen)
            await pilot.click("#do-replay")
            play = await ready(pilot)
            assert play.play.node.id == "hook"
            await follow(pilot, SAFE)
            await on_screen(pilot, OutcomeScreen)
            await pilot.click("#do-picker")
            await on_screen(pilot, PickerScreen)

    run(go())


def test_escape_and_backspace_on_the_outcome():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await reach(pilot, SAFE)
            await pilot.press("backspace")
            await ready(pilot)
            await pilot.press("1")
            await on_screen(pilot, OutcomeScreen)
            await pilot.press("escape")
            await on_screen(pilot, PickerScreen)

    run(go())


def test_outcome_scrolls_by_keyboard():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            outcome = await reach(pilot, LOST_MONEY)
            body = outcome.query_one("#outcome-body")
            assert body.has_focus
            await pilot.press("end")
            await pilot.pause()
            assert body.scroll_y > 0

    run(go())
