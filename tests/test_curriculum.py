"""A curriculum per audience (assets/curriculum.yaml, with a teacher's
additions from the data folder): which cases count for each plan type, checked
against the library by `fanzha check`, and the types each audience cannot
reach yet listed as coverage, not as warnings."""

from __future__ import annotations

import json

from game.cli import main
from game.engine import curriculum
from game.engine.library import default_folders, load_library
from game.engine.vocab import AUDIENCES

from .store.helpers import FIXTURE_SCENARIOS

PLAN = tuple(f"type-{n}" for n in range(1, 13))


def check_json(capsys, *args) -> tuple[int, dict]:
    code = main(["check", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_the_built_in_curriculum_is_what_the_built_in_cases_say():
    """Every scam case counts, for each audience it is written for, under its
    own type; nothing else is listed."""
    lib = load_library(default_folders())
    cur = curriculum.load()
    assert cur.problems == () and curriculum.problems(cur, lib.infos) == []
    expected = {
        a: {
            t: sorted(sid for sid, s in lib.infos.items() if s.is_scam and s.fraud_type == t and a in s.audience)
            for t in PLAN
        }
        for a in AUDIENCES
    }
    assert {a: {t: sorted(ids) for t, ids in cur.cases(a).items()} for a in AUDIENCES} == expected
    assert all(not c.not_listed for c in curriculum.coverage(cur, lib.infos))
    # Every audience reaches all twelve of the plan's types with today's cases.
    assert all(len(cur.reachable(a, lib.infos)) == len(PLAN) for a in AUDIENCES)


def test_a_teachers_file_adds_cases_to_a_type_and_is_read_again_when_it_changes(fanzha_home):
    built_in = curriculum.load().cases("教职工")
    (fanzha_home / "curriculum.yaml").write_text("教职工:\n  type-1: [tfx-type-1]\n", encoding="utf-8")
    cur = curriculum.load()
    assert cur.cases("教职工")["type-1"] == built_in["type-1"] + ("tfx-type-1",)
    assert cur.cases("教职工")["type-5"] == built_in["type-5"]  # the rest is kept
    assert cur.reachable("教职工", {"tfx-type-1"}) == {"type-1": ("tfx-type-1",)}
    (fanzha_home / "curriculum.yaml").write_text("教职工:\n  type-2: [tfx-type-2]\n", encoding="utf-8")
    assert "tfx-type-2" in curriculum.load().cases("教职工")["type-2"]
    assert curriculum.describe("小学", {"type-1": (), "type-3": ()}) == "按小学课程：12 类中目前有 2 类有案例"


def test_check_reports_what_a_teachers_curriculum_gets_wrong_with_the_place(fanzha_home, capsys):
    (fanzha_home / "curriculum.yaml").write_text(
        "小学:\n"
        "  type-1: [tfx-type-1, no-such-case]\n"  # line 2
        "  type-2: [tfx-genuine, tfx-type-3]\n"  # line 3: a genuine case, a case of another type
        "  type-13: [tfx-type-1]\n"  # line 4: no such type
        "  type-4: tfx-type-4\n"  # line 5: not a list
        "大学:\n"  # line 6: no such audience
        "  type-1: [tfx-type-1]\n",
        encoding="utf-8",
    )
    assert curriculum.load().cases("小学")["type-1"][-1] == "no-such-case"  # read, never a crash
    code, doc = check_json(capsys, "--scenarios", str(FIXTURE_SCENARIOS))
    assert code == 1
    got = {(e["line"], e["column"]): e["message"] for e in doc["errors"] if e["file"].endswith("curriculum.yaml")}
    assert got == {
        (2, 24): "小学 type-1：找不到剧本 `no-such-case`（没有这个 id，或者它有错误）",
        (3, 12): "小学 type-2：`tfx-genuine` 是真消息剧本，不能算作一类诈骗的案例",
        (3, 25): "小学 type-2：`tfx-type-3` 是 type-3 的剧本，不是 type-2",
        (4, 3): "小学：不认识的类型 'type-13'（type-1 到 type-12）",
        (5, 11): "小学 type-4：要写成剧本 id 的列表，例如 [a-case, b-case]",
        (6, 1): "不认识的对象 '大学'：只能是小学、中学、教职工、家长",
    }
    # The teacher's additions count: tfx-type-1 is a 小学 case of type-1.
    assert "tfx-type-1" in doc["coverage"]["小学"]["covered"]["type-1"]
    broken = fanzha_home / "curriculum.yaml"
    broken.write_text("小学: [\n", encoding="utf-8")
    code, doc = check_json(capsys)
    assert code == 1 and any(e["file"] == str(broken) and "YAML" in e["message"] for e in doc["errors"])


def test_check_lists_what_each_audience_cannot_reach_yet_not_as_warnings(capsys, fanzha_home, monkeypatch):
    code, doc = check_json(capsys)
    # Coverage is information: no warning speaks of it.
    assert code == 0 and not [w for w in doc["warnings"] if "课程" in w["message"] or "覆盖" in w["message"]]
    cov = doc["coverage"]
    assert list(cov) == list(AUDIENCES)
    by_id = {s["id"]: s for s in doc["scenarios"]}
    for audience, c in cov.items():
        assert set(c["covered"]) == set(PLAN) and c["missing"] == []  # every audience, every type
        for t, ids in c["covered"].items():
            assert ids and all(by_id[i]["fraud_type"] == t and audience in by_id[i]["audience"] for i in ids)
    main(["check"])
    text = capsys.readouterr().out
    assert "课程覆盖" in text
    assert not [line for line in text.splitlines() if "警告" in line and ("课程" in line or "覆盖" in line)]
    assert "  小学：12 类中有 12 类有案例" in text.splitlines()
    assert not [line for line in text.splitlines() if line.startswith("  ") and "还没有" in line]

    # A curriculum that leaves two of 小学's types empty: they are named, as information.
    import shutil

    from game.engine import paths

    assets = fanzha_home.parent / "assets"
    shutil.copytree(paths.assets_dir(), assets)
    lines = (assets / "curriculum.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    primary = lines.index("小学:\n")
    for i in range(primary, primary + 13):
        if lines[i].startswith(("  type-2:", "  type-9:")):
            lines[i] = lines[i].split(":")[0] + ": []\n"
    (assets / "curriculum.yaml").write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(paths, "assets_dir", lambda: assets)
    curriculum._cached.cache_clear()  # read above from the real assets, for this same data folder
    code, doc = check_json(capsys)
    assert doc["coverage"]["小学"]["missing"] == ["type-2", "type-9"]
    assert not [w for w in doc["warnings"] if "课程" in w["message"] or "覆盖" in w["message"]]
    main(["check"])
    text = capsys.readouterr().out
    assert not [line for line in text.splitlines() if "警告" in line and ("课程" in line or "覆盖" in line)]
    line = next(line for line in text.splitlines() if line.startswith("  小学："))
    assert "12 类中有 10 类有案例" in line
    missing = line.split("还没有")[1]
    assert "第2类网络贷款诈骗" in missing and "第9类虚假购物虚假服务诈骗" in missing


def test_a_built_in_case_left_out_of_the_curriculum_is_named(fanzha_home, capsys, monkeypatch):
    """A case written for an audience that its curriculum does not list (a new
    case landing before the curriculum learns it) is named in the coverage."""
    import shutil

    from game.engine import paths

    assets = fanzha_home.parent / "assets"
    shutil.copytree(paths.assets_dir(), assets)
    text = (assets / "curriculum.yaml").read_text(encoding="utf-8")
    (assets / "curriculum.yaml").write_text(text.replace("type08-dujiaoshou-shouhao, ", ""), encoding="utf-8")
    monkeypatch.setattr(paths, "assets_dir", lambda: assets)
    code, doc = check_json(capsys)
    assert doc["coverage"]["小学"]["not_listed"] == ["type08-dujiaoshou-shouhao"]
    main(["check"])
    assert "写给小学、却没有列进课程的案例：type08-dujiaoshou-shouhao" in capsys.readouterr().out
