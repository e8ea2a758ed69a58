"""Where a scenario file went wrong, and what: small on purpose, so listing
cases from the cache needs nothing of the parser."""

from __future__ import annotations

from game.engine.untrusted import visible, visible_line
from game.engine.values import Frozen


class Where(Frozen):
    """A place in a scenario file, for messages a teacher can act on."""

    __slots__ = _fields = ("file", "line", "column")
    file: str
    line: int
    column: int

    def __init__(self, file: str, line: int, column: int) -> None:
        self._fill(file, line, column)

    def __str__(self) -> str:
        # File names and quoted ids come from files: never printed raw.
        return f"{visible_line(self.file)}:{self.line}:{self.column}"


class Problem(Frozen):
    """One thing wrong with a scenario file."""

    __slots__ = _fields = ("where", "message", "severity")
    where: Where
    message: str
    severity: str  # "error" or "warning"

    def __init__(self, where: Where, message: str, severity: str = "error") -> None:
        self._fill(where, message, severity)

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
