"""ProgressStore: the Progress protocol on SQLite, first and best outcomes,
resume, rule cards, suggestions and badges."""

from __future__ import annotations

import inspect

import pytest

from game.progress.badges import GENUINE, HELPER, NO_FRAUD_STAR, VARIANTS
from game.engine.marks import verdict
from game.engine.play import Playthrough
from game.progress.memory import MemoryProgress, Progress
from game.progress.store import ProgressStore, Store

from .helpers import (
    GENUINE_PATHS, LONG_LOSS, LONG_SAFE, SCAM_PATHS, finish, fixture_library, mark_red_flags, type_case, walk,
)


@pytest.fixture(scope="module")
def lib():
    return fixture_library()


@pytest.fixture
def progress(lib):
    store = Store.open()
    return store.progress(store.create_profile("小明", "四(1)班"), lib)


def test_implements_the_progress_protocol(progress):
    methods = [m for m in vars(Progress) if not m.startswith("_")]
    assert {"endings_found", "record_ending", "save_resume", "load_resume", "clear_resume"} <= set(methods)
    for name in methods:
        want = list(inspect.signature(getattr(Progress, name)).parameters)
        have = list(inspect.signature(getattr(ProgressStore, name)).parameters)
        assert have[: len(want)] == want, name


def test_same_observable_behaviour_as_memory_progress(lib, progress):
    """The UI can swap MemoryProgress for the store without noticing."""
    memory = MemoryProgress()
    for p in (memory, progress):
        play = walk(lib, "tfx-long", "1,1")
        p.save_resume("tfx-long", play.to_dict())
        for keys in (SCAM_PATHS["loss"], SCAM_PATHS["safe"], SCAM_PATHS["loss"]):
            finish(p, lib, type_case(3), keys)
    for sid in ("tfx-long", type_case(3), "never"):
        assert memory.endings_found(sid) == progress.endings_found(sid)
        assert memory.first_outcome(sid) == progress.first_outcome(sid)
        assert memory.load_resume(sid) == progress.load_resume(sid)


def test_first_outcome_is_the_first_attempt_and_best_the_best(progress, lib):
    finish(progress, lib, type_case(1), SCAM_PATHS["loss"])
    finish(progress, lib, type_case(1), SCAM_PATHS["stopped"])
    finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
    finish(progress, lib, type_case(1), SCAM_PATHS["loss"])
    assert progress.first_outcome(type_case(1)) == "loss"
    assert progress.best_outcome(type_case(1)) == "safe"
    rec = progress.scenario_records()[type_case(1)]
    assert (rec.attempts, rec.first_kind, rec.first_ending, rec.best) == (4, "loss", "lost", "safe")
    assert rec.endings == {"lost", "stopped", "safe"}
    assert (rec.fraud_type, rec.is_scam, rec.title) == ("type-1", True, "测试剧本：第1类")


def test_first_seq_orders_first_attempts_across_cases(progress, lib):
    finish(progress, lib, "tfx-variant", SCAM_PATHS["loss"])
    finish(progress, lib, type_case(12), SCAM_PATHS["safe"])
    finish(progress, lib, "tfx-variant", SCAM_PATHS["safe"])
    recs = progress.scenario_records()
    assert recs["tfx-variant"].first_seq == 1 and recs[type_case(12)].first_seq == 2


def test_recorded_tells_what_is_new(progress, lib):
    r1 = finish(progress, lib, type_case(2), SCAM_PATHS["loss"])
    r2 = finish(progress, lib, type_case(2), SCAM_PATHS["loss"])
    r3 = finish(progress, lib, type_case(2), SCAM_PATHS["safe"])
    assert r1.first and r1.new_ending and r1.new_cards == ()
    assert not r2.first and not r2.new_ending
    assert r3.new_ending and set(r3.new_cards) == {"ten-3", "slogan-1", "type-2"}  # and its type's card


def test_resume_round_trip_and_cleared_by_an_ending(progress, lib):
    play = walk(lib, "tfx-long", "1,1,1")
    progress.save_resume("tfx-long", play.to_dict())
    assert progress.resumable() == ["tfx-long"]
    again = Playthrough.from_dict(lib.get("tfx-long"), progress.load_resume("tfx-long"))
    assert again.node.id == "page" and len(again.steps) == 3
    progress.save_resume("tfx-long", walk(lib, "tfx-long", "1").to_dict())  # replaced, not added
    assert len(progress.load_resume("tfx-long")["steps"]) == 1
    finish(progress, lib, "tfx-long", LONG_LOSS)
    assert progress.load_resume("tfx-long") is None and progress.resumable() == []
    progress.save_resume("tfx-long", play.to_dict())
    progress.clear_resume("tfx-long")
    assert progress.load_resume("tfx-long") is None


