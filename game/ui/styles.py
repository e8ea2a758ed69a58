"""Widget stylesheets, loaded by every screen that uses the widget.

Textual reads CSS_PATH only on apps and screens, never on widgets. So a widget
class names its stylesheet, kept beside its module, with those of the styled
widgets it composes:

    STYLESHEETS = beside(__file__, "status.tcss", Countdown)

and a screen's CSS_PATH is its own stylesheet plus those of the widget
classes it uses:

    CSS_PATH = styles("play.tcss", Transcript, WebForm, StatusBar, ChoiceList)

tests/ui/test_styles.py fails when a screen uses a styled widget its CSS_PATH
misses, or when a stylesheet is loaded nowhere."""

from __future__ import annotations

from pathlib import Path


def beside(module_file: str, name: str, *composes: type) -> tuple[Path, ...]:
    """A widget's STYLESHEETS: `name`, beside the widget's module, then the
    STYLESHEETS of the widgets it composes, each once. Absolute, as a screen
    elsewhere reads them (Textual reads a relative path against the screen)."""
    own = Path(module_file).resolve().with_name(name)
    return tuple(dict.fromkeys([own, *(p for w in composes for p in w.STYLESHEETS)]))


def styles(*parts: str | type) -> list[str | Path]:
    """A CSS_PATH: stylesheets named relative to the screen's (or app's) module,
    and the STYLESHEETS of widget classes, in order, each once."""
    out: list[str | Path] = []
    for part in parts:
        out += [part] if isinstance(part, str) else part.STYLESHEETS
    return list(dict.fromkeys(out))
