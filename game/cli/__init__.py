"""The `fanzha` command line: parses arguments and hands off to one command module."""

from __future__ import annotations

import argparse
import importlib
import sys

from game import __version__
from game.cli.parser import ChineseParser
from game.engine.vocab import AUDIENCES  # plain data: the parser stays light

# Options every command takes, before or after its name. After the command
# they land in `sub_*` and are merged by FanzhaParser: a later --data-dir wins,
# --scenarios folders add up.
GLOBAL = ("scenarios", "data_dir", "plain")


def _common(p: argparse.ArgumentParser, prefix: str = "") -> None:
    p.add_argument(
        "--scenarios", dest=f"{prefix}scenarios", action="append", default=[], metavar="DIR",
        help="也从这个文件夹加载剧本（可重复）",
    )
    p.add_argument("--data-dir", dest=f"{prefix}data_dir", metavar="DIR", help="数据文件夹（默认 $FANZHA_HOME 或系统用户数据目录）")


class FanzhaParser(ChineseParser):
    """The top-level parser: merges the global options given after the command."""

    def parse_known_args(self, args=None, namespace=None):
        ns, extra = super().parse_known_args(args, namespace)
        if hasattr(ns, "scenarios"):  # the top level, not a subcommand's own parse
            ns.scenarios = list(ns.scenarios) + list(getattr(ns, "sub_scenarios", []) or [])
            if getattr(ns, "sub_data_dir", None) is not None:
                ns.data_dir = ns.sub_data_dir
            ns.plain = bool(ns.plain or getattr(ns, "sub_plain", False))
            for name in GLOBAL:
                if hasattr(ns, f"sub_{name}"):
                    delattr(ns, f"sub_{name}")
        return ns, extra


def _profile_args(p: argparse.ArgumentParser, help_text: str, creates: bool = True) -> None:
    p.add_argument("--profile", metavar="NAME", help=help_text)
    p.add_argument("--class", dest="class_name", metavar="CLASS", help="档案的班级（同名的学生用它区分）")
    if creates:
        p.add_argument(
            "--audience", choices=tuple(AUDIENCES), metavar="WHO",
            help="档案是谁：小学（默认）、中学、教职工、家长；决定要玩哪些案例、做哪份辨一辨（已有的档案会改成这个）",
        )


