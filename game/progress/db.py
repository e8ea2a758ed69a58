"""The SQLite plumbing under the progress store (issue #6, #9): opening the
one database file, its pragmas and schema, the write transaction, and what
happens when the file is damaged, foreign, newer or cannot be written.

Robustness (issue #9):
- every write is one transaction (BEGIN IMMEDIATE … COMMIT); WAL mode with a
  busy timeout, so two processes on one profile lose no update;
- synchronous=FULL: a process killed mid-write leaves everything up to the
  last completed choice;
- a damaged (or foreign) database file is moved aside with a timestamp, the
  player told, and a fresh one started; nothing else is deleted;
- a data folder that cannot be written: the game still plays on an in-memory
  database (holding a read-only copy of the saved progress when it can be
  read) and says progress is not being saved.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, TypeVar

from game.engine import paths
from game.progress.faults import busy, cause as fallback_cause, notice as fallback_notice

DB_NAME = "progress.db"
SCHEMA_VERSION = 4
BUSY_SECONDS = 15.0
# FULL: a commit is on disk before the game goes on, so even a PC switched off
# at the bell keeps the last choice (NORMAL would only survive a crashed
# process). A choice is a few milliseconds of disk time; players never notice.
SYNCHRONOUS = "FULL"

_D = TypeVar("_D", bound="Database")

# Version 3: the marks of each attempt (found, missed, wrong red flags) and
# whether it counted as cleared, by the rule named in `cleared_rule`
# (game/engine/marks.py). Attempts from before are left NULL: nothing was
# marked then, so none of them counts as cleared.
_ATTEMPT_MARKS = ("found INTEGER", "missed INTEGER", "wrong INTEGER", "cleared INTEGER", "cleared_rule TEXT")

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS profiles (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        class_name TEXT NOT NULL DEFAULT '',
        first_form TEXT NOT NULL CHECK (first_form IN ('A', 'B')),
        ordinal INTEGER NOT NULL,
        created TEXT NOT NULL,
        audience TEXT NOT NULL DEFAULT '小学')""",
    "CREATE UNIQUE INDEX IF NOT EXISTS profiles_named ON profiles (name, class_name) WHERE name <> ''",
    """CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL,
        ending_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        steps TEXT NOT NULL,
        finished TEXT NOT NULL,
        digest TEXT, title TEXT, fraud_type TEXT, is_scam INTEGER, perspective TEXT, variant TEXT, """
    + ", ".join(_ATTEMPT_MARKS) + ")",
    "CREATE INDEX IF NOT EXISTS attempts_by_profile ON attempts (profile_id, scenario_id, id)",
    """CREATE TABLE IF NOT EXISTS resume (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL,
        save TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (profile_id, scenario_id))""",
    """CREATE TABLE IF NOT EXISTS rule_cards (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        source TEXT NOT NULL,
        collected TEXT NOT NULL,
        PRIMARY KEY (profile_id, rule_id))""",
    """CREATE TABLE IF NOT EXISTS badges (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        badge_id TEXT NOT NULL,
        earned TEXT NOT NULL,
        PRIMARY KEY (profile_id, badge_id))""",
    """CREATE TABLE IF NOT EXISTS check_sittings (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        sitting TEXT NOT NULL CHECK (sitting IN ('before', 'after')),
        form TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT,
        item_order TEXT,
        PRIMARY KEY (profile_id, sitting))""",
    """CREATE TABLE IF NOT EXISTS check_answers (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        sitting TEXT NOT NULL,
        item_id TEXT NOT NULL,
        form TEXT NOT NULL,
        is_scam INTEGER NOT NULL,
        said_scam INTEGER NOT NULL,
        rule TEXT NOT NULL,
        answered TEXT NOT NULL,
        PRIMARY KEY (profile_id, sitting, item_id))""",
    """CREATE TABLE IF NOT EXISTS settings (
        profile_id INTEGER NOT NULL DEFAULT 0,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (profile_id, key))""",
)


