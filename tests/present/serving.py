"""Starting `python -m game serve` for a test, talking to it like the page does,
and counting the processes it leaves (and their memory). `bench/serve_load.py`
uses the same pieces for forty tabs at once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TITLE_TEXTS = ("反 诈 大 冒 险", "反诈大冒险")
WHO_TEXTS = ("谁在玩",)  # a tab's first screen: who is playing?
PLAYER_TEXTS = ("玩家：",)  # the title, once the tab's player is known
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}: {proc.stderr.read().decode('utf-8', 'replace') if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


@contextmanager
def served(data_dir: Path, *extra: str, port: int | None = None, quiet: bool = False, wait: bool = True):
    """`python -m game serve --port P` in a subprocess; yields (proc, port)
    once it listens (at once without `wait`). Stopped with Ctrl+C (SIGINT)
    like a teacher would, killed if it lingers. `quiet`: its output is
    dropped, not kept (a long load test would fill the pipe)."""
    port = port or free_port()
    env = dict(os.environ, FANZHA_HOME=str(data_dir), PYTHONIOENCODING="utf-8")
    cmd = [sys.executable, "-m", "game", "serve", "--port", str(port), *extra]
    out = subprocess.DEVNULL if quiet else subprocess.PIPE
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        if wait:
            wait_for_port(port, proc)
        yield proc, port
    finally:
        if proc.poll() is None:
            if os.name == "nt":
                proc.terminate()
            else:
                proc.send_signal(signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def screen_text(data: bytes) -> str:
    """What a terminal would show, roughly: the bytes without escape codes."""
    return _ANSI.sub("", data.decode("utf-8", "replace"))


def page_origin(port: int) -> str:
    """The Origin a browser sends from the game's own page on this computer."""
    return f"http://127.0.0.1:{port}"


async def open_game(session, port: int, width: int = 100, height: int = 30, timeout: float = 30.0):
    """Connect like the page: from its origin, the size in the address, then a
    resize message; read until the title screen's text arrives. Returns (ws,
    bytes read)."""
    ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width={width}&height={height}", origin=page_origin(port))
    await ws.send_str(json.dumps(["resize", {"width": width, "height": height}]))
    data = await read_until(ws, TITLE_TEXTS, timeout)
    return ws, data


async def read_until(ws, texts, timeout: float) -> bytes:
    import aiohttp

    buf = b""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        left = deadline - loop.time()
        if left <= 0:
            raise AssertionError(f"no {texts[0]!r} within {timeout} s; got {screen_text(buf)[-300:]!r}")
        msg = await ws.receive(timeout=left)
        if msg.type == aiohttp.WSMsgType.BINARY:
            buf += msg.data
            shown = screen_text(buf)
            if any(t in shown for t in texts):
                return buf
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"the websocket closed before the title screen: {screen_text(buf)[-300:]!r}")


def can_count_processes() -> str | None:
    """None when descendants() works here, else the reason it does not."""
    try:
        import psutil  # noqa: F401

        return None
    except ImportError:
        pass
    if sys.platform.startswith("linux") and Path("/proc/self/status").exists():
        return None
    return "counting child processes needs psutil or Linux's /proc"


def process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident KiB) of every live process, from Linux's
    /proc (zombies are not counted as alive)."""
    table: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("State", "").strip().startswith("Z"):
            continue
        rss = fields.get("VmRSS", "0 kB").split()[0]
        try:
            table[int(entry.name)] = (int(fields.get("PPid", "0").strip()), int(rss) if rss.isdigit() else 0)
        except ValueError:
            continue
    return table


def _below(table: dict[int, tuple[int, int]], pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        kids = [p for p, (pp, _) in table.items() if pp == parent]
        out += kids
        todo += kids
    return out


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (zombies are not counted as alive)."""
    try:
        import psutil

        try:
            return [p.pid for p in psutil.Process(pid).children(recursive=True) if p.status() != psutil.STATUS_ZOMBIE]
        except psutil.NoSuchProcess:
            return []
    except ImportError:
        pass
    return _below(process_table(), pid)


def tree_memory(pid: int) -> tuple[int, int, int] | None:
    """(KiB of `pid`, KiB of all its live descendants, how many), or None
    where memory cannot be read (no psutil and no /proc)."""
    try:
        import psutil

        try:
            root = psutil.Process(pid)
            kids = [p for p in root.children(recursive=True) if p.status() != psutil.STATUS_ZOMBIE]
            return root.memory_info().rss // 1024, sum(p.memory_info().rss for p in kids) // 1024, len(kids)
        except psutil.Error:
            return None
    except ImportError:
        pass
    if not Path("/proc/self/status").exists():
        return None
    table = process_table()
    if pid not in table:
        return None
    kids = _below(table, pid)
    return table[pid][1], sum(table[k][1] for k in kids), len(kids)


def _runs_zygote(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        try:
            import psutil

            cmdline = " ".join(psutil.Process(pid).cmdline()).encode()
        except Exception:
            return False
    return b"game.net.zygote" in cmdline


def _parent(pid: int) -> int:
    try:
        import psutil

        return psutil.Process(pid).ppid()
    except ImportError:
        return process_table().get(pid, (0, 0))[0]
    except Exception:
        return 0


def is_warm_parent(pid: int) -> bool:
    """The server's warm parent (game/net/zygote.py) lives as long as the
    server: it is not a game. Its forks share its command line, so it is the
    one whose own parent is not a warm parent."""
    return _runs_zygote(pid) and not _runs_zygote(_parent(pid))


def games(pid: int) -> list[int]:
    """The games below the server: its descendants but the warm parent."""
    return [p for p in descendants(pid) if not is_warm_parent(p)]


def private_and_shared(pid: int) -> tuple[int, int] | None:
    """(USS, PSS) of a process in KiB: the memory only it holds, and its fair
    share of what it shares (Linux's smaps_rollup), or None where unreadable."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8")
    except OSError:
        return None
    fields = {}
    for line in text.splitlines()[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            fields[name.strip()] = int(parts[0])
    return fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0), fields.get("Pss", 0)


def cpu_seconds(pid: int) -> float | None:
    """The CPU time (user + system) a process has used, or None where unreadable."""
    try:
        import psutil

        times = psutil.Process(pid).cpu_times()
        return times.user + times.system
    except ImportError:
        pass
    except Exception:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_no_children(pid: int, timeout: float = 20.0) -> list[int]:
    """Wait until no game is left below the server; return those still there."""
    deadline = time.monotonic() + timeout
    left = games(pid)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = games(pid)
    return left
