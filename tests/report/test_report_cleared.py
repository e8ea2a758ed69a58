"""What "cleared" means in the results: each export records, per attempt, the
marks and whether it counted, and the definition it was counted by; the
report counts by it, reads exports from before marking by their best ending
and says so, and `report --compare` says when last year's exports used
another definition (or none)."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.engine.marks import CLEARED_RULE
from game.progress.store import Store
from game.results import exports as results
from game.results.figures import collect, compute

from ..store.helpers import SCAM_PATHS, finish, fixture_library, type_case


LIB = fixture_library()


@pytest.fixture
def doc():
    """A pupil who reached two safe endings of type 3, the first without marking, and
    one of type 4 without marking."""
    progress = Store.memory().default_progress(LIB)
    for case, path, marked in ((3, "safe", False), (3, "safe-late", True), (4, "safe", False)):
        finish(progress, LIB, type_case(case), SCAM_PATHS[path], marked=marked)
    return results.build(progress)


def test_the_export_records_the_definition_and_each_try(doc):
    assert doc["cleared_rule"] == CLEARED_RULE == "recognised-v1"
    by_id = {s["id"]: s for s in doc["scenarios"]}
    t3, t4 = by_id[type_case(3)], by_id[type_case(4)]
    assert t3["cleared"] is True and t4["cleared"] is False and t4["best"] == "safe"
    assert [(t["kind"], t["found"], t["missed"], t["wrong"], t["cleared"]) for t in t3["tries"]] == [
        ("safe", 0, 1, 0, False), ("safe", 2, 0, 0, True),
    ]
    assert all(t["at"] and t["ending"] == "safe" for t in t3["tries"])
    parsed = results.parse(json.dumps(doc, ensure_ascii=False), "x.json")
    assert parsed.cleared_rule == CLEARED_RULE
    assert {s.id: s.counts_cleared for s in parsed.scenarios} == {type_case(3): True, type_case(4): False}


def _old(doc: dict) -> dict:
    """The same student as an export from before marking."""
    old = json.loads(json.dumps(doc))
    del old["cleared_rule"]
    for s in old["scenarios"]:
        del s["cleared"], s["tries"]
    return old


def _write(folder, name: str, doc: dict):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_export_from_before_marking_counts_by_its_best_ending_and_the_report_says_so(tmp_path, doc):
    parsed = results.parse(json.dumps(_old(doc), ensure_ascii=False), "old.json")
    assert parsed.cleared_rule == "" and all(s.cleared is None for s in parsed.scenarios)
    assert all(s.counts_cleared for s in parsed.scenarios)  # both best endings are safe
    _write(tmp_path / "old", "小明", _old(doc))
    figures = compute(collect([tmp_path / "old"]))
    assert figures.students[0].types_cleared == ("type-3", "type-4")
    assert figures.cleared_rules == {"": 1}
    assert "1 份没有记录算法（标记功能之前的版本" in figures.rules_note
    figures = compute(collect([_write(tmp_path / "new", "小明", doc)]))
    assert figures.students[0].types_cleared == ("type-3",) and figures.rules_note == ""
    assert figures.to_json()["cleared_rules"] == {CLEARED_RULE: 1}


def test_compare_says_when_last_year_counted_cleared_another_way(tmp_path, doc, capsys):
    now = _write(tmp_path / "now", "小明", doc)
    last = _write(tmp_path / "last", "小明", _old(doc))
    assert main(["report", str(now), "--compare", str(last), "--json"]) == 0
    out, err = capsys.readouterr()
    note = json.loads(out)["compare"]["cleared_rules"]
    assert note["now"] == [CLEARED_RULE] and note["before"] == [""]
    assert "去年的成绩用的是另一种“识破”的算法" in note["note"] and note["note"] in err
    assert main(["report", str(now), "--compare", str(last)]) == 0
    assert "两年的知晓率不能直接比较" in capsys.readouterr().out
    same = _write(tmp_path / "same", "小明", doc)
    assert main(["report", str(now), "--compare", str(same), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["compare"]["cleared_rules"]["note"] == "" and "另一种" not in err
