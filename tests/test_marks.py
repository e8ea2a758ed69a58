"""Noticing is an action: marks on a Playthrough, their save and undo, what
they count to (found, missed, wrong), the rule of "cleared", its words, the
scammer's playbook, and `check`'s warnings about paths that cannot be
cleared or are cleared by marking everything."""

from __future__ import annotations

import pytest

from game.engine import marks
from game.engine.library import load_file
from game.engine.markwords import RULE_FOR_TEACHERS, verdict_lines
from game.engine.marks import CLEARED_RULE, FlagCount, is_cleared, judge, verdict
from game.engine.play import PlayError, Playthrough
from game.engine.playbook import playbook, stop_words

from .conftest import FIXTURES

MARKS = FIXTURES / "marks"


def _load(name: str):
    loaded = load_file(MARKS / f"{name}.yaml")
    assert loaded.ok, [str(p) for p in loaded.problems]
    return loaded.scenario


@pytest.fixture(scope="module")
def scam():
    return _load("scam")


@pytest.fixture(scope="module")
def genuine():
    return _load("genuine")


def late_path(scam, *, marked=()) -> Playthrough:
    """start → qq → safe-late, marking (node, index) pairs on the way."""
    play = Playthrough(scam)
    for where, i in marked:
        if where == "start":
            play.mark("start", i)
    play.choose_nth(1)
    for where, i in marked:
        if where == "qq":
            play.mark("qq", i)
    play.choose_nth(1)  # 告诉妈妈
    assert play.node.id == "safe-late"
    return play


# -- marking ---------------------------------------------------------------------


def test_found_missed_and_wrong_are_counted_over_the_path(scam):
    play = late_path(scam, marked=[("start", 2), ("start", 4), ("qq", 5)])
    v = verdict(play)
    # start has 2 red flags, qq 2: four on the path; two found, one ordinary line marked.
    assert v.flags == FlagCount(found=2, missed=2, wrong=1, total=4)
    assert v.cleared and v.why_not == ""


def test_narration_and_the_players_own_lines_are_wrong_marks(scam):
    play = Playthrough(scam)
    play.mark(0, 0)  # narration
    play.mark(0, 3)  # the player's own 真的吗？
    assert verdict(play).flags == FlagCount(found=0, missed=2, wrong=2, total=2)


def test_a_repeated_mark_does_nothing_and_unmark_takes_it_back(scam):
    play = Playthrough(scam)
    assert play.mark(-1, 2) is True
    assert play.mark("start", 2) is False
    assert play.marks == (("start", 2),)
    assert play.unmark(0, 2) is True and play.unmark(0, 2) is False
    assert play.toggle_mark(0, 6) is True and play.toggle_mark(0, 6) is False
    assert play.marks == ()


def test_marks_only_on_visited_nodes_and_real_messages(scam):
    play = Playthrough(scam)
    with pytest.raises(PlayError):
        play.mark("qq", 0)  # not reached yet
    with pytest.raises(PlayError):
        play.mark(0, 7)  # start has seven messages
    with pytest.raises(PlayError):
        play.mark(1, 0)  # no second node on the trail yet
    with pytest.raises(PlayError):
        play.mark(0, -1)


def test_marking_never_blocks_moving_on_and_marks_stay_on_earlier_nodes(scam):
    play = Playthrough(scam)
    play.mark(0, 2)
    play.choose_nth(1)
    play.mark(0, 6)  # an earlier node, by its place on the trail
    assert play.node.id == "qq" and play.marks == (("start", 2), ("start", 6))


def test_save_and_resume_keep_the_marks(scam):
    play = Playthrough(scam)
    play.mark(0, 2)
    play.choose_nth(1)
    play.mark(-1, 4)
    save = play.to_dict()
    assert save["marks"] == [["start", 2], ["qq", 4]]
    again = Playthrough.from_dict(scam, save)
    assert again.node.id == "qq" and again.marks == play.marks
    assert verdict(again) == verdict(play)


def test_a_save_from_before_marking_still_opens_and_bad_marks_are_refused(scam):
    play = Playthrough(scam)
    play.choose_nth(1)
    save = play.to_dict()
    del save["marks"]
    assert Playthrough.from_dict(scam, save).marks == ()
    for bad in ([["qq", 99]], [["safe-late", 0]], "qq", [["qq"]], [["qq", True]]):
        with pytest.raises(PlayError):
            Playthrough.from_dict(scam, {**save, "marks": bad})


