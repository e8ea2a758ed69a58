"""The play screen: each channel drawn the way it looks, the pace, the keys
(1–9, arrows + Enter, the mouse, space, undo, escape), the form, the status
bar, the countdown and saving after every move."""

from __future__ import annotations

from game.progress.memory import MemoryProgress
from game.ui.screens.play import PlayScreen
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.status import StatusBar
from game.ui.widgets.transcript import Transcript
from game.ui.widgets.web import WebForm

from .helpers import fixture_library, follow, make_app, on_screen, plain, ready, run, screen_text, until

PHONE = ["1", "1", "text:123456", "1"]  # hook → qq → page → (form) sms-fee → call


def tour(**kwargs):
    kwargs.setdefault("library", fixture_library())
    return make_app(scenario_id="ui-tour", **kwargs)


def app_for(tmp_path, text: str, scenario_id: str, **kwargs):
    """The app opened on a scenario written for one test."""
    from game.engine.library import load_library

    (tmp_path / f"{scenario_id}.yaml").write_text(text, encoding="utf-8")
    return make_app(library=load_library([(tmp_path, "test")]), scenario_id=scenario_id, **kwargs)


def story(play) -> Transcript:
    return play.query_one(Transcript)


def bubbles(play) -> list[tuple[str, bool]]:
    return [(i.text, i.mine) for i in story(play).items("bubble")]


def segments(play, kind: str) -> list:
    return [s for s in story(play).segments if s.kind == kind]


def drawn(play) -> str:
    return story(play).text()


def test_game_and_private_chat_are_bubbles_left_and_right():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            assert bubbles(play) == [
                ("快看！官方在送限定皮肤，只剩最后 50 份！", False),
                ("真的假的？", True),
                ("加我 QQ，我把领取链接发给你。", False),
            ]
            names = [i.name for i in story(play).items("bubble") if i.show_name]
            assert names == ["小鱼（游戏好友）", "小鱼（游戏好友）"]  # again after the player's line
            assert "小鱼（游戏好友）" in drawn(play)
            assert "星光大乱斗 游戏聊天｜小鱼（游戏好友）" in plain(play.query_one("#channel-bar").content)
            await pilot.press("1")
            play = await ready(pilot)
            assert [s.title for s in segments(play, "chat")] == ["星光大乱斗 游戏聊天｜小鱼（游戏好友）", "QQ 私聊｜小鱼（游戏好友）"]
            assert "—— QQ 私聊｜小鱼（游戏好友） ——" in drawn(play)
            assert story(play).items("choice")[-1].text == "加 QQ，看看链接"
            assert "➜ 你选择了：加 QQ，看看链接" in drawn(play)

    run(go())


def test_group_chat_names_every_speaker():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["2", "1"])  # check → group
            play = await ready(pilot)
            names = [i.name for i in story(play).items("bubble") if i.show_name]
            assert "同学小林" in names and "王老师" in names
            assert "五（2）班同学群（群聊）" in plain(play.query_one("#channel-bar").content)
            # The condition: "I checked the notice" is offered only after checking.
            assert "告诉大家：我查过公告，根本没有这个活动" in screen_text(play)

    run(go())


def test_a_condition_hides_a_choice_until_it_holds():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1", "2"])  # qq → group, without checking
            play = await ready(pilot)
            assert "告诉大家：我查过公告" not in screen_text(play.query_one(ChoiceList).screen)
            assert play.query_one(ChoiceList).option_count == 2

    run(go())


def test_sms_card_shows_the_sender_and_number_and_the_call_screen_the_caller():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await follow(pilot, PHONE)
            play = await ready(pilot)
            sms = story(play).items("sms")[0]
            assert (sms.name, sms.number) == ("福利中心", "106****8899")
            assert "短信 ✉ 福利中心 106****8899" in drawn(play)
            assert "10 分钟内缴纳 200" in drawn(play)
            frame = segments(play, "call")[0]
            assert frame.title == "✆ 通话中｜自称“李警官”的人 171****2046"
            assert "╔═ ✆ 通话中｜自称“李警官”的人 171****2046" in drawn(play)
            lines = [(i.name, i.text) for i in frame.items if i.kind == "call"]
            assert lines[0] == ("自称“李警官”的人", "我是公安局的李警官。你的账号涉嫌洗钱，必须把剩下的钱转到安全账户接受调查。")
            assert lines[1] == ("我", "啊？我、我没有……")
            assert "║ 我：啊？我、我没有……" in drawn(play)
            assert any("电话响了" in i.text for i in story(play).items("narration"))
            assert "✆ 通话中｜自称“李警官”的人 171****2046" in plain(play.query_one("#channel-bar").content)
            await pilot.press("1")  # → video
            play = await ready(pilot)
            assert segments(play, "video")[0].title.startswith("视频通话中｜")

    run(go())


