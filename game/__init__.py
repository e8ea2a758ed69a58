"""反诈大冒险 — a terminal text adventure that teaches children to recognise
telecom and online fraud. The packages are layers (docs/architecture.md):
`engine` at the bottom; `progress`, `results` and `classroom` on it; the
faces `text` and `ui` above; `net` hosting a face; `cli` on top."""

__version__ = "0.1.0"
