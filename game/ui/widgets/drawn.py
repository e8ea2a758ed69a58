"""A Static that redraws only what changed.

Every update of a Static with an automatic height asks for a layout of the
screen; on the title and in the key bar most updates change nothing, or
change words without changing the height."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class DrawnStatic(Static):
    def __init__(self, content: Content | str = "", **kwargs) -> None:
        super().__init__(content, **kwargs)
        self._drawn = _key(content) if isinstance(content, Content) else None

    def draw(self, content: Content) -> None:
        """Show `content`: nothing at all when it is what is shown, and no
        layout when its lines fit the width and the height stays the same."""
        drawn = _key(content)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        lines = content.split("\n")
        region = self.content_region
        fits = region.width > 0 and all(line.cell_length <= region.width for line in lines)
        self.update(content, layout=not (fits and region.height == len(lines)))


def _key(content: Content) -> tuple:
    return content.plain, tuple(content.spans)  # Content's == compares the text only
