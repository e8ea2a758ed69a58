"""辨一辨: the item bank, the two parallel forms, when each is taken, scoring,
and the answers kept in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.progress import quiz
from game.engine.rules import catalogue
from game.progress.store import CheckError, Store
from game.engine.validate import content_problems

from .helpers import SCAM_PATHS, finish, fixture_library, type_case


@pytest.fixture(scope="module")
def lib():
    return fixture_library()


def test_the_shipped_bank_meets_the_issue():
    bank = quiz.load_bank()
    for form in quiz.FORMS:
        items = bank.form(form)
        genuine = [i for i in items if not i.is_scam]
        assert len(items) >= 12
        assert len(genuine) * 3 >= len(items)
    ids = [i.id for i in bank.items]
    assert len(ids) == len(set(ids))
    cat = catalogue()
    for item in bank.items:
        assert item.rule in cat, item.id
        assert item.why and item.text and len(item.why) <= 80, item.id
        for text in (item.text, item.sender, item.context, item.why):
            assert content_problems(text) == [], (item.id, text)


def test_forms_are_parallel_item_by_item():
    bank = quiz.bank()
    a, b = bank.form("A"), bank.form("B")
    assert len(a) == len(b)
    assert [i.is_scam for i in a] == [i.is_scam for i in b]
    assert [i.id[1:] for i in a] == [i.id[1:] for i in b]
    assert {i.text for i in a}.isdisjoint({i.text for i in b})


def test_genuine_items_ask_for_nothing_a_scam_asks_for():
    for item in quiz.bank().items:
        if not item.is_scam:
            assert "example" not in item.text, item.id  # no link to click
            assert "转" not in item.text, item.id  # no transfer
            assert not any(w in item.text for w in ("手续费", "定金", "会员费")), item.id


def test_a_bad_bank_reports_every_problem(tmp_path):
    bad = tmp_path / "quiz.yaml"
    bad.write_text(
        "items:\n"
        "  - {id: X1, form: C, channel: fax, text: 打 13912345678, is_scam: maybe, rule: r, why: y}\n"
        "  - {id: X2, form: A, channel: sms, text: 点 evil.com, is_scam: true, rule: nope, why: y, extra: 1}\n"
        "  - {id: X2, form: A, channel: sms, text: t, is_scam: true, rule: six-1, why: y}\n"
        "  - {id: X3, form: B}\n",
        encoding="utf-8",
    )
    with pytest.raises(quiz.QuizError) as info:
        quiz.load_bank(bad)
    text = "\n".join(info.value.problems)
    for expected in ("is_scam", "evil.com", "nope", "extra", "id 重复", "缺少字段", "卷 A", "卷 B", "三分之一"):
        assert expected in text, expected


def test_answer_strings():
    assert quiz.parse_answer_string("sg,s g") == [True, False, True, False]
    assert quiz.parse_answer_string("骗真骗,真消息") == [True, False, True, False]
    with pytest.raises(ValueError, match="第 3 个"):
        quiz.parse_answer_string("ssx")


def test_first_form_alternates():
    assert [quiz.first_form(n) for n in range(1, 6)] == ["A", "B", "A", "B", "A"]
    assert quiz.form_for(quiz.AFTER, "B") == "A" and quiz.form_for(quiz.BEFORE, "B") == "B"


def _answers(items, wrong: set[int] = frozenset()) -> list[bool]:
    return [i.is_scam != (n in wrong) for n, i in enumerate(items)]


def test_before_check_only_before_the_first_case(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    assert progress.check_status().due == quiz.BEFORE
    finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
    assert "之前" in progress.check_unavailable(quiz.BEFORE)
    with pytest.raises(CheckError):
        progress.record_answer(quiz.BEFORE, progress.check_items(quiz.BEFORE)[0].id, True)
    assert progress.check_status().due is None


def test_a_started_before_check_can_be_finished_later(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    items = progress.check_items(quiz.BEFORE)
    progress.record_answer(quiz.BEFORE, items[0].id, items[0].is_scam)
    finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
    for item in items[1:]:
        progress.record_answer(quiz.BEFORE, item.id, item.is_scam)
    assert progress.check_result(quiz.BEFORE).complete


def test_after_check_needs_every_plan_type_played(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    progress.record_answers(quiz.BEFORE, _answers(progress.check_items(quiz.BEFORE)))
    for n in range(1, 12):
        finish(progress, lib, type_case(n), SCAM_PATHS["loss"])  # played, even if lost
    reason = progress.check_unavailable(quiz.AFTER)
    assert reason and "其他类型诈骗" in reason
    assert progress.missing_types() == ("type-12",)
    finish(progress, lib, "tfx-variant", SCAM_PATHS["loss"])  # a type-12 case
    assert progress.check_unavailable(quiz.AFTER) is None
    assert progress.check_status().due == quiz.AFTER


def test_the_after_check_uses_the_other_form_and_scores(lib):
    store = Store.memory()
    store.create_profile("第一个")
    progress = store.progress(store.create_profile("第二个"), lib)  # second profile: B first
    before = progress.check_items(quiz.BEFORE)
    assert {i.form for i in before} == {"B"}
    score = progress.record_answers(quiz.BEFORE, _answers(before, wrong={0, 9}))  # a scam missed, a genuine refused
    assert score.complete and score.correct == len(before) - 2
    assert score.genuine_trusted == score.genuine_total - 1 and score.scam_caught == score.scam_total - 1
    assert [m.over_suspicious for m in score.marked].count(True) == 1
    for n in range(1, 13):
        finish(progress, lib, type_case(n), SCAM_PATHS["safe"])
    after = progress.check_items(quiz.AFTER)
    assert {i.form for i in after} == {"A"}
    result = progress.record_answers(quiz.AFTER, _answers(after))
    assert result.share == 1.0 and result.passed
    assert progress.check_status().due is None
    with pytest.raises(CheckError, match="做完"):
        progress.record_answer(quiz.AFTER, after[0].id, True)


def test_answers_can_change_until_complete_and_cards_come_at_the_end(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    items = progress.check_items(quiz.BEFORE)
    progress.record_answer(quiz.BEFORE, items[0].id, not items[0].is_scam)
    progress.record_answer(quiz.BEFORE, items[0].id, items[0].is_scam)  # changed mind
    assert progress.collected_rules() == {}
    partial = progress.check_result(quiz.BEFORE)
    assert partial.answered == 1 and not partial.complete
    for item in items[1:]:
        progress.record_answer(quiz.BEFORE, item.id, item.is_scam)
    have = progress.collected_rules()
    assert {i.rule for i in items} == set(have)
    assert have[items[0].rule][0].startswith("check:")


def test_an_item_of_the_other_form_is_refused(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    other = quiz.bank().form("B")[0]
    with pytest.raises(CheckError):
        progress.record_answer(quiz.BEFORE, other.id, True)
    with pytest.raises(CheckError):
        progress.record_answers(quiz.BEFORE, [True, False])


def test_check_answers_survive_reopening(fanzha_home, lib):
    store = Store.open()
    p = store.create_profile("小明")
    progress = store.progress(p, lib)
    items = progress.check_items(quiz.BEFORE)
    progress.record_answers(quiz.BEFORE, _answers(items, wrong={1}))
    store.close()
    score = Store.open().progress(p.id, lib).check_result(quiz.BEFORE)
    assert score.complete and score.correct == len(items) - 1


def test_quiz_bank_path_is_in_assets():
    """The bank is read from the shipped assets folder (the repository's
    assets/ in a checkout), not from beside the code."""
    from game.engine import paths

    assert (paths.assets_dir() / "quiz.yaml").is_file()
    assert paths.assets_dir() == Path(quiz.__file__).resolve().parents[2] / "assets"


def test_the_quiz_command_asks_item_by_item_and_resumes(monkeypatch, capsys):
    import io

    from game.cli import main

    from .helpers import FIXTURE_SCENARIOS

    items = quiz.bank().form("A")
    first = ["？？", "骗" if items[0].is_scam else "真"] + ["s" if i.is_scam else "g" for i in items[1:5]]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(first) + "\n"))
    args = ["quiz", "--scenarios", str(FIXTURE_SCENARIOS), "--profile", "小明"]
    assert main(args) == 4  # input ran out after five answers: kept for next time
    out = capsys.readouterr().out
    assert "第 1/15 题" in out and items[0].text in out and "第 6/15 题" in out
    rest = ["g" if i.is_scam else "s" for i in items[5:]]  # all the rest wrong
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(rest) + "\n"))
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "第 1/15 题" not in out and "第 6/15 题" in out
    assert "答对 5/15 题" in out and items[14].why in out
