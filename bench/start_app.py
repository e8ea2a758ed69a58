"""`FanzhaApp()` run headless until its title screen is painted with every
scenario available (the library loaded), then exit. Prints peak memory and
how many scenarios it had, so a crash cannot pass for a fast start."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    from game.ui import FanzhaApp

    class Measured(FanzhaApp):
        # CSS paths resolve next to the class's own module: point back at the
        # app's, every one of them (the title's styles are among them).
        CSS_PATH = [str(Path(sys.modules[FanzhaApp.__module__].__file__).parent / p) for p in FanzhaApp.CSS_PATH]

        def on_mount(self) -> None:
            super().on_mount()
            self.set_interval(0.005, self._ready_yet)

        def _ready_yet(self) -> None:
            # Library loaded and the title screen has shown it: exit after that paint.
            if self.library is not None:
                self.call_after_refresh(self.exit)

    app = Measured()
    app.run(headless=True, size=(80, 24))
    if app.library is None or app.return_code:
        raise SystemExit("the app did not reach its title screen with the library loaded")
    from peak import peak_kib

    json.dump({"peak_kib": peak_kib(), "scenarios": len(app.library.files)}, sys.stdout)


if __name__ == "__main__":
    main()
