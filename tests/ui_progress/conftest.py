"""The UI fixture cases as a teacher's own: each test's data folder gets
their curriculum (tests/ui/fixtures/curriculum.yaml), so a profile's
curriculum reaches the fixture cases written for its audience."""

from __future__ import annotations

import shutil

import pytest

from .helpers import UI_CURRICULUM


@pytest.fixture(autouse=True)
def fixture_curriculum(fanzha_home):
    shutil.copy(UI_CURRICULUM, fanzha_home / "curriculum.yaml")
