"""`fanzha class`: start a live class on this PC (全班一起玩).

    fanzha class                              the projector view, step mode
    fanzha class --host 0.0.0.0 --case ID     pupils on the lab network join
    fanzha class --no-ui [--mode self|step] --port P --code C --results DIR

Prints the address and the join code; pupils run `fanzha join ADDRESS CODE`
(or 加入课堂 on the title screen). Results land in the results folder as
they happen, one file per pupil in the export format, read by `fanzha report`.

With `--no-ui` the first line on standard output is
{"event": "listening", "host", "port", "code"}, then every event as a JSON
line; in step mode the teacher's moves are read as JSON lines on standard
input: {"do": "case", "id": ID}, {"do": "open"}, {"do": "choose", "letter": "B"},
{"do": "reveal"}, {"do": "remove", "pupil": N}, {"do": "end"}."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from datetime import datetime
from pathlib import Path

from game.engine.untrusted import json_text
from game.cli.present_common import EXIT_USAGE
from game.engine import paths
from game.engine.library import cached_library
from game.net.live import protocol
from game.net.live.teacher import LiveClass, listen
from game.net.serve import is_loopback

DEFAULT_PORT = 8765


def results_folder(args) -> Path:
    if args.results:
        return Path(args.results)
    return paths.data_dir(args.data_dir) / "课堂成绩" / datetime.now().strftime("%Y-%m-%d")


def run(args) -> int:
    mode = args.mode or ("self" if args.no_ui else "step")
    code = protocol.normal_code(args.code) if args.code else protocol.new_code()
    if args.code and not (4 <= len(code) <= 12 and code.isalnum()):
        print("--code 要写 4 到 12 个字母或数字", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.port < 65536:
        print("--port 要在 0 到 65535 之间", file=sys.stderr)
        return EXIT_USAGE
    library = cached_library(args.scenarios, args.data_dir)
    if args.case and library.get(args.case) is None:
        print(f"没有 id 为 `{args.case}` 的剧本。", file=sys.stderr)
        return EXIT_USAGE
    if not is_loopback(args.host):
        print(
            f"注意：正在 {args.host} 上开课，同一网络里的电脑都能用课堂码加入。"
            "只在学校机房的内部网络里这样用；下课按 Ctrl+C 关掉。",
            file=sys.stderr,
        )
    folder = results_folder(args)
    if not args.no_ui:
        from game.text.plain import needs_plain

        why = needs_plain()
        if why:
            print(f"{why}，投影画面用不了：改用 --no-ui（事件按行输出 JSON）。", file=sys.stderr)
            args.no_ui = True
    if args.no_ui:
        return asyncio.run(_headless(args, mode, code, folder, library))
    return _projector(args, mode, code, folder, library)


def _projector(args, mode: str, code: str, folder: Path, library) -> int:
    """The projector view: the class is served inside the app's own loop."""
    from game.net.live.projector import ProjectorApp  # Textual only when the view is wanted

    live = LiveClass(code, mode, folder, lambda event: None, scenarios=library.scenarios, max_pupils=args.max_pupils)
    if args.case:
        live.start_case(library.get(args.case))
    shown = "这台电脑" if is_loopback(args.host) else args.host
    runner = []

    async def start() -> None:
        got, port = await listen(live, args.host, args.port)
        runner.append(got)
        app.address = f"{shown}:{port}"

    app = ProjectorApp(live, f"{shown}:{args.port}", library, start=start)
    try:
        app.run()
    except OSError as exc:
        print(f"打不开 {args.host}:{args.port}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"下课了。成绩在：{folder}", file=sys.stderr)
    return 0


async def _headless(args, mode: str, code: str, folder: Path, library) -> int:
    def emit(event: dict) -> None:
        sys.stdout.write(json_text(event) + "\n")  # names from the network: escaped, never raw
        sys.stdout.flush()

    live = LiveClass(code, mode, folder, emit, scenarios=library.scenarios, max_pupils=args.max_pupils)
    try:
        runner, port = await listen(live, args.host, args.port)
    except OSError as exc:
        print(f"打不开 {args.host}:{args.port}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    emit({"event": "listening", "host": args.host, "port": port, "code": code, "mode": mode,
          "results": str(folder)})
    if args.case:
        live.start_case(library.get(args.case))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises instead
            pass
    commands = asyncio.create_task(_commands(live, library, emit, stop))
    try:
        await stop.wait()
    finally:
        commands.cancel()
        await live.close()
        await runner.cleanup()
    emit({"event": "closed", "pupils": len(live.pupils)})
    return 0


async def _commands(live: LiveClass, library, emit, stop: asyncio.Event) -> None:
    """The teacher's moves as JSON lines on standard input."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return  # no more moves; the class goes on until it is stopped
        try:
            cmd = json.loads(line)
            if not isinstance(cmd, dict):
                raise ValueError("not an object")
            await _do(live, library, cmd, stop)
        except (ValueError, KeyError, TypeError) as exc:
            emit({"event": "error", "reason": str(exc)[:200]})


async def _do(live: LiveClass, library, cmd: dict, stop: asyncio.Event) -> None:
    what = cmd.get("do")
    if what == "case":
        scenario = library.get(str(cmd.get("id", "")))
        if scenario is None:
            raise ValueError(f"没有 id 为 {cmd.get('id')} 的剧本")
        live.start_case(scenario)
    elif what == "open":
        await live.open_decision()
    elif what == "choose":
        await live.choose(str(cmd.get("letter", "")).upper())
    elif what == "reveal":
        await live.reveal()
    elif what == "remove":
        if not await live.remove(int(cmd.get("pupil", 0))):
            raise ValueError("没有这个学生")
    elif what == "status":
        live.emit({"event": "status", "online": live.online_count(),
                   "pupils": [{"pupil": p.number, "name": p.name, "class": p.class_name, "online": p.online,
                               "results": p.results} for p in live.pupils.values()]})
    elif what == "end":
        stop.set()
    else:
        raise ValueError(f"不认识的命令 {str(what)[:20]}")
