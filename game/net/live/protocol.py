"""What travels between a pupil's game and the teacher's PC in a live class
(`fanzha class` / `fanzha join`), and how each message is checked.

Every message is one JSON object in one websocket text frame, at most
MAX_MESSAGE bytes, with a "type". Anything else — too big, too deep, not an
object, an unknown type, a field of the wrong kind — is refused by `decode`
and ignored by whoever received it: a bad client cannot end a session.

Only names, classes and game results travel: a pupil's "hello" carries the
profile's uid, name and class; its "results" carry the export document of
`fanzha export` (game/results/exports.py), checked by the same reader the
class report uses."""

from __future__ import annotations

import hmac
import json
import re
import secrets
import unicodedata
from typing import Any

MAX_MESSAGE = 256 * 1024  # bytes: a pupil's whole export is far smaller
MAX_DEPTH = 16  # nesting of a message's JSON: an export needs six
MAX_NAME = 32
MAX_PUPILS = 60
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or from a projector
CODE_LENGTH = 6
UID = re.compile(r"^[0-9a-f]{8,64}$")
LETTER = re.compile(r"^[A-H]$")
MODES = ("self", "step")

# What a pupil may send, and what the teacher's PC may send back.
PUPIL_TYPES = ("hello", "results", "vote", "bye")
TEACHER_TYPES = ("welcome", "refused", "decision", "moved", "reveal", "ended", "removed", "stored")


class Refused(ValueError):
    """A message that is not what the protocol allows; the reason is for logs."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str:
    """What a pupil typed, as the code is written: capitals, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text or "")).upper()


def code_matches(given: str, code: str) -> bool:
    return hmac.compare_digest(normal_code(given).encode(), code.encode())


def _depth(value: Any, limit: int) -> int:
    """Nesting depth, stopping at limit + 1 (no recursion: a hostile message
    may be deep enough to end a recursive walk)."""
    deepest = 0
    todo = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if depth > limit:
            return depth
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            todo.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            todo.extend((v, depth + 1) for v in item)
    return deepest


def decode(data: str | bytes, allowed: tuple[str, ...]) -> dict:
    """One message, checked for size, depth, shape and type; raises Refused."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_MESSAGE:
        raise Refused("message too large")
    # A bracket bomb is refused before the parser sees it: the parser itself
    # recurses once per level.
    if data.count(b"[") + data.count(b"{") > 50_000:
        raise Refused("message too complex")
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise Refused("not JSON") from None
    if not isinstance(value, dict):
        raise Refused("not an object")
    if _depth(value, MAX_DEPTH) > MAX_DEPTH:
        raise Refused("nested too deeply")
    if value.get("type") not in allowed:
        raise Refused(f"unknown type {str(value.get('type'))[:20]!r}")
    return value


def encode(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False)


def clean_text(value: Any, limit: int = MAX_NAME) -> str:
    """A name or a class as it may be shown and stored: text, trimmed, at
    most `limit` characters, with no control, bidi or zero-width characters."""
    if not isinstance(value, str):
        raise Refused("not text")
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > limit:
        raise Refused("too long")
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            raise Refused("control or invisible character")
    return text


def hello_fields(msg: dict) -> tuple[str, str, str, str]:
    """(code, uid, name, class) of a pupil's hello; raises Refused."""
    uid = msg.get("uid")
    if not isinstance(uid, str) or not UID.match(uid):
        raise Refused("bad uid")
    code = msg.get("code")
    if not isinstance(code, str) or len(code) > 32:
        raise Refused("bad code")
    return code, uid, clean_text(msg.get("name", "")), clean_text(msg.get("class", ""))


def vote_fields(msg: dict) -> tuple[int, str, tuple[int, ...]]:
    """(decision number, letter, marked message numbers) of a vote; raises Refused."""
    decision = msg.get("decision")
    letter = msg.get("letter")
    marks = msg.get("marks", [])
    if not isinstance(decision, int) or isinstance(decision, bool) or not 0 < decision < 10_000:
        raise Refused("bad decision number")
    if not isinstance(letter, str) or not LETTER.match(letter):
        raise Refused("bad letter")
    if not isinstance(marks, list) or len(marks) > 64 or not all(
        isinstance(k, int) and not isinstance(k, bool) and 0 < k <= 200 for k in marks
    ):
        raise Refused("bad marks")
    return decision, letter, tuple(sorted(set(marks)))