def build_parser() -> argparse.ArgumentParser:
    common = ChineseParser(add_help=False)
    _common(common, prefix="sub_")
    parser = FanzhaParser(
        prog="fanzha",
        description="反诈大冒险：在终端里玩的防电信网络诈骗文字冒险。不带参数直接开始游戏。",
        epilog="--scenarios、--data-dir、--plain 写在命令前面或后面都可以（都写了，以后面的为准；--scenarios 的文件夹都算）。",
    )
    _common(parser)
    parser.add_argument("--version", action="version", version=f"fanzha {__version__}", help="显示版本号")
    parser.add_argument("--plain", action="store_true", help="不用全屏界面：一行一行显示故事，从键盘读选择（读屏软件、简单终端）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令", parser_class=ChineseParser)

    play = sub.add_parser("play", parents=[common], help="直接打开一个剧本")
    play.add_argument("scenario", metavar="SCENARIO_ID")
    play.add_argument(
        "--choices", metavar="PATH",
        help="不打开界面，按这条路径走完并打印过程：选项编号用逗号隔开（从 1 数起），"
        "表单写 text:内容，flag:K 把刚走到的这一段的第 K 句话标记为可疑，例如 2,flag:1,1,text:123456；"
        "写 - 则从标准输入一行读一步",
    )
    play.add_argument(
        "--json", action="store_true",
        help="配合 --choices：只输出一个 JSON 对象（结局、找出/漏掉/标错的危险信号、算不算识破）",
    )
    _profile_args(play, "把结果记到这个档案（没有就新建）")
    play.add_argument("--resume", action="store_true", help="从这个档案上次停下的地方接着走")
    play.add_argument("--plain", dest="sub_plain", action="store_true", help="不用全屏界面：一行一行显示故事，从键盘读选择")

    export = sub.add_parser("export", parents=[common], help="把一个学生的成绩导出成 JSON 文件")
    _profile_args(export, "导出哪个档案（默认：当前档案）", creates=False)
    export.add_argument("--out", metavar="FILE", help="写到这个文件（- 表示输出到屏幕；配合 --all 是文件夹）")
    export.add_argument("--all", action="store_true", help="导出这台电脑上的所有档案，每人一个文件")

    report = sub.add_parser("report", parents=[common], help="汇总导出的成绩，生成班级报告")
    report.add_argument("paths", nargs="+", metavar="PATH", help="成绩文件或放成绩文件的文件夹")
    report.add_argument("--json", action="store_true", help="输出 JSON")
    report.add_argument("--html", metavar="FILE", help="另外写一个可以打印的网页报告")
    report.add_argument("--csv", metavar="FILE", help="另外写一个表格文件（每个学生一行）")
    report.add_argument(
        "--compare", metavar="PATH", action="append", default=[],
        help="和去年（或上学期）导出的成绩比一比：无诈班级评选和“同比下降”目标用（可重复）",
    )

    quiz = sub.add_parser("quiz", parents=[common], help="辨一辨：玩之前和玩之后的小测验")
    _profile_args(quiz, "谁来做（默认：当前档案）")
    quiz.add_argument("--sitting", choices=("before", "after"), help="前测 before 或后测 after（默认：现在该做的那次）")
    quiz.add_argument("--answers", metavar="ANSWERS", help="一次交全卷：每题 s（骗局）或 g（真消息），如 sgsgss…")
    quiz.add_argument("--json", action="store_true", help="输出 JSON：不带 --answers 时开始这次测验并列出题目（按这次的顺序），带 --answers 时给出每题对错")

    kit = sub.add_parser("kit", parents=[common], help="做一个离线安装包（U 盘）：机房电脑不联网也能装")
    kit.add_argument("--out", required=True, metavar="DIR", help="把安装包放进这个文件夹")
    kit.add_argument("--platform", action="append", choices=("win_amd64", "manylinux_x86_64", "manylinux_aarch64"),
                     help="只做这个平台的（可重复；默认三个都做）")
    kit.add_argument("--python", action="append", choices=("3.10", "3.11", "3.12", "3.13"),
                     help="只做这个 Python 版本的（可重复；默认 3.10～3.13）")

    sub.add_parser("doctor", parents=[common], help="检查这台电脑能不能玩：给学校信息老师看的体检报告")

    check = sub.add_parser("check", parents=[common], help="检查剧本文件，报告所有问题")
    check.add_argument("paths", nargs="*", metavar="PATH", help="剧本文件或文件夹（默认：内置和你自己的剧本）")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.add_argument("--strict", action="store_true", help="有警告也算失败")
    check.add_argument("--table", action="store_true", help="输出一张 Markdown 表：剧本、类型、对象、渠道、选择点、结局、规则")

    live = sub.add_parser("class", parents=[common], help="全班一起玩：开一节课，学生的电脑用课堂码加入，成绩自动收上来（老师用）")
    live.add_argument("--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1；机房里写这台电脑的局域网地址或 0.0.0.0）")
    live.add_argument("--port", type=int, default=8765, help="端口（默认 8765；0 表示随便找一个空的）")
    live.add_argument("--code", metavar="CODE", help="课堂码（默认随机生成 6 位）")
    live.add_argument("--mode", choices=("step", "self"), help="step：老师带着全班一步步投票（默认）；self：各自玩，成绩自动收上来")
    live.add_argument("--case", metavar="SCENARIO_ID", help="step 模式一开始就演示这个剧本")
    live.add_argument("--results", metavar="DIR", help="成绩放到这个文件夹（默认：数据文件夹里的 课堂成绩/日期）")
    live.add_argument("--max-pupils", type=int, default=60, metavar="N", help="最多多少个学生（默认 60）")
    live.add_argument("--no-ui", action="store_true", help="不打开投影画面：事件按行输出 JSON（脚本、测试用）")

    join = sub.add_parser("join", parents=[common], help="加入老师开的课（全班一起玩）")
    join.add_argument("address", metavar="ADDRESS", help="老师电脑的地址:端口，例如 192.168.1.20:8765")
    join.add_argument("code", metavar="CODE", help="老师给的课堂码")
    _profile_args(join, "用哪个档案加入（没有就新建）")
    join.add_argument("--play", metavar="SCENARIO_ID", help="各自玩的课：在这里玩这个剧本，然后交成绩")
    join.add_argument("--choices", metavar="PATH", help="不打开界面：各自玩时是选项路径（同 fanzha play），老师带着走时是每次的投票（A,B… 可加 flag:K）")

    audit = sub.add_parser("audit", parents=[common], help="剧本质量体检：句子长短、乱按能否过关、读者判断（写剧本的老师用）")
    audit.add_argument("--json", action="store_true", help="输出 JSON")
    audit.add_argument("--case", action="append", metavar="SCENARIO_ID",
                       help="只看这个剧本的数字（可重复）")
    audit.add_argument("--sentences", action="store_true",
                       help="和 --case 一起用：再列出它太长的句子（句子来自消息，盲读的读者别加）")
    audit.add_argument("--blind", metavar="SCENARIO_ID", help="只列出一个剧本每个选择点的选项（不看消息），给读者判断")
    _classroom(sub, common)
    return parser


