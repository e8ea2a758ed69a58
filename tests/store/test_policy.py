"""The progress rules on plain data, without SQLite: best outcomes, records,
suggestions, which cards an ending or a 辨一辨 collects, new badges, and when
a 辨一辨 sitting can start or is due."""

from __future__ import annotations

import subprocess
import sys

from game.engine.info import EndingInfo, ScenarioInfo
from game.progress import policy, quiz
from game.progress.badges import Badge
from game.progress.policy import Attempt

from ..conftest import ROOT


def case(sid, fraud_type="type-1", *, is_scam=True, audience=("小学",), endings=None, perspective="self", variant=""):
    endings = endings or {
        "safe": EndingInfo("safe", "safe", "识破", 0, ("soul-1", "six-2")),
        "lost": EndingInfo("lost", "loss", "被骗", 500, ("soul-3",)),
    }
    return ScenarioInfo(
        id=sid, title=f"案例{sid}", fraud_type=fraud_type, audience=tuple(audience), summary="", file=f"{sid}.yaml",
        is_scam=is_scam, perspective=perspective, variant=variant, endings=endings, rules=(), channels=(),
    )


def attempt(sid, ending, kind, when, fraud_type="type-1", title="旧标题", cleared=None):
    return Attempt(sid, ending, kind, when, title, fraud_type, 1, "self", "", cleared)


def test_safe_beats_stopped_beats_missed_beats_loss():
    assert policy.best_kind(["loss", "stopped", "missed"]) == "stopped"
    assert policy.best_kind(["missed", "loss"]) == "missed"
    assert policy.best_kind(["stopped", "safe", "loss"]) == "safe"
    assert policy.rank("something-new") < policy.rank("loss")


def test_records_keep_the_first_attempt_and_the_best():
    scenarios = {"a": case("a"), "b": case("b")}
    attempts = [
        attempt("a", "lost", "loss", "t1"),
        attempt("b", "safe", "safe", "t2"),
        attempt("a", "safe", "safe", "t3"),
        attempt("a", "lost", "loss", "t4"),
    ]
    records = policy.scenario_records(attempts, scenarios)
    a, b = records["a"], records["b"]
    assert (a.first_kind, a.first_ending, a.first_seq, a.first_at) == ("loss", "lost", 1, "t1")
    assert (a.best, a.attempts, a.endings, a.last_at) == ("safe", 3, frozenset({"lost", "safe"}), "t4")
    assert (b.first_seq, b.best, b.title) == (2, "safe", "案例b")  # the library's title, not the stored one


def test_a_case_no_longer_loaded_keeps_what_its_last_known_attempt_said():
    attempts = [
        Attempt("gone", "lost", "loss", "t1", "最早的标题", "type-2", 1, "helper", "ai"),
        Attempt("gone", "safe", "safe", "t2", "后来的标题", "type-3", 0, None, None),
        Attempt("gone", "safe", "safe", "t3", None, None, None, None, None),  # a row from before meta was kept
    ]
    r = policy.scenario_records(attempts, {})["gone"]
    assert (r.title, r.fraud_type, r.is_scam, r.perspective, r.variant) == ("后来的标题", "type-3", False, "self", "")
    bare = policy.scenario_records([Attempt("old", "x", "loss", "t", None, None, None, None, None)], {})["old"]
    assert (bare.title, bare.fraud_type, bare.is_scam) == ("old", "", None)


def test_a_safe_ending_collects_its_rules_and_the_cases_type():
    s = case("a", "type-4")
    assert policy.ending_cards("a", "safe", "safe", s, True) == (
        ("soul-1", "ending:a/safe"), ("six-2", "ending:a/safe"), ("type-4", "ending:a/safe"),
    )
    assert policy.ending_cards("a", "safe", "safe", s, False) == ()  # safe, but not recognised: no card
    assert policy.ending_cards("a", "lost", "loss", s, True) == ()
    assert policy.ending_cards("a", "safe", "safe", None, True) == ()  # nothing known about the case
    assert policy.ending_cards("a", "nowhere", "safe", s, True) == (("type-4", "ending:a/nowhere"),)


def test_the_type_card_is_not_doubled_and_a_genuine_case_has_none():
    cites = {"safe": EndingInfo("safe", "safe", "识破", 0, ("type-4", "soul-1"))}
    assert [r for r, _ in policy.ending_cards("a", "safe", "safe", case("a", "type-4", endings=cites), True)] == [
        "type-4", "soul-1",
    ]
    genuine = case("g", "type-4", is_scam=False)
    assert [r for r, _ in policy.ending_cards("g", "safe", "safe", genuine, True)] == ["soul-1", "six-2"]


def test_a_finished_check_collects_the_cards_of_the_items_answered_right():
    items = (
        quiz.Item("q1", "A", "短信", "……", True, "soul-1", ""),
        quiz.Item("q2", "A", "短信", "……", False, "six-1", ""),
        quiz.Item("q3", "A", "短信", "……", True, "ten-1", ""),
    )
    bank = quiz.Bank(items)
    assert policy.check_cards(bank.score("A", {"q1": True, "q2": True})) == ()  # not finished yet
    assert policy.check_cards(bank.score("A", {"q1": True, "q2": True, "q3": True})) == (
        ("soul-1", "check:q1"), ("ten-1", "check:q3"),
    )