def test_undo_drops_the_marks_of_the_node_left_behind(scam):
    play = Playthrough(scam)
    play.mark(0, 2)
    play.choose_nth(1)
    play.mark(-1, 4)
    play.undo()
    assert play.marks == (("start", 2),)
    play.choose_nth(1)
    assert not play.is_marked("qq", 4)
    play.restart()
    assert play.marks == ()


def test_fork_copies_marks(scam):
    play = Playthrough(scam)
    play.mark(0, 2)
    other = play.fork()
    other.mark(0, 6)
    assert play.marks == (("start", 2),) and len(other.marks) == 2


# -- the rule of "cleared" ---------------------------------------------------------


def test_never_marking_does_not_clear_a_safe_ending(scam):
    play = Playthrough(scam)
    play.choose_nth(2)
    v = verdict(play)
    assert play.ending.kind == "safe" and not v.cleared and v.why_not == marks.TOO_FEW


def test_half_the_red_flags_clears_fewer_does_not(scam):
    assert not verdict(late_path(scam, marked=[("qq", 4)])).cleared  # 1 of 4
    v = verdict(late_path(scam, marked=[("qq", 4), ("start", 6)]))  # 2 of 4
    assert v.cleared and v.needed == 2
    early = Playthrough(scam)
    early.mark(0, 6)
    early.choose_nth(2)
    assert verdict(early).cleared  # 1 of 2 is half


def test_marking_everything_does_not_clear(scam):
    play = Playthrough(scam)
    play.choose_nth(1)
    play.choose_nth(1)
    for node in play.visited:
        for i in range(len(node.messages)):
            play.mark(node.id, i)
    v = verdict(play)
    assert v.flags.found == v.flags.total == 4 and v.flags.wrong > v.flags.found
    assert not v.cleared and v.why_not == marks.TOO_MANY_WRONG


def test_wrong_marks_up_to_the_right_ones_still_clear(scam):
    wrong_two = late_path(scam, marked=[("start", 2), ("qq", 4), ("start", 1), ("qq", 0)])
    assert verdict(wrong_two).cleared
    wrong_three = late_path(scam, marked=[("start", 2), ("qq", 4), ("start", 1), ("qq", 0), ("qq", 1)])
    assert verdict(wrong_three).why_not == marks.TOO_MANY_WRONG


def test_a_loss_is_never_cleared_however_well_marked(scam):
    play = Playthrough(scam)
    play.mark(0, 2), play.mark(0, 6)
    play.choose_nth(1)
    play.mark(-1, 4), play.mark(-1, 5)
    play.submit("123456")
    v = verdict(play)
    assert play.ending.kind == "loss" and v.flags.found == 4 and not v.cleared and v.why_not == marks.BAD_ENDING


def test_before_an_ending_nothing_is_cleared(scam):
    play = Playthrough(scam)
    play.mark(0, 2)
    assert verdict(play).why_not == marks.NOT_ENDED


def test_a_genuine_case_is_cleared_by_its_safe_ending_with_nothing_genuine_marked(genuine):
    play = Playthrough(genuine)
    play.choose_nth(1)
    play.choose_nth(1)
    assert verdict(play).cleared and verdict(play).flags.total == 0
    play.mark(0, 1)  # the real 丰巢 SMS
    v = verdict(play)
    assert not v.cleared and v.why_not == marks.GENUINE_MARKED and v.flags.wrong == 1


def test_a_genuine_case_marking_the_fake_on_the_side_still_clears(genuine):
    play = Playthrough(genuine)
    play.choose_nth(3)
    play.mark(-1, 0)  # the lookalike's red flag
    play.choose_nth(1)
    play.choose_nth(1)
    v = verdict(play)
    assert v.cleared and v.flags == FlagCount(1, 0, 0, 1)


def test_refusing_a_genuine_message_is_not_cleared(genuine):
    play = Playthrough(genuine)
    play.choose_nth(2)
    assert verdict(play).why_not == marks.BAD_ENDING


