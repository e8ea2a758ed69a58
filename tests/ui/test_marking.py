"""Marking a message as suspicious in the Textual face: with the keyboard (x,
then pick the line), with the mouse (click the line), again to take it back;
the mark shown with ⚑ and words, saved at once, never holding the story up;
and in presenter mode by the number the class calls out."""

from __future__ import annotations

from pathlib import Path

from game.engine.library import load_library
from game.engine.play import Playthrough
from game.progress.memory import MemoryProgress
from game.ui.screens.marking import MarkScreen
from game.ui.screens.play import PlayScreen
from game.ui.widgets.transcript import MARKED, StoryLines, Transcript

from .helpers import make_app, on_screen, ready, run, screen_text, until

MARKS = Path(__file__).resolve().parent.parent / "fixtures" / "marks"


def library():
    return load_library([(MARKS, "marks")])


def app(**kwargs):
    return make_app(library=library(), scenario_id="marks-scam", **kwargs)


def drawn(screen) -> str:
    return screen.query_one(Transcript).text()


async def click_line(pilot, screen, ref) -> None:
    """Click the first row the message is drawn on."""
    for lines in screen.query(StoryLines):
        row = lines.row_of(ref)
        if row is not None:
            await pilot.click(lines, offset=(4, row))
            return
    raise AssertionError(f"{ref} is not drawn")


def test_x_lists_the_lines_and_enter_marks_one_without_saying_if_it_is_right():
    progress = MemoryProgress()

    async def go():
        async with app(progress=progress).run_test(size=(80, 30)) as pilot:
            play = await ready(pilot)
            assert "x 标记可疑" in str(play.query_one("KeyBar").content)
            await pilot.press("x")
            marking = await on_screen(pilot, MarkScreen)
            options = marking.query_one("#mark-lines")
            assert options.option_count == 7 and options.highlighted == 6  # the newest line
            await pilot.press("up", "up", "up", "up", "enter")  # 恭喜你抽中限定皮肤！
            assert play.play.marks == (("start", 2),)
            text = screen_text(marking)
            assert f"{MARKED} ｜客服小鱼：恭喜你抽中限定皮肤！" in text
            assert "对" not in text.replace("标得对不对", "")  # nothing says whether it was right
            await pilot.press("enter")  # again: the mark is taken back
            assert play.play.marks == ()
            await pilot.press("enter", "escape")
            await on_screen(pilot, PlayScreen)
            assert MARKED in drawn(play)
            assert progress.load_resume("marks-scam")["marks"] == [["start", 2]]
            await pilot.press("1")  # marking never holds the story up
            play = await ready(pilot)
            assert play.play.node.id == "qq" and play.play.marks == (("start", 2),)

    run(go())


def test_a_click_marks_a_line_and_a_second_click_takes_the_mark_back():
    async def go():
        async with app().run_test(size=(80, 40)) as pilot:
            play = await ready(pilot)
            await click_line(pilot, play, ("start", 6))
            await until(pilot, lambda: play.play.marks == (("start", 6),), what="marked by a click")
            lines = drawn(play).splitlines()
            at = next(i for i, line in enumerate(lines) if "加我 QQ 领取。" in line)
            assert lines[at + 1].strip() == MARKED  # the flag and the words, right under the line
            await click_line(pilot, play, ("start", 6))
            await until(pilot, lambda: play.play.marks == (), what="unmarked by a second click")
            assert MARKED not in drawn(play)

    run(go())


def test_marks_on_earlier_moments_stay_drawn_and_a_resumed_game_shows_them():
    scenario = library().get("marks-scam")
    play = Playthrough(scenario)
    play.mark(0, 2)
    play.choose_nth(1)
    play.mark(-1, 4)

    async def go():
        async with app().run_test(size=(80, 40)) as pilot:
            await ready(pilot)
            await pilot.app.push_screen(PlayScreen(play))
            screen = await ready(pilot)
            assert screen is not None and drawn(screen).count(MARKED) == 2
            await pilot.press("u")  # stepping back drops the marks of the moment left
            await until(pilot, lambda: play.marks == (("start", 2),), what="undo")
            assert drawn(screen).count(MARKED) == 1

    run(go())


def test_the_ending_is_recorded_with_the_marks_made_while_it_is_read():
    progress = MemoryProgress()

    async def go():
        async with app(progress=progress, pace=0.05).run_test(size=(80, 40)) as pilot:
            play = await ready(pilot)
            await pilot.press("2")  # 不理他: the ending's line stays to be read
            await until(pilot, lambda: play._outcome_due, what="the ending reached")
            assert progress.endings_found("marks-scam") == set()  # not yet: its lines can still be marked
            await pilot.press("enter")
            await until(pilot, lambda: progress.endings_found("marks-scam") == {"safe-early"}, what="recorded")

    run(go())


def test_help_lists_marking():
    from game.ui.app import FanzhaApp
    from game.ui.screens.help import sections

    rows = dict(sections(FanzhaApp))["游戏中"]
    assert ("x / !", "标记可疑") in rows
    assert any("点一下" in what for _, what in rows)


# -- presenter mode ----------------------------------------------------------------------


