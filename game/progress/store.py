"""Profiles and progress, kept with the standard library's sqlite3 (issue #6, #9).

One database file, `progress.db`, in the data folder (`--data-dir`,
`$FANZHA_HOME`, or the platform's user data folder). Nothing to install or
start. Several profiles share it (a lab PC); each has a name and a class, both
optional.

    store = Store.open(data_dir)          # never raises for a bad folder or file
    for msg in store.take_notices(): ...  # tell the player (damaged file, read-only...)
    progress = store.default_progress(library)    # the current profile's Progress
    progress.record_ending(...), progress.save_resume(...), progress.badges(), ...

Robustness (issue #9):
- every write is one transaction (BEGIN IMMEDIATE … COMMIT); WAL mode with a
  busy timeout, so two processes on one profile lose no update;
- synchronous=FULL: a process killed mid-write leaves everything up to the
  last completed choice;
- a damaged (or foreign) database file is moved aside with a timestamp, the
  player told, and a fresh one started; nothing else is deleted;
- a data folder that cannot be written: the game still plays on an in-memory
  database (holding a read-only copy of the saved progress when it can be
  read) and says progress is not being saved;
- names from players are only ever SQL parameters and never part of a path
  (`safe_filename` makes a file name from one).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping

from game.engine import paths
from game.engine.rules import catalogue

if TYPE_CHECKING:  # pragma: no cover
    from game.progress import badges as badges_mod
    from game.progress import quiz
    from game.engine.rules import Rule


class _OnFirstUse:
    """A module imported the first time one of its names is used: the game
    opens the store while it is starting, and most sessions never reach the
    badges or the 辨一辨 bank."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        import importlib

        return getattr(importlib.import_module(self._name, __package__), attr)


if not TYPE_CHECKING:
    quiz = _OnFirstUse(".quiz")
    badges_mod = _OnFirstUse(".badges")

