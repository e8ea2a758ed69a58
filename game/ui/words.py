"""The Textual face's words: `lit`, and the theme colour each of the
vocabulary's colour names (game/engine/vocab.py) is drawn in.

Scenario text always goes through `lit`, so a line such as "[bold]" or
"[@click=app.quit]" is shown as typed and never acts, and a control,
direction-changing or zero-width character is shown as 〔U+202E〕: Textual
would pass ESC on to the terminal."""

from __future__ import annotations

from textual.content import Content

from game.engine.untrusted import visible

# The .tcss files colour an ending kind's banner, a channel's frame … with
# the theme variable of its colour name; tests/test_vocab_complete.py checks
# that every kind and channel has its rule, in this colour.
THEME_COLOURS = {
    "success": "$success",
    "error": "$error",
    "warning": "$warning",
    "secondary": "$secondary",
    "primary": "$primary",
    "accent": "$accent",
    "panel": "$panel",
    "muted": "$text-muted",
}


def lit(text: str, style: str = "") -> Content:
    """Scenario text as Content that is never parsed as markup, with hidden
    characters shown."""
    text = visible(text)
    return Content.styled(text, style) if style else Content(text)
