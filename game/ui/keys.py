"""How keys are written on screen (the key bar and the help)."""

from __future__ import annotations

from textual.binding import Binding

KEY_NAMES = {
    "escape": "Esc", "enter": "回车", "space": "空格", "backspace": "退格",
    "question_mark": "?", "exclamation_mark": "!", "pageup": "PgUp", "pagedown": "PgDn",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "tab": "Tab",
}


def key_name(key: str) -> str:
    key = key.strip()
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if "+" in key:
        return "+".join(p.capitalize() if len(p) > 1 else p.upper() for p in key.split("+"))
    return key.upper() if len(key) > 1 else key


def key_text(binding: Binding) -> str:
    """"1-9", "F2 / Ctrl+T", "y / 1": the binding's keys as a player reads them."""
    if binding.key_display:
        return binding.key_display
    return " / ".join(key_name(k) for k in binding.key.split(","))
