"""The game's words (game/engine/vocab.py) and reading times (game/engine/pacing.py), without Textual."""

from __future__ import annotations

from types import SimpleNamespace

from game.engine.ending import default_steps
from game.engine.pacing import line_time, reading_time, typing_words
from game.engine.vocab import ENDING_KINDS, kind_words


def lines(*texts: str):
    return [SimpleNamespace(text=t) for t in texts]


def test_every_ending_kind_has_a_symbol_and_words():
    assert set(ENDING_KINDS) == {"safe", "loss", "stopped", "missed"}
    assert kind_words("safe") == "✔ 成功识破" and kind_words("safe", genuine=True) == "✔ 核实后放心办"
    assert kind_words("missed").startswith("⊘")  # not ○: ambiguous width in CJK terminals
    assert default_steps("loss") and default_steps("stopped") and default_steps("safe") == ()


def test_a_long_line_stays_longer_than_a_short_one_within_bounds():
    pace = 0.6
    assert line_time("好的", pace) == pace
    long = "（「小画家交流群」里，群主发了一条消息：点赞一次返 3 元，日结，学生也能做。小画家们都在问怎么报名。）"
    assert pace * 5 < line_time(long, pace) <= pace * 8
    assert line_time(long * 10, pace) == pace * 8
    assert line_time(long, 0) == 0


def test_the_last_lines_of_a_story_get_time_to_be_read():
    pace = 0.6
    assert reading_time([], pace) == pace * 2
    words = lines("你做得对。", "晚上爸爸回去，我们一起把这个人举报了，再跟你们班主任说一声，让同学们也小心。")
    assert reading_time(words, pace) > line_time(words[1].text, pace)  # reading, not skimming
    assert reading_time(words * 50, pace) == pace * 20
    assert reading_time(words, 0) == 0


def test_speaking_or_typing():
    assert typing_words("talk") == typing_words("phone") == "正在说…"
    assert typing_words("chat") == typing_words("sms") == "正在输入…"
