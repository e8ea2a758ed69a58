"""辨一辨 in the window: offered before the first case (and skippable), one
item per screen drawn as its channel, scored and explained item by item;
the after-check offered once the plan's types are all played."""

from __future__ import annotations

from textual.widgets import Button

from game.progress import quiz, quizbank
from game.engine.rules import catalogue
from game.progress.store import Store
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.outcome import OutcomeScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.quiz import MessageView, QuizResultScreen, QuizScreen
from game.ui.screens.title import TitleScreen

from .helpers import (
    LITERAL_SAFE,
    PARENTS_SAFE,
    TOUR_SAFE,
    answers_for,
    fixture_library,
    follow,
    on_screen,
    open_case,
    play_to_end,
    plain,
    run,
    screen_text,
    store_app,
    store_ready,
    until,
)

FORM_A = quizbank.bank().form("xx-A")  # the first profile's before-check, in the bank's order


async def answer_all(pilot, keys):
    for key in keys:
        screen = await on_screen(pilot, QuizScreen)
        before = screen.index
        await pilot.press(key)
        await until(pilot, lambda: not isinstance(pilot.app.screen, QuizScreen) or screen.index != before, what="next item")


def test_the_before_check_is_offered_before_the_first_case_and_scored(fanzha_home):
    right = {1, 2, 3, 5, 8, 13}  # the rest answered wrong, on purpose
    shown: list[quiz.Item] = []

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("s")  # 开始游戏
            offer = await on_screen(pilot, ConfirmScreen)
            assert "先做个小测验“辨一辨”吗" in screen_text(offer) and f"{len(FORM_A)} 条消息" in screen_text(offer)
            await pilot.press("y")
            first = await on_screen(pilot, QuizScreen)
            head = plain(first.query_one("#quiz-head").content)
            assert head.startswith("辨一辨·前测（A 卷）") and f"第 1/{len(FORM_A)} 题" in head
            buttons = [plain(b.label) for b in first.query(Button)]
            assert buttons == ["1  是骗局", "2  是真消息"]
            shown.extend(first.items)
            assert sorted(i.id for i in shown) == sorted(i.id for i in FORM_A) and shown != list(FORM_A)
            assert first.items[0].text in screen_text(first)  # the sitting's first item comes first
            await answer_all(pilot, answers_for(first.items, right))
            result = await on_screen(pilot, QuizResultScreen)
            text = screen_text(result)
            assert f"答对 {len(right)}/{len(FORM_A)} 题" in text
            await pilot.press("enter")
            play = await on_screen(pilot, PlayScreen)  # and then the first case
            assert play.scenario.id == "ui-tour"

    run(go())
    with Store.open() as store:
        score = store.default_progress().check_result(quiz.BEFORE)
        assert score.complete and score.correct == len(right) and score.form == "xx-A"
        assert [m.item for m in score.marked] == shown  # kept in the order it was shown
        assert [m.correct for m in score.marked] == [n in right for n in range(1, len(FORM_A) + 1)]


def test_the_result_screen_explains_every_answer():
    right = {1, 4, 9}

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 30)) as pilot:
            await store_ready(pilot)
            await pilot.press("t")  # 辨一辨 from the title menu
            shown = (await on_screen(pilot, QuizScreen)).items
            await answer_all(pilot, answers_for(shown, right))
            result = await on_screen(pilot, QuizResultScreen)
            items = list(result.query(".result-item"))
            assert len(items) == len(FORM_A)
            cat = catalogue()
            for n, (box, item) in enumerate(zip(items, shown), 1):  # explained in the order they were asked
                text = "\n".join(plain(s.content) for s in box.query("Static"))
                verdict = "✔ 答对了" if n in right else "✘ 答错了"
                assert text.startswith(verdict) and f"　第 {n} 题｜" in text.splitlines()[0], text
                assert item.text in text and f"为什么：{item.why}" in text
                rule = cat[item.rule]
                assert rule.text in text
                answer = "是骗局" if item.is_scam else "是真消息"
                assert f"正确答案：{answer}" in text
                said_scam = item.is_scam == (n in right)
                assert f"你的判断：{'是骗局' if said_scam else '是真消息'}" in text
                if n not in right and not item.is_scam:
                    assert "把真消息当成了骗局" in text
                assert ("-right" in box.classes) == (n in right)
            summary = screen_text(result)
            assert f"答对 {len(right)}/{len(FORM_A)} 题" in summary and "把真消息当成骗局也算错" in summary
            await pilot.press("escape")
            await on_screen(pilot, TitleScreen)

    run(go())


