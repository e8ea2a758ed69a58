"""The app's side of the progress store (issue #6): opening it after the first
paint, telling the player in plain words when progress is not being saved,
the current profile, and what a finished case changed (new rule cards and
badges, the after-check becoming due).

Kept light on purpose: the app imports this module at start-up, so nothing
here imports the store, YAML or another screen until it is used."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.app import FanzhaApp

NOT_SAVED = "⚠ 进度不会保存"
SEVERITY_TIMEOUT = 12  # seconds: long enough for a child to read a notice


class ProgressChanged(Message):
    """The store has opened, or another profile is playing now: redraw what
    depends on progress (the player's name, endings found, rule cards)."""


# --------------------------------------------------------------------------
# Opening


def in_browser_tab() -> bool:
    """Is this game a tab of `fanzha serve`? textual-serve starts each tab
    with its web driver named in TEXTUAL_DRIVER (game/text/plain.py's
    needs_plain reads the same variable). Such a tab asks who is playing
    instead of taking the PC's current profile, which every tab shares."""
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def open_store(data_dir: Any, library: Any = None, current: bool = True) -> tuple[Any, Any]:
    """The store of the data folder and, with `current`, the current
    profile's progress (a new anonymous profile on a fresh PC); without, None
    for the progress (a browser tab asks who plays). Never raises: whatever
    goes wrong, the game plays on an in-memory store that says progress is
    not being saved. Runs in a worker thread, after the title has painted."""
    from game.progress.store import Store

    store = Store.open(data_dir)
    try:
        return store, store.default_progress(library) if current else None
    except Exception as exc:  # a file system that lies about writes, a locked file...
        try:
            store.close()
        except Exception:
            pass
        fallback = Store.memory()
        fallback.notices.append(f"存档打不开（{exc}）：这次玩的进度不会保存，游戏照常可以玩。")
        return fallback, fallback.default_progress(library) if current else None


def has_store(progress: Any) -> bool:
    """Is this the SQLite store's progress (profiles, rule cards, 辨一辨)?
    Tests and tools may hand the app a plain MemoryProgress instead."""
    return hasattr(progress, "check_status") and hasattr(progress, "profile")


def raw(progress: Any) -> Any:
    return progress.inner if isinstance(progress, TrackedProgress) else progress


# --------------------------------------------------------------------------
# The progress the screens use


class TrackedProgress:
    """The app's progress: the store's (or a MemoryProgress), passed through
    unchanged, except that it keeps the library attached (it loads in the
    background) and that a recorded ending tells the player what is new."""

    def __init__(self, app: FanzhaApp, inner: Any) -> None:
        self._app = app
        self.inner = inner
        self._library = None

    def _sync(self) -> Any:
        library = self._app.library
        if library is not None and library is not self._library and hasattr(self.inner, "use_library"):
            self.inner.use_library(library)
            self._library = library
        return self.inner

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._sync(), name)

    def record_ending(self, scenario_id: str, ending_id: str, kind: str, steps: list, *args, **kwargs):
        inner = self._sync()
        was_missing = None
        if has_store(inner):
            try:
                was_missing = bool(inner.missing_types())
            except Exception:
                was_missing = None
        recorded = inner.record_ending(scenario_id, ending_id, kind, steps, *args, **kwargs)
        try:
            ending_recorded(self._app, inner, recorded, was_missing)
        except Exception:  # telling is a courtesy; the ending is recorded
            self._app.log.warning("could not tell what the ending changed")
        return recorded


def track(app: FanzhaApp, progress: Any) -> TrackedProgress:
    return progress if isinstance(progress, TrackedProgress) else TrackedProgress(app, progress)


# --------------------------------------------------------------------------
# Telling the player


def show_notices(app: FanzhaApp) -> None:
    """The store's messages (a damaged file moved aside, a folder that cannot
    be written, a write that failed), each once, as notifications."""
    store = app.store
    if store is None:
        return
    for message in store.take_notices():
        app.notify(message, title="存档", severity="warning", timeout=SEVERITY_TIMEOUT, markup=False)


def player_text(app: FanzhaApp) -> str:
    """'玩家：小明（四(1)班）', with a warning when nothing is being saved;
    '' without profiles (a MemoryProgress) or before the store has opened."""
    progress = raw(app.progress)
    if not has_store(progress):
        return ""
    text = f"玩家：{progress.profile.label}　（按 p 换人）"
    if not progress.persistent:
        text += f"　{NOT_SAVED}"
    return text


def switch_to(app: FanzhaApp, profile: Any) -> bool:
    """Play as this profile from now on (and, in the terminal game, the next
    time the game opens: a browser tab's choice is its own, never the PC's)."""
    store = app.store
    try:
        progress = store.progress(profile.id, app.library)
    except Exception as exc:  # removed meanwhile by another window on this PC
        app.notify(f"换不了这个档案：{exc}", severity="warning", markup=False)
        return False
    if not app.own_player:
        try:
            store.set_current(profile)
        except Exception as exc:
            app.notify(f"没能记住换人：{exc}", severity="warning", markup=False)
    app.progress = track(app, progress)
    changed(app)
    return True


def changed(app: FanzhaApp) -> None:
    for screen in app.screen_stack:
        screen.post_message(ProgressChanged())


def ending_recorded(app: FanzhaApp, progress: Any, recorded: Any, was_missing: bool | None) -> None:
    """After an ending: new rule cards and badges as a notice, the store's
    own notices, and the after-check when this ending completed the plan."""
    from game.engine.rules import catalogue

    if recorded is not None:
        cat = catalogue()
        lines = []
        for rule_id in recorded.new_cards:
            rule = cat.get(rule_id)
            lines.append(f"✔ 收集到规则卡：{rule.full_label if rule else rule_id}")
        for badge in recorded.new_badges:
            lines.append(f"★ 获得徽章：{badge.title}")
        if lines:
            app.notify("\n".join(lines), title="新收获", timeout=8, markup=False)
    show_notices(app)
    app.results_changed()
    if was_missing and has_store(progress):
        from game.progress import quiz

        if progress.check_status().due == quiz.AFTER:
            app.offer_after_check()