def test_the_rule_from_stored_counts_matches():
    assert is_cleared(True, "stopped", found=2, missed=2, wrong=2)
    assert not is_cleared(True, "stopped", found=0, missed=0, wrong=0)  # no red flags: nothing recognised
    assert not is_cleared(True, "safe", found=1, missed=2, wrong=0)
    assert is_cleared(False, "safe", found=0, missed=0, wrong=0)
    assert not is_cleared(False, "missed", found=0, missed=0, wrong=0)
    assert judge(True, "safe", FlagCount(3, 2, 0, 5)).needed == 3
    assert CLEARED_RULE == "recognised-v1" and CLEARED_RULE in RULE_FOR_TEACHERS


def test_the_words_a_pupil_reads(scam, genuine):
    lines = verdict_lines(verdict(late_path(scam, marked=[("qq", 4), ("start", 0)])), True)
    assert lines[0] == "你找出了 4 个危险信号中的 1 个。"
    assert "还有 3 个没有发现" in lines[1] and "有 1 句你标记了，可它其实没有问题。" in lines
    assert lines[-1] == "✘ 还没过关：要找出至少一半的危险信号，才算真正识破（这一次要找出 2 个）。"
    lines = verdict_lines(verdict(late_path(scam, marked=[("qq", 4), ("qq", 5)])), True)
    assert lines[-1].startswith("✔ 过关")
    everything = Playthrough(scam)
    for i in range(7):
        everything.mark(0, i)
    everything.choose_nth(2)
    assert "看到什么都标记，不算真正识破" in verdict_lines(verdict(everything), True)[-1]
    play = Playthrough(genuine)
    play.mark(0, 1)
    play.choose_nth(1), play.choose_nth(1)
    assert verdict_lines(verdict(play), False)[-1] == "✘ 还没过关：核实过的真消息，不用把它标成可疑。"


# -- 骗子的剧本 ---------------------------------------------------------------------


def test_the_playbook_lists_the_stages_where_they_happened(scam):
    play = Playthrough(scam)
    play.choose_nth(1)
    play.submit("123456")
    book = playbook(play)
    assert [m.stage for m in book.moments] == ["hook", "bait", "move", "ask-info", "urgency", "vanish"]
    hook, bait = book.moments[:2]
    assert (hook.name, hook.node, hook.index, hook.who) == ("搭讪引流", "start", 0, "")
    assert hook.hint.startswith("陌生人主动找上你")
    assert (bait.text, bait.who, bait.index) == ("恭喜你抽中限定皮肤！", "客服小鱼", 2)
    assert book.moments[-1].text == "他拉黑了你，你的账号也登不上了。"


def test_the_playbook_says_where_it_could_have_stopped(scam):
    play = Playthrough(scam)
    play.choose_nth(1)
    play.submit("123456")
    stop = playbook(play).stop
    assert (stop.flag_node, stop.flag_index, stop.decision, stop.chosen) == ("start", 2, 1, "加 QQ")
    assert stop_words(stop) == (
        "第一个危险信号出现在「客服小鱼：恭喜你抽中限定皮肤！」；从那以后的第 1 次选择就是停下来的机会（当时选了「加 QQ」）。"
    )


def test_a_path_without_stages_or_flags_has_an_empty_playbook(genuine):
    play = Playthrough(genuine)
    play.choose_nth(1)
    book = playbook(play)
    assert book.moments == () and book.stop is None


# -- fanzha check ------------------------------------------------------------------------


def _marking_warnings(name: str) -> list[str]:
    loaded = load_file(MARKS / f"{name}.yaml")
    return [p.message for p in loaded.problems if "危险信号" in p.message]


def test_check_warns_of_a_safe_path_without_a_red_flag_and_of_a_crowded_one():
    found = _marking_warnings("flagless")
    assert len(found) == 2
    assert found[0].startswith("走到结局 `safe` 的一条路上一个危险信号（red_flag）也没有（--choices 1）")
    assert "结局 `safe-2`" in found[1] and "危险信号有 1 个" in found[1] and "只有 2 句" in found[1]
    assert "--choices 2,1" in found[1]
    loaded = load_file(MARKS / "flagless.yaml")
    assert loaded.ok and all(p.severity == "warning" for p in loaded.problems)


def test_check_is_quiet_about_a_well_flagged_scam_and_a_genuine_case():
    assert _marking_warnings("scam") == []
    assert _marking_warnings("genuine") == []
