"""The title's menu widget (game/ui/widgets/menu.py): keys, mouse, highlight."""

from __future__ import annotations

from textual.app import App
from textual.content import Content

from game.ui.widgets.menu import Menu

from .helpers import run

ITEMS = [(name, Content(label)) for name, label in (("a", "第一项"), ("b", "第二项"), ("c", "第三项"))]


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str] = []

    def compose(self):
        yield Menu(ITEMS, bar=12)

    def on_mount(self) -> None:
        self.query_one(Menu).focus()

    def on_menu_selected(self, event: Menu.Selected) -> None:
        self.picked.append(event.item_id)


def highlighted_line(menu: Menu) -> str:
    """The line drawn with the highlight's background."""
    content = menu.content
    lines = content.plain.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:n]) for n in range(len(lines))]
    marked = {span.start for span in content.spans if "block-cursor-background" in str(span.style)}
    return next(line for line, start in zip(lines, starts) if start in marked)


def test_keys_move_wrap_and_pick():
    async def go():
        app = Host()
        async with app.run_test(size=(40, 10)) as pilot:
            menu = app.query_one(Menu)
            assert highlighted_line(menu).startswith("第一项")
            await pilot.press("up")  # wraps to the last
            assert highlighted_line(menu).startswith("第三项")
            await pilot.press("home", "down", "enter")
            await pilot.press("end", "enter")
            await pilot.pause()
            assert app.picked == ["b", "c"]

    run(go())


def test_every_line_is_as_wide_as_the_bar():
    async def go():
        app = Host()
        async with app.run_test(size=(40, 10)):
            lines = app.query_one(Menu).content.plain.split("\n")
            assert [Content(line).cell_length for line in lines] == [12, 12, 12]  # a bar, not a ragged edge

    run(go())


def test_mouse_hover_and_click():
    async def go():
        app = Host()
        async with app.run_test(size=(40, 10)) as pilot:
            menu = app.query_one(Menu)
            await pilot.hover(Menu, offset=(3, 2))  # border, then the second line
            assert any("block-hover-background" in str(s.style) for s in menu.content.spans)
            await pilot.click(Menu, offset=(3, 3))  # the third line
            await pilot.pause()
            assert app.picked == ["c"] and highlighted_line(menu).startswith("第三项")

    run(go())
