"""`fanzha check`: all problems at once, exit codes, --json, where scenarios come from."""

from __future__ import annotations

import json
from pathlib import Path
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from game.cli import main
from game.engine.library import load_library

from .conftest import FIXTURES, ROOT

FULL = FIXTURES / "engine" / "full.yaml"


def run(capsys, *args):
    code = main(["check", *args])
    out = capsys.readouterr().out
    return code, out


def test_clean_file_exits_zero(capsys):
    code, out = run(capsys, str(FULL))
    assert code == 0
    assert "0 个错误" in out


def test_bad_folder_reports_every_file_and_exits_one(capsys):
    code, out = run(capsys, str(FIXTURES / "bad"))
    assert code == 1
    for path in (FIXTURES / "bad").glob("*.yaml"):
        if path.stem != "dup-scenario-1":
            assert path.name in out, path.name


def test_json_shape(capsys):
    code, out = run(capsys, str(FULL), str(FIXTURES / "bad" / "real-phone.yaml"), "--json")
    assert code == 1
    doc = json.loads(out)
    assert set(doc) >= {"scenarios", "rules_cited", "errors"}
    (s,) = doc["scenarios"]
    assert s["id"] == "bench-full" and s["file"].endswith("full.yaml")
    assert s["fraud_type"] == "type-1" and s["audience"] == ["小学", "家长"]
    assert s["is_scam"] is True and s["perspective"] == "self"
    assert s["nodes"] == 7
    assert s["decisions"] == 4  # start, ask, task, pay (its form counts as a way on)
    assert {e["id"]: (e["kind"], e["money_lost"]) for e in s["endings"]} == {
        "safe-end": ("safe", 0), "stopped-end": ("stopped", 0), "big-loss": ("loss", 500),
    }
    assert doc["rules_cited"]["ten-3"] == ["bench-full"]  # a red flag and an ending
    assert "slogan-11" in doc["rules_cited"] and "soul-6" in doc["rules_cited"]
    (err,) = doc["errors"]
    assert err["file"].endswith("real-phone.yaml") and err["line"] == 10 and err["column"] >= 1
    assert "手机号" in err["message"]


def test_strict_fails_on_warnings(capsys):
    path = FIXTURES / "bad" / "dup-scenario-1.yaml"
    assert run(capsys, str(path))[0] == 0
    assert run(capsys, str(path), "--strict")[0] == 1


def test_no_path_checks_builtin_and_teacher_folder(capsys, fanzha_home):
    teacher = fanzha_home / "scenarios"
    teacher.mkdir()
    shutil.copy(FULL, teacher / "mine.yaml")
    shutil.copy(FIXTURES / "bad" / "real-link.yaml", teacher / "oops.yaml")
    code, out = run(capsys, "--json")
    doc = json.loads(out)
    ids = {s["id"] for s in doc["scenarios"]}
    assert "bench-full" in ids
    builtin = {p.stem for p in (ROOT / "scenarios").glob("*.yaml")}
    assert len(ids) == len(builtin) + 1
    assert code == 1 and any(e["file"].endswith("oops.yaml") for e in doc["errors"])


def test_scenarios_option_adds_a_folder(capsys, tmp_path):
    shutil.copy(FULL, tmp_path / "x.yaml")
    code, out = run(capsys, "--scenarios", str(tmp_path), "--json")
    assert "bench-full" in {s["id"] for s in json.loads(out)["scenarios"]}


def test_python_m_game_and_encoding(tmp_path):
    """Runs as a real process with EncodingWarning as an error."""
    proc = subprocess.run(
        [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning",
         "-m", "game", "check", str(FULL)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 个剧本可以玩" in proc.stdout


@pytest.mark.slow
def test_installed_command_finds_builtin_scenarios():
    """After `pip install .` the console script must ship and find the data."""
    exe = shutil.which("fanzha")
    if exe is None:
        pytest.skip("fanzha is not installed on PATH")
    proc = subprocess.run([exe, "check", "--json"], capture_output=True, text=True, encoding="utf-8")
    doc = json.loads(proc.stdout)
    # The data folder (FANZHA_HOME) is empty, so every case listed is built in.
    # A wheel install finds them inside the package (game/_data/scenarios); an
    # editable install (pip install -e) in the checkout's scenarios/ folder.
    folders = {Path(s["file"]).parent for s in doc["scenarios"]}
    assert len(folders) == 1, folders
    (folder,) = folders
    assert folder.parts[-3:] == ("game", "_data", "scenarios") or (folder.parent / "game" / "cli").is_dir()
    shipped = {s["id"] for s in doc["scenarios"]}
    here = set(load_library([(ROOT / "scenarios", "builtin")]).scenarios)
    assert here and shipped == here


@pytest.mark.slow
def test_wheel_carries_scenarios_and_assets(tmp_path):
    """A plain (non-editable) install must have the data inside the package."""
    pytest.importorskip("hatchling")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, encoding="utf-8",
        # pip itself opens files without an encoding: warn only for our code
        env={k: v for k, v in os.environ.items() if k != "PYTHONWARNDEFAULTENCODING"},
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("fanzha-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "game/_data/assets/rules.yaml" in names
    for path in (ROOT / "scenarios").glob("*.yaml"):
        assert f"game/_data/scenarios/{path.name}" in names
    assert "game/cli/__init__.py" in names and not any(n.startswith("tests/") for n in names)


def test_the_format_guide_table_is_up_to_date(capsys):
    """scenarios/README.md lists every built-in case as `check --table` sees it."""
    assert main(["check", "--table", str(ROOT / "scenarios")]) == 0
    table = capsys.readouterr().out
    guide = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    written = guide.split("<!-- table:start -->\n", 1)[1].split("<!-- table:end -->", 1)[0]
    assert written == table, "run: fanzha check --table scenarios, and paste it into scenarios/README.md"
    assert table.count("\n| `") == len(list((ROOT / "scenarios").glob("*.yaml")))