def test_web_page_has_an_address_bar_and_a_real_form():
    async def go():
        progress = MemoryProgress()
        async with tour(progress=progress).run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1", "1"])
            play = await ready(pilot)
            assert segments(play, "web")[0].title == "网页 ⌂ https://skin-gift.example.com/get"
            assert "┌─ 网页 ⌂ https://skin-gift.example.com/get" in drawn(play)
            form = play.query_one(WebForm)
            assert form.display
            assert plain(form.query_one("#form-label").content) == "验证码："
            field = form.query_one("#form-input")
            assert field.placeholder == "6 位数字"
            choices = play.query_one(ChoiceList)
            assert choices.has_focus  # numbers choose; the form is one deliberate step away
            assert "3" not in plain(choices.get_option_at_index(1).prompt)[:2]
            assert plain(choices.get_option_at_index(1).prompt) == "2. ✎ 在表单的「验证码」里填写"
            await pilot.press("2")  # the "fill in" option focuses the field
            assert field.has_focus
            await pilot.press("1", "2", "enter")  # digits go into the field, not the choices
            play = await ready(pilot)
            assert play.play.node.id == "sms-fee"
            assert "⚠ 已泄露：验证码" in screen_text(play.query_one(StatusBar))
            # What was typed is not kept anywhere: only that something was given.
            assert progress.load_resume("ui-tour")["steps"][-1] == ["page", "input", "**"]
            assert story(play).items("choice")[-1].text == "在「验证码」里填写了 **"

    run(go())


def test_form_escape_returns_to_the_choices_and_an_empty_form_is_not_sent():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1", "1"])
            play = await ready(pilot)
            await pilot.press("f")
            field = play.query_one("#form-input")
            assert field.has_focus
            await pilot.press("enter")  # nothing typed: stays
            assert play.play.node.id == "page"
            await pilot.press("space", "enter")  # only a space: stays
            assert play.play.node.id == "page"
            await pilot.press("escape")
            assert play.query_one(ChoiceList).has_focus
            assert isinstance(app_screen(pilot), PlayScreen)
            await pilot.press("f", "9")
            await pilot.click("#form-submit")
            await until(pilot, lambda: play.play.node.id == "sms-fee", what="form sent by the button")

    run(go())


def app_screen(pilot):
    return pilot.app.screen


def test_arrows_enter_and_mouse_choose():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            await pilot.press("down", "enter")  # 2: 先去游戏公告里查一查
            play = await ready(pilot)
            assert play.play.node.id == "check"
            await pilot.press("u")
            play = await ready(pilot)
            await pilot.click(ChoiceList, offset=(6, 2))  # the second option's line
            await until(pilot, lambda: play.play.node.id == "check", what="mouse choice")

    run(go())


def test_number_beyond_the_choices_does_nothing():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            await pilot.press("9")
            assert play.play.node.id == "hook" and not play.play.steps

    run(go())


def test_messages_appear_at_a_pace_and_space_shows_them_all():
    async def go():
        app = tour(pace=5)  # long enough that nothing appears by itself during the test
        async with app.run_test(size=(80, 24)) as pilot:
            play = await on_screen(pilot, PlayScreen)
            await until(pilot, lambda: len(bubbles(play)) == 1, what="first line")
            assert not play._ready
            assert "正在输入" in plain(play.query_one("#typing").content)
            assert play.query_one(ChoiceList).option_count == 0
            await pilot.press("1")  # a number while lines appear shows them, never chooses
            await until(pilot, lambda: play._ready, what="all lines")
            assert len(bubbles(play)) == 3 and not play.play.steps
            await pilot.press("1")
            await until(pilot, lambda: play.play.node.id == "qq" and len(bubbles(play)) == 4)
            await pilot.press("space")
            await until(pilot, lambda: play._ready and len(bubbles(play)) == 5, what="space")
            await pilot.press("1")
            await until(pilot, lambda: play.play.node.id == "page")
            await pilot.press("s")
            await until(pilot, lambda: play._ready, what="s shows all")

    run(go())