def test_everything_survives_reopening(fanzha_home, lib):
    store = Store.open()
    p = store.create_profile("小明")
    progress = store.progress(p, lib)
    finish(progress, lib, type_case(4), SCAM_PATHS["stopped"])
    progress.save_resume("tfx-long", walk(lib, "tfx-long", "1,1").to_dict())
    store.close()
    again = Store.open().progress(p.id, lib)
    assert again.first_outcome(type_case(4)) == "stopped"
    assert len(again.load_resume("tfx-long")["steps"]) == 2


def test_profiles_do_not_see_each_others_progress(lib):
    store = Store.memory()
    a = store.progress(store.create_profile("甲"), lib)
    b = store.progress(store.create_profile("乙"), lib)
    finish(a, lib, type_case(5), SCAM_PATHS["safe"])
    a.save_resume("tfx-long", walk(lib, "tfx-long", "1").to_dict())
    assert b.endings_found(type_case(5)) == set() and b.load_resume("tfx-long") is None
    assert b.rule_cards() and not any(c.collected for c in b.rule_cards())


def test_rule_cards_come_from_safe_endings_only(progress, lib):
    finish(progress, lib, type_case(6), SCAM_PATHS["loss"])  # rules ten-6 (loss): not collected
    finish(progress, lib, type_case(6), SCAM_PATHS["stopped"])  # stopped: not collected either
    assert progress.collected_rules() == {}
    finish(progress, lib, type_case(6), SCAM_PATHS["safe"])
    cards = {c.rule.id: c for c in progress.rule_cards()}
    assert cards["ten-6"].collected and cards["slogan-1"].collected
    assert cards["ten-6"].source == "ending:tfx-type-6/safe"
    assert not cards["six-1"].collected
    assert len(cards) == 8 + 6 + 10 + 20 + 12  # the whole handbook, collected or not


def test_missed_rules_are_suggested_as_next_cases(progress, lib):
    first = progress.suggestions(limit=100)
    ids = [s.scenario_id for s in first]
    assert set(ids) == set(lib.scenarios)  # nothing collected yet: every case teaches something new
    finish(progress, lib, type_case(7), SCAM_PATHS["safe"])  # collects ten-3, slogan-1 and type-7
    after = {s.scenario_id: s for s in progress.suggestions(limit=100)}
    assert type_case(7) not in after  # cleared safely
    # ten-3 and slogan-1 are collected now: what is left of type 2 is its own type's card
    assert after[type_case(2)].rules == ("type-2",)
    assert after[type_case(1)].rules == ("ten-1", "type-1")
    top = progress.suggestions(limit=1)[0]
    assert len(top.rules) == max(len(s.rules) for s in after.values())


def test_suggestions_are_for_the_players_own_audience():
    """Over the built-in cases (pupils', teachers' and parents'): a new player
    is sent to pupils' cases first; one who has played a parents' case, to
    parents' cases."""
    from game.engine.library import default_folders, load_library

    builtin = load_library(default_folders())
    store = Store.open()
    progress = store.progress(store.create_profile("小明", "四(1)班"), builtin)
    pupils = {"小学", "中学"}
    ranks = [bool(pupils & set(builtin.infos[s.scenario_id].audience)) for s in progress.suggestions(limit=100)]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] and not ranks[-1]
    parents_case = next(sid for sid, i in builtin.infos.items() if set(i.audience) == {"家长"})
    loss = next(node for node, e in builtin.get(parents_case).endings.items() if e.kind == "loss")
    progress.record_ending(parents_case, loss, "loss", [])
    top = progress.suggestions(limit=3)
    assert all("家长" in builtin.infos[s.scenario_id].audience for s in top)


