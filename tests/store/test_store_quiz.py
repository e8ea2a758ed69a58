"""辨一辨 in the store: which form when, each sitting's own order (fixed when it
starts, kept on resume), scoring, the answers kept, the checks taken on the
old bank, and the `fanzha quiz` command with its JSON contract."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.progress import quiz, quizbank
from game.progress.store import DB_NAME, CheckError, Store

from .helpers import FIXTURE_SCENARIOS, SCAM_PATHS, finish, fixture_library, type_case

pytestmark = pytest.mark.usefixtures("fixture_curriculum")


@pytest.fixture(scope="module")
def lib():
    return fixture_library()


def _answers(items, wrong: set[int] = frozenset()) -> list[bool]:
    return [i.is_scam != (n in wrong) for n, i in enumerate(items)]


def _ids(items) -> list[str]:
    return [i.id for i in items]


def test_first_form_alternates_and_each_audience_has_its_own_forms():
    assert [quiz.first_form(n) for n in range(1, 6)] == ["A", "B", "A", "B", "A"]
    assert quiz.form_for(quiz.AFTER, "B") == "xx-A" and quiz.form_for(quiz.BEFORE, "B", "家长") == "parents-B"
    assert quiz.form_audience("staff-A") == "教职工" and quiz.form_letter("staff-A") == "A"
    assert quiz.form_audience("A") is None and quiz.form_name("A") == "旧题库 A 卷"
    assert quiz.form_name("zx-B") == "中学 B 卷"


def test_the_audience_comes_from_the_profile_when_it_has_one():
    @dataclass(frozen=True)
    class WithAudience:
        audience: str

    assert quiz.profile_audience(object()) == "小学"  # something with no audience: 小学
    assert quiz.profile_audience(WithAudience("家长")) == "家长"
    assert quiz.profile_audience(WithAudience("幼儿园")) == "小学"  # no version for it


def test_a_profile_with_an_audience_takes_that_audiences_forms(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("刘爸爸", audience="家长"), lib)
    items = progress.check_items(quiz.BEFORE)
    assert {i.form for i in items} == {"parents-A"} and progress.check_form(quiz.AFTER) == "parents-B"


def test_new_order_shuffles_and_in_order_survives_an_edited_bank():
    items = quizbank.bank().form("xx-A")
    order = quiz.new_order(items, random.Random(7))
    assert sorted(order) == sorted(_ids(items)) and list(order) != _ids(items)
    assert quiz.new_order(items, random.Random(7)) == order  # the generator decides, nothing else
    kept = [i for i in items if i.id != order[0]]  # an item removed from the bank, and one the order never had
    extra = quiz.Item("xx-A99", "xx-A", "sms", "t", False, "six-4", "w")
    assert _ids(quiz.in_order(kept + [extra], order)) == list(order[1:]) + ["xx-A99"]


def test_each_profile_and_each_sitting_has_its_own_order(lib):
    store = Store.memory()
    first = store.progress(store.create_profile("小明"), lib)
    second = store.progress(store.create_profile("小红"), lib)
    third = store.progress(store.create_profile("小刚"), lib)  # A first, like 小明
    a1, b2, a3 = (p.check_items(quiz.BEFORE) for p in (first, second, third))
    bank_order = _ids(quizbank.bank().form("xx-A"))
    assert sorted(_ids(a1)) == sorted(_ids(a3)) == sorted(bank_order)
    assert _ids(a1) != _ids(a3)  # the same form, in another order
    assert bank_order not in (_ids(a1), _ids(a3))
    assert {i.form for i in b2} == {"xx-B"}
    # the after-check: the other form, in an order of its own
    first.record_answers(quiz.BEFORE, _answers(a1))
    for n in range(1, 13):
        finish(first, lib, type_case(n), SCAM_PATHS["loss"])
    after = first.check_items(quiz.AFTER)
    assert {i.form for i in after} == {"xx-B"} and _ids(after) != _ids(b2)


def test_the_order_is_fixed_when_the_sitting_starts_and_kept(fanzha_home, lib):
    store = Store.open()
    p = store.create_profile("小明")
    progress = store.progress(p, lib)
    order = _ids(progress.check_items(quiz.BEFORE))
    assert _ids(progress.check_items(quiz.BEFORE)) == order
    assert progress.check_result(quiz.BEFORE) is None  # opened, nothing answered yet
    items = progress.check_items(quiz.BEFORE)
    for item in items[:5]:
        progress.record_answer(quiz.BEFORE, item.id, item.is_scam)
    store.close()
    again = Store.open()  # the check resumed on another day: the same order
    resumed = again.progress(p.id, lib)
    assert _ids(resumed.check_items(quiz.BEFORE)) == order
    score = resumed.check_result(quiz.BEFORE)
    assert _ids(m.item for m in score.marked) == order and [m.answered for m in score.marked] == [True] * 5 + [False] * 15
    result = resumed.record_answers(quiz.BEFORE, _answers(resumed.check_items(quiz.BEFORE), wrong={19}))
    assert result.complete and result.correct == 19 and _ids(m.item for m in result.marked) == order
    assert not result.marked[19].correct
    again.close()


def test_opening_the_check_without_answering_does_not_start_it(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    progress.check_items(quiz.BEFORE)  # shown, then skipped
    finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
    assert "之前" in progress.check_unavailable(quiz.BEFORE)
    assert progress.check_status().due is None and progress.check_status().before is None


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
    assert {i.form for i in before} == {"xx-B"}
    missed = next(n for n, i in enumerate(before) if i.is_scam)
    refused = next(n for n, i in enumerate(before) if not i.is_scam)
    score = progress.record_answers(quiz.BEFORE, _answers(before, wrong={missed, refused}))
    assert score.complete and score.correct == len(before) - 2
    assert score.genuine_trusted == score.genuine_total - 1 and score.scam_caught == score.scam_total - 1
    assert [m.over_suspicious for m in score.marked].count(True) == 1
    for n in range(1, 13):
        finish(progress, lib, type_case(n), SCAM_PATHS["safe"])
    after = progress.check_items(quiz.AFTER)
    assert {i.form for i in after} == {"xx-A"}
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


def test_an_item_of_another_form_is_refused(lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明"), lib)
    for other in (quizbank.bank().form("xx-B")[0], quizbank.bank().form("parents-A")[0]):
        with pytest.raises(CheckError):
            progress.record_answer(quiz.BEFORE, other.id, True)
    with pytest.raises(CheckError):
        progress.record_answers(quiz.BEFORE, [True, False])


def _version_1_database(path: Path) -> None:
    """A progress.db as the game wrote it before 辨一辨 had audiences: one
    profile finished the before-check on the old form A, another stopped half-way."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1'), ('created', '2024-09-01T08:00:00+00:00'),
                                ('profiles_created', '2');
        CREATE TABLE profiles (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '',
            class_name TEXT NOT NULL DEFAULT '', first_form TEXT NOT NULL CHECK (first_form IN ('A', 'B')),
            ordinal INTEGER NOT NULL, created TEXT NOT NULL);
        INSERT INTO profiles VALUES (1, 'u1', '小明', '', 'A', 1, 't'), (2, 'u2', '小红', '', 'B', 2, 't');
        CREATE TABLE check_sittings (profile_id INTEGER NOT NULL, sitting TEXT NOT NULL CHECK (sitting IN
            ('before', 'after')), form TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
            PRIMARY KEY (profile_id, sitting));
        CREATE TABLE check_answers (profile_id INTEGER NOT NULL, sitting TEXT NOT NULL, item_id TEXT NOT NULL,
            form TEXT NOT NULL, is_scam INTEGER NOT NULL, said_scam INTEGER NOT NULL, rule TEXT NOT NULL,
            answered TEXT NOT NULL, PRIMARY KEY (profile_id, sitting, item_id));
        INSERT INTO check_sittings VALUES (1, 'before', 'A', 't', '2024-09-02T08:00:00+00:00'), (2, 'before', 'B', 't', NULL);
        INSERT INTO check_answers VALUES (2, 'before', 'B01', 'B', 1, 1, 'ten-5', 't');
        """
    )
    for n in range(1, 16):  # the old form A: 9 scams then 6 genuine; 小明 called A03 and A12 wrong
        scam = n <= 9
        said = scam != (n in (3, 12))
        conn.execute("INSERT INTO check_answers VALUES (1, 'before', ?, 'A', ?, ?, 'six-4', 't')", (f"A{n:02}", scam, said))
    for stmt in (
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, profile_id INTEGER, scenario_id TEXT, ending_id TEXT, kind TEXT,"
        " steps TEXT, finished TEXT, digest TEXT, title TEXT, fraud_type TEXT, is_scam INTEGER, perspective TEXT,"
        " variant TEXT)",
        "CREATE TABLE resume (profile_id INTEGER, scenario_id TEXT, save TEXT, updated TEXT, PRIMARY KEY (profile_id, scenario_id))",
        "CREATE TABLE rule_cards (profile_id INTEGER, rule_id TEXT, source TEXT, collected TEXT, PRIMARY KEY (profile_id, rule_id))",
        "CREATE TABLE badges (profile_id INTEGER, badge_id TEXT, earned TEXT, PRIMARY KEY (profile_id, badge_id))",
        "CREATE TABLE settings (profile_id INTEGER NOT NULL DEFAULT 0, key TEXT NOT NULL, value TEXT NOT NULL,"
        " PRIMARY KEY (profile_id, key))",
        "PRAGMA user_version = 1",
    ):
        conn.execute(stmt)
    conn.commit()
    conn.close()


def test_checks_taken_on_the_old_bank_are_kept_and_an_unfinished_one_starts_again(fanzha_home, lib):
    _version_1_database(fanzha_home / DB_NAME)
    store = Store.open()
    assert store.take_notices() == []
    done = store.progress(1, lib).check_result(quiz.BEFORE)
    assert done.form == "A" and done.audience is None and done.complete
    assert done.correct == 13 and done.total == 15 and done.genuine_total == 6
    assert done.marked[0].item.text == quiz.LEGACY_TEXT
    assert "做完" in store.progress(1, lib).check_unavailable(quiz.BEFORE)
    half = store.progress(2, lib)  # its items are gone: the check starts again, on the new forms
    assert half.check_result(quiz.BEFORE) is None and half.check_status().due == quiz.BEFORE
    assert {i.form for i in half.check_items(quiz.BEFORE)} == {"xx-B"}
    store.close()


# -- `fanzha quiz` ---------------------------------------------------------------


def _cli(capsys, *args) -> tuple[int, str, str]:
    from game.cli import main

    code = main(["quiz", "--scenarios", str(FIXTURE_SCENARIOS), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_quiz_json_starts_the_sitting_and_answers_it(capsys):
    code, out, _ = _cli(capsys, "--profile", "小明", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["sitting"] == "before" and doc["form"] == "A" and doc["audience"] == "小学"
    assert set(doc) == {"sitting", "form", "audience", "items"}
    assert all(set(i) == {"id", "channel", "sender", "context", "text"} for i in doc["items"])
    bank = {i.id: i for i in quizbank.bank().form("xx-A")}
    ids = [i["id"] for i in doc["items"]]
    assert sorted(ids) == sorted(bank) and ids != list(bank)
    assert doc["items"][0]["text"] == bank[ids[0]].text and doc["items"][0]["sender"] == bank[ids[0]].sender
    assert json.loads(_cli(capsys, "--profile", "小明", "--json")[1]) == doc  # fixed: asked again, the same order
    assert _cli(capsys, "--profile", "小红", "--json")[1] != out  # another pupil: another form

    answers = "".join("s" if bank[i].is_scam else "g" for i in ids)
    wrong = "g" if answers[0] == "s" else "s"
    code, out, err = _cli(capsys, "--profile", "小明", "--json", "--answers", wrong + answers[1:])
    assert code == 0 and err == ""
    marked = json.loads(out)
    assert set(marked) == {"items", "score", "total"}
    assert marked["score"] == 19 and marked["total"] == 20
    assert [m["id"] for m in marked["items"]] == ids
    assert marked["items"][0] == {"id": ids[0], "said": wrong, "answer": answers[0], "right": False}
    assert all(m["right"] and m["said"] == m["answer"] for m in marked["items"][1:])


def test_quiz_json_refuses_with_nothing_on_stdout(capsys):
    code, out, err = _cli(capsys, "--profile", "小明", "--json", "--answers", "sg")
    assert code == 2 and out == "" and "20 题" in err
    code, out, err = _cli(capsys, "--profile", "小明", "--json", "--answers", "sx")
    assert code == 2 and out == "" and "看不懂" in err


def test_no_constant_answer_passes_the_check(capsys):
    for n, constant in enumerate("sg"):
        who = ("--profile", f"学生{n}")
        ids = [i["id"] for i in json.loads(_cli(capsys, *who, "--json")[1])["items"]]
        marked = json.loads(_cli(capsys, *who, "--json", "--answers", constant * len(ids))[1])
        assert marked["score"] / marked["total"] <= 2 / 3


def test_the_quiz_command_asks_item_by_item_and_resumes(monkeypatch, capsys):
    import io

    from game.cli import main

    args = ["quiz", "--scenarios", str(FIXTURE_SCENARIOS), "--profile", "小明"]
    assert main([*args, "--json"]) == 0  # the order, as a pupil will see it
    bank = {i.id: i for i in quizbank.bank().items}
    items = [bank[i["id"]] for i in json.loads(capsys.readouterr().out)["items"]]
    first = ["？？", "骗" if items[0].is_scam else "真"] + ["s" if i.is_scam else "g" for i in items[1:5]]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(first) + "\n"))
    assert main(args) == 4  # input ran out after five answers: kept for next time
    out = capsys.readouterr().out
    assert "小学 A 卷" in out and "第 1/20 题" in out and items[0].text in out and "第 6/20 题" in out
    assert out.index(items[1].text) < out.index(items[4].text)  # in the sitting's order
    rest = ["g" if i.is_scam else "s" for i in items[5:]]  # all the rest wrong
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(rest) + "\n"))
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "第 1/20 题" not in out and "第 6/20 题" in out and items[5].text in out
    assert "答对 5/20 题" in out and items[19].why in out


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


def test_answer_strings():
    assert quiz.parse_answer_string("sg,s g") == [True, False, True, False]
    assert quiz.parse_answer_string("骗真骗,真消息") == [True, False, True, False]
    with pytest.raises(ValueError, match="第 3 个"):
        quiz.parse_answer_string("ssx")
