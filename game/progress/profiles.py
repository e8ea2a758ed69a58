"""Profiles on a shared lab PC (issue #6): who plays, by an optional name and
class; which profile is current; the settings. Names from players are only
ever SQL parameters and never part of a path (`safe_filename` makes a file
name from one)."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
import uuid
from typing import TYPE_CHECKING

from game.engine.values import Frozen
from game.progress.db import Database, now
from game.progress.faults import again_in_memory
from game.progress.lazy import OnFirstUse

if TYPE_CHECKING:  # pragma: no cover
    from game.progress import quiz
else:
    quiz = OnFirstUse("game.progress.quiz")

MAX_NAME = 32


class ProfileError(Exception):
    """A profile that cannot be created, found or named like that. The message
    is for the player."""


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


def clean_audience(text: object) -> str:
    """A profile's audience as stored: one of AUDIENCES; None or empty is
    the default (小学)."""
    # Here, not at the top: opening the store for the title reads profiles
    # and never needs the vocabulary's tables.
    from game.engine.vocab import AUDIENCES, DEFAULT_AUDIENCE

    if text is None or text == "":
        return DEFAULT_AUDIENCE
    t = text.strip() if isinstance(text, str) else ""
    if t not in AUDIENCES:
        raise ProfileError(f"对象只能是：{'、'.join(AUDIENCES)}")
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


class Profile(Frozen):
    __slots__ = _fields = ("id", "uid", "name", "class_name", "first_form", "ordinal", "created", "audience")
    id: int
    uid: str  # stable id, travels in exports
    name: str
    class_name: str
    first_form: str  # the 辨一辨 form taken first: A or B
    ordinal: int  # the n-th profile created on this database
    created: str
    audience: str  # 小学, 中学, 教职工 or 家长: the curriculum and 辨一辨 it takes

    def __init__(
        self, id: int, uid: str, name: str, class_name: str, first_form: str, ordinal: int, created: str, audience: str
    ) -> None:
        self._fill(id, uid, name, class_name, first_form, ordinal, created, audience)

    @property
    def anonymous(self) -> bool:
        return not self.name

    @property
    def label(self) -> str:
        who = self.name or f"匿名玩家 {self.ordinal}"
        return f"{who}（{self.class_name}）" if self.class_name else who


class Profiles(Database):
    """The profiles and settings kept in one progress database."""

    # -- profiles --------------------------------------------------------------
    _PROFILE_COLS = "id, uid, name, class_name, first_form, ordinal, created, audience"

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

    def _insert_profile(self, conn: sqlite3.Connection, name: str, class_name: str, audience: str) -> Profile:
        n = int(conn.execute("SELECT value FROM meta WHERE key = 'profiles_created'").fetchone()[0]) + 1
        conn.execute("UPDATE meta SET value = ? WHERE key = 'profiles_created'", (str(n),))
        uid = uuid.uuid4().hex
        cur = conn.execute(
            "INSERT INTO profiles (uid, name, class_name, first_form, ordinal, created, audience) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (uid, name, class_name, quiz.first_form(n), n, now(), audience),
        )
        row = conn.execute(f"SELECT {self._PROFILE_COLS} FROM profiles WHERE id = ?", (cur.lastrowid,)).fetchone()
        return Profile(*row)

    @again_in_memory
    def create_profile(self, name: str = "", class_name: str = "", audience: str | None = None) -> Profile:
        """A new profile; name and class are optional (anonymous play), the
        audience is 小学 unless given."""
        name, class_name = clean_name(name), clean_name(class_name, "班级")
        audience = clean_audience(audience)
        with self.transaction() as conn:
            if name and conn.execute(
                "SELECT 1 FROM profiles WHERE name = ? AND class_name = ?", (name, class_name)
            ).fetchone():
                raise ProfileError(f"已经有「{name}」{'（' + class_name + '）' if class_name else ''}这个档案了")
            return self._insert_profile(conn, name, class_name, audience)

    @again_in_memory
    def get_or_create(
        self, name: str, class_name: str | None = None, audience: str | None = None
    ) -> tuple[Profile, bool]:
        """The profile with this name (and class, when given); created when there
        is none (小学 unless `audience` says otherwise). An existing profile takes
        `audience` when one is given: the command line said who this is. Raises
        ProfileError when the name alone is ambiguous."""
        name = clean_name(name)
        wanted = None if audience is None else clean_audience(audience)
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
                found = Profile(*rows[0])
                if wanted is not None and wanted != found.audience:
                    conn.execute("UPDATE profiles SET audience = ? WHERE id = ?", (wanted, found.id))
                    found = found.replace(audience=wanted)
                return found, False
            return self._insert_profile(conn, name, cls_clean or "", clean_audience(wanted)), True

    @again_in_memory
    def update_profile(
        self, profile_id: int, name: str | None = None, class_name: str | None = None, audience: str | None = None
    ) -> Profile:
        old = self.profile(profile_id)
        if old is None:
            raise ProfileError("没有这个档案")
        name = old.name if name is None else clean_name(name)
        class_name = old.class_name if class_name is None else clean_name(class_name, "班级")
        audience = old.audience if audience is None else clean_audience(audience)
        try:
            with self.transaction() as conn:
                conn.execute(
                    "UPDATE profiles SET name = ?, class_name = ?, audience = ? WHERE id = ?",
                    (name, class_name, audience, profile_id),
                )
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

    @again_in_memory
    def set_setting(self, key: str, value, profile_id: int = 0) -> None:
        text = json.dumps(value, ensure_ascii=False)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value",
                (profile_id, key, text),
            )
