"""The story map in presenter mode (key m): every decision and ending, the
endings in words and symbols, the path so far marked by more than colour,
scrollable at 80×24."""

from __future__ import annotations

from textual.containers import VerticalScroll

from game.ui.screens.storymap import MapBranch, MapRow, StoryMapScreen
from game.engine.vocab import kind_words

from .helpers import library, plain, presenter_app, press, presenting, on_screen, run, screen_text


def rows(screen) -> list[tuple[str, set[str]]]:
    return [(plain(r.content), set(r.classes)) for r in screen.query(MapRow)]


async def open_map(pilot, *keys: str):
    await presenting(pilot)
    await press(pilot, *keys, "m")
    return await on_screen(pilot, StoryMapScreen)


def test_the_map_opens_on_its_key_and_shows_every_ending_in_words_and_symbols():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            story_map = await open_map(pilot)
            text = screen_text(story_map)
            scenario = library().get("pres-tour")
            endings = [n for n in scenario.nodes.values() if n.ending]
            assert len(endings) == 5
            for node in endings:
                assert f"{kind_words(node.ending.kind)}《{node.ending.title}》" in text, node.id
            for words in ("✔ 成功识破", "✘ 被骗了", "⚠ 及时止损", "⊘ 错过了真消息"):
                assert words in text  # in the legend at least
            assert "5 个选择点，5 个结局" in text
            assert "结局：✔ 成功识破 2 个，✘ 被骗了 2 个，⚠ 及时止损 1 个。" in text
            # Every choice of every node is an arrow on the map.
            for node in scenario.nodes.values():
                for choice in node.choices:
                    assert f"「{choice.text}」" in text, choice.text
            await press(pilot, "m")  # m closes it again
            await presenting(pilot)

    run(go())


def test_the_missed_ending_of_a_genuine_case():
    async def go():
        async with presenter_app("pres-genuine").run_test(size=(80, 24)) as pilot:
            story_map = await open_map(pilot)
            text = screen_text(story_map)
            assert "⊘ 错过了真消息《把真通知当成了骗局》" in text
            # A genuine message checked and trusted is not a scam seen through.
            assert "✔ 核实后放心办《当面核实，放心照做》" in text and "成功识破" not in text

    run(go())


def test_the_path_taken_is_marked_not_by_colour_alone():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            story_map = await open_map(pilot, "a", "b")  # hook → page → (form) call
            taken = [(text, cls) for text, cls in rows(story_map) if "-taken" in cls]
            assert [t.split(" ")[1] if t.startswith("►") else t for t, _ in taken]  # marked rows exist
            assert len(taken) == 3  # the start, and two arrows
            for text, cls in taken:
                assert text.startswith("► ")
                assert text.endswith("（走过）") or text.endswith("【现在在这里】")
            start, first, here = (t for t, _ in taken)
            assert start.startswith("► 开头 ❖ 短信")
            assert first.startswith("► A「点链接，马上解冻」 → ❖ 网页")
            assert here.startswith("► B ✎ 填写「验证码」 → ❖ 电话") and here.endswith("【现在在这里】")
            assert "-here" in taken[2][1]
            # Rows off the path carry no marker.
            for text, cls in rows(story_map):
                if "-taken" not in cls:
                    assert "►" not in text and "（走过）" not in text and "现在在这里" not in text
            assert any("「先打开游戏官方 App 看看账号」" in t for t, c in rows(story_map) if "-taken" not in c)
            # The branches the path went through have a heavy line beside them.
            assert sum(1 for b in story_map.query(MapBranch) if b.has_class("-taken")) == 3

    run(go())


def test_at_the_start_the_map_says_where_the_class_is():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            story_map = await open_map(pilot)
            here = [t for t, c in rows(story_map) if "-here" in c]
            assert len(here) == 1 and here[0].startswith("► 开头") and here[0].endswith("【现在在这里】")

    run(go())


def test_the_map_scrolls_and_opens_where_the_class_is():
    async def go():
        async with presenter_app().run_test(size=(80, 24)) as pilot:
            story_map = await open_map(pilot, "a", "b", "a")  # deep in the tree
            body = story_map.query_one("#map-body", VerticalScroll)
            assert body.max_scroll_y > 0  # more than one screen at 80×24
            here = story_map.query_one(".map-row.-here")
            await pilot.pause()
            top, bottom = body.scroll_y, body.scroll_y + body.scrollable_content_region.height
            assert top <= here.virtual_region.y < bottom  # in view
            await press(pilot, "home")
            assert body.scroll_y == 0
            await press(pilot, "end")
            assert body.scroll_y == body.max_scroll_y
            await press(pilot, "c")  # back to where the class is
            assert body.scroll_y <= here.virtual_region.y < body.scroll_y + body.scrollable_content_region.height
            await press(pilot, "escape")
            await presenting(pilot)

    run(go())