def test_suggestions_teach_the_most_missed_rules_for_the_players_audience():
    many = {"safe": EndingInfo("safe", "safe", "识破", 0, ("soul-1", "soul-2", "soul-3"))}
    scenarios = {
        "cleared": case("cleared"),
        "few": case("few", "type-2"),
        "many": case("many", "type-3", endings=many),
        "parents": case("parents", "type-5", audience=("家长",), endings=many),
        "taught-out": case("taught-out", "type-1"),
    }
    records = policy.scenario_records([attempt("cleared", "safe", "safe", "t1")], scenarios)
    have = {"soul-1", "six-2", "type-1"}
    got = policy.suggest(scenarios, records, have)
    assert [s.scenario_id for s in got] == ["many", "few", "parents"]
    assert got[0].rules == ("soul-2", "soul-3", "type-3") and got[1].rules == ("type-2",)
    assert [s.scenario_id for s in policy.suggest(scenarios, records, have, limit=1)] == ["many"]


def test_suggestions_follow_the_audiences_played_and_prefer_unplayed_cases_on_a_tie():
    scenarios = {
        "p1": case("p1", "type-2", audience=("家长",)),
        "p2": case("p2", "type-3", audience=("家长",)),
        "kid": case("kid", "type-4", audience=("小学",)),
    }
    records = policy.scenario_records([attempt("p2", "lost", "loss", "t1", "type-3")], scenarios)
    assert [s.scenario_id for s in policy.suggest(scenarios, records, set())] == ["p1", "p2", "kid"]
    assert [s.scenario_id for s in policy.suggest(scenarios, {}, set())] == ["kid", "p1", "p2"]


def test_only_badges_earned_and_not_yet_awarded_are_new():
    def badge(bid, earned):
        return Badge(bid, bid, "", earned, 1 if earned else 0, 1)

    evaluated = [badge("a", True), badge("b", True), badge("c", False)]
    assert [b.id for b in policy.new_badges(evaluated, {"a": "t1"})] == ["b"]


def test_missing_types_are_the_curriculum_types_with_no_case_played():
    reachable = {"type-1": ("a", "b"), "type-3": ("c",)}  # the audience has no type-2 case
    assert policy.missing_types(reachable, {}) == ("type-1", "type-3")
    assert policy.missing_types(reachable, {"b": None}) == ("type-3",)  # any case of the type will do
    assert policy.missing_types(reachable, {"b", "c", "x"}) == ()
    assert policy.missing_types({}, set()) == ()  # nothing to reach: nothing to wait for


def test_cleared_is_one_rule_and_awareness_needs_every_curriculum_type_and_the_after_check():
    records = policy.scenario_records(
        [attempt("a", "lost", "loss", "t1", "type-1", cleared=0), attempt("c", "safe", "safe", "t2", "type-3", cleared=1),
         attempt("a", "safe", "safe", "t3", "type-1", cleared=1)],
        {},
    )
    assert policy.cleared(records["a"]) and policy.cleared(records["c"])
    # Cleared is recognised (the marks), not just a safe ending: a safe ending
    # reached without finding the red flags does not count.
    guessed = policy.scenario_records([attempt("g", "safe", "safe", "t1", "type-2", cleared=0)], {})["g"]
    assert not policy.cleared(guessed)
    reachable = {"type-1": ("a", "b"), "type-3": ("c",)}
    assert policy.cleared_types(reachable, records) == ("type-1", "type-3")
    assert policy.aware(reachable, records, 0.8) and not policy.aware(reachable, records, 0.79)
    assert not policy.aware(reachable, records, None)  # no after-check
    assert not policy.aware({**reachable, "type-4": ("d",)}, records, 1.0)
    # A case of the type that is not in the curriculum does not count for it.
    assert policy.cleared_types({"type-1": ("b",)}, records) == ()


def test_the_before_check_only_before_the_first_case_and_the_after_check_after_every_type():
    B, A = quiz.BEFORE, quiz.AFTER
    assert policy.check_unavailable(B, {}, 0, ()) is None
    assert "之前" in policy.check_unavailable(B, {}, 1, ())
    assert policy.check_unavailable(B, {B: None}, 3, ()) is None  # started: may be finished later
    assert policy.check_unavailable(B, {B: "t1"}, 0, ()) == "这次辨一辨已经做完了"
    assert policy.check_unavailable(A, {}, 0, ()) == "后测要在玩完案例之后做"
    reason = policy.check_unavailable(A, {}, 5, ("type-1", "type-2"))
    assert reason == "后测要在小学课程里每一类诈骗都玩过之后做；还差：网络刷单诈骗、网络贷款诈骗"
    assert policy.check_unavailable(A, {}, 5, ("type-5",), "教职工").startswith("后测要在教职工课程里")
    assert policy.check_unavailable(A, {}, 5, ()) is None
    assert policy.check_unavailable("during", {}, 0, ()) == "没有这种测验：during"


def test_the_check_due_is_the_first_not_complete_that_can_start():
    B, A = quiz.BEFORE, quiz.AFTER
    assert policy.check_due({B: False, A: False}, {B: None, A: "不行"}) == B
    assert policy.check_due({B: True, A: False}, {B: "做完了", A: None}) == A
    assert policy.check_due({B: False, A: False}, {B: "已经玩过", A: None}) == A  # skipped the before-check
    assert policy.check_due({B: True, A: True}, {B: "做完了", A: "做完了"}) is None
    assert policy.check_due({B: False, A: False}, {B: "已经玩过", A: "还差"}) is None


def test_the_rules_need_no_database():
    code = "import sys, game.progress.policy; assert 'sqlite3' not in sys.modules, 'policy imports sqlite3'"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
