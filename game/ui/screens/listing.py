"""What the case list and the handbook share: a tab row over a list that is
redrawn whenever the cases arrive, the progress changes or the screen returns."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Tabs

from game.ui.messages import LibraryReady
from game.ui.session import ProgressChanged


class ListingScreen(Screen):
    LIST_ID = ""  # the OptionList that holds the keyboard focus

    def fill(self) -> None:  # pragma: no cover - each screen draws its own list
        raise NotImplementedError

    def on_mount(self) -> None:
        self.query_one(Tabs).can_focus = False
        self.fill()
        self.query_one(f"#{self.LIST_ID}").focus()
        if self.app.library is None:
            self.run_worker(self.app.get_library(), exclusive=True)

    def on_library_ready(self, _: LibraryReady) -> None:
        self.fill()

    def on_progress_changed(self, _: ProgressChanged) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        self.fill()  # back from a case: endings found, a card collected
