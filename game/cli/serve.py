"""`fanzha serve [--host 127.0.0.1] [--port 8000]`: the game in a browser.

Loopback only unless another address is asked for (and then a warning).
Each browser tab is its own game, saving to the same data folder as the
terminal game; it first asks who is playing (a name, or 匿名 for that tab
alone) and never takes or changes the PC's current profile. Add
`?fontsize=28` to the address for a projector."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from game.engine.library import cached_library
from game.net.serve import FanzhaServer, app_command, app_environment, is_loopback


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def check_cases_once(data_dir: str | None, scenarios: list[str]) -> None:
    """Check the cases, and make the progress file, before any tab opens.
    Each game lists the cases from the check cache this writes; without it,
    forty tabs opened at once would each check every file at the same moment
    (half a second of CPU apiece), and the class would wait for that instead
    of for its first screens."""
    try:
        cached_library(scenarios, data_dir)
    except Exception:  # a game meets the same problem and tells the pupil in Chinese
        pass
    # The progress file too, made once here: forty tabs answering "who is
    # playing?" at the same moment then open a file that exists, instead of
    # racing to create it.
    from game.progress.store import Store

    Store.open(data_dir).close()  # never raises: a folder that cannot be written is each game's to say


def check_cases_apart(data_dir: str | None, scenarios: list[str]) -> None:
    """`check_cases_once` in a process of its own: the parsed cases are then
    not kept for the whole lesson by the server, which only relays screens."""
    probe = "import json, sys; from game.cli.serve import check_cases_once; check_cases_once(*json.loads(sys.argv[1]))"
    try:
        subprocess.run([sys.executable, "-c", probe, json.dumps([data_dir, scenarios])],
                       capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):  # the games check for themselves, as before
        pass


def run(args) -> int:
    host, port = args.host, args.port
    if not 0 < port < 65536:
        print("--port 要在 1 到 65535 之间", file=sys.stderr)
        return 2
    folders = (str(Path(args.data_dir).resolve()) if args.data_dir else None, [str(Path(f).resolve()) for f in args.scenarios])
    if args.per_host < 1:
        print("--per-host 至少是 1", file=sys.stderr)
        return 2
    server = FanzhaServer(
        app_command(args.data_dir, args.scenarios), host, port, extra_env=app_environment(args.data_dir), folders=folders,
        per_host=args.per_host,
    )
    lines = ["准备好了。"]
    if is_loopback(host):
        lines.append(f"在这台电脑的浏览器里打开：http://{_url_host(host)}:{port}/")
    else:
        everywhere = host in ("0.0.0.0", "::", "")
        local = "127.0.0.1" if everywhere else _url_host(host)
        print(
            f"注意：正在 {host} 上提供游戏，同一网络里的其他电脑也能打开它。"
            "只在学校机房或教室的内部网络里这样用；用完按 Ctrl+C 关掉。",
            file=sys.stderr,
        )
        lines.append(f"这台电脑：http://{local}:{port}/")
        if everywhere:
            lines.append(f"其他电脑：http://<这台电脑的 IP 地址>:{port}/")
    lines += [
        f"投影时字太小？在地址后面加 ?fontsize=28（8 到 72，默认 16），例如 http://127.0.0.1:{port}/?fontsize=28",
        "每个浏览器标签页先问是谁在玩（写名字，或者匿名），各玩各的；进度存在和终端版相同的数据文件夹里。",
        "按 Ctrl+C 停止。",
    ]
    print("反诈大冒险 · 网页版：正在准备……", flush=True)
    check_cases_apart(folders[0], folders[1])
    try:
        # The address once it can be opened: the port listens and the games are warm.
        server.serve(listening=lambda: print("\n".join(lines), flush=True))
    except OSError as exc:
        print(f"打不开 {host}:{port}：{exc.strerror or exc}。换一个端口试试，例如 --port {port + 1 if port < 65535 else 8001}", file=sys.stderr)
        return 1
    return 0
