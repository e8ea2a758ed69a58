"""Presenter mode (issue #7): every decision a class vote (letters choose,
numbers never do), the form filled with a made-up code, the rules revealed,
stepping back to any decision and taking another way, the case summary, and
entering and leaving presenter mode."""

from __future__ import annotations

from game.engine.rules import catalogue
from game.ui.app import FanzhaApp
from game.ui.screens.present import FILLED, VOTE_PROMPT, PresentScreen
from game.ui.themes import DARK, LIGHT

from .helpers import flat, player_app, presenter_app, press, presenting, on_screen, run, screen_text, until


def rule_text(rule_id: str) -> str:
    return flat(catalogue().get(rule_id).text)


# -- voting ------------------------------------------------------------------------


def test_the_vote_prompt_is_shown_and_choices_are_lettered():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            text = screen_text(screen)
            assert VOTE_PROMPT in text
            for letter, choice in (("A", "点链接，马上解冻"), ("B", "先打开游戏官方 App 看看账号"), ("C", "把短信给妈妈看")):
                assert f" {letter }   {choice}" in text
            # The messages are all there at once: no typing delay.
            assert "您的账号涉嫌违规交易已被冻结" in flat(text)

    run(go())


def test_number_keys_never_choose_letter_keys_do():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "1", "2", "3", "9")
            assert screen.play.steps == () and screen.play.node.id == "hook"
            # The prompt says how to vote instead.
            assert "请用字母键 A–C 选出全班的答案" in screen_text(screen)
            await press(pilot, "b")
            assert screen.play.node.id == "check"
            assert VOTE_PROMPT in screen_text(screen)
            assert "上一步，全班选了 B「先打开游戏官方 App 看看账号」" in screen_text(screen)
            # A letter with no choice behind it does nothing.
            await press(pilot, "h")
            assert screen.play.node.id == "check"

    run(go())


def test_arrows_and_enter_choose_too():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "down", "down", "enter")
            assert screen.play.node.id == "safe"

    run(go())


def test_a_form_is_the_page_with_its_field_and_filling_it_types_a_made_up_code():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "a")
            text = screen_text(screen)
            assert "https://sg-jiedong.example.com/login" in text and "请输入手机收到的验证码" in flat(text)
            assert "网页上的表单" in text and "验证码：［ 6 位数字 ］" in text
            assert f" B   ✎ 在网页的「验证码」里填写（演示时自动填 {FILLED}）" in text
            assert FILLED == "123456"
            await press(pilot, "b")
            assert screen.play.steps[-1].text == FILLED
            assert screen.play.node.id == "call" and "验证码" in screen.play.exposed
            assert f"上一步，全班选了 B 在「验证码」里填了 {FILLED}" in screen_text(screen)

    run(go())


# -- revealing the rules -------------------------------------------------------------


def test_reveal_shows_the_red_flags_so_far_with_their_rules_in_full():
    from game.ui.screens.present_panels import RulesScreen

    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "r")
            rules = await on_screen(pilot, RulesScreen)
            text = flat(screen_text(rules))
            assert "就在这一步的危险信号（1个）" in text
            assert "短信里让你点链接“解冻”，一律删掉。" in text
            assert "六个一律第4条" in text and rule_text("six-4") in text
            await press(pilot, "escape")
            await presenting(pilot)
            await press(pilot, "a", "r")  # the page: its flag now, the SMS's earlier
            rules = await on_screen(pilot, RulesScreen)
            text = flat(screen_text(rules))
            assert "就在这一步的危险信号（1个）" in text and rule_text("soul-7") in text
            assert "前面已经出现的危险信号（1个）" in text and rule_text("six-4") in text
            assert rule_text("ten-10") not in text  # the call has not happened yet
            await press(pilot, "r")  # r closes it again
            assert await presenting(pilot) is screen

    run(go())


def test_reveal_at_an_ending_shows_the_endings_rules():
    from game.ui.screens.present_panels import RulesScreen

    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            await presenting(pilot)
            await press(pilot, "a", "b", "b", "r")  # → 挂掉电话 (safe-late)
            rules = await on_screen(pilot, RulesScreen)
            text = flat(screen_text(rules))
            assert "这个结局（✔成功识破｜挂掉电话，及时刹车）要记住的规则" in text
            assert rule_text("ten-10") in text and rule_text("soul-7") in text

    run(go())


