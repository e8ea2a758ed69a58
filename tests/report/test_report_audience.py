"""Who a profile is, on the command line and in exports: `--audience` wherever
a profile is made, `student.audience` in the export, and an export from
before audiences read as 小学."""

from __future__ import annotations

import copy
import json

import pytest

from game.cli import build_parser, main
from game.progress.store import Store
from game.results import exports as results

from ..store.helpers import FIXTURE_SCENARIOS

FIX = ["--scenarios", str(FIXTURE_SCENARIOS)]


def test_every_command_that_makes_a_profile_takes_audience_and_export_does_not():
    parser = build_parser()
    for argv in (["play", "x"], ["quiz"], ["join", "127.0.0.1:1", "CODE"]):
        assert parser.parse_args([*argv, "--audience", "家长"]).audience == "家长"
        with pytest.raises(SystemExit):
            parser.parse_args([*argv, "--audience", "大学"])
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--audience", "小学"])


def test_audience_on_the_command_line_makes_and_changes_a_profile(capsys):
    assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", "小刚", "--audience", "中学"]) == 0
    assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", "小红"]) == 0
    assert main(["quiz", *FIX, "--profile", "李妈妈", "--audience", "家长", "--answers", "s"]) == 2  # a short answer
    with Store.open() as store:
        assert {p.name: p.audience for p in store.profiles()} == {"小刚": "中学", "小红": "小学", "李妈妈": "家长"}
    assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", "小红", "--audience", "中学"]) == 0
    with Store.open() as store:
        assert store.find_profiles("小红")[0].audience == "中学"
    capsys.readouterr()
    assert main(["play", "tfx-type-1", *FIX, "--choices", "2", "--audience", "中学"]) == 2
    assert "--audience 要和 --profile 一起用" in capsys.readouterr().err


def test_the_export_says_who_and_an_old_export_reads_as_primary(capsys):
    main(["play", "tfx-type-1", *FIX, "--choices", "2", "--profile", "王老师", "--audience", "教职工"])
    capsys.readouterr()
    assert main(["export", *FIX, "--profile", "王老师", "--out", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["student"]["audience"] == "教职工"
    assert results.parse(json.dumps(doc, ensure_ascii=False)).audience == "教职工"
    old = copy.deepcopy(doc)
    del old["student"]["audience"]  # fanzha-results/1 as written before audiences
    assert results.parse(json.dumps(old, ensure_ascii=False)).audience == "小学"
    for bad in ("大学", 3, None):
        spoiled = copy.deepcopy(doc)
        spoiled["student"]["audience"] = bad
        with pytest.raises(results.ExportError, match="student.audience 应该是小学、中学、教职工、家长之一"):
            results.parse(json.dumps(spoiled, ensure_ascii=False))
