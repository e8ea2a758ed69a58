"""A screen whose changes reach the terminal in one frame.

Textual paints at the end of a layout pass, but the pass itself leaves work
behind: a widget it resized asks for another pass (`virtual_size` is a layout
reactive), a scrollbar whose thumb moved asks for a repaint, and those
requests are only picked up on a later tick of the screen's update timer,
17–33 ms later. On the play screen every move resizes the story, so every
move was painted twice and the last frame came late. `SettledScreen` runs the
follow-up work before it paints: one frame, with everything in it.

This reaches into Textual's internals (the test extra pins Textual exactly,
and tests/ui/test_frames.py counts the frames of a move). A Textual without
one of them (the game allows any 8.x) is noticed before anything is touched,
and the screen then paints the way every Textual screen does: two frames."""

from __future__ import annotations

from collections.abc import Iterator

from textual.screen import Screen
from textual.widget import Widget

PASSES = 3  # layout passes before a paint; a resize settles in two
# What _settle uses of Textual's internals: (on a widget, on the screen).
WIDGET_NEEDS = ("_scroll_required", "_layout_required", "_repaint_required", "_layout_updates",
                "_clear_arrangement_cache", "_get_virtual_dom", "ancestors")
SCREEN_NEEDS = ("_dirty_widgets", "_refresh_layout", "_compositor")


class SettledScreen(Screen):
    _settling = False
    _can_settle: bool | None = None  # checked once, on the first paint

    def _compositor_refresh(self) -> None:
        if self._settling:
            return  # an inner layout pass of _settle: the outer call paints
        if self is self.app.screen and not self.app.is_inline and self._supported():
            self._settle()
        super()._compositor_refresh()

    def _supported(self) -> bool:
        if self._can_settle is None:
            # The screen is a widget too: its own attributes stand for every widget's.
            self._can_settle = (
                all(hasattr(self, name) for name in WIDGET_NEEDS + SCREEN_NEEDS)
                and hasattr(self._compositor, "update_widgets")
            )
        return self._can_settle

    def _settle(self) -> None:
        self._settling = True
        try:
            for _ in range(PASSES):
                if not self._take_requests():
                    break
                self._refresh_layout()
            self._compositor.update_widgets(self._dirty_widgets)
        finally:
            self._settling = False

    def _take_requests(self) -> bool:
        """Take the widgets' pending refreshes into this frame (what their idle
        handler would post, a tick later). True if one needs a layout pass."""
        layout = False
        for widget in self._widgets():
            if widget._scroll_required:
                widget._scroll_required = False
                layout = True
            if widget._layout_required:
                widget._layout_required = False
                layout = True
                for ancestor in widget.ancestors:
                    if not isinstance(ancestor, Widget):
                        break
                    ancestor._clear_arrangement_cache()
                    ancestor._layout_updates += 1
                    if not ancestor.styles.auto_dimensions:
                        break
            if widget._repaint_required:
                widget._repaint_required = False
                if widget.display:
                    self._dirty_widgets.add(widget)
        return layout

    def _widgets(self) -> Iterator[Widget]:
        """Every widget on the screen, scrollbars (not children) included."""
        for widget in self.walk_children(Widget):
            yield widget
            yield from widget._get_virtual_dom()
