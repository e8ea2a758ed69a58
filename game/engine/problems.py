"""Where a scenario file went wrong, and what: small on purpose, so listing
cases from the cache needs nothing of the parser."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.untrusted import visible, visible_line


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a scenario file, for messages a teacher can act on."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        # File names and quoted ids come from files: never printed raw.
        return f"{visible_line(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario file."""

    where: Where
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        tag = "错误" if self.severity == "error" else "警告"
        return f"{self.where}: {tag}: {visible(self.message)}"

    def to_json(self) -> dict:
        return {
            "file": self.where.file,
            "line": self.where.line,
            "column": self.where.column,
            "message": self.message,
            "severity": self.severity,
        }
