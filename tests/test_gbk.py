"""Issue #15, case 8: on a GBK console (Chinese Windows), or with output
redirected there, every cue is still readable: in words, the symbols ✔ ✘ ⚠
✓ ✗ only decoration beside them, and ¥ as the ￥ GBK has. Before, each became
a "?": `doctor` ended "见上面的 ?", the report's 知晓 column was "?" for
every pupil, `check --table` showed "?3 ?3 ?1"."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import FIXTURES, ROOT

FULL = FIXTURES / "engine" / "full.yaml"


def gbk(*args: str) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="gbk")
    proc = subprocess.run(
        [sys.executable, "-m", "game", *args], env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
    )
    text = (proc.stdout + proc.stderr).decode("gbk")  # strictly: all of it must be GBK
    assert "Traceback" not in text, text
    return proc.returncode, text


def test_check_table_counts_endings_in_words():
    code, out = gbk("check", "--table", str(FULL))
    row = [line for line in out.splitlines() if "bench-full" in line][0]
    assert "识破1" in row and "被骗1" in row and "止损1" in row
    assert "?" not in row.replace("？", "")


def test_doctor_says_in_words_what_failed(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    code, out = gbk("doctor", "--data-dir", str(blocked / "home"))
    assert code == 1
    assert "【不行】数据文件夹" in out and "见上面标着【不行】的" in out
    assert "【正常】Python" in out
    assert "?" not in out.replace("？", "")


def _export(folder, name: str, aware: bool) -> None:
    from game.engine import curriculum

    # A case of each type of the 小学 curriculum cleared (aware), or of one.
    plan = [(t, ids[0]) for t, ids in curriculum.load().reachable("小学").items()]
    scenarios = [
        {"id": sid, "title": "t", "fraud_type": t, "is_scam": True, "perspective": "self", "variant": "",
         "attempts": 1, "first": {"ending": "e", "kind": "safe", "seq": n + 1, "at": "2025-01-01T00:00:00+00:00"},
         "best": "safe", "endings_found": ["e"], "endings_total": 3}
        for n, (t, sid) in enumerate(plan if aware else plan[:1])
    ]
    after = {"form": "B", "complete": True, "finished": "2025-01-02T00:00:00+00:00",
             "answers": [{"item": f"B{i:02}", "is_scam": True, "said_scam": True, "rule": "six-1"} for i in range(10)]}
    doc = {"format": "fanzha-results/1", "exported": "2025-01-03T00:00:00+00:00", "game_version": "0.1.0",
           "student": {"uid": f"uid-{name}", "name": name, "class": "四(1)班"}, "scenarios": scenarios,
           "checks": {"before": None, "after": after if aware else None}, "rules_collected": [], "badges": []}
    (folder / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_the_report_says_who_is_aware_in_words(tmp_path):
    _export(tmp_path, "小明", aware=True)
    _export(tmp_path, "小红", aware=False)
    code, out = gbk("report", str(tmp_path))
    assert code == 0
    rows = {name: line for line in out.splitlines() for name in ("小明", "小红") if name in line}
    assert rows["小明"].rstrip(" |").endswith("是") and rows["小红"].rstrip(" |").endswith("否")
    assert "?" not in out.replace("？", "")


def test_money_is_shown_as_gbk_can():
    # The loss ending of the fixture case: "损失：¥500".
    code, out = gbk("play", "bench-full", "--scenarios", str(FULL.parent), "--choices", "1,1,2")
    assert code == 0
    assert "￥500" in out and "损失" in out
    assert "?" not in out.replace("？", "")
