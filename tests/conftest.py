"""Shared test setup.

Every child Python (xdist workers, the `fanzha` subprocesses) warns on a file
opened without an encoding, and pyproject turns that warning into an error:
on Chinese Windows the default would be GBK, not UTF-8."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PYTHONWARNDEFAULTENCODING", "1")
# Keep tests away from the real user data folder and from colour differences.
os.environ.pop("NO_COLOR", None)

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def fanzha_home(tmp_path, monkeypatch) -> Path:
    """Each test gets its own empty data folder."""
    home = tmp_path / "fanzha-home"
    home.mkdir()
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
