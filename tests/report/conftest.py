"""The report tests play only the fixture cases: the built-in scenarios are
hidden, so each `fanzha` command stays quick however many built-in cases
there are (tests/test_cli_play.py plays those)."""

from __future__ import annotations

import pytest

from game.engine import paths


@pytest.fixture(autouse=True)
def no_builtin_scenarios(tmp_path_factory, monkeypatch):
    empty = tmp_path_factory.mktemp("no-builtin")
    monkeypatch.setattr(paths, "builtin_scenarios_dir", lambda: empty)


@pytest.fixture(autouse=True)
def fixture_curriculum(fanzha_home):
    """The fixture cases count for 小学 (tests/store/fixtures/curriculum.yaml)."""
    import shutil

    from ..store.helpers import FIXTURE_CURRICULUM

    shutil.copy(FIXTURE_CURRICULUM, fanzha_home / "curriculum.yaml")
