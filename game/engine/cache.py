"""A cache of check results, keyed by each file's content and by the code and
rule catalogue that checked it, kept in the data folder.

Never trusted blindly: an entry is used only if it parses, has the expected
shape and names the exact key asked for; anything else is ignored and rebuilt.
A data folder that cannot be written just means no cache.

The game's start-up listing also keeps one index of the files it listed, by
each file's size and change times (game/engine/listing.py): one read instead of a
read, a hash and an entry per file. `fanzha check` always goes by content."""

from __future__ import annotations

import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from game.engine import paths
from game.engine.digest import sha256
from game.engine.files import ReadError, read_limited

FORMAT = 1
# Far above what this game writes (an entry is a few KB, the index of five
# thousand files a few MB): anything bigger was not written by it.
MAX_ENTRY_BYTES = 8 << 20
MAX_INDEX_BYTES = 64 << 20
# The modules whose behaviour decides a check result: change one, and every
# entry written before is no longer found.
_CHECKING_CODE = (
    "yamlsource.py", "model.py", "parse.py", "validate.py", "explore.py", "summary.py", "checking.py", "cache.py",
    "untrusted.py", "files.py", "flagcheck.py", "play.py",
)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    h = sha256(f"fanzha-check/{FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for name in _CHECKING_CODE:
        h.update((here / name).read_bytes())
    for catalogue_file in ("rules.yaml", "stages.yaml"):  # the ids a file is checked against
        h.update((paths.assets_dir() / catalogue_file).read_bytes())
    return h.hexdigest()


# The cache only saves time: on a nearly full disk it writes nothing, so the
# last megabytes stay for the player's progress (a save that fails for want of
# the space the cache took would lose what a pupil did).
MIN_FREE_BYTES = 32 * 1024 * 1024


def _room_for_cache(folder: Path) -> bool:
    for place in (folder, *folder.parents):  # the first that exists holds the disk
        try:
            return shutil.disk_usage(place).free >= MIN_FREE_BYTES
        except OSError:
            continue
    return False


class CheckCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.writable = True
        self._room: bool | None = None  # asked of the disk at the first write

    @classmethod
    def default(cls, data_dir=None) -> "CheckCache":
        return cls(paths.data_dir(data_dir) / "cache" / "check")

    def key(self, data: bytes) -> str:
        return sha256(fingerprint().encode() + data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            raw = read_limited(self._path(key), MAX_ENTRY_BYTES)
            entry = json.loads(raw.decode("utf-8", "surrogateescape"))
        except (ReadError, ValueError, RecursionError):  # RecursionError: nested a thousand deep
            return None
        if not _valid(entry, key):
            return None
        return entry

    def put(self, key: str, problems: list[dict], summary: dict | None, raw_id: str = "") -> dict:
        """`raw_id`: the id written in the file, kept for a file with errors too."""
        entry = {"format": FORMAT, "key": key, "problems": problems, "summary": summary, "raw_id": raw_id}
        self._write(self._path(key), entry)
        return entry

    # -- the listing's index: path -> stat signature, key and entry ---------------
    def read_index(self) -> dict[str, dict]:
        """The index written last, or {} when missing, damaged or made by other code.
        Each entry is still checked by the caller (`indexed`)."""
        try:
            raw = json.loads(read_limited(self.folder / INDEX, MAX_INDEX_BYTES).decode("utf-8", "surrogateescape"))
        except (ReadError, ValueError, RecursionError):
            return {}
        if not (isinstance(raw, dict) and raw.get("format") == FORMAT and raw.get("fingerprint") == fingerprint()):
            return {}
        files = raw.get("files")
        return files if isinstance(files, dict) else {}

    def write_index(self, files: dict[str, dict]) -> None:
        self._write(self.folder / INDEX, {"format": FORMAT, "fingerprint": fingerprint(), "files": files})

    def _write(self, path: Path, data: dict) -> None:
        if self._room is None:
            self._room = _room_for_cache(self.folder)
            self.writable = self.writable and self._room
        if not self.writable:
            return
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # surrogateescape: a file name the system could not decode (a Chinese
            # name under LANG=C) is kept as the bytes it was, and read back the same.
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8", errors="surrogateescape")
            os.replace(tmp, path)  # readers see the old file or the new, never half
        except OSError:
            self.writable = False  # read-only or full: carry on without a cache
            try:
                tmp.unlink()
            except OSError:
                pass


INDEX = "index.json"
# A file changed within this long of being indexed could change again within the
# same clock tick (coarse file systems: FAT keeps 2 s) without its signature
# changing: such files are indexed without a signature and read again next time.
RACY_NS = 3_000_000_000


def signature(path: str | Path) -> list[int] | None:
    """Size, modification and change time: a rewrite changes the change time
    even when size and modification time are put back."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def index_record(sig: list[int] | None, key: str, scenario_id: str, ok: bool, problems: list[dict], now_ns: int) -> dict:
    """What the index keeps of one file: enough to list it (its id, whether it
    plays, its problems); its summary stays in the entry under `key`."""
    racy = sig is None or now_ns - max(sig[1], sig[2]) < RACY_NS
    return {"sig": None if racy else sig, "key": key, "id": scenario_id, "ok": ok, "problems": problems}


def indexed(found: object, sig: list[int] | None) -> dict | None:
    """An index record whose signature matches, if it is sound."""
    if sig is None or type(found) is not dict or found.get("sig") != sig:
        return None
    key, scenario_id, ok, problems = found.get("key"), found.get("id"), found.get("ok"), found.get("problems")
    if not (type(key) is str and key and type(scenario_id) is str and type(ok) is bool):
        return None
    if type(problems) is list and not problems:  # most files: quick to vouch for
        return found if ok and scenario_id else None
    if not _problems_ok(problems):
        return None
    has_errors = any(p["severity"] == "error" for p in problems)
    return found if ok != has_errors and (scenario_id or not ok) else None


def _valid(entry, key: str) -> bool:
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key):
        return False
    if not (_problems_ok(entry.get("problems")) and isinstance(entry.get("raw_id", ""), str)):
        return False
    problems = entry["problems"]
    summary = entry.get("summary")
    if summary is not None and not summary_ok(summary):
        return False
    has_errors = any(p["severity"] == "error" for p in problems)
    return has_errors == (summary is None)


# What game.engine.summary writes: every field a list of cases or `check` reads.
_SUMMARY = {
    "id": str, "file": str, "digest": str, "title": str, "summary": str, "fraud_type": str, "variant": str,
    "audience": "strs", "is_scam": bool, "perspective": str, "nodes": int, "decisions": int,
    "main_line_decisions": int, "channels": "strs", "endings": "endings", "rules": "strs",
    "stages": "strs", "tags": "strs",
}
_ENDING = {"id": str, "kind": str, "title": str, "money_lost": int, "rules": "strs"}


def _fits(value: object, kind) -> bool:
    if kind == "strs":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "endings":
        return isinstance(value, list) and all(_shaped(e, _ENDING) for e in value)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _shaped(d: object, fields: dict) -> bool:
    return isinstance(d, dict) and all(_fits(d.get(k), kind) for k, kind in fields.items())


def summary_ok(summary: object) -> bool:
    """A summary with every field of the right type: an entry missing one
    (written by hand, or by a version that had fewer) is not used."""
    return _shaped(summary, _SUMMARY)


def _problems_ok(problems: object) -> bool:
    return isinstance(problems, list) and all(
        isinstance(p, dict)
        and isinstance(p.get("line"), int)
        and isinstance(p.get("column"), int)
        and isinstance(p.get("message"), str)
        and p.get("severity") in ("error", "warning")
        for p in problems
    )