def test_reveal_before_any_red_flag_says_so():
    from game.ui.screens.present_panels import RulesScreen

    async def go():
        async with presenter_app("pres-genuine").run_test(size=(80, 24)) as pilot:
            await presenting(pilot)
            await press(pilot, "r")
            rules = await on_screen(pilot, RulesScreen)
            assert "还没有标出危险信号" in screen_text(rules)

    run(go())


# -- stepping back ---------------------------------------------------------------------


def test_step_back_one_decision_then_another_branch_reaches_another_node():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "a", "b")
            assert screen.play.node.id == "call"
            await press(pilot, "u")
            assert screen.play.node.id == "page" and len(screen.play.steps) == 1
            text = screen_text(screen)
            assert "↩ 回到第 2 步。刚才全班选了 B 在「验证码」里填了 123456，这次可以换一个。" in text
            assert "（刚才选过）" in text  # the way taken is marked in the vote
            await press(pilot, "a")
            assert screen.play.node.id == "check"
            await press(pilot, "backspace")  # the other key for one step back
            assert screen.play.node.id == "page"

    run(go())


def test_go_back_to_any_earlier_decision_and_again():
    from game.ui.screens.present_panels import DecisionsScreen

    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "a", "b", "a")
            assert screen.play.node.id == "paid"
            await press(pilot, "l")
            steps = await on_screen(pilot, DecisionsScreen)
            text = screen_text(steps)
            for line in ("第 1 步", "全班选了 A「点链接，马上解冻」", "第 2 步", "全班选了 B 在「验证码」里填了 123456",
                         "第 3 步", "全班选了 A「用零花钱扫码交 200 元」"):
                assert line in text
            await press(pilot, "home", "enter")  # back to the very first decision
            await presenting(pilot)
            assert screen.play.steps == () and screen.play.node.id == "hook"
            await press(pilot, "c")
            assert screen.play.node.id == "safe"  # another branch, another node
            # And again: from the ending, back to the first decision once more.
            await press(pilot, "l")
            await on_screen(pilot, DecisionsScreen)
            await press(pilot, "enter")
            await presenting(pilot)
            assert screen.play.node.id == "hook"
            text = screen_text(screen)
            assert text.count("（刚才选过）") == 2  # A and C were both tried here
            await press(pilot, "b")
            assert screen.play.node.id == "check"

    run(go())


def test_back_keys_are_off_at_the_start():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "u", "l")
            assert screen.play.steps == () and pilot.app.screen is screen

    run(go())


# -- the case summary ---------------------------------------------------------------------


def test_the_summary_lists_the_red_flags_of_the_path_then_the_outcome():
    async def go():
        async with presenter_app().run_test(size=(120, 40)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "a", "b", "a", "a")  # → loss-big
            assert screen.play.ended
            text = screen_text(screen.query_one("#present-summary"))
            body = flat(text)
            assert "案例小结" in text and "这一路上的危险信号（4个）" in body
            for why, rule_id in (
                ("短信里让你点链接“解冻”，一律删掉。", "six-4"),
                ("查账号就查账号，为什么要你交出验证码？", "soul-7"),
                ("游戏账号的事要你私下转钱，都是诈骗。", "ten-10"),
                ("交了钱还要再交，说会“原路退回”，就是要骗更多。", "six-6"),
            ):
                assert flat(why) in body and rule_text(rule_id) in body
            # Then the outcome: the banner, the loss, the explanation, what to do now.
            assert body.index(flat("交了钱还要再交")) < body.index("✘被骗了")
            assert "一共被骗了 700 元" in text and "损失：¥700" in text
            assert "骗子一次一次要钱。" in text and "现在就做" in text
            assert "结局：✘ 被骗了｜一共被骗了 700 元" in screen_text(screen.query_one("#present-banner"))

    run(go())


def test_the_summary_leaves_out_red_flags_of_roads_not_taken():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "c")  # → safe at once
            body = flat(screen_text(screen.query_one("#present-summary")))
            assert "这一路上的危险信号（1个）" in body and rule_text("six-4") in body
            assert flat("查账号就查账号") not in body and rule_text("ten-10") not in body
            assert "没点链接，识破了" in body
            await press(pilot, "u")  # and from the summary, back to the vote
            assert screen.play.node.id == "hook" and VOTE_PROMPT in screen_text(screen)

    run(go())


# -- literal text --------------------------------------------------------------------------


