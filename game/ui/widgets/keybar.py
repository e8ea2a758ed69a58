"""The footer: the keys that work right now, each clickable.

One Static re-rendered in place. Textual's Footer re-composes a widget per key
every time the focus or a key's availability changes, which made it the most
expensive thing on the play screen; this bar costs one text update. When the
keys do not fit on one line they wrap between keys, never inside one. A
screen may leave some of the app's keys out of its bar (`KEYBAR_OMIT`, action
names): they still work, and the help lists them."""

from __future__ import annotations

from textual.content import Content

from game.ui.keys import key_text
from game.ui.widgets.drawn import DrawnStatic
from game.ui.styles import beside

GAP = "  "


class KeyBar(DrawnStatic):
    STYLESHEETS = beside(__file__, "keybar.tcss")

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._entries: list[Content] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.show_keys()

    def on_resize(self) -> None:
        self._lay_out()

    def show_keys(self) -> None:
        entries: list[Content] = []
        done: set[str] = set(getattr(self.screen, "KEYBAR_OMIT", ()))
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in done:
                continue
            done.add(binding.action)
            first_key = binding.key.split(",")[0].strip()
            click = f" @click=app.simulate_key('{first_key}')" if active.enabled else ""
            key_style = ("bold $accent" if active.enabled else "$text-disabled") + click
            text_style = ("" if active.enabled else "$text-disabled") + click
            entries.append(Content.assemble((key_text(binding), key_style), (" " + binding.description, text_style.strip())))
        self._entries = entries
        self._lay_out()

    def _lay_out(self) -> None:
        width = max(10, self.size.width - 2) if self.size.width else 10_000
        lines: list[list[Content]] = [[]]
        used = 0
        for entry in self._entries:
            need = entry.cell_length + (len(GAP) if lines[-1] else 0)
            if lines[-1] and used + need > width:
                lines.append([])
                used, need = 0, entry.cell_length
            lines[-1].append(entry)
            used += need
        # The same keys, enabled the same way, draw nothing; a layout only when
        # the bar grows or shrinks by a line.
        self.draw(Content("\n").join(Content(GAP).join(line) for line in lines))