# From version N to N+1, inside the opening transaction.
_MIGRATIONS = {
    # 2: a 辨一辨 sitting keeps its own order of items. The bank got a version
    # per audience (forms `xx-A` …): a finished check on the old forms `A`/`B`
    # keeps its answers and score; an unfinished one cannot go on (its items are
    # gone), so it starts again on the new forms.
    1: (
        "ALTER TABLE check_sittings ADD COLUMN item_order TEXT",
        "DELETE FROM check_answers WHERE form IN ('A', 'B') AND NOT EXISTS (SELECT 1 FROM check_sittings s "
        "WHERE s.profile_id = check_answers.profile_id AND s.sitting = check_answers.sitting AND s.finished IS NOT NULL)",
        "DELETE FROM check_sittings WHERE form IN ('A', 'B') AND finished IS NULL",
    ),
    # 3: an attempt keeps its marks and whether it was cleared (see _ATTEMPT_MARKS).
    2: tuple(f"ALTER TABLE attempts ADD COLUMN {column}" for column in _ATTEMPT_MARKS),
    # 4: a profile has an audience (小学, 中学, 教职工, 家长), which decides its
    # curriculum and its 辨一辨. Profiles made before it are pupils of 小学,
    # the default audience.
    3: ("ALTER TABLE profiles ADD COLUMN audience TEXT NOT NULL DEFAULT '小学'",),
}


class _Damaged(Exception):
    pass


