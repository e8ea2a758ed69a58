"""Messages the app sends to its screens."""

from __future__ import annotations

from textual.message import Message


class LibraryReady(Message):
    """The scenario library has finished loading (it loads after the first paint)."""
