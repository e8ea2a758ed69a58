"""Running a command as a user the file permissions hold, also where the
suite runs as root (root reads a mode-000 folder as if it were open).

In order: as it is, when not root; as `nobody`, when nobody can run this
Python and import its packages; as root without the capabilities that let
root ignore file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH: root is
then held to the mode bits like anyone else). None when none of these can be
had here: the test skips, saying why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import lru_cache

NOBODY = 65534
_PROBE = "import yaml, textual, rich, game.cli"


def _setpriv(*options: str) -> list[str] | None:
    exe = shutil.which("setpriv")
    return [exe, *options] if exe else None


@lru_cache(maxsize=1)
def prefix(root: str) -> tuple[str, ...] | None:
    """What to put before `python …` to run it unprivileged, or None."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return ()
    env = dict(os.environ, PYTHONPATH=root)
    for candidate in (
        _setpriv(f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"),
        _setpriv("--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"),
    ):
        if candidate is None:
            continue
        probe = subprocess.run([*candidate, sys.executable, "-c", _PROBE], env=env, cwd="/", capture_output=True)
        if probe.returncode == 0:
            return tuple(candidate)
    return None


def why_not() -> str:
    return "cannot run a process that file permissions hold (root without setpriv)"
