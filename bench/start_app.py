"""`FanzhaApp()` run headless until the first frame of its title screen painted
with every scenario available (the library loaded), then exit — the same
clock as the floor's (first_frame.py). Prints peak memory and
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

    from first_frame import exit_at_first_frame
    from game.ui.screens.title import TitleScreen

    app = Measured()
    # The first frame of the title that lists the cases: the library is
    # loaded and the title is the screen being painted.
    exit_at_first_frame(app, lambda: app.library is not None and isinstance(app.screen, TitleScreen))
    app.run(headless=True, size=(80, 24))
    if app.library is None or app.return_code:
        raise SystemExit("the app did not reach its title screen with the library loaded")
    from peak import peak_kib

    json.dump({"peak_kib": peak_kib(), "scenarios": len(app.library.files)}, sys.stdout)


if __name__ == "__main__":
    main()