def test_a_short_pace_reveals_by_itself():
    async def go():
        async with tour(pace=0.05).run_test(size=(80, 24)) as pilot:
            play = await on_screen(pilot, PlayScreen)
            await until(pilot, lambda: play._ready and len(bubbles(play)) == 3, what="paced lines")

    run(go())


def test_status_bar_shows_money_and_exposed_information():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            status = plain(play.query_one("#stakes").content)
            assert status.startswith("零花钱 ¥500") and "已泄露：无" in status
            await follow(pilot, PHONE)
            play = await ready(pilot)
            status = plain(play.query_one("#stakes").content)
            assert "零花钱 ¥300" in status and "刚刚 -¥200" in status and "⚠ 已泄露：验证码" in status

    run(go())


def test_parents_see_a_balance_not_pocket_money():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-parents")
        async with app.run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            assert plain(play.query_one("#stakes").content).startswith("余额 ¥2000")

    run(go())


def test_countdown_shows_the_deadline_and_never_chooses():
    async def go():
        app = tour()
        app.animation_level = "full"  # let it tick
        async with app.run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            countdown = play.query_one(StatusBar).countdown
            assert not countdown.display
            await pilot.press("1")
            play = await ready(pilot)
            assert countdown.display and plain(countdown.content) == "倒计时 30:00"
            await until(pilot, lambda: countdown.remaining < 1800, timeout=5, what="a tick")
            assert plain(countdown.content).startswith("倒计时 29:5")
            countdown.remaining = 1
            await until(pilot, lambda: countdown.remaining == 0, timeout=5, what="zero")
            await pilot.pause(1.1)
            assert play.play.node.id == "qq" and plain(countdown.content) == "倒计时 00:00"

    run(go())


def test_undo_goes_back_one_choice_with_u_and_backspace():
    async def go():
        progress = MemoryProgress()
        async with tour(progress=progress).run_test(size=(80, 24)) as pilot:
            await follow(pilot, PHONE)
            play = await ready(pilot)
            assert play.play.node.id == "call"
            await pilot.press("u")
            play = await ready(pilot)
            assert play.play.node.id == "sms-fee"
            assert "零花钱 ¥500" in plain(play.query_one("#stakes").content)
            await pilot.press("backspace")
            play = await ready(pilot)
            assert play.play.node.id == "page"
            assert len(progress.load_resume("ui-tour")["steps"]) == 2
            assert len(story(play).items("choice")) == 2  # the story so far, redrawn
            await pilot.press("u", "u", "u")  # past the start: a notice, no crash
            play = await ready(pilot)
            assert play.play.node.id == "hook"

    run(go())


def test_every_move_is_saved_for_resuming():
    async def go():
        progress = MemoryProgress()
        async with tour(progress=progress).run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1"])
            await ready(pilot)
            assert progress.load_resume("ui-tour")["steps"] == [["hook", "choice", 0]]
            await follow(pilot, ["2"])
            await ready(pilot)
            assert progress.load_resume("ui-tour")["steps"] == [["hook", "choice", 0], ["qq", "choice", 1]]

    run(go())


def test_escape_leaves_the_story_and_it_can_be_continued():
    from game.ui.screens.title import TitleScreen

    async def go():
        progress = MemoryProgress()
        async with tour(progress=progress).run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["1"])
            await ready(pilot)
            await pilot.press("escape")
            await on_screen(pilot, TitleScreen)
            assert progress.load_resume("ui-tour")

    run(go())


def test_pageup_scrolls_back_through_the_story():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            await follow(pilot, PHONE)
            play = await ready(pilot)
            transcript = play.query_one(Transcript)
            await pilot.pause()
            bottom = transcript.scroll_y
            assert bottom > 0
            await pilot.press("pageup")
            await until(pilot, lambda: transcript.scroll_y < bottom, what="scrolled up")
            await pilot.press("pagedown")

    run(go())


def test_talk_channel_is_drawn_as_speech():
    from game.engine.model import Message, Node
    from game.ui.widgets.status import where

    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            node = Node("x", "talk", (Message("今天怎么了？", "teacher", "talk"),))
            assert where(play.scenario, node) == "当面说话｜王老师"
            story(play).add(play.scenario, node, node.messages[0])
            await pilot.pause()
            assert ("今天怎么了？", False) in bubbles(play)
            assert "—— 当面说话｜王老师 ——" in drawn(play)

    run(go())


def test_chat_rows_are_not_only_colour():
    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            await pilot.pause()
            lines = drawn(play).splitlines()
            mine = next(line for line in lines if "真的假的？" in line)
            theirs = next(line for line in lines if "快看！" in line)
            # Mine sit on the right, theirs on the left: position, not colour.
            assert mine.index("真的假的？") > 40 > theirs.index("快看！")

    run(go())


