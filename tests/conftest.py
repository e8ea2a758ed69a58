"""Shared test setup.

Every child Python (xdist workers, the `fanzha` subprocesses) warns on a file
opened without an encoding, and pyproject turns that warning into an error:
on Chinese Windows the default would be GBK, not UTF-8."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PYTHONWARNDEFAULTENCODING", "1")
# Keep tests away from the real user data folder and from colour differences.
os.environ.pop("NO_COLOR", None)

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def warm_check_entries(tmp_path_factory) -> Path:
    """The built-in cases' check results, made once per test process by the
    real checker. Entries are keyed by file content and checking code, so a
    copy is exactly what a cold check would write; it spares every test with
    a fresh data folder the seconds a cold check of the built-in cases takes."""
    from game.engine import paths
    from game.engine.cache import CheckCache
    from game.engine.library import BUILTIN, load_library

    folder = tmp_path_factory.mktemp("warm-home") / "cache" / "check"
    load_library([(paths.builtin_scenarios_dir(), BUILTIN)], cache=CheckCache(folder), checking=True)
    return folder


@pytest.fixture(autouse=True)
def fanzha_home(tmp_path, monkeypatch, request) -> Path:
    """Each test gets its own data folder: empty but for the check results of
    the built-in cases (no listing index, no profiles). A test that needs the
    cache itself empty says so with @pytest.mark.cold_cache."""
    home = tmp_path / "fanzha-home"
    home.mkdir()
    if request.node.get_closest_marker("cold_cache") is None:
        shutil.copytree(request.getfixturevalue("warm_check_entries"), home / "cache" / "check")
    monkeypatch.setenv("FANZHA_HOME", str(home))
    return home


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_sessionfinish(session):
    """pytest-textual-snapshot writes its failure report with a file read that
    names no encoding; that is its code, not ours, so don't let our strict
    EncodingWarning filter turn a snapshot diff into a crash of the session."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EncodingWarning)
        yield


def count_fresh_checks(monkeypatch) -> list[str]:
    """The names of the files the checker reads in full from now on, in order."""
    from game.engine import checking

    # Every check in this process, where the spy sees it (many files are
    # otherwise checked in worker processes).
    monkeypatch.setattr(checking, "PARALLEL_FROM", 10_000)
    calls = []
    real = checking._check_bytes

    def spy(data, path, *a):
        calls.append(path.name)
        return real(data, path, *a)

    monkeypatch.setattr(checking, "_check_bytes", spy)
    return calls
