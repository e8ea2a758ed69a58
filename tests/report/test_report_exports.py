"""The export format fanzha-results/1: `fanzha export`, reading exports back
defensively, and which export counts for which student."""

from __future__ import annotations

import copy
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from game.progress import quiz, quizbank

from game.results import exports as results
from game.cli import main
from game.results.figures import collect, compute
from game.progress.store import Store

from ..store.helpers import FIXTURE_SCENARIOS, SCAM_PATHS, finish, fixture_library, type_case

FIX = ["--scenarios", str(FIXTURE_SCENARIOS)]


@pytest.fixture(scope="module")
def lib():
    return fixture_library()


@pytest.fixture
def doc(lib):
    """A real export of a student who did a little of everything."""
    store = Store.memory()
    progress = store.progress(store.create_profile("小明", "四(1)班"), lib)
    items = progress.check_items(quiz.BEFORE)
    progress.record_answers(quiz.BEFORE, [i.is_scam for i in items])
    finish(progress, lib, type_case(3), SCAM_PATHS["loss"])
    finish(progress, lib, type_case(3), SCAM_PATHS["safe"])
    finish(progress, lib, "tfx-genuine", "2")
    return results.build(progress)


def test_the_document(doc):
    assert doc["format"] == "fanzha-results/1"
    assert doc["student"]["name"] == "小明" and doc["student"]["class"] == "四(1)班" and doc["student"]["uid"]
    by_id = {s["id"]: s for s in doc["scenarios"]}
    t3 = by_id["tfx-type-3"]
    assert t3["first"]["kind"] == "loss" and t3["first"]["seq"] == 1 and t3["best"] == "safe"
    assert t3["attempts"] == 2 and t3["endings_found"] == ["lost", "safe"] and t3["endings_total"] == 3
    assert (t3["fraud_type"], t3["is_scam"]) == ("type-3", True)
    assert by_id["tfx-genuine"]["is_scam"] is False and by_id["tfx-genuine"]["first"]["kind"] == "missed"
    before = doc["checks"]["before"]
    assert before["complete"] and before["form"] == "A" and before["audience"] == "小学"
    assert len(before["answers"]) == 20 and before["answers"][0]["item"].startswith("xx-A")
    assert doc["checks"]["after"] is None
    assert "ten-5" in doc["rules_collected"]
    parsed = results.parse(json.dumps(doc, ensure_ascii=False), "x.json")
    assert parsed.before.share == 1.0 and parsed.after is None
    assert parsed.key == doc["student"]["uid"] and parsed.who == ("四(1)班", "小明")


