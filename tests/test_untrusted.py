"""Issue #15, case 1: text from files and players stays text. `check` refuses
control, direction-changing and zero-width characters in scenarios (with line
and column; the files in fixtures/bad/hidden-*.yaml); everything printed from
a file shows them as 〔U+XXXX〕 instead of passing them to the terminal."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest

from game.cli import main
from game.engine.library import load_file, load_library
from game.engine.play import Playthrough
from game.engine.untrusted import hidden, json_text, visible, visible_line
from game.text.plain import PlainGame

from .conftest import FIXTURES

FULL = FIXTURES / "engine" / "full.yaml"
# ESC ] 0 ; … BEL sets the window's title; ESC ] 52 writes the clipboard;
# U+202E shows what follows reversed; U+200B is invisible; NUL ends C strings.
NASTY = "\x1b]0;pwned\x07\x1b]52;c;aGk=\x07\u202eevil\u200bx\x00\x85"
RAW = ("\x1b", "\x07", "\u202e", "\u200b", "\x00", "\x85")


def assert_shown(text: str) -> None:
    for ch in RAW:
        assert ch not in text, f"{ch!r} printed raw"
    assert "〔U+001B〕" in text and "〔U+202E〕" in text


def test_visible_shows_every_hidden_character_and_keeps_lines():
    assert visible("第一行\n\t第二行") == "第一行\n\t第二行"
    shown = visible(NASTY)
    assert_shown(shown)
    assert shown.count("〔U+") == len(hidden(NASTY)) == 8
    assert visible_line("李\n明\t") == "李〔U+000A〕明〔U+0009〕"
    assert visible("[bold]小明[/bold] ¥5 ✔") == "[bold]小明[/bold] ¥5 ✔"  # only hidden ones change


def test_json_text_escapes_hidden_characters_and_keeps_the_data():
    doc = {"name": NASTY, "list": ["\u2066x\u2069"], "n": 1}
    text = json_text(doc, indent=2)
    for ch in RAW + ("\u2066",):
        assert ch not in text
    assert json.loads(text) == doc


def _scenario_file(tmp_path, **replace: str):
    text = FULL.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_refuses_an_escaped_control_character_and_quotes_ids_visibly(tmp_path, capsys):
    # A choice pointing at a node whose id hides OSC 0: the message quotes it.
    path = _scenario_file(tmp_path, **{"to: task": 'to: "task\\e]0;pwned\\a"'})
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out, out
    assert "转义写出来的控制字符 ESC" in out and "〔U+001B〕" in out
    assert "不存在的节点" in out


def test_check_json_carries_hidden_characters_only_as_escapes(tmp_path, capsys):
    path = _scenario_file(tmp_path, **{"to: task": 'to: "task\\u202e"'})
    assert main(["check", str(path), "--json"]) == 1
    out = capsys.readouterr().out
    assert "\u202e" not in out
    messages = [e["message"] for e in json.loads(out)["errors"]]
    assert any("task\u202e" in m for m in messages)  # the same data, escaped


def test_a_refused_scenario_cannot_be_played_or_printed(tmp_path, capsys):
    folder = tmp_path / "cases"
    folder.mkdir()
    _scenario_file(tmp_path, **{"text: 点赞一次返 3 元！": 'text: "点赞一次返 3 元！\\e]0;pwned\\a\\u202e"'}).rename(folder / "evil.yaml")
    code = main(["play", "bench-full", "--scenarios", str(folder), "--choices", "1,2"])
    captured = capsys.readouterr()
    assert code == 2 and "没有 id 为 `bench-full` 的剧本" in captured.err
    for cmd in (["map", "bench-full"], ["lesson", "bench-full"]):
        assert main([*cmd, "--scenarios", str(folder)]) == 2
        captured = capsys.readouterr()
        assert "\x1b" not in captured.out + captured.err


def _evil(scenario):
    """The scenario with hidden characters in its story, as if a check had
    been skipped: the faces must still show them, not pass them on."""
    nodes = dict(scenario.nodes)
    start = nodes[scenario.start]
    first = dataclasses.replace(start.messages[0], text=start.messages[0].text + NASTY)
    nodes[scenario.start] = dataclasses.replace(start, messages=(first, *start.messages[1:]))
    return dataclasses.replace(scenario, title=scenario.title + NASTY, nodes=nodes)


def test_the_plain_game_shows_hidden_characters():
    lib = load_library([(FIXTURES / "engine", "test")])
    out = io.StringIO()
    PlainGame(lib, None, out=out, inp=io.StringIO("q\n")).play(Playthrough(_evil(lib.get("bench-full"))))
    assert_shown(out.getvalue())


def test_play_choices_shows_hidden_characters(capsys, monkeypatch):
    from game.cli import play

    scenario = _evil(load_file(FULL).scenario)
    args = type("Args", (), {"choices": "1,2", "profile": None, "resume": False, "data_dir": None})()
    assert play.run_path(args, None, scenario) == 0
    assert_shown(capsys.readouterr().out)


def test_the_full_screen_game_shows_hidden_characters():
    pytest.importorskip("textual")
    from game.ui.words import lit

    assert_shown(lit(NASTY).plain)
    assert_shown(lit(NASTY, "bold").plain)


def test_pledge_names_are_shown_not_obeyed(tmp_path, capsys):
    names = tmp_path / "名单.txt"
    names.write_text(f"小明\n小红{NASTY}\n", encoding="utf-8")
    assert main(["pledge", "--class", "四（1）班", "--names", str(names)]) == 0
    out = capsys.readouterr().out
    assert "小明" in out and "小红〔U+001B〕" in out
    for ch in RAW:
        assert ch not in out, repr(ch)
