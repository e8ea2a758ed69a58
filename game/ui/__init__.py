"""The game in the terminal: a Textual app over the story engine.

`FanzhaApp` is resolved lazily so `import game.ui` costs nothing until the app
is really wanted (the CLI and the start-up benchmark both depend on that)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.app import FanzhaApp

__all__ = ["FanzhaApp"]


def __getattr__(name: str) -> Any:
    if name == "FanzhaApp":
        from game.ui.app import FanzhaApp

        return FanzhaApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
