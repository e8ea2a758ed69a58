"""`fixture_curriculum`: the fixture cases as a teacher's own, listed by the
data folder's curriculum, so a 小学 profile's curriculum reaches all twelve
types through them (for the tests of the after-check and 知晓率)."""

from __future__ import annotations

import shutil

import pytest

from .helpers import FIXTURE_CURRICULUM


@pytest.fixture
def fixture_curriculum(fanzha_home):
    shutil.copy(FIXTURE_CURRICULUM, fanzha_home / "curriculum.yaml")