class _Newer(Exception):
    pass


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _is_corrupt(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _pragma_setup(conn: sqlite3.Connection, wal: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")  # a constant, not input
    if wal:
        _to_wal(conn)
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")  # a constant, not input
    conn.execute("PRAGMA foreign_keys = ON")


def _to_wal(conn: sqlite3.Connection) -> None:
    """WAL mode. Switching takes the file for a moment, and SQLite answers
    "locked" at once, without its busy timeout, when other connections are
    opening or switching the same new file (forty browser tabs starting on a
    new data folder): tried again for up to the busy timeout."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if not busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))  # apart, not in step with the others


def _identify(conn: sqlite3.Connection) -> None:
    """Is this our database (or an empty one)? Reads only: a newer game's or
    another program's file is never changed. The reads are one snapshot:
    forty browser tabs opening a new data folder at once create its schema
    while the others look, and a version read before another process's
    commit beside a meta row read after it made a good file look foreign
    (moved aside as damaged)."""
    conn.execute("BEGIN")
    try:
        _identify_snapshot(conn)
    finally:
        conn.execute("COMMIT")


def _identify_snapshot(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise _Newer(version)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return  # new and empty
    if "meta" not in tables:
        raise _Damaged("不是本游戏的存档")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or row[0] != str(version):
        raise _Damaged("不是本游戏的存档")


def _ensure_schema(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        if version == 0:
            for stmt in _SCHEMA:
                conn.execute(stmt)
            conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            conn.execute("INSERT INTO meta (key, value) VALUES ('created', ?)", (now(),))
            conn.execute("INSERT INTO meta (key, value) VALUES ('profiles_created', '0')")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif version < SCHEMA_VERSION:
            for step in range(version, SCHEMA_VERSION):
                for stmt in _MIGRATIONS[step]:
                    conn.execute(stmt)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


SQLITE_HEADER = b"SQLite format 3\x00"


def _open_file(db: Path) -> sqlite3.Connection:
    try:
        with db.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        head = b""
    if head and head != SQLITE_HEADER:  # not SQLite at all: do not let SQLite touch it
        raise _Damaged("不是数据库文件")
    conn = sqlite3.connect(str(db), timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        _pragma_setup(conn, wal=False)
        if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise _Damaged("数据库检查没有通过")
        _identify(conn)
        _pragma_setup(conn, wal=True)
        _ensure_schema(conn)
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_corrupt(exc):
            raise _Damaged(str(exc)) from None
        raise
    except BaseException:
        conn.close()
        raise


def _move_aside(db: Path, kept: dict[str, bytes] | None = None) -> Path:
    """Rename the damaged file (and its -wal/-shm) to `progress.db.damaged-<time>`.
    `kept`: the -wal/-shm as they were before SQLite opened (and, on closing,
    may have removed) them, so nothing of the damaged database is lost."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 1
    while any(Path(str(target) + s).exists() for s in ("", "-wal", "-shm")):
        target = db.with_name(f"{db.name}.damaged-{stamp}-{n}")
        n += 1
    for suffix in ("-wal", "-shm", ""):  # the main file last: it is what marks the damage
        src = Path(str(db) + suffix)
        if src.exists():
            src.replace(Path(str(target) + suffix))
        elif kept and suffix in kept:
            Path(str(target) + suffix).write_bytes(kept[suffix])
    return target


def _side_files(db: Path, limit: int = 64 << 20) -> dict[str, bytes]:
    """The -wal and -shm of a database as they are now (small enough to keep)."""
    out = {}
    for suffix in ("-wal", "-shm"):
        p = Path(str(db) + suffix)
        try:
            if p.is_file() and p.stat().st_size <= limit:
                out[suffix] = p.read_bytes()
        except OSError:
            pass
    return out


def _memory_copy(db: Path | None) -> sqlite3.Connection:
    """An in-memory database; with a copy of `db` when that can still be read."""
    mem = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        readable = db is not None and db.is_file()
    except OSError:  # a folder this user may not look into (mode 000)
        readable = False
    if readable:
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                src = sqlite3.connect(db.resolve().as_uri() + query, uri=True, timeout=1.0)
                try:
                    version = src.execute("PRAGMA user_version").fetchone()[0]
                    if version > SCHEMA_VERSION or src.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                        break
                    src.backup(mem)
                finally:
                    src.close()
                break
            except (sqlite3.Error, OSError, ValueError):
                continue
    try:
        _pragma_setup(mem, wal=False)
        _identify(mem)
        _ensure_schema(mem)
    except (_Damaged, _Newer, sqlite3.Error):
        mem.close()
        mem = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _pragma_setup(mem, wal=False)
        _ensure_schema(mem)
    return mem


# --------------------------------------------------------------------------


class Database:
    """One progress database: its connection, the lock around it, and the
    notices for the player. `game.progress.store.Store` builds on it; `_read`
    and `_write_failed` are for the modules of this package only."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, persistent: bool, notices: list[str] | None = None):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.persistent = persistent
        self.notices: list[str] = list(notices or [])

    # -- opening ---------------------------------------------------------------
    @classmethod
    def open(cls: type[_D], data_dir=None) -> _D:
        """Open (or create) the database in the data folder. Never raises for a
        bad folder or file: see `notices` and `persistent`."""
        try:
            folder = paths.data_dir(data_dir)
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls._fallback(None, f"数据文件夹用不了（{exc.strerror or exc}）")
        db = folder / DB_NAME
        notices: list[str] = []
        kept = _side_files(db)
        try:
            try:
                conn = _open_file(db)
            except _Damaged as exc:
                moved = _move_aside(db, kept)
                notices.append(
                    f"存档文件 {db} 坏了或者不是本游戏的存档（{exc}）。它已经原样移到 {moved.name}，"
                    "游戏重新开始了一个新存档。可以请老师把旧文件交给技术人员看看。"
                )
                conn = _open_file(db)
        except _Newer:
            return cls._fallback(db, "存档来自更新版本的反诈大冒险", notices)
        except _Damaged as exc:
            return cls._fallback(None, f"存档文件 {db} 坏了，也换不了新的（{exc}）", notices)
        except (sqlite3.Error, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            why = fallback_cause(exc) if isinstance(exc, sqlite3.OperationalError) else None
            return cls._fallback(db, f"{why}（{folder}）" if why else f"数据文件夹 {folder} 不能写入（{reason}）", notices)
        return cls(conn, db, True, notices)

    @classmethod
    def memory(cls: type[_D]) -> _D:
        """A store that keeps nothing on disk (tests; a read-only data folder)."""
        return cls(_memory_copy(None), None, False)

    @classmethod
    def _fallback(cls: type[_D], db: Path | None, why: str, notices: list[str] = ()) -> _D:
        return cls(_memory_copy(db), db, False, list(notices) + [fallback_notice(why)])

    def _go_on_in_memory(self, exc: BaseException) -> bool:
        """A write failed for a fault of the machine (full, locked, read-only):
        go on with an in-memory copy of what is saved, and say so. False, and
        nothing changed, for any other error."""
        why = fallback_cause(exc)
        if not self.persistent or why is None:
            return False
        old, self._conn = self._conn, _memory_copy(self.path)
        self.persistent = False
        self.notices.append(fallback_notice(why))
        try:
            old.close()
        except sqlite3.Error:
            pass
        return True

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self: _D) -> _D:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def take_notices(self) -> list[str]:
        """Messages for the player (damaged file moved aside, not saving...), once."""
        with self._lock:
            out, self.notices = self.notices, []
        return out

    # -- plumbing --------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front (BEGIN IMMEDIATE),
        so concurrent writers wait in turn instead of failing."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:  # held by another program past the busy timeout
                if not self._go_on_in_memory(exc):
                    raise
                self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    self._go_on_in_memory(exc)  # a full disk: this write is lost, the next ones kept in memory
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        """The rows of one query, outside any write transaction."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _write_failed(self, exc: Exception) -> None:
        """A write that could not be saved: the game goes on and says so."""
        if fallback_cause(exc) is not None and not self.persistent:
            return  # the database went on in memory and said so
        self.notices.append(f"进度没能保存：{exc}。游戏可以继续玩。")
