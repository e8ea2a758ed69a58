"""The lesson pack on paper (`fanzha lesson --out 班会.html`, printed to A4 in
headless Chromium): the pupils' worksheet on pages of its own with no answers,
the teacher's notes on pages of their own saying which choice is safe and why,
the story in whole sentences, and the median built-in case in six pages."""

from __future__ import annotations

import statistics

import pytest

from game.classroom.lesson import build_lesson, render_html, render_markdown, safe_words, whole_sentences

from ..printing import print_pages
from .helpers import builtin, builtin_ids

ANSWER_WORDS = ("参考答案", "老师参考", "安全的是", "更安全的是", "可能走向")


def median_case():
    """The built-in case whose printed plan is of median length."""
    sized = sorted((len(render_html(build_lesson(builtin().get(sid)))), sid) for sid in builtin_ids())
    return builtin().get(sized[len(sized) // 2][1])


def test_the_median_case_prints_in_six_pages_with_sheets_of_their_own(tmp_path):
    s = median_case()
    pages = print_pages(render_html(build_lesson(s)), tmp_path, s.id)
    assert len(pages) <= 6, (s.id, len(pages))
    notes = [i for i, p in enumerate(pages) if "六、老师参考" in p]
    sheet = [i for i, p in enumerate(pages) if "七、学习单" in p]
    assert len(notes) == 1 and len(sheet) == 1
    # The notes and the worksheet each start a page; the worksheet's pages
    # (to the end) carry no answers, and nothing of the plan shares them.
    assert pages[notes[0]].lstrip().startswith("六、老师参考")
    assert pages[sheet[0]].lstrip().startswith("七、学习单")
    for page in pages[sheet[0]:]:
        assert not any(word in page for word in ANSWER_WORDS), page
    teacher = "".join(pages[notes[0]:sheet[0]])
    assert "安全的是" in teacher and "学习单参考答案" in teacher
    for page in pages[: notes[0]]:
        assert not any(word in page for word in ANSWER_WORDS[:3])


@pytest.mark.slow
def test_the_median_of_all_cases_prints_in_six_pages(tmp_path):
    counts = [len(print_pages(render_html(build_lesson(builtin().get(sid))), tmp_path, sid)) for sid in builtin_ids()]
    assert statistics.median(counts) <= 6, counts


def test_the_teachers_notes_say_which_choice_is_safe_and_why():
    lesson = build_lesson(builtin().get("type03-konglong-peifu"))
    second = lesson.decisions[1]
    assert second.safe and second.all_safe
    line = safe_words(second)
    assert line.startswith("安全的是 ") and second.why and second.why in line
    for d in lesson.decisions:
        assert d.safe, d.node  # every decision of this case has a way that can end safe
        assert any(f"{letter}「" in safe_words(d) for letter in d.safe)
    md = render_markdown(lesson)
    assert md.index("## 六、老师参考") < md.index("## 七、学习单")
    assert not any(word in md[md.index("## 七、学习单"):] for word in ANSWER_WORDS)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("短的一句。", 70, "短的一句。"),
        ("第一句话。第二句话很长很长。第三句。", 12, "第一句话。第二句话很长很长。"[:5]),
        ("他说：“快转钱！”然后挂了电话，一边马上又打来。", 12, "他说：“快转钱！”"),
        ("一句没有句号的很长很长的话一边马上", 5, "一句没有句号的很长很长的话一边马上"),
    ],
)
def test_whole_sentences_never_cut_a_sentence(text, limit, expected):
    assert whole_sentences(text, limit) == expected


def test_the_story_in_brief_is_in_whole_sentences():
    for sid in builtin_ids():
        for line in build_lesson(builtin().get(sid)).story:
            assert not line.endswith("…") or line.endswith("……"), (sid, line)
