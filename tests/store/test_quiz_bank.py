"""辨一辨's item bank (issue #12): a version per audience, two parallel forms
of at least 20 items each, about half scams, pairs that test the same trick,
sender labels that prove nothing, and for 小学 genuine messages only from
people the child knows. The shipped bank is checked item by item, and the
check itself is shown to refuse each kind of mistake."""

from __future__ import annotations

import copy
import re

import pytest

from game.engine import yamlsource
from game.engine.paths import assets_dir
from game.engine.rules import catalogue
from game.engine.validate import content_problems
from game.progress import quiz, quizbank


@pytest.fixture(scope="module")
def bank():
    return quizbank.load_bank()


def forms(bank):
    return [(a, letter, bank.form(quiz.form_id(a, letter))) for a in quiz.AUDIENCE_CODES for letter in quiz.FORMS]


def test_every_audience_has_two_forms_of_at_least_twenty(bank):
    for audience, letter, items in forms(bank):
        assert len(items) >= 20, (audience, letter)
        assert {i.form for i in items} == {quiz.form_id(audience, letter)}
    assert len(bank.items) == len({i.id for i in bank.items})


def test_no_constant_answer_scores_above_two_thirds(bank):
    for audience, letter, items in forms(bank):
        scams = sum(i.is_scam for i in items)
        for constant in (scams, len(items) - scams):  # all 骗局, all 真消息
            assert constant / len(items) <= 2 / 3, (audience, letter)
        assert 0.4 <= scams / len(items) <= 0.6


def test_the_two_forms_are_pairs_testing_the_same_trick(bank):
    for audience in quiz.AUDIENCE_CODES:
        a = {i.id.rpartition("-")[2][1:]: i for i in bank.form(quiz.form_id(audience, "A"))}
        b = {i.id.rpartition("-")[2][1:]: i for i in bank.form(quiz.form_id(audience, "B"))}
        assert a.keys() == b.keys(), audience
        for n in a:
            x, y = a[n], b[n]
            same = ("is_scam", "trick", "rule", "channel", "sender_kind")
            assert [getattr(x, f) for f in same] == [getattr(y, f) for f in same], (x.id, y.id)
            assert x.text != y.text and x.why != y.why, (x.id, y.id)


def test_primary_genuine_messages_come_from_people_the_child_knows(bank):
    for letter in quiz.FORMS:
        genuine = [i for i in bank.form(quiz.form_id("小学", letter)) if not i.is_scam]
        assert genuine and all(i.sender_kind == "known" for i in genuine), [i.id for i in genuine]
        assert not any("陌生" in i.sender for i in genuine)


def test_the_sender_alone_proves_little(bank):
    for audience, letter, items in forms(bank):
        assert quizbank.sender_only_share(list(items)) <= quizbank.MAX_SENDER_SHARE, (audience, letter)
        scams = [i for i in items if i.is_scam]
        # scams from senders who look familiar: a friend's stolen account, a copied name, a spoofed number
        assert sum(i.sender_kind != "stranger" for i in scams) * 2 >= len(scams), (audience, letter)
        # the very same label on a scam and on a genuine message
        shared = {i.sender for i in scams} & {i.sender for i in items if not i.is_scam}
        assert len(shared) >= 2, (audience, letter, shared)
        if audience != "小学":  # adults and teens also get genuine messages from strangers
            assert any(i.sender_kind == "stranger" and not i.is_scam for i in items), (audience, letter)


def test_every_item_is_fictional_and_explained(bank):
    cat = catalogue()
    for item in bank.items:
        assert item.rule in cat, item.id
        assert item.text and item.sender and item.trick and 0 < len(item.why) <= 80, item.id
        for text in (item.text, item.sender, item.context, item.why, item.trick):
            assert content_problems(text) == [], (item.id, text)
        if not item.is_scam:
            assert "example" not in item.text, item.id  # a genuine message has no link to click


def test_primary_items_are_written_for_a_child(bank):
    """The content guide's reading level: no sentence over 45 characters."""
    for letter in quiz.FORMS:
        for item in bank.form(quiz.form_id("小学", letter)):
            for sentence in re.split(r"[。！？；]", f"{item.text}。{item.why}"):
                assert len(sentence) <= 45, (item.id, sentence)
            assert not re.search(r"垫付|佣金|保证金|征信", item.text), item.id  # words a child does not know


def _raw():
    path = assets_dir() / "quiz.yaml"
    return yamlsource.load(yamlsource.decode(path.read_bytes())).value


def _problems(raw) -> str:
    return "\n".join(quizbank.check_bank(raw, catalogue())[1])


def test_the_shipped_bank_passes_its_own_check():
    assert _problems(_raw()) == ""


def test_the_check_refuses_an_unbalanced_or_short_form():
    raw = _raw()
    for pair in raw["中学"][10:13]:  # three genuine pairs become scams: 13 of 20
        pair["is_scam"] = True
    del raw["家长"][-1]
    text = _problems(raw)
    assert "中学 A 卷有 13 条骗局" in text and "中学 B 卷有 13 条骗局" in text
    assert "家长 A 卷只有 19 题" in text and "家长 B 卷只有 19 题" in text


def test_the_check_refuses_a_child_trusting_a_stranger():
    raw = _raw()
    genuine = next(p for p in raw["小学"] if not p["is_scam"])
    genuine["sender_kind"] = "stranger"
    assert f"（{genuine['id']}）：小学的真消息只能来自孩子认识的人" in _problems(raw)


def test_the_check_refuses_senders_that_give_the_answer_away():
    raw = _raw()
    for pair in raw["教职工"]:
        pair["sender_kind"] = "stranger" if pair["is_scam"] else "known"
    text = _problems(raw)
    assert "教职工 A 卷只看发信人是谁就能答对 100%" in text


def test_the_check_reports_every_problem_of_a_pair():
    raw = _raw()
    pair = raw["小学"][0]
    pair.update(channel="fax", rule="nope", sender_kind="friend", extra=1)
    pair["A"]["text"] = "打 13912345678，或者点 evil.com"
    pair["B"] = copy.deepcopy(pair["A"])
    raw["小学"][1]["id"] = "zx-02"
    raw["小学"][2]["id"] = raw["小学"][3]["id"]
    del raw["小学"][4]["B"]
    raw["幼儿园"] = []
    text = _problems(raw)
    for expected in (
        "不认识的 channel `fax`", "规则目录里没有 `nope`", "sender_kind 只能是", "不认识的字段 `extra`",
        "13912345678", "evil.com", "A 卷和 B 卷的 text 一样", "id 要写成 xx-01", "id 重复",
        "缺少字段 B", "不认识的读者 `幼儿园`",
    ):
        assert expected in text, expected


def test_a_bank_that_is_not_yaml_or_not_grouped_by_audience_is_refused(tmp_path):
    bad = tmp_path / "quiz.yaml"
    bad.write_text("items:\n  - {id: A01, form: A}\n", encoding="utf-8")
    with pytest.raises(quiz.QuizError) as info:
        quizbank.load_bank(bad)
    assert "不认识的读者 `items`" in str(info.value) and "小学：要有一组题" in str(info.value)
    bad.write_text("小学: []\n小学: []\n", encoding="utf-8")
    with pytest.raises(quiz.QuizError, match="重复的键 `小学`"):
        quizbank.load_bank(bad)
    bad.write_text("小学: [\n", encoding="utf-8")
    with pytest.raises(quiz.QuizError, match="YAML"):
        quizbank.load_bank(bad)