def test_the_story_redraws_in_the_new_theme():
    from game.ui.widgets.transcript import StoryLines

    async def go():
        async with tour().run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            await pilot.pause()
            lines = play.query_one(StoryLines)
            dark = lines.look().bubble.bgcolor
            await pilot.press("f2")
            await pilot.pause()
            await pilot.pause()
            assert lines.look().bubble.bgcolor != dark
            assert lines.look().base.bgcolor.triplet == (255, 255, 255)

    run(go())


def test_the_outcome_waits_for_the_help_to_close():
    from game.ui.screens.help import HelpScreen
    from game.ui.screens.outcome import OutcomeScreen

    async def go():
        app = tour(pace=0.05)
        async with app.run_test(size=(80, 24)) as pilot:
            await follow(pilot, ["2", "1"])
            play = await ready(pilot)
            await pilot.press("1", "question_mark")  # the ending arrives while the help is open
            await on_screen(pilot, HelpScreen)
            await pilot.pause(0.3)
            assert isinstance(app.screen, HelpScreen) and play.play.ended
            await pilot.press("escape")
            await on_screen(pilot, OutcomeScreen)

    run(go())


ENDS_TALKING = """
id: ui-ends-talking
title: 爸爸说了很多
fraud_type: type-1
audience: [小学]
summary: 结局前有一段长长的话。
characters:
  dad: {name: 爸爸}
nodes:
  start:
    channel: chat
    messages:
      - from: dad
        text: 有人让你点赞赚钱？
    choices:
      - text: 告诉爸爸
        to: safe
  safe:
    channel: talk
    messages:
      - from: dad
        text: 你做得对。
      - from: dad
        text: 晚上爸爸回去，我们一起把这个人举报了，再跟你们班主任说一声，让同学们也小心。
    ending:
      kind: safe
      title: 识破了
      rules: [ten-1]
      explain: 做得好。
"""


def test_the_last_lines_stay_to_be_read_and_enter_shows_the_outcome(tmp_path):
    from game.ui.screens.outcome import OutcomeScreen

    app = app_for(tmp_path, ENDS_TALKING, "ui-ends-talking", pace=0.3)

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            play = await on_screen(pilot, PlayScreen)
            await until(pilot, lambda: play._ready, what="first lines")
            await pilot.press("1")
            await until(pilot, lambda: play._outcome_due, what="the ending")
            # 42 characters at pace 0.3: about 3 s to read, where 0.6 s was all it had.
            await pilot.pause(1.2)
            assert app.screen is play
            assert "爸爸正在说" not in plain(play.query_one("#typing").content)
            assert "按回车键看结局" in plain(play.query_one("#typing").content)
            assert "看结局" in screen_text(play)  # on the key bar
            await pilot.press("enter")
            await on_screen(pilot, OutcomeScreen, timeout=1.0)

    run(go())


def test_someone_face_to_face_is_speaking_not_typing(tmp_path):
    app = app_for(tmp_path, ENDS_TALKING, "ui-ends-talking", pace=5)

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            play = await on_screen(pilot, PlayScreen)
            await until(pilot, lambda: play._ready, what="first lines")
            await pilot.press("1")
            await until(pilot, lambda: "爸爸正在说…" in plain(play.query_one("#typing").content), what="speaking")

    run(go())


def test_a_move_after_scrolling_back_shows_what_happens_next():
    async def go():
        async with tour().run_test(size=(80, 16)) as pilot:
            play = await ready(pilot)
            await follow(pilot, ["1"])
            play = await ready(pilot)
            transcript = story(play)
            await until(pilot, lambda: transcript.max_scroll_y > 0, what="a story longer than the screen")
            await pilot.press("pageup")
            await until(pilot, lambda: transcript.scroll_y < transcript.max_scroll_y, what="scrolled back")
            await pilot.press("1")
            play = await ready(pilot)
            await pilot.pause()
            assert transcript.scroll_y == transcript.max_scroll_y  # the newest lines are in view

    run(go())


GROUP_THEN_PRIVATE = """
id: ui-group-then-private
title: 群里说一句，私聊说一句
fraud_type: type-11
audience: [小学]
summary: 群聊里的通知之后，老师私聊你。
characters:
  teacher: {name: 冯老师}
nodes:
  start:
    channel: group
    app: QQ
    messages:
      - from: teacher
        text: 明天每人带 10 元买花盆。
      - from: teacher
        channel: chat
        text: 你好，我私下跟你说一声。
    choices:
      - text: 去问问妈妈
        to: safe
  safe:
    ending:
      kind: safe
      title: 问过了
      rules: [ten-1]
      explain: 做得好。
"""


