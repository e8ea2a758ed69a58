"""Where things live: the built-in data, the user's data folder, a teacher's scenarios."""

from __future__ import annotations

import os
from pathlib import Path

# The `game` package folder (this file is game/engine/paths.py).
_HERE = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    # A wheel carries the data inside the package (game/_data/...); a source
    # checkout keeps it at the top of the repository.
    inside = _HERE / "_data" / name
    return inside if inside.is_dir() else _HERE.parent / name


def builtin_scenarios_dir() -> Path:
    return _shipped("scenarios")


def assets_dir() -> Path:
    return _shipped("assets")


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The user's data folder: --data-dir, then $FANZHA_HOME, then platformdirs."""
    if override:
        return Path(override)
    env = os.environ.get("FANZHA_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir  # imported late: only needed here

    return Path(user_data_dir("fanzha", appauthor=False))


def user_scenarios_dir(override: str | os.PathLike | None = None) -> Path:
    return data_dir(override) / "scenarios"
