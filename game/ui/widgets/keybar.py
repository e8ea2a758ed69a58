"""The footer: the keys that work right now, each clickable.

One Static re-rendered in place. Textual's Footer re-composes a widget per key
every time the focus or a key's availability changes, which made it the most
expensive thing on the play screen; this bar costs one text update."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..keys import key_text


class KeyBar(Static):
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.show_keys()

    def show_keys(self) -> None:
        parts: list = []
        done: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in done:
                continue
            done.add(binding.action)
            first_key = binding.key.split(",")[0].strip()
            click = f" @click=app.simulate_key('{first_key}')" if active.enabled else ""
            key_style = ("bold $accent" if active.enabled else "$text-disabled") + click
            text_style = ("" if active.enabled else "$text-disabled") + click
            if parts:
                parts.append("  ")
            parts += [(key_text(binding), key_style), (" " + binding.description, text_style.strip())]
        self.update(Content.assemble(*parts))