def test_scenario_text_that_looks_like_markup_is_shown_as_typed():
    from game.ui.screens.present_panels import RulesScreen
    from game.ui.screens.storymap import StoryMapScreen

    async def go():
        app = presenter_app("pres-literal")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            text = screen_text(screen)
            assert "《[bold]加粗的标题[/bold]》" in text
            assert flat("[bold]您的账号已冻结[/bold]，请点 [link=https://x.example.com/]解冻[/link]。") in flat(text)
            assert " A   [@click=app.quit]马上解冻[/]" in text
            assert "[red]不理他[/red]，告诉家长" in text
            await press(pilot, "r")
            rules = await on_screen(pilot, RulesScreen)
            assert "[@click=app.quit]冻结解封[/] 都是骗局。" in screen_text(rules)
            await press(pilot, "escape", "m")
            story_map = await on_screen(pilot, StoryMapScreen)
            assert "A「[@click=app.quit]马上解冻[/]」" in screen_text(story_map)
            await press(pilot, "escape")
            await presenting(pilot)
            await press(pilot, "a")
            text = screen_text(screen)
            assert "[bold]密码[/bold]：［ [dim]在这里输入[/dim] ］" in text
            assert "https://x.example.com/[unfreeze]" in text
            await press(pilot, "b")  # fill the form → the loss
            text = screen_text(screen)
            assert "[blink]账号被盗[/blink]" in text and "[@click=app.quit]别点[/] 陌生链接。" in text
            assert "[bold]告诉家长[/bold]" in text
            # Clicking the text does nothing: nothing in it is a link or an action.
            await pilot.click("#present-summary", offset=(10, 2))
            assert app.is_running and pilot.app.screen is screen

    run(go())


# -- entering and leaving ----------------------------------------------------------------------


def test_fanzha_present_starts_in_presenter_mode():
    from game.cli import build_parser
    from game.cli.present import build_app
    from game.engine.library import default_folders, load_library

    from .helpers import FIXTURES

    args = build_parser().parse_args(["present", "--scenarios", str(FIXTURES), "pres-tour"])
    assert args.command == "present" and args.scenario == "pres-tour"
    # The way run() builds the app.
    app = build_app(load_library(default_folders(args.scenarios, args.data_dir)), args.scenario, args.data_dir)
    app.animation_level = "none"
    assert app.presenting and app.pace == 0 and app.theme == LIGHT.name

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            assert screen.scenario.id == "pres-tour" and VOTE_PROMPT in screen_text(screen)

    run(go())


def test_fanzha_present_without_a_case_opens_cases_in_presenter_mode():
    from game.ui.screens.picker import PickerScreen

    async def go():
        app = presenter_app(None)
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.presenting and app.theme == LIGHT.name
            await pilot.press("c")
            await on_screen(pilot, PickerScreen)
            app.open_scenario("pres-genuine")
            screen = await presenting(pilot)
            assert screen.scenario.id == "pres-genuine" and screen.play.steps == ()

    run(go())


def test_fanzha_present_with_an_unknown_case_says_which_exist(capsys):
    from game.cli import main

    from .helpers import FIXTURES

    assert main(["present", "--scenarios", str(FIXTURES), "no-such-case"]) == 2
    err = capsys.readouterr().err
    assert "no-such-case" in err and "pres-tour" in err


def test_f5_turns_a_game_into_presenter_mode_and_back():
    from game.ui.screens.play import PlayScreen

    async def go():
        app = player_app()
        async with app.run_test(size=(80, 24)) as pilot:
            play_screen = await on_screen(pilot, PlayScreen)
            await until(pilot, lambda: play_screen._ready, what="play screen ready")
            assert app.theme == DARK.name and not app.presenting
            await pilot.press("2")  # the ordinary game: numbers choose
            await until(pilot, lambda: play_screen.play.node.id == "check")
            play = play_screen.play
            await pilot.press("f5")
            screen = await presenting(pilot)
            assert screen.play is play and play.node.id == "check"
            assert app.presenting and app.theme == LIGHT.name and app.pace == 0
            assert "F5 投影演示" in screen_text(screen)  # in the key bar
            await press(pilot, "b")
            assert play.node.id == "page"
            await pilot.press("f5")
            back = await on_screen(pilot, PlayScreen)
            assert back.play is play and play.node.id == "page"
            assert not app.presenting and app.theme == DARK.name and app.pace == 0  # as given

    run(go())


