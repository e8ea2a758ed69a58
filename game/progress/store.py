"""Profiles and progress, kept with the standard library's sqlite3 (issue #6, #9).

One database file, `progress.db`, in the data folder (`--data-dir`,
`$FANZHA_HOME`, or the platform's user data folder). Nothing to install or
start. Several profiles share it (a lab PC); each has a name and a class, both
optional.

    store = Store.open(data_dir)          # never raises for a bad folder or file
    for msg in store.take_notices(): ...  # tell the player (damaged file, read-only...)
    progress = store.default_progress(library)    # the current profile's Progress
    progress.record_ending(...), progress.save_resume(...), progress.badges(), ...

This module is the face the rest of the game uses. Behind it: `db` (the
SQLite plumbing: opening, schema, transactions, damaged files), `profiles`
(who plays, settings), `records` (what one profile did) and `policy` (the
rules: best outcomes, suggestions, cards, badges, when a 辨一辨 is due).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.progress.db import DB_NAME, SCHEMA_VERSION
from game.progress.profiles import MAX_NAME, Profile, ProfileError, Profiles, clean_audience, clean_name, safe_filename
from game.progress.records import CheckError, CheckStatus, ProgressStore, Recorded, RuleCard, Try

if TYPE_CHECKING:  # pragma: no cover
    from game.progress import quiz
    from game.progress.policy import ScenarioRecord, Suggestion


def __getattr__(name: str) -> Any:
    """The policy's names, from the policy when first asked for: opening the
    store at start-up does not import the rules it applies."""
    if name in ("ScenarioRecord", "Suggestion"):
        from game.progress import policy

        return getattr(policy, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DB_NAME", "SCHEMA_VERSION", "MAX_NAME", "clean_audience", "clean_name", "safe_filename",
    "Profile", "ProfileError", "CheckError", "ScenarioRecord", "RuleCard", "Suggestion", "Recorded",
    "CheckStatus", "Store", "ProgressStore", "open_default", "Try",
]


class Store(Profiles):
    """One progress database: profiles, settings, and a ProgressStore per profile."""

    def progress(self, profile: Profile | int, library=None, bank: quiz.Bank | None = None) -> ProgressStore:
        p = self.profile(profile if isinstance(profile, int) else profile.id)
        if p is None:
            raise ProfileError("没有这个档案")
        return ProgressStore(self, p, library, bank)

    def default_progress(self, library=None) -> ProgressStore:
        """The current profile's progress; a new anonymous profile when there is none."""
        p = self.current_profile()
        if p is None:
            p = self.create_profile()
            self.set_current(p)
        return self.progress(p, library)


def open_default(data_dir=None, library=None) -> tuple[Store, ProgressStore]:
    """For the UI at start-up: the store and the current profile's progress.
    Show `store.take_notices()` to the player."""
    store = Store.open(data_dir)
    return store, store.default_progress(library)
