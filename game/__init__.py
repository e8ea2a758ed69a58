"""反诈大冒险 — a terminal text adventure that teaches children to recognise
telecom and online fraud. The story engine lives here (model, parse, validate,
play, explore, library) and imports nothing from Textual; `game.ui` is the
Textual front end and `game.cli` the `fanzha` command."""

__version__ = "0.1.0"
