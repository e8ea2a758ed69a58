"""What the game remembers about a player, as seen by the UI and the CLI.

`Progress` is the interface; `MemoryProgress` keeps it in memory (tests, a
read-only data folder). The SQLite store implements the same methods."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def endings_found(self, scenario_id: str) -> set[str]: ...

    def record_ending(
        self, scenario_id: str, ending_id: str, kind: str, steps: list, scenario=None, verdict=None
    ) -> None: ...

    def save_resume(self, scenario_id: str, save: dict) -> None: ...

    def load_resume(self, scenario_id: str) -> dict | None: ...

    def clear_resume(self, scenario_id: str) -> None: ...


class MemoryProgress:
    def __init__(self) -> None:
        self._endings: dict[str, dict[str, str]] = {}
        self._first: dict[str, str] = {}
        self._resume: dict[str, dict] = {}
        self.verdicts: dict[str, list] = {}  # what the marks came to, attempt by attempt

    def endings_found(self, scenario_id: str) -> set[str]:
        return set(self._endings.get(scenario_id, {}))

    def first_outcome(self, scenario_id: str) -> str | None:
        return self._first.get(scenario_id)

    def record_ending(
        self, scenario_id: str, ending_id: str, kind: str, steps: list, scenario=None, verdict=None
    ) -> None:
        self._endings.setdefault(scenario_id, {})[ending_id] = kind
        if verdict is not None:
            self.verdicts.setdefault(scenario_id, []).append(verdict)
        self._first.setdefault(scenario_id, kind)
        self._resume.pop(scenario_id, None)

    def save_resume(self, scenario_id: str, save: dict) -> None:
        self._resume[scenario_id] = save

    def load_resume(self, scenario_id: str) -> dict | None:
        return self._resume.get(scenario_id)

    def clear_resume(self, scenario_id: str) -> None:
        self._resume.pop(scenario_id, None)