def test_the_channel_bar_follows_the_conversation_into_a_private_chat(tmp_path):
    app = app_for(tmp_path, GROUP_THEN_PRIVATE, "ui-group-then-private")

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            bar = plain(play.query_one("#channel-bar").content)
            assert "QQ 私聊｜冯老师" in bar and "群聊" not in bar

    run(go())


LONG_THEN_SHORT = """
id: ui-long-then-short
title: 长的一句，短的一句
fraud_type: type-1
audience: [小学]
summary: 一句很长的旁白，然后一句短话。
characters:
  a: {name: 群主}
nodes:
  start:
    channel: group
    messages:
      - channel: narration
        text: （「小画家交流群」里，群主发了一条消息：点赞一次返 3 元，日结，学生也能做。小画家们都在问怎么报名。）
      - from: a
        text: 快来报名！
    choices:
      - text: 不理
        to: safe
  safe:
    ending:
      kind: safe
      title: 没理
      rules: [ten-1]
      explain: 做得好。
"""


def test_a_long_line_stays_long_enough_to_read_before_the_next(tmp_path):
    # At pace 1 the 52-character line stays about 8 s (at pace 0.2, 1.6 s; it
    # used to be 0.2 s): far from the 0.6 s looked at, even on a loaded machine.
    app = app_for(tmp_path, LONG_THEN_SHORT, "ui-long-then-short", pace=1)

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            play = await on_screen(pilot, PlayScreen)
            await until(pilot, lambda: "小画家交流群" in drawn(play), what="the long line")
            await pilot.pause(0.6)
            assert "快来报名" not in drawn(play) and not play._ready
            await until(pilot, lambda: play._ready and "快来报名" in drawn(play), timeout=30, what="the short line, in time")

    run(go())


DEADLINE_STORY = """id: ui-deadline
title: 测试
fraud_type: type-8
audience: [小学]
summary: 测试。
characters:
  boss: {name: 团长}
nodes:
  a:
    channel: chat
    messages:
      - {from: boss, text: 10 分钟内不交就作废！}
    choices:
      - {text: 再聊聊, to: b}
      - {text: 好, to: c}
  b:
    channel: chat
    messages:
      - {from: boss, text: 快点啊。}
    choices:
      - {text: 第二天, to: c}
  c:
    messages:
      - 第二天早上，你去上学了。
    choices:
      - {text: 走, to: end}
  end:
    ending: {kind: safe, title: 好, rules: [ten-1], explain: 好。}
"""


def test_a_deadline_belongs_to_its_scene(tmp_path):
    """The countdown goes on while the scammer's scene goes on, and is gone
    once narration moves the story on (a new scene, another day) or it ends."""

    async def go():
        app = app_for(tmp_path, DEADLINE_STORY, "ui-deadline")
        async with app.run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            countdown = play.query_one(StatusBar).countdown
            assert countdown.display and plain(countdown.content) == "倒计时 10:00"
            await pilot.press("1")
            play = await ready(pilot)
            assert countdown.display  # the same chat, the same deadline
            await pilot.press("1")
            play = await ready(pilot)
            assert not countdown.display  # 第二天: the deadline is past
            await pilot.press("1")
            await pilot.pause()
            assert not countdown.display

    run(go())


def test_the_stakes_shown_before_the_bar_is_mounted_are_drawn_when_it_is():
    """A case opened straight from the command line with the cases already
    listed can be shown before the status bar has made its line: nothing
    fails, and the line appears once the bar is there."""
    from textual.app import App

    from game.engine.library import load_library
    from game.engine.paths import builtin_scenarios_dir

    scenario = load_library([(builtin_scenarios_dir(), "builtin")]).get("type01-dianzan-fanli")
    bar = StatusBar(id="status")
    bar.show(scenario, 1234, ("验证码",), -66)  # not mounted, not composed: must not fail

    class Bare(App):
        def compose(self):
            yield bar

    async def go():
        async with Bare().run_test(size=(80, 5)) as pilot:
            await pilot.pause()
            text = screen_text(bar)
            assert "1,234" in text or "1234" in text, text
            assert "⚠ 已泄露：验证码" in text and "刚刚" in text

    run(go())