def _broken(doc: dict):
    """(description, the document spoiled one way or raw text, the reason given)."""
    def spoil(fn):
        d = copy.deepcopy(doc)
        fn(d)
        return d

    first_item = doc["checks"]["before"]["answers"][0]["item"]
    yield "not json", "{\"format\": \"fanzha-results/1\", ", "不是有效的 JSON（文件可能坏了或没写完）"
    yield "a list", [doc], "不是反诈大冒险的成绩文件"
    yield "no format", spoil(lambda d: d.pop("format")), '不是反诈大冒险的成绩文件（没有 "format": "fanzha-results/1"）'
    yield ("a newer format", spoil(lambda d: d.update(format="fanzha-results/2")),
           "成绩文件版本 fanzha-results/2 太新，请升级反诈大冒险")
    yield "no student", spoil(lambda d: d.pop("student")), "student 应该是对象"
    yield "no uid", spoil(lambda d: d["student"].update(uid="")), "student.uid 应该是文字"
    yield "name not text", spoil(lambda d: d["student"].update(name=7)), "student.name 应该是文字"
    yield "bad time", spoil(lambda d: d.update(exported="yesterday")), "exported 不是时间：'yesterday'"
    yield "scenarios not a list", spoil(lambda d: d.update(scenarios={})), "scenarios 应该是列表"
    yield "a case not an object", spoil(lambda d: d["scenarios"].insert(1, "x")), "scenarios[1] 应该是对象"
    yield ("unknown kind", spoil(lambda d: d["scenarios"][0]["first"].update(kind="won")),
           "scenarios[0].first.kind 不认识：'won'")
    yield ("negative attempts", spoil(lambda d: d["scenarios"][0].update(attempts=0)),
           "scenarios[0].attempts 应该是不小于 1 的整数")
    yield ("bool as int", spoil(lambda d: d["scenarios"][0]["first"].update(seq=True)),
           "scenarios[0].first.seq 应该是不小于 1 的整数")
    yield ("is_scam not bool", spoil(lambda d: d["scenarios"][1].update(is_scam="yes")),
           "scenarios[1].is_scam 应该是 true/false")
    yield ("endings not text", spoil(lambda d: d["scenarios"][0].update(endings_found=[1])),
           "scenarios[0].endings_found 应该是文字列表")
    yield ("negative total", spoil(lambda d: d["scenarios"][0].update(endings_total=-1)),
           "scenarios[0].endings_total 应该是整数或 null")
    yield "duplicate case", spoil(lambda d: d["scenarios"].append(d["scenarios"][0])), "scenarios 里有重复的剧本"
    yield "bad form", spoil(lambda d: d["checks"]["before"].update(form="C")), "checks.before.form 应该是 A 或 B"
    yield ("answer not bool", spoil(lambda d: d["checks"]["before"]["answers"][0].update(said_scam="yes")),
           "checks.before.answers[0].said_scam 应该是 true/false")
    yield ("answer not an object", spoil(lambda d: d["checks"]["before"]["answers"].append(None)),
           "checks.before.answers[20] 应该是对象")
    yield ("duplicate answer", spoil(lambda d: d["checks"]["before"]["answers"].append(d["checks"]["before"]["answers"][0])),
           f"checks.before.answers[20] 题目 {first_item} 重复")
    yield ("unknown audience", spoil(lambda d: d["checks"]["before"].update(audience="幼儿园")),
           "checks.before.audience 应该是 小学、中学、教职工、家长 之一或 null")
    yield "after not an object", spoil(lambda d: d["checks"].update(after=[])), "checks.after 应该是对象或 null"
    yield "checks missing", spoil(lambda d: d.pop("checks")), "checks 应该是对象"
    yield "badges not objects", spoil(lambda d: d.update(badges=["x"])), "badges[0] 应该是对象"
    yield ("cleared not bool", spoil(lambda d: d["scenarios"][0].update(cleared="yes")),
           "scenarios[0].cleared 应该是 true/false")
    yield "tries not a list", spoil(lambda d: d["scenarios"][0].update(tries={})), "scenarios[0].tries 应该是列表"
    yield "rule not text", spoil(lambda d: d.update(cleared_rule=1)), "cleared_rule 应该是文字"


def test_damaged_exports_are_refused_with_a_reason(doc):
    for what, bad, reason in _broken(doc):
        text = bad if isinstance(bad, str) else json.dumps(bad, ensure_ascii=False)
        with pytest.raises(results.ExportError) as info:
            results.parse(text, "f.json")
        assert str(info.value) == reason, what


def test_binary_and_huge_files_are_refused(tmp_path):
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "huge.json").write_bytes(b" " * (results.MAX_BYTES + 10))
    for name in ("bin.json", "huge.json"):
        with pytest.raises(results.ExportError):
            results.load(tmp_path / name)


