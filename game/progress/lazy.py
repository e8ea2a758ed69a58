"""A module imported the first time one of its names is used: the game opens
the store while it is starting, and most sessions never reach the badges or
the 辨一辨 bank."""

from __future__ import annotations

import importlib


class OnFirstUse:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        return getattr(importlib.import_module(self._name), attr)
