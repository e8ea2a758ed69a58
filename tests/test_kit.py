"""`fanzha kit`: the offline kit for a lab without internet. Built once for the
module (Windows x64 and Linux x64 on Python 3.10–3.13, through this machine's
pip index); then installed with no index and none of this machine's pip
settings into a fresh environment, and a case is played from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from game.cli.kit import PYTHONS
from game.engine.checking import load_file
from game.engine.explore import as_keys, explore

from .conftest import ROOT

pytestmark = pytest.mark.slow
PARTS = ("win_amd64", "manylinux_x86_64")
PLATFORM_TAGS = {"win_amd64": ["win_amd64"], "manylinux_x86_64": ["manylinux2014_x86_64", "manylinux_2_28_x86_64"]}


def offline_env(home: Path) -> dict:
    """This machine's environment without its pip settings (it sets
    PIP_FIND_LINKS to a local wheel folder): as on a lab PC."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, HOME=str(home), XDG_DATA_HOME=str(home / "share"), FANZHA_PACE="0")
    return env


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "反诈 U盘"
    args = [sys.executable, "-m", "game", "kit", "--out", str(out)]
    for part in PARTS:
        args += ["--platform", part]
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def installed(kit, tmp_path_factory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("home")
    target = home / "venv"
    done = subprocess.run(
        ["sh", str(kit / "install.sh"), "--venv", str(target), "--desktop", str(home)],
        capture_output=True, text=True, encoding="utf-8", env=offline_env(home), timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "装好了" in done.stdout
    return target, home


def test_the_kit_holds_the_installers_and_a_manifest(kit):
    bat = (kit / "install.bat").read_bytes()
    assert bat.isascii(), "install.bat must run in a GBK or UTF-8 cmd alike"
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b"")
    assert b"Add python.exe to PATH" in bat
    assert os.access(kit / "install.sh", os.X_OK)
    guide = (kit / "说明.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf") and "Add python.exe to PATH" in guide.decode("utf-8-sig")
    manifest = json.loads((kit / "kit.json").read_text(encoding="utf-8"))
    assert manifest["missing"] == [] and manifest["pythons"] == list(PYTHONS)
    for part in PARTS:
        assert (kit / "wheels" / part / manifest["game"]).is_file()


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("python", PYTHONS)
def test_each_part_has_a_wheel_for_every_dependency_and_python(kit, tmp_path, part, python):
    """pip resolves the game for that system and Python from the kit alone."""
    tags = [a for tag in PLATFORM_TAGS[part] for a in ("--platform", tag)]
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index",
         "--find-links", str(kit / "wheels" / part), *tags, "--python-version", python, "--implementation", "cp",
         "--only-binary=:all:", "--target", str(tmp_path / "t"), "--report", str(report), "-q", "fanzha"],
        capture_output=True, text=True, encoding="utf-8", env=offline_env(tmp_path), timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = {item["metadata"]["name"].lower() for item in json.loads(report.read_text(encoding="utf-8"))["install"]}
    assert {"fanzha", "textual", "pyyaml", "platformdirs", "textual-serve", "aiohttp"} <= names


def test_installed_offline_it_plays_a_case(installed, tmp_path):
    target, home = installed
    scenario = load_file(ROOT / "scenarios" / "type03-konglong-peifu.yaml").scenario
    found = explore(scenario)
    ending = next(nid for nid, e in scenario.endings.items() if e.kind == "safe")
    keys = ",".join(as_keys(scenario, found.endings[ending]))
    env = offline_env(home)
    env["FANZHA_HOME"] = str(tmp_path / "data")
    done = subprocess.run(
        [str(target / "bin" / "fanzha"), "play", scenario.id, "--choices", keys],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert scenario.endings[ending].title in done.stdout
    # The launchers: a command, the applications menu, the desktop.
    assert (home / ".local" / "bin" / "fanzha").resolve() == (target / "bin" / "fanzha").resolve()
    entry = (home / "share" / "applications" / "fanzha.desktop").read_text(encoding="utf-8")
    assert "Name=反诈大冒险" in entry and "Terminal=true" in entry
    assert (home / "fanzha.desktop").is_file()


def test_the_installed_package_repacks_into_the_same_wheel(kit, installed, tmp_path):
    """On a teacher's PC there is no source tree: the kit's game wheel is
    repacked from the installed package, file for file."""
    target, home = installed
    done = subprocess.run(
        [str(target / "bin" / "python"), "-c",
         "import sys; from pathlib import Path; from game.cli.kit import game_wheel, source_root; "
         "assert source_root() is None; print(game_wheel(Path(sys.argv[1])))", str(tmp_path)],
        capture_output=True, text=True, encoding="utf-8", env=offline_env(home), timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    repacked = Path(done.stdout.strip())
    original = next((kit / "wheels" / "win_amd64").glob("fanzha-*.whl"))
    skip = ("RECORD",)
    with zipfile.ZipFile(repacked) as a, zipfile.ZipFile(original) as b:
        assert a.testzip() is None
        mine = {n for n in a.namelist() if not n.endswith(skip)}
        theirs = {n for n in b.namelist() if not n.endswith(skip)}
        assert mine == theirs
        assert any(n.startswith("game/_data/scenarios/") for n in mine)
