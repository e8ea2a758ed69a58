"""Figures a school can trust: 知晓率 counted against each student's own
curriculum, blank profiles (never played, never checked) neither exported nor
counted, `export --all --class` exporting only that class however its name
was typed, and report times in local time with the zone."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import datetime, timezone

import pytest
from rich.console import Console

from game.cli import main
from game.engine import curriculum
from game.progress import quiz
from game.progress.store import Store
from game.results import exports as results
from game.results.figures import collect, compute
from game.results.html import render as render_html
from game.results.terminal import render as render_terminal
from game.results.writers import csv_text

from ..store.helpers import FIXTURE_SCENARIOS, SCAM_PATHS, check_items, finish, fixture_library, type_case

FIX = ["--scenarios", str(FIXTURE_SCENARIOS)]

# A small curriculum: two types for 小学 (type-6 by tfx-type-6 only, not by
# the helper case of that type), one for 中学.
SMALL = "小学:\n  type-1: [tfx-type-1]\n  type-6: [tfx-type-6]\n中学:\n  type-1: [tfx-type-1]\n"


@pytest.fixture
def lib():
    return fixture_library()


def _student(store, lib, folder, name, audience, plays, after_right):
    """A student who plays (case, path) in order and takes the after-check
    answering `after_right` of it right; their export's path."""
    progress = store.progress(store.create_profile(name, "四(1)班", audience), lib)
    for case, path in plays:
        finish(progress, lib, case, SCAM_PATHS[path])
    if after_right is not None:
        items = progress.check_items(quiz.AFTER)
        right = round(after_right * len(items))
        progress.record_answers(quiz.AFTER, [i.is_scam == (n < right) for n, i in enumerate(items)])
    target = folder / f"{name}.json"
    results.write(results.build(progress), target)
    return target


def test_awareness_counts_every_type_of_each_students_own_curriculum(fanzha_home, tmp_path, lib):
    (fanzha_home / "curriculum.yaml").write_text(SMALL, encoding="utf-8")
    store = Store.open()
    out = tmp_path / "exports"
    t1, t2 = type_case(1), type_case(6)
    _student(store, lib, out, "全对", "小学", [(t1, "safe"), (t2, "loss"), (t2, "safe")], 1.0)
    _student(store, lib, out, "差一类", "小学", [(t1, "safe"), (t2, "loss")], 1.0)
    # Stopped in time with the red flags found (finish() marks them): cleared.
    _student(store, lib, out, "止付", "小学", [(t1, "safe"), (t2, "stopped")], 1.0)
    _student(store, lib, out, "后测低", "小学", [(t1, "safe"), (t2, "safe")], 0.5)
    _student(store, lib, out, "中学生", "中学", [(t1, "safe")], 0.8)
    # A case of the type the curriculum does not list does not stand in for it.
    _student(store, lib, out, "别的案例", "小学", [(t1, "safe"), (t2, "loss"), ("tfx-helper", "safe")], 1.0)
    store.close()
    figures = compute(collect([out]), cur=curriculum.read([fanzha_home / "curriculum.yaml"]))
    rows = {s.name: s for s in figures.students}
    assert {n for n, s in rows.items() if s.aware} == {"全对", "止付", "中学生"}
    assert (figures.aware.part, figures.aware.whole) == (3, 6)
    assert len(rows["全对"].types_needed) == 2 and len(rows["中学生"].types_needed) == 1
    assert rows["差一类"].types_cleared == ("type-1",) and rows["别的案例"].types_cleared == ("type-1",)
    assert figures.head_lines()[1:] == ["按小学课程：12 类中目前有 2 类有案例", "按中学课程：12 类中目前有 1 类有案例"]
    doc = figures.to_json()
    assert doc["curricula"]["中学"] == {"types": ["type-1"], "text": "按中学课程：12 类中目前有 1 类有案例"}
    per = {r["name"]: r for r in doc["per_student"]}
    assert (per["全对"]["audience"], per["全对"]["types_needed"], per["全对"]["types_cleared"]) == ("小学", 2, 2)
    page = render_html(figures)
    assert "按小学课程：12 类中目前有 2 类有案例" in page and "<td class=\"num\">2/2</td>" in page
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_terminal(figures, console)
    assert "按中学课程：12 类中目前有 1 类有案例" in console.file.getvalue()


