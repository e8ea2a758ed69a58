"""The game in the terminal: a Textual app over the story engine.

`FanzhaApp` is resolved lazily so `import game.ui` costs nothing until the app
is really wanted (the CLI and the start-up benchmark both depend on that)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.app import FanzhaApp

__all__ = ["FanzhaApp"]


def __getattr__(name: str) -> Any:
    if name == "FanzhaApp":
        if "game.ui.app" not in sys.modules:
            _import_app()
        from game.ui.app import FanzhaApp

        return FanzhaApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _import_app() -> None:
    """Textual and the game's interface are some sixty thousand objects
    (modules, classes, functions) that live as long as the process. The cyclic
    collector would scan them again and again while they are made, at every
    full collection after and at exit: it rests while they are imported, and
    gc.freeze() then sets them aside for good. The price: the few hundred
    objects of import-time garbage (about 450) are kept with them."""
    import gc

    from game.engine.nocycles import no_cycle_collection

    with no_cycle_collection():
        import game.ui.app  # noqa: F401

        gc.freeze()