DB_NAME = "progress.db"
SCHEMA_VERSION = 1
BUSY_SECONDS = 15.0
MAX_NAME = 32
# FULL: a commit is on disk before the game goes on, so even a PC switched off
# at the bell keeps the last choice (NORMAL would only survive a crashed
# process). A choice is a few milliseconds of disk time; players never notice.
SYNCHRONOUS = "FULL"
# For "best outcome": safe beats stopped (paid, then 110 in time) beats loss;
# `missed` (a genuine message refused out of over-suspicion) only happens in
# genuine cases, where it is better than nothing lost but still wrong.
KIND_RANK = {"loss": 0, "missed": 1, "stopped": 2, "safe": 3}
KIND_NAMES = {"safe": "识破", "stopped": "及时止付", "loss": "被骗了", "missed": "错过了真消息"}

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS profiles (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        class_name TEXT NOT NULL DEFAULT '',
        first_form TEXT NOT NULL CHECK (first_form IN ('A', 'B')),
        ordinal INTEGER NOT NULL,
        created TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS profiles_named ON profiles (name, class_name) WHERE name <> ''",
    """CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL,
        ending_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        steps TEXT NOT NULL,
        finished TEXT NOT NULL,
        digest TEXT, title TEXT, fraud_type TEXT, is_scam INTEGER, perspective TEXT, variant TEXT)""",
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


class ProfileError(Exception):
    """A profile that cannot be created, found or named like that. The message
    is for the player."""


class CheckError(Exception):
    """A 辨一辨 answer that cannot be recorded now (message for the player)."""


class _Damaged(Exception):
    pass


class _Newer(Exception):
    pass


def _rank(kind: str) -> int:
    return KIND_RANK.get(kind, -1)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _is_corrupt(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def clean_name(text: object, what: str = "名字") -> str:
    """A profile name or class as stored: trimmed, one space between words,
    no control characters, at most MAX_NAME characters. Empty is allowed."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise ProfileError(f"{what}要是文字")
    t = " ".join(unicodedata.normalize("NFC", text).split())
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in t):
        raise ProfileError(f"{what}里有不能用的字符")
    if len(t) > MAX_NAME:
        raise ProfileError(f"{what}太长了（最多 {MAX_NAME} 个字）")
    return t


_UNSAFE_FILE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+')
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$")


def safe_filename(*parts: str, fallback: str = "fanzha", suffix: str = "") -> str:
    """A file name (never a path) made from player-given text: no separators,
    no `..`, nothing Windows refuses; `fallback` when nothing usable is left."""
    words = []
    for p in parts:
        w = _UNSAFE_FILE_CHARS.sub("_", unicodedata.normalize("NFC", p or "")).strip("._ ")
        if w:
            words.append(w)
    name = "-".join(words)[:60].strip("._ -") or fallback
    if _WINDOWS_RESERVED.match(name):
        name = "_" + name
    return name + suffix


# --------------------------------------------------------------------------
# Values handed to the UI


@dataclass(frozen=True, slots=True)
class Profile:
    id: int
    uid: str  # stable id, travels in exports
    name: str
    class_name: str
    first_form: str  # the 辨一辨 form taken first: A or B
    ordinal: int  # the n-th profile created on this database
    created: str

    @property
    def anonymous(self) -> bool:
        return not self.name

    @property
    def label(self) -> str:
        who = self.name or f"匿名玩家 {self.ordinal}"
        return f"{who}（{self.class_name}）" if self.class_name else who


@dataclass(frozen=True, slots=True)
class ScenarioRecord:
    """What a profile did in one scenario. `first_*` is the first completed
    attempt: did they fall for it the first time?"""

    scenario_id: str
    title: str
    fraud_type: str
    is_scam: bool | None
    perspective: str
    variant: str
    attempts: int
    first_kind: str
    first_ending: str
    first_seq: int  # 1-based order of that attempt among all the profile's attempts
    first_at: str
    best: str
    endings: frozenset[str]
    last_at: str


@dataclass(frozen=True, slots=True)
class RuleCard:
    rule: Rule
    collected: bool
    source: str = ""  # "ending:<scenario>/<ending>" or "check:<item>"
    collected_at: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    scenario_id: str
    title: str
    rules: tuple[str, ...]  # the missed rules this case teaches


@dataclass(frozen=True, slots=True)
class Recorded:
    """What recording an ending changed: for a "new!" line on the ending screen."""

    first: bool  # this was the first completed attempt of the scenario
    new_ending: bool
    new_cards: tuple[str, ...] = ()
    new_badges: tuple[badges_mod.Badge, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckStatus:
    due: str | None  # quiz.BEFORE, quiz.AFTER or None: what the UI should offer now
    before: quiz.Score | None
    after: quiz.Score | None
    before_form: str
    after_form: str
    missing_types: tuple[str, ...]  # plan types still to finish before the after-check


# --------------------------------------------------------------------------
# Opening the database


def _pragma_setup(conn: sqlite3.Connection, wal: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")  # a constant, not input
    if wal:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")  # a constant, not input
    conn.execute("PRAGMA foreign_keys = ON")


def _identify(conn: sqlite3.Connection) -> None:
    """Is this our database (or an empty one)? Reads only: a newer game's or
    another program's file is never changed."""
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
        # (future versions migrate here, step by step, inside this transaction)
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
    if db is not None and db.is_file():
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


class Store:
    """One progress database: profiles, settings, and a ProgressStore per profile."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, persistent: bool, notices: list[str] | None = None):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.persistent = persistent
        self.notices: list[str] = list(notices or [])

    # -- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, data_dir=None) -> "Store":
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
            return cls._fallback(db, f"数据文件夹 {folder} 不能写入（{reason}）", notices)
        return cls(conn, db, True, notices)

    @classmethod
    def memory(cls) -> "Store":
        """A store that keeps nothing on disk (tests; a read-only data folder)."""
        return cls(_memory_copy(None), None, False)

    @classmethod
    def _fallback(cls, db: Path | None, why: str, notices: list[str] = ()) -> "Store":
        conn = _memory_copy(db)
        message = f"{why}：这次玩的进度不会保存，游戏照常可以玩。"
        return cls(conn, db, False, list(notices) + [message])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
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
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _write_failed(self, exc: Exception) -> None:
        self.notices.append(f"进度没能保存：{exc}。游戏可以继续玩。")

    # -- profiles --------------------------------------------------------------
    _PROFILE_COLS = "id, uid, name, class_name, first_form, ordinal, created"

    def profiles(self) -> list[Profile]:
        rows = self._read(f"SELECT {self._PROFILE_COLS} FROM profiles ORDER BY class_name, name, id")
        return [Profile(*r) for r in rows]

    def profile(self, profile_id: int) -> Profile | None:
        rows = self._read(f"SELECT {self._PROFILE_COLS} FROM profiles WHERE id = ?", (profile_id,))
        return Profile(*rows[0]) if rows else None

    def find_profiles(self, name: str, class_name: str | None = None) -> list[Profile]:
        name = clean_name(name)
        if class_name is None:
            rows = self._read(f"SELECT {self._PROFILE_COLS} FROM profiles WHERE name = ? ORDER BY id", (name,))
        else:
            rows = self._read(
                f"SELECT {self._PROFILE_COLS} FROM profiles WHERE name = ? AND class_name = ? ORDER BY id",
                (name, clean_name(class_name, "班级")),
            )
        return [Profile(*r) for r in rows]

    def _insert_profile(self, conn: sqlite3.Connection, name: str, class_name: str) -> Profile:
        n = int(conn.execute("SELECT value FROM meta WHERE key = 'profiles_created'").fetchone()[0]) + 1
        conn.execute("UPDATE meta SET value = ? WHERE key = 'profiles_created'", (str(n),))
        uid = uuid.uuid4().hex
        cur = conn.execute(
            "INSERT INTO profiles (uid, name, class_name, first_form, ordinal, created) VALUES (?, ?, ?, ?, ?, ?)",
            (uid, name, class_name, quiz.first_form(n), n, now()),
        )
        row = conn.execute(f"SELECT {self._PROFILE_COLS} FROM profiles WHERE id = ?", (cur.lastrowid,)).fetchone()
        return Profile(*row)

    def create_profile(self, name: str = "", class_name: str = "") -> Profile:
        """A new profile; name and class are optional (anonymous play)."""
        name, class_name = clean_name(name), clean_name(class_name, "班级")
        with self.transaction() as conn:
            if name and conn.execute(
                "SELECT 1 FROM profiles WHERE name = ? AND class_name = ?", (name, class_name)
            ).fetchone():
                raise ProfileError(f"已经有「{name}」{'（' + class_name + '）' if class_name else ''}这个档案了")
            return self._insert_profile(conn, name, class_name)

    def get_or_create(self, name: str, class_name: str | None = None) -> tuple[Profile, bool]:
        """The profile with this name (and class, when given); created when there
        is none. Raises ProfileError when the name alone is ambiguous."""
        name = clean_name(name)
        if not name:
            raise ProfileError("档案名字不能是空的")
        cls_clean = None if class_name is None else clean_name(class_name, "班级")
        with self.transaction() as conn:
            if cls_clean is None:
                rows = conn.execute(
                    f"SELECT {self._PROFILE_COLS} FROM profiles WHERE name = ? ORDER BY id", (name,)
                ).fetchall()
            else:
                rows = conn.execute(
                    f"SELECT {self._PROFILE_COLS} FROM profiles WHERE name = ? AND class_name = ?", (name, cls_clean)
                ).fetchall()
            if len(rows) > 1:
                classes = "、".join(r[3] or "（没有班级）" for r in rows)
                raise ProfileError(f"有好几个叫「{name}」的档案（{classes}），请用 --class 说明是哪个班的")
            if rows:
                return Profile(*rows[0]), False
            return self._insert_profile(conn, name, cls_clean or ""), True

    def update_profile(self, profile_id: int, name: str | None = None, class_name: str | None = None) -> Profile:
        old = self.profile(profile_id)
        if old is None:
            raise ProfileError("没有这个档案")
        name = old.name if name is None else clean_name(name)
        class_name = old.class_name if class_name is None else clean_name(class_name, "班级")
        try:
            with self.transaction() as conn:
                conn.execute("UPDATE profiles SET name = ?, class_name = ? WHERE id = ?", (name, class_name, profile_id))
        except sqlite3.IntegrityError:
            raise ProfileError(f"已经有「{name}」这个档案了") from None
        return self.profile(profile_id)  # type: ignore[return-value]

    def current_profile(self) -> Profile | None:
        value = self.setting("current_profile")
        return self.profile(value) if isinstance(value, int) else None

    def set_current(self, profile: Profile | int) -> None:
        pid = profile if isinstance(profile, int) else profile.id
        if self.profile(pid) is None:
            raise ProfileError("没有这个档案")
        self.set_setting("current_profile", pid)

    # -- settings (JSON values; profile 0 = the whole PC) -------------------------
    def setting(self, key: str, default=None, profile_id: int = 0):
        rows = self._read("SELECT value FROM settings WHERE profile_id = ? AND key = ?", (profile_id, key))
        if not rows:
            return default
        try:
            return json.loads(rows[0][0])
        except ValueError:
            return default

    def set_setting(self, key: str, value, profile_id: int = 0) -> None:
        text = json.dumps(value, ensure_ascii=False)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value",
                (profile_id, key, text),
            )

    # -- progress objects --------------------------------------------------------
    def progress(self, profile: Profile | int, library=None, bank: quiz.Bank | None = None) -> "ProgressStore":
        p = self.profile(profile if isinstance(profile, int) else profile.id)
        if p is None:
            raise ProfileError("没有这个档案")
        return ProgressStore(self, p, library, bank)

    def default_progress(self, library=None) -> "ProgressStore":
        """The current profile's progress; a new anonymous profile when there is none."""
        p = self.current_profile()
        if p is None:
            p = self.create_profile()
            self.set_current(p)
        return self.progress(p, library)


def _scenario_map(library) -> Mapping[str, object]:
    """id -> what the store needs of a case (title, type, endings with their
    kinds and rules): the library's light ScenarioInfo list when it has one,
    so a lazily loaded library is never parsed in full for it."""
    if library is None:
        return {}
    infos = getattr(library, "infos", None)
    if infos is not None:
        return infos
    return getattr(library, "scenarios", library)


class ProgressStore:
    """The `game.progress.memory.Progress` protocol for one profile, and everything the
    handbook, badge, 辨一辨 and export screens read."""

    def __init__(self, store: Store, profile: Profile, library=None, bank: quiz.Bank | None = None):
        self.store = store
        self.profile = profile
        self.scenarios = _scenario_map(library)
        self._bank = bank

    def use_library(self, library) -> None:
        """Attach the library once it is loaded (the UI loads it in the
        background): scenario titles, types and rules for what is recorded."""
        self.scenarios = _scenario_map(library)

    @property
    def bank(self) -> quiz.Bank:
        if self._bank is None:
            self._bank = quiz.bank()
        return self._bank

    @property
    def persistent(self) -> bool:
        return self.store.persistent

    @property
    def _pid(self) -> int:
        return self.profile.id

    # -- the Progress protocol ----------------------------------------------------
    def endings_found(self, scenario_id: str) -> set[str]:
        rows = self.store._read(
            "SELECT DISTINCT ending_id FROM attempts WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id)
        )
        return {r[0] for r in rows}

    def record_ending(
        self, scenario_id: str, ending_id: str, kind: str, steps: list, scenario=None
    ) -> Recorded | None:
        """One completed attempt; clears the resume save. Returns what changed
        (None when it could not be saved: see store.notices). `scenario`: the
        Scenario, when the library is not attached."""
        from game.engine.model import ENDING_KINDS

        if kind not in ENDING_KINDS:
            raise ValueError(f"unknown ending kind {kind!r}")
        s = scenario if scenario is not None else self.scenarios.get(scenario_id)
        meta: tuple = (None,) * 6
        rules: tuple[str, ...] = ()
        if s is not None:
            meta = (s.digest, s.title, s.fraud_type, int(s.is_scam), s.perspective, s.variant)
            ending = s.endings.get(ending_id)
            if ending is not None:
                rules = ending.rules
            if s.is_scam and s.fraud_type and s.fraud_type not in rules:
                # Seeing a 刷单 case through safely is what the 刷单 card
                # (附件3's type-1) is about, whether the ending cites it or not.
                rules = (*rules, s.fraud_type)
        new_cards: list[str] = []
        try:
            with self.store.transaction() as conn:
                if s is None:  # keep what we knew about a case no longer loaded
                    row = conn.execute(
                        "SELECT digest, title, fraud_type, is_scam, perspective, variant FROM attempts "
                        "WHERE profile_id = ? AND scenario_id = ? ORDER BY id DESC LIMIT 1",
                        (self._pid, scenario_id),
                    ).fetchone()
                    meta = tuple(row) if row else meta
                before = conn.execute(
                    "SELECT count(*), sum(ending_id = ?) FROM attempts WHERE profile_id = ? AND scenario_id = ?",
                    (ending_id, self._pid, scenario_id),
                ).fetchone()
                conn.execute(
                    "INSERT INTO attempts (profile_id, scenario_id, ending_id, kind, steps, finished, digest, title, "
                    "fraud_type, is_scam, perspective, variant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self._pid, scenario_id, ending_id, kind, json.dumps(steps, ensure_ascii=False), now(), *meta),
                )
                conn.execute("DELETE FROM resume WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id))
                if kind == "safe":
                    for rule in rules:
                        cur = conn.execute(
                            "INSERT OR IGNORE INTO rule_cards (profile_id, rule_id, source, collected) VALUES (?, ?, ?, ?)",
                            (self._pid, rule, f"ending:{scenario_id}/{ending_id}", now()),
                        )
                        if cur.rowcount:
                            new_cards.append(rule)
        except sqlite3.Error as exc:
            self.store._write_failed(exc)
            return None
        return Recorded(
            first=before[0] == 0,
            new_ending=not before[1],
            new_cards=tuple(new_cards),
            new_badges=tuple(self._award_badges()),
        )

    def save_resume(self, scenario_id: str, save: dict) -> None:
        text = json.dumps(save, ensure_ascii=False)
        try:
            with self.store.transaction() as conn:
                conn.execute(
                    "INSERT INTO resume (profile_id, scenario_id, save, updated) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (profile_id, scenario_id) DO UPDATE SET save = excluded.save, updated = excluded.updated",
                    (self._pid, scenario_id, text, now()),
                )
        except sqlite3.Error as exc:
            self.store._write_failed(exc)

    def load_resume(self, scenario_id: str) -> dict | None:
        rows = self.store._read(
            "SELECT save FROM resume WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id)
        )
        if not rows:
            return None
        try:
            value = json.loads(rows[0][0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def clear_resume(self, scenario_id: str) -> None:
        try:
            with self.store.transaction() as conn:
                conn.execute("DELETE FROM resume WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id))
        except sqlite3.Error as exc:
            self.store._write_failed(exc)

    def resumable(self) -> list[str]:
        """Scenario ids with a game in progress, most recent first."""
        rows = self.store._read(
            "SELECT scenario_id FROM resume WHERE profile_id = ? ORDER BY updated DESC", (self._pid,)
        )
        return [r[0] for r in rows]

    # -- outcomes -------------------------------------------------------------
    def scenario_records(self) -> dict[str, ScenarioRecord]:
        rows = self.store._read(
            "SELECT scenario_id, ending_id, kind, finished, title, fraud_type, is_scam, perspective, variant "
            "FROM attempts WHERE profile_id = ? ORDER BY id",
            (self._pid,),
        )
        grouped: dict[str, list[tuple[int, tuple]]] = {}
        for seq, row in enumerate(rows, 1):
            grouped.setdefault(row[0], []).append((seq, row))
        out = {}
        for sid, items in grouped.items():
            seq, first = items[0]
            last = items[-1][1]
            s = self.scenarios.get(sid)
            known = next((r for _, r in reversed(items) if r[5] is not None), last)
            out[sid] = ScenarioRecord(
                scenario_id=sid,
                title=s.title if s else (known[4] or sid),
                fraud_type=s.fraud_type if s else (known[5] or ""),
                is_scam=s.is_scam if s else (None if known[6] is None else bool(known[6])),
                perspective=s.perspective if s else (known[7] or "self"),
                variant=s.variant if s else (known[8] or ""),
                attempts=len(items),
                first_kind=first[2],
                first_ending=first[1],
                first_seq=seq,
                first_at=first[3],
                best=max((r[2] for _, r in items), key=_rank),
                endings=frozenset(r[1] for _, r in items),
                last_at=last[3],
            )
        return out

    def first_outcome(self, scenario_id: str) -> str | None:
        rows = self.store._read(
            "SELECT kind FROM attempts WHERE profile_id = ? AND scenario_id = ? ORDER BY id LIMIT 1",
            (self._pid, scenario_id),
        )
        return rows[0][0] if rows else None

    def best_outcome(self, scenario_id: str) -> str | None:
        rows = self.store._read(
            "SELECT DISTINCT kind FROM attempts WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id)
        )
        return max((r[0] for r in rows), key=_rank) if rows else None

    def attempt_count(self) -> int:
        return self.store._read("SELECT count(*) FROM attempts WHERE profile_id = ?", (self._pid,))[0][0]

    # -- rule cards ---------------------------------------------------------------
    def collected_rules(self) -> dict[str, tuple[str, str]]:
        rows = self.store._read(
            "SELECT rule_id, source, collected FROM rule_cards WHERE profile_id = ?", (self._pid,)
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def rule_cards(self) -> list[RuleCard]:
        """Every rule of the catalogue, in order, with whether it is collected: the handbook."""
        have = self.collected_rules()
        return [
            RuleCard(r, r.id in have, *have.get(r.id, ("", ""))) for r in catalogue().all()
        ]

    def suggestions(self, limit: int = 3) -> list[Suggestion]:
        """Cases to play next: those teaching the most rules not collected yet,
        among cases not yet cleared safely (never-played ones first on a tie).
        Cases for the player's own audience come first — the audiences of the
        cases they have played, or pupils' cases before they have played any —
        so a pupil is not sent to a teachers' or parents' case."""
        have = self.collected_rules()
        records = self.scenario_records()
        theirs = {a for sid in records if sid in self.scenarios for a in self.scenarios[sid].audience}
        theirs = theirs or {"小学", "中学"}
        ranked = []
        for sid, s in self.scenarios.items():
            rec = records.get(sid)
            if rec is not None and rec.best == "safe":
                continue
            taught: dict[str, None] = {}
            for ending in s.endings.values():
                if ending.kind == "safe":
                    for r in ending.rules:
                        taught.setdefault(r)
            if taught and s.is_scam and s.fraud_type:
                taught.setdefault(s.fraud_type)  # its type's card comes with a safe ending
            missed = tuple(r for r in taught if r not in have)
            if missed:
                for_them = bool(theirs & set(s.audience))
                ranked.append((not for_them, -len(missed), rec is not None, sid, Suggestion(sid, s.title, missed)))
        ranked.sort(key=lambda t: t[:4])
        return [t[4] for t in ranked[:limit]]

    # -- badges ---------------------------------------------------------------
    def _awarded(self) -> dict[str, str]:
        rows = self.store._read("SELECT badge_id, earned FROM badges WHERE profile_id = ?", (self._pid,))
        return {r[0]: r[1] for r in rows}

    def badges(self) -> list[badges_mod.Badge]:
        """Every badge with its progress; earned ones are stored (and stay earned)."""
        self._award_badges()
        return badges_mod.evaluate(self.scenario_records(), self.scenarios, self._awarded())

    def _award_badges(self) -> list[badges_mod.Badge]:
        awarded = self._awarded()
        fresh = [
            b for b in badges_mod.evaluate(self.scenario_records(), self.scenarios, awarded)
            if b.earned and b.id not in awarded
        ]
        if fresh:
            try:
                with self.store.transaction() as conn:
                    for b in fresh:
                        conn.execute(
                            "INSERT OR IGNORE INTO badges (profile_id, badge_id, earned) VALUES (?, ?, ?)",
                            (self._pid, b.id, now()),
                        )
            except sqlite3.Error as exc:
                self.store._write_failed(exc)
        return fresh

    # -- 辨一辨 --------------------------------------------------------------
    def check_form(self, sitting: str) -> str:
        rows = self.store._read(
            "SELECT form FROM check_sittings WHERE profile_id = ? AND sitting = ?", (self._pid, sitting)
        )
        return rows[0][0] if rows else quiz.form_for(sitting, self.profile.first_form)

    def check_items(self, sitting: str) -> tuple[quiz.Item, ...]:
        return self.bank.form(self.check_form(sitting))

    def _answers(self, sitting: str) -> dict[str, bool]:
        rows = self.store._read(
            "SELECT item_id, said_scam FROM check_answers WHERE profile_id = ? AND sitting = ?", (self._pid, sitting)
        )
        return {r[0]: bool(r[1]) for r in rows}

    def check_result(self, sitting: str) -> quiz.Score | None:
        """The sitting marked item by item (None if never started)."""
        rows = self.store._read(
            "SELECT form FROM check_sittings WHERE profile_id = ? AND sitting = ?", (self._pid, sitting)
        )
        if not rows:
            return None
        return self.bank.score(rows[0][0], self._answers(sitting))

    def missing_types(self) -> tuple[str, ...]:
        """Plan types still to play to an ending before the after-check: all
        twelve, or (with a library) those the library has a scam case for."""
        types = badges_mod.plan_types()
        if self.scenarios:
            present = {getattr(s, "fraud_type", "") for s in self.scenarios.values() if getattr(s, "is_scam", True)}
            types = tuple(t for t in types if t in present)
        played = {r.fraud_type for r in self.scenario_records().values() if r.is_scam}
        return tuple(t for t in types if t not in played)

    def check_unavailable(self, sitting: str) -> str | None:
        """Why this sitting cannot start now (None: it can, or it is under way)."""
        if sitting not in quiz.SITTINGS:
            return f"没有这种测验：{sitting}"
        started = self.store._read(
            "SELECT finished FROM check_sittings WHERE profile_id = ? AND sitting = ?", (self._pid, sitting)
        )
        if started:
            return "这次辨一辨已经做完了" if started[0][0] else None
        if sitting == quiz.BEFORE:
            if self.attempt_count():
                return "前测要在玩第一个案例之前做；已经玩过案例了"
            return None
        if self.attempt_count() == 0:
            return "后测要在玩完案例之后做"
        missing = self.missing_types()
        if missing:
            titles = "、".join(catalogue()[t].title for t in missing)
            return f"后测要在 12 类诈骗都玩过之后做；还差：{titles}"
        return None

    def check_status(self) -> CheckStatus:
        before, after = self.check_result(quiz.BEFORE), self.check_result(quiz.AFTER)
        due = None
        for sitting, score in ((quiz.BEFORE, before), (quiz.AFTER, after)):
            if not (score and score.complete) and self.check_unavailable(sitting) is None:
                due = sitting
                break
        return CheckStatus(
            due, before, after, self.check_form(quiz.BEFORE), self.check_form(quiz.AFTER), self.missing_types()
        )

    def record_answer(self, sitting: str, item_id: str, said_scam: bool) -> quiz.Marked:
        """Answer one item (a changed mind is fine until the sitting is complete).
        Completing the sitting collects the rule cards of the items answered right."""
        reason = self.check_unavailable(sitting)
        if reason:
            raise CheckError(reason)
        form = self.check_form(sitting)
        item = self.bank.get(item_id)
        if item is None or item.form != form:
            raise CheckError(f"题目 {item_id} 不在这份卷子（{form} 卷）里")
        stamp = now()
        try:
            with self.store.transaction() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO check_sittings (profile_id, sitting, form, started) VALUES (?, ?, ?, ?)",
                    (self._pid, sitting, form, stamp),
                )
                conn.execute(
                    "INSERT INTO check_answers (profile_id, sitting, item_id, form, is_scam, said_scam, rule, answered) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, sitting, item_id) "
                    "DO UPDATE SET said_scam = excluded.said_scam, answered = excluded.answered",
                    (self._pid, sitting, item.id, form, int(item.is_scam), int(bool(said_scam)), item.rule, stamp),
                )
                answered = {
                    r[0]: bool(r[1])
                    for r in conn.execute(
                        "SELECT item_id, said_scam FROM check_answers WHERE profile_id = ? AND sitting = ?",
                        (self._pid, sitting),
                    )
                }
                score = self.bank.score(form, answered)
                if score.complete:
                    conn.execute(
                        "UPDATE check_sittings SET finished = ? WHERE profile_id = ? AND sitting = ?",
                        (stamp, self._pid, sitting),
                    )
                    for m in score.marked:
                        if m.correct:
                            conn.execute(
                                "INSERT OR IGNORE INTO rule_cards (profile_id, rule_id, source, collected) "
                                "VALUES (?, ?, ?, ?)",
                                (self._pid, m.item.rule, f"check:{m.item.id}", stamp),
                            )
        except sqlite3.Error as exc:
            self.store._write_failed(exc)
        return quiz.Marked(item, bool(said_scam))

    def record_answers(self, sitting: str, said_scam: list[bool]) -> quiz.Score:
        """A whole form at once, in the order of `check_items` (CLI, tests)."""
        items = self.check_items(sitting)
        if len(said_scam) != len(items):
            raise CheckError(f"这份卷子有 {len(items)} 题，给了 {len(said_scam)} 个答案")
        for item, value in zip(items, said_scam):
            self.record_answer(sitting, item.id, value)
        return self.check_result(sitting)  # type: ignore[return-value]

    def check_finished_at(self, sitting: str) -> str:
        rows = self.store._read(
            "SELECT finished FROM check_sittings WHERE profile_id = ? AND sitting = ?", (self._pid, sitting)
        )
        return rows[0][0] or "" if rows else ""


def open_default(data_dir=None, library=None) -> tuple[Store, ProgressStore]:
    """For the UI at start-up: the store and the current profile's progress.
    Show `store.take_notices()` to the player."""
    store = Store.open(data_dir)
    return store, store.default_progress(library)
