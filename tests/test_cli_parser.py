"""The command line: global options before or after the command, in Chinese."""

from __future__ import annotations

import pytest

from game.cli import build_parser, main
from game.cli.parser import translate


def parse(*argv):
    return build_parser().parse_args(list(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "D", "check"],
        ["check", "--data-dir", "D"],
        ["--data-dir", "OLD", "check", "--data-dir", "D"],  # after the command wins
    ],
)
def test_data_dir_before_or_after_the_command(argv):
    assert parse(*argv).data_dir == "D"


def test_scenario_folders_add_up():
    args = parse("--scenarios", "A", "map", "x", "--scenarios", "B", "--scenarios", "C")
    assert args.scenarios == ["A", "B", "C"]
    assert not any(name.startswith("sub_") for name in vars(args))


def test_plain_before_or_after_play():
    assert parse("--plain", "play", "x").plain
    assert parse("play", "x", "--plain").plain
    assert not parse("play", "x").plain


def test_data_dir_before_the_command_is_where_progress_lands(tmp_path, capsys):
    """The bug: `fanzha --data-dir D check` printed the default folder."""
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    assert str(tmp_path) in capsys.readouterr().out


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：fanzha")
    assert "显示这段说明" in out and "命令" in out
    for english in ("usage:", "show this help", "options", "positional arguments"):
        assert english not in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["map"], "缺少必填的参数：SCENARIO_ID"),
        (["map", "x", "--format", "pdf"], "没有 pdf 这个选项（可选：text, mermaid, dot）"),
        (["tip", "--days", "many"], "参数 --days：many 不是有效的整数"),
        (["--nope"], "不认识这些参数：--nope"),
        (["lesson", "x", "--out"], "参数 --out：后面要跟一个值"),
        (["nosuch"], "没有 nosuch 这个选项"),
    ],
)
def test_errors_are_in_chinese(capsys, argv, expected):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert "error:" not in err and "usage:" not in err and "用法：" in err


def test_an_unknown_message_is_kept():
    assert translate("something new in Python 3.14") == "something new in Python 3.14"