def test_back_from_presenter_mode_the_moment_is_not_typed_again():
    """The class has just read it: at the player's pace the lines are all there
    and the first key chooses (it used to type them out again and eat the key)."""
    from game.progress.memory import MemoryProgress
    from game.ui import FanzhaApp
    from game.ui.screens.play import PlayScreen

    from ..ui.helpers import fixture_library

    async def go():
        # ui-tour opens with three lines: at pace 1, two seconds to type them out.
        app = FanzhaApp(library=fixture_library(), scenario_id="ui-tour", progress=MemoryProgress(), pace=1)
        app.animation_level = "none"
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, PlayScreen)
            await pilot.press("space")
            await pilot.press("f5")
            await presenting(pilot)
            await pilot.press("f5")
            back = await on_screen(pilot, PlayScreen)
            await until(pilot, lambda: back._ready, timeout=0.8, what="the moment shown at once")
            assert app.pace == 1
            await pilot.press("1")
            await until(pilot, lambda: back.play.node.id == "qq", what="the first key chooses")

    run(go())


def test_f5_elsewhere_turns_presenter_mode_on_for_the_next_case():
    async def go():
        app = player_app(None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("f5")
            assert app.presenting and app.theme == LIGHT.name
            app.open_scenario("pres-tour")
            screen = await presenting(pilot)
            assert screen.play.steps == ()
            await pilot.press("f5")
            await until(pilot, lambda: not isinstance(app.screen, PresentScreen), what="left presenter mode")
            assert app.theme == DARK.name and not app.presenting

    run(go())


def test_help_lists_the_presenter_keys():
    from game.ui.screens.help import HelpScreen, sections

    titles = [title for title, _ in sections(FanzhaApp)]
    assert any("投影演示" in t for t in titles) and any("故事地图" in t for t in titles)

    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            await presenting(pilot)
            await pilot.press("question_mark")
            help_screen = await on_screen(pilot, HelpScreen)
            text = screen_text(help_screen)
            for must in ("F5", "投影演示", "A B C", "选答案", "亮出规则", "故事地图", "回到前面", "退一步"):
                assert must in text, must

    run(go())


def test_escape_asks_before_leaving_a_story_under_way():
    from game.ui.screens.confirm import ConfirmScreen

    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            await press(pilot, "a", "escape")
            await on_screen(pilot, ConfirmScreen)
            await press(pilot, "n")
            assert await presenting(pilot) is screen and screen.play.node.id == "page"
            await press(pilot, "escape")
            await on_screen(pilot, ConfirmScreen)
            await press(pilot, "y")
            await until(pilot, lambda: not isinstance(pilot.app.screen, (PresentScreen, ConfirmScreen)), what="left")

    run(go())


GAP = """
id: pres-gap
title: 没开放的那条路
fraud_type: type-1
audience: [小学]
summary: 一个有条件的选项没开放时，投票的字母和故事地图上的一样。
characters:
  bad: {name: 客服, number: "171****2046"}
nodes:
  start:
    channel: chat
    messages:
      - from: bad
        text: 点赞返现，先垫付 10 元。
    choices:
      - text: 垫付
        to: lost
      - text: 妈妈说过这是骗子
        to: safe
        if: {flag: asked}
      - text: 不理他
        to: safe
  lost:
    ending:
      kind: loss
      title: 钱没了
      rules: [ten-1]
      explain: 刷单返现都是骗局。
  safe:
    ending:
      kind: safe
      title: 识破了
      rules: [ten-1]
      explain: 做得好。
"""


def test_vote_letters_are_the_story_maps_letters(tmp_path):
    from game.cli.present import build_app
    from game.engine.library import load_library
    from game.classroom.storymap import build_map

    (tmp_path / "gap.yaml").write_text(GAP, encoding="utf-8")
    lib = load_library([(tmp_path, "gap")])
    on_map = {(e.source, e.letter): e.text for e in build_map(lib.get("pres-gap")).edges}
    assert on_map[("start", "B")] == "妈妈说过这是骗子" and on_map[("start", "C")] == "不理他"

    async def go():
        app = build_app(lib, "pres-gap")
        app.animation_level = "none"
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await presenting(pilot)
            text = screen_text(screen)
            assert "\n A   垫付\n C   不理他\n" in text  # no B: that way is not open now
            await press(pilot, "b")  # not open now: nothing is chosen, the prompt says what is open
            assert screen.play.node.id == "start"
            assert "请用字母键 A、C 选出全班的答案" in screen_text(screen)
            await press(pilot, "c")
            assert screen.play.node.id == "safe"

    run(go())