def test_a_profile_that_never_played_nor_checked_is_neither_exported_nor_counted(tmp_path, capsys):
    for name in ("甲", "乙"):
        assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", name]) == 0
    items = check_items(*FIX, "--profile", "只做了前测")
    right = "".join("s" if i.is_scam else "g" for i in items)
    assert main(["quiz", *FIX, "--profile", "只做了前测", "--answers", right]) == 0
    with Store.open() as store:
        store.create_profile()  # what opening the game makes: 匿名玩家
        store.create_profile("没来上课")
    capsys.readouterr()
    folder = tmp_path / "all"
    assert main(["export", *FIX, "--all", "--out", str(folder)]) == 0
    out = capsys.readouterr()
    assert {results.load(p).name for p in folder.iterdir()} == {"甲", "乙", "只做了前测"}
    assert "2 个空白档案（没玩过案例、也没做过辨一辨）没有导出" in out.err
    # An export of a blank profile made some other way is listed, not counted.
    assert main(["export", *FIX, "--profile", "没来上课", "--out", str(folder / "blank.json")]) == 0
    capsys.readouterr()
    assert main(["report", str(folder), "--json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["students"] == 3 and doc["awareness"]["of"] == 3
    assert doc["blank"] == [str(folder / "blank.json")]
    assert f"不计入 {folder / 'blank.json'}：这个档案没玩过案例，也没做过辨一辨" in captured.err
    main(["report", str(folder)])
    assert "1 个空白档案（没玩过案例、也没做过辨一辨）不计入" in capsys.readouterr().out


def test_export_all_for_one_class_matches_however_the_class_was_typed(tmp_path, capsys):
    for name, klass in (("甲", "四(1)班"), ("乙", "四（1）班"), ("丙", " 四 (1) 班"), ("丁", "四(2)班"), ("戊", "")):
        assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", name, "--class", klass]) == 0
    with Store.open() as store:
        store.create_profile("空", "四(3)班")  # blank: its class is not one to offer
    capsys.readouterr()
    folder = tmp_path / "四1"
    assert main(["export", *FIX, "--all", "--class", "四（1）班", "--out", str(folder)]) == 0
    exported = {results.load(p).name for p in folder.iterdir()}
    assert exported == {"甲", "乙", "丙"}
    # The report counts them as one class, in its plain spelling.
    capsys.readouterr()
    main(["report", str(folder), "--json"])
    assert [c["class"] for c in json.loads(capsys.readouterr().out)["classes"]] == ["四(1)班"]
    # No match: the classes there are, and a non-zero exit.
    assert main(["export", *FIX, "--all", "--class", "五(1)班", "--out", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "没有「五(1)班」的档案。这台电脑上有成绩的班级：" in err
    assert "四(2)班" in err and "（没填班级）" in err and "四(3)班" not in err
    assert not (tmp_path / "none").exists()


@pytest.fixture
def shanghai():
    """This computer's clock in UTC+08:00 (POSIX: TZ and tzset)."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_report_times_are_local_with_the_zone(shanghai, tmp_path, lib):
    store = Store.memory()
    progress = store.progress(store.create_profile("小明", "四(1)班"), lib)
    finish(progress, lib, type_case(1), SCAM_PATHS["safe"])
    doc = results.build(progress, exported=datetime(2026, 12, 6, 23, 30, tzinfo=timezone.utc))
    results.write(doc, tmp_path / "x.json")
    figures = compute(collect([tmp_path]), generated=datetime(2026, 12, 7, 2, 15, tzinfo=timezone.utc))
    assert figures.generated == "2026-12-07T10:15:00+08:00"
    assert figures.to_json()["generated"] == "2026-12-07T10:15:00+08:00"
    assert figures.head_lines()[0].startswith("生成时间 2026-12-07 10:15 (UTC+08:00)；")
    assert "生成时间 2026-12-07 10:15 (UTC+08:00)" in render_html(figures)
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_terminal(figures, console)
    assert "生成时间 2026-12-07 10:15 (UTC+08:00)" in console.file.getvalue()
    assert figures.students[0].exported == "2026-12-07T07:30:00+08:00"
    assert "2026-12-07 07:30 (UTC+08:00)" in csv_text(figures)[0]


def test_the_report_command_says_the_time_here(shanghai, tmp_path, capsys):
    assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", "甲"]) == 0
    assert main(["export", *FIX, "--all", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["report", str(tmp_path), "--json"]) == 0
    generated = datetime.fromisoformat(json.loads(capsys.readouterr().out)["generated"])
    assert generated.utcoffset().total_seconds() == 8 * 3600