def _classroom(sub, common: argparse.ArgumentParser) -> None:
    """In front of the class: the story map, the lesson pack, the daily tip,
    the pledge and the browser version (game/cli/{map,lesson,tip,pledge,serve}.py)."""
    story_map = sub.add_parser("map", parents=[common], help="打印一个剧本的故事地图（讲义、幻灯片用）")
    story_map.add_argument("scenario", metavar="SCENARIO_ID")
    story_map.add_argument("--format", choices=("text", "mermaid", "dot"), default="text", help="text（默认）、mermaid 或 dot")
    story_map.add_argument("--path", metavar="IDS", help="把走过的路标出来：节点 id 用逗号隔开，从开头写起")
    story_map.add_argument("--out", metavar="FILE", help="写到这个文件（默认打印到屏幕）")

    present = sub.add_parser("present", parents=[common], help="投影演示：全班一起讨论、投票，可以退回去走另一条路（老师用）")
    present.add_argument("scenario", nargs="?", metavar="SCENARIO_ID", help="直接演示这个剧本（不写就从标题页选）")

    lesson = sub.add_parser("lesson", parents=[common], help="以案说法：一个剧本的班会教案（可打印）")
    lesson.add_argument("scenario", metavar="SCENARIO_ID")
    lesson.add_argument("--out", metavar="FILE", help="写成 .html（可直接打印）或 .md 文件（默认 Markdown 打印到屏幕）")

    article = sub.add_parser("article", parents=[common], help="以案说法：每周一篇反诈文章（公众号、学校网站用）")
    article.add_argument("scenario", metavar="SCENARIO_ID")
    article.add_argument("--out", metavar="FILE", help="写成 .html（内联样式，可粘贴到公众号编辑器、可打印）或 .md 文件（默认 Markdown 打印到屏幕）")

    tip = sub.add_parser("tip", parents=[common], help="今天发到班级群的反诈提醒")
    tip.add_argument("--date", metavar="YYYY-MM-DD", help="哪一天的提醒（默认今天）")
    tip.add_argument("--days", type=int, default=1, metavar="N", help="从那天起连续 N 天（--days 30 提前准备一个月）")

    pledge = sub.add_parser("pledge", parents=[common], help="班级防诈倡议书（可打印的网页）")
    pledge.add_argument("--class", dest="class_name", metavar="NAME", help="班级名称，例如 四（1）班")
    pledge.add_argument("--names", metavar="FILE", help="签名名单：一行一个名字（不给就留空白签名线）")
    pledge.add_argument("--out", metavar="FILE", help="写到这个 .html 文件（默认打印到屏幕）")

    serve = sub.add_parser("serve", parents=[common], help="在浏览器里玩（投影仪、没有终端的机房电脑）")
    serve.add_argument("--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1，只有本机能打开）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument(
        "--per-host", type=int, default=10, metavar="N",
        help="别的每台电脑最多同时开几局（默认 10；这台电脑自己的浏览器不限）",
    )


# Commands whose names are Python keywords or too short to name a module.
MODULES = {"class": "live_class", "join": "live_join"}


def main(argv: list[str] | None = None) -> int:
    from game.cli import faults, streams

    streams.prepare()
    args = build_parser().parse_args(argv)
    # Each subcommand is a module game/cli/<name>.py with run(args);
    # imported only when used, so `fanzha check` never loads Textual.
    name = args.command or "play"
    run = importlib.import_module(f"game.cli.{MODULES.get(name, name)}").run
    try:
        code = run(args)
        sys.stdout.flush()  # a full disk under `> file` shows here, not after exit
        return code
    except BrokenPipeError:  # `fanzha check --json | head` is fine
        faults.silence_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - only the machine's faults are answered; the rest re-raised
        message = faults.explain(exc)
        if message is None:
            raise
        faults.silence_stdout()
        print(message, file=sys.stderr)
        return faults.EXIT_FAULT