def _write(folder: Path, name: str, doc: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_newest_export_counts_whatever_the_file_order(tmp_path, doc):
    old = copy.deepcopy(doc)
    old["exported"] = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    old["scenarios"] = []
    _write(tmp_path, "a-new.json", doc)
    _write(tmp_path, "b-old.json", old)
    got = collect([tmp_path])
    assert len(got.students) == 1 and got.students[0].source.endswith("a-new.json")
    assert [Path(d.file).name for d in got.duplicates] == ["b-old.json"]
    # the same file named twice on the command line is one file, not a duplicate
    again = collect([tmp_path / "a-new.json", tmp_path / "a-new.json"])
    assert len(again.students) == 1 and again.duplicates == []


def test_same_name_in_another_class_is_another_student_and_anonymous_ones_go_by_uid(tmp_path, doc):
    other_class = copy.deepcopy(doc)
    other_class["student"]["class"] = "四(2)班"
    other_class["student"]["uid"] = "another"
    anon1, anon2 = copy.deepcopy(doc), copy.deepcopy(doc)
    anon1["student"].update(name="", uid="u1")
    anon2["student"].update(name="", uid="u2")
    for n, d in enumerate((doc, other_class, anon1, anon2)):
        _write(tmp_path, f"{n}.json", d)
    got = collect([tmp_path])
    assert len(got.students) == 4 and got.duplicates == []
    figures = compute(got)
    assert len(figures.students) == 4 and [c for c, _ in figures.classes] == ["四(1)班", "四(2)班"]


def test_one_class_and_name_under_two_profiles_counts_twice_and_says_so(tmp_path, doc):
    """Issue #15: each export counts once by its own identity (the profile's
    uid). A pupil who played on two PCs has two profiles: two pupils in the
    figures, and the report names them so the teacher can tell."""
    second_pc = copy.deepcopy(doc)
    second_pc["student"]["uid"] = "other-pc"
    second_pc["exported"] = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat()
    _write(tmp_path, "pc1.json", doc)
    _write(tmp_path, "pc2.json", second_pc)
    got = collect([tmp_path])
    assert sorted(s.uid for s in got.students) == sorted([doc["student"]["uid"], "other-pc"])
    assert got.duplicates == []
    (same,) = got.same_name
    assert (same.class_name, same.name) == ("四(1)班", "小明")
    assert [Path(f).name for f in same.files] == ["pc1.json", "pc2.json"] or [Path(f).name for f in same.files] == ["pc2.json", "pc1.json"]
    assert "2 份不同档案" in same.words()
    assert compute(got).to_json()["same_name"][0]["name"] == "小明"


def test_export_command_writes_a_file_named_after_the_student(tmp_path, capsys, monkeypatch):
    tmp_path = tmp_path / "cwd"
    tmp_path.mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", "../../小明", "--class", "四/1"]) == 0
    capsys.readouterr()
    assert main(["export", *FIX, "--profile", "../../小明", "--class", "四/1"]) == 0
    out = capsys.readouterr().out
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].parent == tmp_path  # the name never became a path
    uid = results.load(files[0]).uid
    assert files[0].name == f"fanzha-四_1-小明-{uid[:12]}.json" and files[0].name in out
    parsed = results.load(files[0])
    assert parsed.name == "../../小明" and parsed.class_name == "四/1"


def test_export_to_stdout_and_of_every_profile(tmp_path, capsys):
    for name in ("甲", "乙"):
        main(["play", "tfx-type-2", *FIX, "--choices", "1,1", "--profile", name])
    capsys.readouterr()
    assert main(["export", *FIX, "--profile", "甲", "--out", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["student"]["name"] == "甲"
    assert main(["export", *FIX, "--all", "--out", str(tmp_path / "all")]) == 0
    names = sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / "all").iterdir())
    assert names == ["fanzha-乙", "fanzha-甲"]
    assert compute(collect([tmp_path / "all"])).aware.whole == 2


def test_export_needs_a_known_profile(capsys):
    assert main(["export", *FIX, "--profile", "nobody"]) == 2
    assert "没有叫「nobody」的档案" in capsys.readouterr().err
    for name in ("甲", "乙"):
        main(["play", "tfx-type-2", *FIX, "--choices", "2", "--profile", name])
    capsys.readouterr()
    assert main(["export", *FIX]) == 2  # two profiles, none current: say which
    assert "--profile" in capsys.readouterr().err


def test_export_is_written_atomically(tmp_path, doc):
    target = tmp_path / "out" / "out.json"
    results.write(doc, target)
    first = target.read_bytes()
    with pytest.raises(TypeError):  # fails half-way through writing
        results.write({**doc, "zz": object()}, target)
    assert target.read_bytes() == first
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]


def test_quiz_command(capsys):
    assert main(["quiz", *FIX, "--profile", "小明", "--json"]) == 0
    bank = quizbank.bank()
    items = [bank.get(i["id"]) for i in json.loads(capsys.readouterr().out)["items"]]  # in 小明's order
    answers = "".join("s" if i.is_scam else "g" for i in items)
    flipped = ("g" if answers[0] == "s" else "s") + answers[1:]
    assert main(["quiz", *FIX, "--profile", "小明", "--answers", flipped]) == 0
    out = capsys.readouterr().out
    assert f"答对 {len(items) - 1}/{len(items)} 题" in out and "✘ 错" in out and items[0].why in out
    assert out.index(" 1. ✘ 错") < out.index(items[0].text) < out.index(items[1].text)
    assert main(["quiz", *FIX, "--profile", "小明", "--answers", answers]) == 2  # done already
    assert "后测要在玩完案例之后做" in capsys.readouterr().err
    assert main(["quiz", *FIX, "--profile", "小红", "--answers", "sg"]) == 2
    assert "20 题" in capsys.readouterr().err


