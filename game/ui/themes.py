"""The two looks of the game: a dark default and a light one that still reads
on a classroom projector (high contrast, no pale text on white)."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="fanzha-dark",
    primary="#3b8eea",
    secondary="#2a6fbf",
    accent="#ffb347",
    warning="#ffb347",
    error="#ff6b6b",
    success="#5cd67a",
    foreground="#eaeaea",
    background="#15181e",
    surface="#1e232b",
    panel="#262c36",
    dark=True,
)

LIGHT = Theme(
    name="fanzha-light",
    primary="#0b4fa8",
    secondary="#0b4fa8",
    accent="#8a3b00",
    warning="#8a5a00",
    error="#b00020",
    success="#1b6e2a",
    foreground="#111111",
    background="#ffffff",
    surface="#f1f3f6",
    panel="#dde3ea",
    dark=False,
    text_alpha=1.0,
)

THEMES = (DARK, LIGHT)
