"""The floor for start-up: a bare Textual app with one Static, run headless,
exiting at its first painted frame (first_frame.py). Prints its own peak memory as JSON."""

from __future__ import annotations

import json
import sys

from textual.app import App
from textual.widgets import Static


class Floor(App[None]):
    def compose(self):
        yield Static("反诈大冒险")

if __name__ == "__main__":
    from first_frame import exit_at_first_frame

    app = Floor()
    exit_at_first_frame(app)
    app.run(headless=True, size=(80, 24))
    from peak import peak_kib

    json.dump({"peak_kib": peak_kib()}, sys.stdout)
