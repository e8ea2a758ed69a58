"""`fanzha doctor`: a plain-words readiness report for the school's IT person."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from game.cli import main
from game.cli import doctor

from .conftest import FIXTURES


def test_ready_machine_exits_zero(capsys, monkeypatch):
    monkeypatch.setattr(doctor, "check_first_paint", lambda: doctor.Finding(True, "打开速度", "0.50 秒显示第一个画面"))
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "准备好了" in out
    for words in ("Python", "textual", "中文编码", "数据文件夹", "剧本"):
        assert words in out


def test_broken_scenarios_are_named_but_not_fatal(capsys, monkeypatch, fanzha_home):
    monkeypatch.setattr(doctor, "check_first_paint", lambda: doctor.Finding(True, "打开速度", "ok"))
    (fanzha_home / "scenarios").mkdir()
    shutil.copy(FIXTURES / "bad" / "real-link.yaml", fanzha_home / "scenarios" / "oops.yaml")
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "⚠【注意】有错误的剧本：1 个（oops.yaml）" in out


def test_unwritable_data_folder_fails(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(doctor, "check_first_paint", lambda: doctor.Finding(True, "打开速度", "ok"))
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["doctor", "--data-dir", str(blocker / "inside")]) == 1
    out = capsys.readouterr().out
    assert "✘【不行】数据文件夹" in out and "进度不会保存" in out and "还没准备好" in out


def test_encoding_that_cannot_show_chinese(monkeypatch):
    class Ascii:
        encoding = "ascii"

        def isatty(self):
            return False

    monkeypatch.setattr(sys, "stdout", Ascii())
    finding = doctor.check_encoding()
    assert finding.ok is False and "chcp 65001" in finding.detail


def test_terminal_findings(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert any(f.ok is None and "TERM=dumb" in f.detail for f in doctor.check_terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert any("NO_COLOR" in f.detail for f in doctor.check_terminal())


@pytest.mark.slow
def test_first_paint_is_measured_for_real():
    finding = doctor.check_first_paint()
    assert finding.ok is not False, finding.detail
    assert "秒显示第一个画面" in finding.detail