def test_environment_home_is_used_by_every_command(fanzha_home, capsys):
    main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", "小明"])
    assert (fanzha_home / "progress.db").is_file()
    assert os.environ["FANZHA_HOME"] == str(fanzha_home)


def test_an_empty_class_renders_everywhere():
    from io import StringIO

    from rich.console import Console

    from game.results.figures import Collected
    from game.results.html import render as render_html
    from game.results.terminal import render as render_terminal
    from game.results.writers import csv_text, json_text

    figures = compute(Collected())
    assert figures.aware.rate is None and figures.checks.gain is None
    out = StringIO()
    render_terminal(figures, Console(file=out, width=100))
    assert "—" in out.getvalue()
    assert "<table>" in render_html(figures)
    assert csv_text(figures)[0].count("\r\n") == 1
    assert json.loads(json_text(figures))["students"] == 0


def test_names_cannot_inject_markup_into_the_page(tmp_path, doc):
    from html.parser import HTMLParser

    from game.results.html import render as render_html

    doc["student"]["name"] = "<script>alert(1)</script>"
    doc["student"]["class"] = '"><img src=x onerror=alert(1)>'
    _write(tmp_path, "evil.json", doc)
    page = render_html(compute(collect([tmp_path])))
    tags = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Tags().feed(page)
    assert not [t for t, _ in tags if t in ("script", "img")]
    assert not [a for _, a in tags if "onerror" in a or "src" in a]
    assert "&lt;script&gt;" in page


def _old_bank_check(correct: int) -> dict:
    """A check as exports wrote it before the bank had a version per audience:
    form A of the old bank (A01…A15: nine scams, then six genuine), no `audience`."""
    answers = [
        {"item": f"A{n:02}", "is_scam": n <= 9, "said_scam": (n <= 9) == (n <= correct), "rule": "six-4"}
        for n in range(1, 16)
    ]
    return {"form": "A", "complete": True, "finished": "2025-03-01T08:00:00+00:00", "answers": answers}


def test_exports_from_before_the_audiences_still_load_and_count_apart(tmp_path, doc, capsys):
    old = copy.deepcopy(doc)
    old["student"].update(uid="last-year", name="小刚")
    old["checks"]["before"] = _old_bank_check(12)
    parsed = results.parse(json.dumps(old, ensure_ascii=False), "old.json")
    assert parsed.before.audience is None and parsed.before.form == "A" and parsed.before.share == 12 / 15
    new = copy.deepcopy(doc)
    new["student"].update(uid="other", name="小红")
    assert results.parse(json.dumps(new, ensure_ascii=False), "new.json").before.audience == "小学"
    for name, d in (("old.json", old), ("doc.json", doc), ("new.json", new)):
        _write(tmp_path, name, d)
    figures = compute(collect([tmp_path]))
    rows = {row.name: row for row in figures.checks.forms}
    assert list(rows) == ["小学 A 卷", "旧题库 A 卷"]  # each audience's forms first, the old bank last
    assert rows["小学 A 卷"].before == (1.0, 1.0) and rows["旧题库 A 卷"].before == (12 / 15,)
    assert figures.checks.before_mean == pytest.approx((1.0 + 1.0 + 12 / 15) / 3)
    listed = figures.to_json()["checks"]["forms"]
    assert listed[1] == {"audience": None, "form": "A", "before": {"taken": 1, "mean": 12 / 15},
                         "after": {"taken": 0, "mean": None}}
    assert main(["report", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "辨一辨各卷得分" in out and "旧题库 A 卷" in out and "小学 A 卷" in out
    page = tmp_path / "report.html"
    assert main(["report", str(tmp_path), "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert 'data-form-before="小学A">100.0%' in html and 'data-form-before="A">80.0%' in html
