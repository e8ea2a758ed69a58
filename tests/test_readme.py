"""The READMEs a teacher follows: the two set-up commands at the top (the test
one byte for byte what CI runs), and every example command runs and exits 0."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from game.cli import main

from .conftest import ROOT

READMES = ("README.md", "README.en.md")
INSTALL_AND_PLAY = "python -m pip install . && fanzha"
# Not run here: they serve or build until stopped, and have their own tests.
ELSEWHERE = {
    "serve": "tests/present/test_serve.py starts the server",
    "kit": "tests/test_kit.py builds and installs the offline kit",
    "class": "tests/live/ runs a class with pupils joining",
}


def fenced(readme: str) -> list[str]:
    text = (ROOT / readme).read_text(encoding="utf-8")
    return [block.strip("\n") for block in re.findall(r"^ *```[a-z]*\n(.*?)^ *```", text, re.S | re.M)]


def ci_test_command() -> str:
    lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[-1].replace("pip install -q ", "pip install ")


@pytest.mark.parametrize("readme", READMES)
def test_the_two_set_up_commands_come_first(readme):
    first, second = fenced(readme)[:2]
    assert first == INSTALL_AND_PLAY
    assert second == ci_test_command() == 'python -m pip install ".[test]" && python -X warn_default_encoding -m pytest -n 4 --dist worksteal'


def examples(readme: str) -> list[str]:
    return [line.strip() for block in fenced(readme) for line in block.splitlines() if line.strip().startswith("fanzha ")]


@pytest.mark.parametrize("readme", READMES)
def test_every_example_command_runs(readme, tmp_path, monkeypatch, capsys):
    """In order, in a fresh folder and data folder, as a teacher would type them."""
    commands = examples(readme)
    assert len(commands) >= 15
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FANZHA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("FANZHA_PACE", "0")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    (tmp_path / "名单.csv").write_bytes("学号,姓名\r\n2024001,张小明\r\n2024002,李华\r\n".encode("gb18030"))
    ran = skipped = 0
    for command in commands:
        argv = shlex.split(command, comments=True)[1:]
        if argv[0] in ELSEWHERE:
            skipped += 1
            continue
        if "--compare" in argv:  # last year's exports: this year's stand in for them
            last_year = tmp_path / argv[argv.index("--compare") + 1]
            if not last_year.exists():
                shutil.copytree(tmp_path / "导出", last_year)
        assert main(argv) == 0, command
        ran += 1
        capsys.readouterr()
    assert ran + skipped == len(commands) and ran >= 15
    assert (tmp_path / "倡议书.html").is_file() and (tmp_path / "文章.html").is_file()