def presenter():
    from game.cli.present import build_app

    built = build_app(library(), "marks-scam")
    built.animation_level = "none"
    return built


def test_presenter_numbers_the_lines_and_number_keys_mark_while_letters_vote():
    from game.ui.screens.present import PresentScreen

    async def go():
        async with presenter().run_test(size=(100, 40)) as pilot:
            screen = await on_screen(pilot, PresentScreen)
            await pilot.pause()
            text = drawn(screen)
            assert "【3】恭喜你抽中限定皮肤！" in text and "【7】加我 QQ 领取。" in text
            assert "1-9 标记第几句" in str(screen.query_one("KeyBar").content)
            await pilot.press("3")
            assert screen.play.marks == (("start", 2),) and MARKED in drawn(screen)
            await pilot.press("3")
            assert screen.play.marks == () and MARKED not in drawn(screen)
            await pilot.press("8")  # there is no 8th line: the prompt says what the keys do
            assert "数字键 1–7 标记第几句可疑的话" in screen_text(screen)
            await pilot.press("7", "a")  # a letter still votes
            await until(pilot, lambda: screen.play.node.id == "qq", what="the class's vote")
            assert screen.play.marks == (("start", 6),)
            assert "【6】只剩 5 分钟了！" in drawn(screen)
            await click_line(pilot, screen, ("qq", 4))
            await until(pilot, lambda: ("qq", 4) in screen.play.marks, what="a click in presenter mode")

    run(go())


# -- after the ending ---------------------------------------------------------------------


async def to_safe_late(pilot, marks=()):
    """start → qq → 告诉妈妈, marking (node, index) on the way; the outcome."""
    from game.ui.screens.outcome import OutcomeScreen

    play = await ready(pilot)
    for ref in marks:
        if ref[0] == "start":
            play.toggle_mark(ref)
    await pilot.press("1")
    play = await ready(pilot)
    for ref in marks:
        if ref[0] == "qq":
            play.toggle_mark(ref)
    await pilot.press("1")
    return await on_screen(pilot, OutcomeScreen)


def test_the_outcome_says_what_was_found_missed_and_marked_wrongly_and_why_it_is_not_cleared():
    async def go():
        async with app().run_test(size=(100, 50)) as pilot:
            outcome = await to_safe_late(pilot, [("start", 2), ("start", 1)])
            text = screen_text(outcome)
            assert "你找出了 4 个危险信号中的 1 个。" in text
            assert "还有 3 个没有发现。" in text and "有 1 句你标记了，可它其实没有问题。" in text
            assert "✘ 还没过关：要找出至少一半的危险信号，才算真正识破（这一次要找出 2 个）。" in text
            assert "没有被骗（或及时止损），找出这一路上至少一半的危险信号" in text  # the rule, for a pupil

    run(go())


def test_the_outcome_of_a_case_recognised():
    async def go():
        async with app().run_test(size=(100, 50)) as pilot:
            outcome = await to_safe_late(pilot, [("start", 2), ("qq", 4)])
            text = screen_text(outcome)
            assert "你找出了 4 个危险信号中的 2 个。" in text and "✔ 过关" in text
            assert "还没过关" not in text

    run(go())


def test_the_review_shows_the_marks_beside_the_flags_and_the_scammers_playbook():
    from game.ui.screens.review import ReviewScreen

    async def go():
        async with app().run_test(size=(110, 60)) as pilot:
            await to_safe_late(pilot, [("start", 2), ("start", 1)])
            await pilot.press("r")
            review = await on_screen(pilot, ReviewScreen)
            await pilot.pause()
            text = screen_text(review)
            said = text.index("客服小鱼：嗨，我是星河岛的客服小鱼。")
            assert text.index("⚑ 你标记了这句：其实这句没有问题。") > said
            flagged = text.index("⚑ 客服小鱼：恭喜你抽中限定皮肤！")
            assert text.index("⚑ 你标记了这句：找对了，它就是危险信号。") > flagged
            assert text.count("✘ 这个危险信号你没有标记。") == 3
            book = text.index("骗子的剧本")
            assert book > text.index("结局：")
            stages = [text.index(f"{n}. {name}", book) for n, name in enumerate(("搭讪引流", "给点甜头", "换个地方聊", "要信息", "制造紧急"), 1)]
            assert stages == sorted(stages)
            assert "「客服小鱼：只剩 5 分钟了！」" in text
            assert "✋ 在这里就能停下：第一个危险信号出现在「客服小鱼：恭喜你抽中限定皮肤！」" in text

    run(go())


def test_the_presenter_summary_has_the_class_marks_and_the_playbook():
    from game.ui.screens.present import PresentScreen

    async def go():
        async with presenter().run_test(size=(110, 60)) as pilot:
            screen = await on_screen(pilot, PresentScreen)
            await pilot.press("3", "7", "b")  # two right marks, then 不理他
            await until(pilot, lambda: screen.play.ended, what="the ending")
            await pilot.pause()
            text = screen_text(screen)
            assert "全班的标记" in text and "你找出了 2 个危险信号中的 2 个。" in text and "✔ 过关" in text
            assert "骗子的剧本" in text and "3. 换个地方聊" in text
            assert "当时选了「不理他」" in text

    run(go())
