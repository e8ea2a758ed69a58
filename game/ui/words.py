"""The UI's words: the game's words (game/engine/words.py) and `lit`.

Scenario text always goes through `lit`, so a line such as "[bold]" or
"[@click=app.quit]" is shown as typed and never acts."""

from __future__ import annotations

from textual.content import Content

from game.engine.words import (  # noqa: F401  (the screens import them from here)
    AUDIENCES,
    CHANNELS,
    DEFAULT_STEPS,
    GENUINE_SAFE,
    KINDS,
    STOPPED_STEPS,
    clock,
    default_steps,
    exposed_text,
    kind_words,
    line_time,
    money,
    reading_time,
    urgency_of,
    typing_words,
    urgency_seconds,
    wallet_name,
)


def lit(text: str, style: str = "") -> Content:
    """Scenario text as Content that is never parsed as markup."""
    return Content.styled(text, style) if style else Content(text)
