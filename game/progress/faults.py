"""When the progress file cannot be written: a full disk, a database another
program holds past the busy timeout, a read-only or failing disk. The game
plays on in memory and says so (game/progress/store.py switches); this says
which faults those are, in words a player or teacher can act on, and runs a
store method once more after the switch."""

from __future__ import annotations

import functools
import sqlite3

# SQLite's primary result codes for faults of the machine, not of the data.
_BUSY, _LOCKED, _READONLY, _IOERR, _FULL, _CANTOPEN = 5, 6, 8, 10, 13, 14
_WORDS = {
    _BUSY: "存档正被别的程序占用",
    _LOCKED: "存档正被别的程序占用",
    _FULL: "磁盘满了，存档写不进去",
    _READONLY: "存档只能读、不能写",
    _IOERR: "存档写不进磁盘（磁盘出错或满了）",
    _CANTOPEN: "存档文件打不开",
}
_TEXTS = (
    ("locked", _LOCKED), ("busy", _BUSY), ("full", _FULL), ("readonly", _READONLY),
    ("read-only", _READONLY), ("i/o", _IOERR), ("unable to open", _CANTOPEN),
)


def cause(exc: BaseException) -> str | None:
    """Why the file could not take a write, in words; None when it is not a
    fault of the machine (a bug, a damaged file: those are handled elsewhere)."""
    if isinstance(exc, OSError):
        return f"数据文件夹用不了（{exc.strerror or exc}）"
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return _WORDS.get(code & 0xFF)
    text = str(exc).lower()
    return next((_WORDS[c] for needle, c in _TEXTS if needle in text), None)


def busy(exc: BaseException) -> bool:
    """Is this SQLite's "the file is busy or locked" (another connection has
    it now), which waiting may cure?"""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_BUSY, _LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def notice(why: str) -> str:
    return f"{why}：这次玩的进度不会保存，游戏照常可以玩。"


def again_in_memory(method):
    """A store method that writes: if the file failed it and the store went
    on in memory meanwhile, run it once more there, so the player goes on."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        was_saving = self.persistent
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError:
            if not (was_saving and not self.persistent):
                raise
            return method(self, *args, **kwargs)

    return run
