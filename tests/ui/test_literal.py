"""Scenario text is shown exactly as written: "[bold]", "[@click=app.quit]"
and "[link=...]" are characters on the screen, never style, action or link."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList, Static

from game.ui.screens.outcome import OutcomeScreen
from game.ui.screens.picker import PickerScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.review import ReviewScreen
from game.ui.widgets.transcript import StoryLines, Transcript
from game.ui.widgets.keybar import KeyBar

from .helpers import fixture_library, follow, make_app, on_screen, plain, ready, run, screen_text

MARKUP_TEXTS = (
    "[bold]您的账号已冻结[/bold]，请点 [link=https://x.example.com/]解冻[/link]。",
    "[@click=app.quit]点这里[/] 立刻解冻",
    "[@click=app.quit]客服[/]",
    "[i]微信[/i]",
    "[@click=app.quit]马上解冻[/]",
    "[red]不理他[/red]，告诉家长",
)


def story_text(screen) -> str:
    """The story's words as drawn (rows joined, so wrapping does not matter)
    and as held (each item's text and speaker)."""
    transcript = screen.query_one(Transcript)
    items = "\n".join(f"{i.name}\n{i.text}" for i in transcript.items())
    titles = "\n".join(s.title for s in transcript.segments)
    return "\n".join([transcript.text(), items, titles])


def no_actions_or_links(screen) -> None:
    """No Content on the screen carries an action or a link, except the key bar's own."""
    for widget in screen.query(Static):
        if isinstance(widget, KeyBar):
            continue
        content = widget.content
        if isinstance(content, Content):
            for span in content.spans:
                style = str(span.style)
                assert "@click" not in style and "link" not in style, (widget, span)
    for options in screen.query(OptionList):
        for i in range(options.option_count):
            prompt = options.get_option_at_index(i).prompt
            if isinstance(prompt, Content):
                assert all("@click" not in str(s.style) for s in prompt.spans)


def test_markup_in_a_scenario_is_shown_literally_and_does_nothing():
    async def go():
        app = make_app(library=fixture_library(), scenario_id="ui-literal")
        quit_called = []
        app.action_quit = lambda: quit_called.append(True)
        async with app.run_test(size=(80, 24)) as pilot:
            play = await ready(pilot)
            await pilot.pause()
            text = screen_text(play) + story_text(play)
            for raw in MARKUP_TEXTS:
                assert raw in text, raw
            no_actions_or_links(play)
            # The story is drawn as segments of plain text: no style carries an action.
            lines = play.query_one(StoryLines)
            for row in lines.rows(lines.size.width):
                for segment in row:
                    assert segment.style is None or not segment.style.meta, segment
            # Clicking the "[@click=app.quit]" name and text does nothing.
            for y in range(0, 8):
                await pilot.click(StoryLines, offset=(4, y))
            await pilot.pause()
            assert not quit_called and isinstance(app.screen, PlayScreen)

            await follow(pilot, ["1"])  # to the web form
            play = await ready(pilot)
            await pilot.pause()
            text = screen_text(play) + story_text(play)
            assert "网页 ⌂ https://x.example.com/[unfreeze]" in text
            assert "请输入 [b]密码[/b]：" in text
            assert "[bold]密码[/bold]：" in text
            assert play.query_one("#form-input").placeholder == "[dim]在这里输入[/dim]"
            assert "✎ 在表单的「[bold]密码[/bold]」里填写" in text
            no_actions_or_links(play)

            await follow(pilot, ["text:abc"])
            outcome = await on_screen(pilot, OutcomeScreen)
            text = screen_text(outcome)
            for raw in ("[blink]账号被盗[/blink]", "[@click=app.quit]别点[/] 陌生链接。", "[bold]告诉家长[/bold]"):
                assert raw in text, raw
            no_actions_or_links(outcome)
            await pilot.press("r")
            review = await on_screen(pilot, ReviewScreen)
            text = screen_text(review)
            assert "[@click=app.quit]冻结解封[/] 都是骗局。" in text
            assert "《[bold]加粗的标题[/bold]》" in text
            no_actions_or_links(review)
            assert not quit_called

    run(go())


def test_titles_and_summaries_are_literal_in_the_picker():
    async def go():
        app = make_app(library=fixture_library())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("c")
            picker = await on_screen(pilot, PickerScreen)
            text = screen_text(picker)
            assert "[bold]加粗的标题[/bold]" in text
            cases = picker.query_one("#cases", OptionList)
            ids = [cases.get_option_at_index(i).id for i in range(cases.option_count)]
            cases.highlighted = ids.index("s:ui-literal")
            await pilot.pause()
            assert "[@click=app.quit]点我退出[/] 这句话只是文字。" in plain(picker.query_one("#case-detail").content)
            no_actions_or_links(picker)

    run(go())
