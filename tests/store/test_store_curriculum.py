"""The after-check and the profile's curriculum: offered once every type its
audience has cases for is played to an ending (a 小学 pupil is no longer
blocked by types no 小学 case covers), counting only the cases its curriculum
lists."""

from __future__ import annotations

import pytest

from game.engine import curriculum
from game.engine.library import default_folders, load_library
from game.progress import quiz
from game.progress.store import Store


@pytest.fixture(scope="module")
def builtin():
    return load_library(default_folders())


def play_any_ending(progress, info) -> None:
    ending = next(iter(info.endings.values()))
    progress.record_ending(info.id, ending.id, ending.kind, [])


def test_a_primary_pupil_reaches_the_after_check_once_its_reachable_types_are_played(builtin):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明", "四(1)班"), builtin)
    reachable = curriculum.load().reachable("小学", builtin.infos)
    assert len(reachable) == 12 and progress.missing_types() == tuple(reachable)  # every type has a 小学 case
    status = progress.check_status()
    assert status.curriculum == f"按小学课程：12 类中目前有 {len(reachable)} 类有案例"
    # A case of a type outside the curriculum, or of a curriculum type but
    # written for parents only, does not count.
    parents_only = next(
        s for s in builtin.infos.values()
        if s.is_scam and s.audience == ("家长",) and s.fraud_type in reachable and s.id not in reachable[s.fraud_type]
    )
    play_any_ending(progress, parents_only)
    assert progress.missing_types() == tuple(reachable)
    types = list(reachable)
    for t in types[:-1]:
        play_any_ending(progress, builtin.infos[reachable[t][-1]])  # a loss counts: played to an ending
    assert progress.missing_types() == (types[-1],)
    reason = progress.check_unavailable(quiz.AFTER)
    assert reason.startswith("后测要在小学课程里每一类诈骗都玩过之后做；还差：")
    play_any_ending(progress, builtin.infos[reachable[types[-1]][0]])
    assert progress.missing_types() == ()
    assert progress.check_unavailable(quiz.AFTER) is None
    assert progress.check_status().due == quiz.AFTER


def test_each_audience_waits_for_its_own_types(builtin):
    store = Store.memory()
    teacher = store.progress(store.create_profile("王老师", audience="教职工"), builtin)
    staff = curriculum.load().reachable("教职工", builtin.infos)
    assert teacher.missing_types() == tuple(staff)
    for ids in staff.values():
        play_any_ending(teacher, builtin.infos[ids[0]])
    assert teacher.missing_types() == () and teacher.check_status().due == quiz.AFTER
    assert teacher.check_status().curriculum.startswith("按教职工课程：12 类中目前有")


def test_a_teachers_own_case_counts_for_its_type(fanzha_home):
    from ..store.helpers import fixture_library

    lib = fixture_library()
    (fanzha_home / "curriculum.yaml").write_text("小学:\n  type-4: [tfx-type-4]\n  type-7: [tfx-type-7]\n", encoding="utf-8")
    store = Store.open()
    progress = store.progress(store.create_profile("小明"), lib)
    assert progress.missing_types() == ("type-4", "type-7")  # the built-in cases are not in this library
    play_any_ending(progress, lib.infos["tfx-type-4"])
    play_any_ending(progress, lib.infos["tfx-type-2"])  # not in the curriculum: does not count
    assert progress.missing_types() == ("type-7",)
    store.close()
