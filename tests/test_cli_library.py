"""The commands about one case (play, map, lesson, article, audit --case) list
the cases from the check cache and parse only the case they were given: on a
lab PC each command used to re-check every built-in case first."""

from __future__ import annotations

import pytest

from game.cli import main

from .conftest import count_fresh_checks

ONE = "type03-konglong-peifu"
ONE_FILE = ONE + ".yaml"


@pytest.fixture
def parsed(monkeypatch):
    """The files the checker reads in full, in order."""
    return count_fresh_checks(monkeypatch)


@pytest.mark.parametrize(
    "argv",
    [
        ["map", ONE],
        ["lesson", ONE, "--out", "-"],
        ["article", ONE, "--out", "-"],
        ["play", ONE, "--profile", "小明", "--choices", "1,1"],
        ["audit", "--case", ONE],
        ["audit", "--blind", ONE],
    ],
    ids=lambda argv: argv[0] + ("-" + argv[1] if argv[1].startswith("--") else ""),
)
def test_a_command_about_one_case_reads_only_that_case(argv, parsed, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FANZHA_PACE", "0")
    assert main(argv) == 0
    assert parsed == [ONE_FILE]
    assert capsys.readouterr().out  # it printed what it was asked for


@pytest.mark.cold_cache
def test_the_first_command_checks_every_case_once_and_the_next_reads_one(parsed, capsys):
    assert main(["map", ONE]) == 0
    first = list(parsed)
    assert ONE_FILE in first and len(first) > 40  # every built-in case, checked and cached
    parsed.clear()
    assert main(["map", ONE]) == 0
    assert parsed == [ONE_FILE]


def test_an_unknown_case_still_lists_the_cases_there_are(parsed, capsys):
    assert main(["map", "no-such-case"]) == 2
    err = capsys.readouterr().err
    assert "no-such-case" in err and ONE in err
    assert parsed == []