def test_each_item_looks_like_its_channel_and_keys_and_buttons_answer():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("t")
            screen = await on_screen(pilot, QuizScreen)
            items = screen.items  # in the sitting's order
            by_channel = {i.channel: n for n, i in enumerate(items)}
            for channel, look in (("sms", "短信 ✉ "), ("phone", "✆ 通话中｜"), ("chat", "—— 私聊 ——"), ("video", "视频通话中｜")):
                item = items[by_channel[channel]]
                screen.index = by_channel[channel]
                screen.show()
                await pilot.pause()
                view = screen.query_one(MessageView)
                assert view.item is item
                text = screen_text(screen)
                assert item.text in text and look in text and item.sender in text, channel
            screen.index = 0
            screen.show()
            await pilot.click("#say-genuine")  # the mouse answers too
            await pilot.pause()
            assert screen.index == 1 and screen.answers[items[0].id] is False
            await pilot.press("u")  # back to the first: the answer so far is shown
            assert screen.index == 0 and "你刚才选的是：是真消息" in screen_text(screen)
            await pilot.press("s")  # s also means scam; changed mind
            assert screen.answers[items[0].id] is True
            await pilot.press("escape")  # stop half-way: kept
            await on_screen(pilot, TitleScreen)
            await pilot.press("t")
            again = await on_screen(pilot, QuizScreen)
            assert again.index == 1 and "已答 1 题" in plain(again.query_one("#quiz-head").content)
            assert again.items == items and items[1].text in screen_text(again)  # resumed in its own order

    run(go())


def test_a_skipped_before_check_is_not_offered_again():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("s")
            await on_screen(pilot, ConfirmScreen)
            await pilot.press("n")  # 跳过
            await on_screen(pilot, PlayScreen)
            await pilot.press("escape")
            await on_screen(pilot, TitleScreen)
            await pilot.press("s")
            await on_screen(pilot, PlayScreen)  # straight in this time
            assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack)

    run(go())


def test_the_after_check_is_offered_once_every_type_is_played_and_shows_the_gain():
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("t")
            before_items = (await on_screen(pilot, QuizScreen)).items
            await answer_all(pilot, answers_for(before_items, {1, 2, 3, 4, 5, 6}))
            await on_screen(pilot, QuizResultScreen)
            await pilot.press("enter")
            await on_screen(pilot, TitleScreen)
            # The fixture curriculum gives 小学 three types: 8, 11 and 12.
            await play_to_end(pilot, "ui-tour", TOUR_SAFE)
            await play_to_end(pilot, "ui-parents", PARENTS_SAFE)
            assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack)
            await open_case(pilot, "ui-literal")
            await follow(pilot, LITERAL_SAFE)  # the third type: the offer comes over the outcome
            offer = await on_screen(pilot, ConfirmScreen)
            assert "小学课程里的 3 类诈骗你都玩过了" in screen_text(offer)
            assert any(isinstance(s, OutcomeScreen) for s in app.screen_stack)
            await pilot.press("y")
            quiz_screen = await on_screen(pilot, QuizScreen)
            assert plain(quiz_screen.query_one("#quiz-head").content).startswith("辨一辨·后测（B 卷）")
            assert {i.form for i in quiz_screen.items} == {"xx-B"}
            await answer_all(pilot, answers_for(quiz_screen.items))
            result = await on_screen(pilot, QuizResultScreen)
            b_total = len(quiz_screen.items)
            text = screen_text(result)
            assert f"答对 {b_total}/{b_total} 题" in text
            before = round(6 / len(FORM_A) * 100)
            assert f"前测 {before}% → 后测 100%" in text
            await pilot.press("enter")
            await on_screen(pilot, OutcomeScreen)  # back where the offer was made

    run(go())


def test_the_menu_explains_why_no_check_is_open(fanzha_home):
    library = fixture_library()
    with Store.open() as store:
        store.default_progress(library).record_ending("ui-tour", "safe", "safe", [])

    async def go():
        app = store_app(library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("t")
            await until(pilot, lambda: "后测要在小学课程里每一类诈骗都玩过之后做" in "\n".join(n.message for n in app._notifications))
            assert isinstance(app.screen, TitleScreen)

    run(go())


def test_a_smaller_curriculum_offers_the_after_check_sooner(fanzha_home):
    """A 中学 profile's curriculum has two of the fixture types: the offer
    comes after those two, whatever the plan's other types."""
    library = fixture_library()
    with Store.open() as store:
        store.set_current(store.create_profile("小刚", audience="中学"))

    async def go():
        app = store_app(library=library)
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await play_to_end(pilot, "ui-tour", TOUR_SAFE)
            assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack)
            await open_case(pilot, "ui-literal")
            await follow(pilot, LITERAL_SAFE)
            offer = await on_screen(pilot, ConfirmScreen)
            assert "中学课程里的 2 类诈骗你都玩过了" in screen_text(offer)

    run(go())
