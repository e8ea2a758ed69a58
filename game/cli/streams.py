"""Standard output and error for a console that cannot show every character:
a GBK console on Chinese Windows, output redirected to a file there, an ASCII
terminal. Every cue is in words; its symbol (✔ ✘ ⚠ ✓ ✗ ⊘ ⚑) is decoration,
so a symbol the console cannot show becomes a space (the words stay, and a
table keeps its columns) instead of a "?" that reads like a mark. ¥ becomes
the full-width ￥ GBK has. Anything else unshowable is "?", as before."""

from __future__ import annotations

import codecs
import sys
import unicodedata

HANDLER = "fanzha-cues"
_MONEY = {"¥": "￥"}


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def _stand_in(ch: str, encoding: str) -> str:
    money = _MONEY.get(ch)
    if money and _fits(money, encoding):
        return money
    if unicodedata.category(ch) in ("So", "Sm"):  # ✔ ⚠ ⚑ ░ ▶ …: decoration beside words
        return " "
    return "?"


def cues(exc: UnicodeError) -> tuple[str, int]:
    """The codec error handler: a stand-in for each character the console's
    encoding cannot write."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    return "".join(_stand_in(ch, exc.encoding) for ch in text), exc.end


codecs.register_error(HANDLER, cues)


def prepare() -> None:
    """Chinese text must not die on a GBK or ASCII console, and its cues must
    stay readable there."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=HANDLER)
            except (ValueError, OSError):  # pragma: no cover - exotic streams
                pass