def test_no_fraud_star_needs_all_twelve_types_cleared_safely(progress, lib):
    for n in range(1, 13):
        finish(progress, lib, type_case(n), SCAM_PATHS["safe" if n not in (3, 12) else "loss"])
    finish(progress, lib, "tfx-genuine", GENUINE_PATHS["safe"])  # genuine, type-3: not a scam cleared
    badge = {b.id: b for b in progress.badges()}[NO_FRAUD_STAR]
    assert not badge.earned and (badge.have, badge.need) == (10, 12)
    finish(progress, lib, "tfx-variant", SCAM_PATHS["safe-late"])  # type-12 through the variant case
    assert {b.id: b for b in progress.badges()}[NO_FRAUD_STAR].have == 11
    rec = finish(progress, lib, type_case(3), SCAM_PATHS["safe"])
    assert [b.id for b in rec.new_badges].count(NO_FRAUD_STAR) == 1
    badge = {b.id: b for b in progress.badges()}[NO_FRAUD_STAR]
    assert badge.earned and badge.earned_at


def test_helper_variant_and_genuine_badges(progress, lib):
    finish(progress, lib, "tfx-helper", SCAM_PATHS["safe"])
    finish(progress, lib, "tfx-genuine", GENUINE_PATHS["missed"])
    badges = {b.id: b for b in progress.badges()}
    assert badges[HELPER].earned and (badges[HELPER].have, badges[HELPER].need) == (1, 1)
    assert not badges[GENUINE].earned  # refusing a real message is not trusting it
    assert (badges[VARIANTS].have, badges[VARIANTS].need) == (0, 2)  # tfx-variant and tfx-long
    finish(progress, lib, "tfx-genuine", GENUINE_PATHS["safe"])
    finish(progress, lib, "tfx-variant", SCAM_PATHS["safe"])
    finish(progress, lib, "tfx-long", LONG_SAFE)
    badges = {b.id: b for b in progress.badges()}
    assert badges[GENUINE].earned and badges[VARIANTS].earned


def test_all_endings_badge_per_case(progress, lib):
    finish(progress, lib, type_case(9), SCAM_PATHS["safe"])
    finish(progress, lib, type_case(9), SCAM_PATHS["loss"])
    b = {b.id: b for b in progress.badges()}["all-endings:tfx-type-9"]
    assert not b.earned and (b.have, b.need) == (2, 3)
    rec = finish(progress, lib, type_case(9), SCAM_PATHS["stopped"])
    assert "all-endings:tfx-type-9" in [x.id for x in rec.new_badges]
    assert "找到了" in [x for x in progress.badges() if x.id == "all-endings:tfx-type-9"][0].description


def test_a_badge_once_earned_stays_earned_when_the_library_grows(fanzha_home, lib):
    store = Store.open()
    p = store.create_profile("小明")
    progress = store.progress(p, lib)
    finish(progress, lib, "tfx-helper", SCAM_PATHS["safe"])
    assert {b.id: b for b in progress.badges()}[HELPER].earned
    bigger = dict(lib.scenarios)
    other = lib.get("tfx-type-1")
    import dataclasses

    bigger["tfx-helper-2"] = dataclasses.replace(other, id="tfx-helper-2", perspective="helper")
    later = store.progress(p, bigger)
    badge = {b.id: b for b in later.badges()}[HELPER]
    assert badge.earned and (badge.have, badge.need) == (1, 2)


def test_a_case_no_longer_loaded_keeps_what_was_known(fanzha_home, lib):
    store = Store.open()
    p = store.create_profile("小明")
    finish(store.progress(p, lib), lib, type_case(10), SCAM_PATHS["loss"])
    bare = store.progress(p)  # no library at all
    bare.record_ending(type_case(10), "safe", "safe", [])
    rec = bare.scenario_records()[type_case(10)]
    assert (rec.fraud_type, rec.is_scam, rec.best, rec.first_kind) == ("type-10", True, "safe", "loss")


def test_unknown_ending_kind_is_refused(progress):
    with pytest.raises(ValueError):
        progress.record_ending("x", "e", "won", [])


def test_the_library_can_be_attached_later(lib):
    """The window loads the library in the background: record with the
    scenario in hand, or attach the library when it arrives."""
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"))
    play = mark_red_flags(walk(lib, type_case(11), SCAM_PATHS["safe"]))
    progress.record_ending(type_case(11), "safe", "safe", [], scenario=lib.get(type_case(11)), verdict=verdict(play))
    assert progress.scenario_records()[type_case(11)].fraud_type == "type-11"
    assert "ten-7" in progress.collected_rules()
    progress.use_library(lib)
    assert progress.suggestions() and play.ended
