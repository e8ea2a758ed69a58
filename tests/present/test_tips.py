"""每日反诈提醒 (game/classroom/tips.py, `fanzha tip`): the bank is sound, the tip of a date
is the same everywhere, and no tip repeats within 30 consecutive days."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from game.cli import main
from game.engine.rules import catalogue
from game.classroom.tips import MIN_TIPS, TipBankError, bank, format_tip, load_tips, tip_for, tips_for
from game.engine.validate import content_problems

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_bank_is_big_enough_and_sound():
    tips = bank()
    assert len(tips) >= MIN_TIPS
    assert len({t.rule for t in tips}) == len(tips), "one tip per rule"
    cat = catalogue()
    for t in tips:
        assert t.text == cat[t.rule].text  # the rule's own words
        assert t.rule != "soul-3", "not for primary-school class groups"
        assert len(t.example) == 2
        for line in t.example:
            assert not content_problems(line), (t.rule, line)  # masked numbers, example links


def test_same_date_same_tip():
    day = dt.date(2025, 3, 14)
    assert tip_for(day) == tip_for(day)
    assert format_tip(day, tip_for(day)) == format_tip(day, tip_for(day))


@pytest.mark.slow
def test_same_tip_in_another_process_with_another_hash_seed():
    """`hash()` differs between processes; the tip must not."""
    code = "import sys; from game.cli import main; sys.exit(main(['tip', '--date', '2025-03-14', '--days', '3']))"
    outs = []
    for seed in ("1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONIOENCODING="utf-8")
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        outs.append(done.stdout.decode("utf-8"))
    assert outs[0] == outs[1]
    here = "\n\n".join(format_tip(d, t) for d, t in tips_for(dt.date(2025, 3, 14), 3)) + "\n"
    assert outs[0].replace("\r\n", "\n") == here


def test_consecutive_days_differ_and_no_repeat_within_30_days():
    start = dt.date(2024, 1, 1)
    seq = [t.rule for _, t in tips_for(start, 3 * 366)]
    for i in range(len(seq) - 1):
        assert seq[i] != seq[i + 1]
    for i in range(len(seq) - 30):
        window = seq[i : i + 30]
        assert len(set(window)) == 30, (start + dt.timedelta(days=i), window)


def test_dates_before_the_first_day_work_too():
    seq = [t.rule for _, t in tips_for(dt.date(2020, 2, 1), 60)]
    assert all(len(set(seq[i : i + 30])) == 30 for i in range(31))


def test_a_bank_too_small_is_refused(tmp_path):
    small = tmp_path / "tips.yaml"
    small.write_text('tips:\n  - rule: six-1\n    example: ["a", "b"]\n', encoding="utf-8")
    with pytest.raises(TipBankError):
        load_tips(small)
    bad = tmp_path / "bad.yaml"
    bad.write_text('tips:\n  - rule: no-such-rule\n    example: ["a", "b"]\n', encoding="utf-8")
    with pytest.raises(TipBankError):
        load_tips(bad)


def test_tip_command_one_day(capsys):
    assert main(["tip", "--date", "2025-03-14"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("【反诈每日提醒】2025年3月14日 星期五\n")
    t = tip_for(dt.date(2025, 3, 14))
    assert t.text in out and t.example[0] in out and t.example[1] in out
    assert len(out.strip().splitlines()) == 5


def test_tip_command_a_month(capsys):
    assert main(["tip", "--date", "2025-09-01", "--days", "30"]) == 0
    blocks = capsys.readouterr().out.strip().split("\n\n")
    assert len(blocks) == 30
    assert blocks[0].startswith("【反诈每日提醒】2025年9月1日")
    assert blocks[-1].startswith("【反诈每日提醒】2025年9月30日")
    rules = [b.splitlines()[1] for b in blocks]
    assert len(set(rules)) == 30


def test_tip_command_today_and_bad_input(capsys):
    assert main(["tip"]) == 0
    today = dt.date.today()
    assert f"{today.year}年{today.month}月{today.day}日" in capsys.readouterr().out
    assert main(["tip", "--date", "14/03/2025"]) == 2
    assert main(["tip", "--days", "0"]) == 2
    assert main(["tip", "--days", "9999"]) == 2
