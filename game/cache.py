"""A cache of check results, keyed by each file's content and by the code and
rule catalogue that checked it, kept in the data folder.

Never trusted blindly: an entry is used only if it parses, has the expected
shape and names the exact key asked for; anything else is ignored and rebuilt.
A data folder that cannot be written just means no cache."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from . import paths

FORMAT = 1
# The modules whose behaviour decides a check result: change one, and every
# entry written before is no longer found.
_CHECKING_CODE = ("yamlsource.py", "model.py", "parse.py", "validate.py", "explore.py", "summary.py", "cache.py")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    h = hashlib.sha256(f"fanzha-check/{FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for name in _CHECKING_CODE:
        h.update((here / name).read_bytes())
    h.update((paths.assets_dir() / "rules.yaml").read_bytes())
    return h.hexdigest()


class CheckCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.writable = True

    @classmethod
    def default(cls, data_dir=None) -> "CheckCache":
        return cls(paths.data_dir(data_dir) / "cache" / "check")

    def key(self, data: bytes) -> str:
        return hashlib.sha256(fingerprint().encode() + data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            raw = self._path(key).read_bytes()
            entry = json.loads(raw)
        except (OSError, ValueError):
            return None
        if not _valid(entry, key):
            return None
        return entry

    def put(self, key: str, problems: list[dict], summary: dict | None) -> None:
        if not self.writable:
            return
        path = self._path(key)
        entry = {"format": FORMAT, "key": key, "problems": problems, "summary": summary}
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)  # readers see the old entry or the new, never half
        except OSError:
            self.writable = False  # read-only or full: carry on without a cache
            try:
                tmp.unlink()
            except OSError:
                pass


def _valid(entry, key: str) -> bool:
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key):
        return False
    problems = entry.get("problems")
    if not isinstance(problems, list):
        return False
    for p in problems:
        if not (
            isinstance(p, dict)
            and isinstance(p.get("line"), int)
            and isinstance(p.get("column"), int)
            and isinstance(p.get("message"), str)
            and p.get("severity") in ("error", "warning")
        ):
            return False
    summary = entry.get("summary")
    if summary is not None and not (isinstance(summary, dict) and isinstance(summary.get("id"), str)):
        return False
    has_errors = any(p["severity"] == "error" for p in problems)
    return has_errors == (summary is None)
