"""The `fanzha` command line: parses arguments and hands off to one command module."""

from __future__ import annotations

import argparse
import sys

from . import __version__


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scenarios", action="append", default=[], metavar="DIR",
        help="也从这个文件夹加载剧本（可重复）",
    )
    p.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认 $FANZHA_HOME 或系统用户数据目录）")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _common(common)
    parser = argparse.ArgumentParser(
        prog="fanzha", parents=[common],
        description="反诈大冒险：在终端里玩的防电信网络诈骗文字冒险。不带参数直接开始游戏。",
    )
    parser.add_argument("--version", action="version", version=f"fanzha {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", parents=[common], help="直接打开一个剧本")
    play.add_argument("scenario", metavar="SCENARIO_ID")

    check = sub.add_parser("check", parents=[common], help="检查剧本文件，报告所有问题")
    check.add_argument("paths", nargs="*", metavar="PATH", help="剧本文件或文件夹（默认：内置和你自己的剧本）")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.add_argument("--strict", action="store_true", help="有警告也算失败")
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Chinese text must not die on a GBK or ASCII console.
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - exotic streams
                pass
    args = build_parser().parse_args(argv)
    if args.command == "check":
        from .commands.check import run
    else:
        from .commands.play import run
    try:
        return run(args)
    except BrokenPipeError:  # `fanzha check --json | head` is fine
        return 0
