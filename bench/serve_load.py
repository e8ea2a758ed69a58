"""A class of forty browser tabs on `fanzha serve` at once.

    python bench/serve_load.py                 # 40 tabs, warm (forked) games beside fresh ones
    python bench/serve_load.py --clients 10    # fewer, for a smoke run
    python bench/serve_load.py --mode fork     # only the warm start

Starts `python -m game serve` on a free loopback port (with an empty data
folder) and waits until it listens (it opens its port once its games can
start: the cases checked, the warm parent ready; that time is printed too).
Then it connects N websockets at the same moment the way the page does (the
size in the address, then a resize message), and waits until every one has
received its first screen: "who is playing?" (谁在玩), the first thing a pupil
can act on. Then it waits until the games have gone quiet and reads each
one's CPU and memory again; then every pupil answers at the same moment
(匿名, Esc) and it waits until every tab shows the title with its player, and
reads them once more. Last it closes them all and checks that no game process
is left behind.

The floor is one bare Textual app's start (bench/floor_app.py: a fresh
interpreter, one Static, exit after the first paint), measured in the same run
(median of five): "all first screens" is reported as a multiple of it. Each
game's own memory is its USS (what only it holds) and PSS (its share of what
it shares with the other games and the warm parent), from Linux's
smaps_rollup, taken when every tab has its screen.

Bounded: at most 80 tabs (the server's cap), 180 s in all. Prints the time to
the first screen (fastest, median, slowest, all of them), and the memory of the
server and its game processes, sampled every 0.1 s (resident set; Linux /proc
or psutil). Nothing here is a test; the result goes into BENCHMARKS.md."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The server, the page's client and the process counting are the tests' own
# (tests/present/serving.py): what the load test measures is what they check.
from tests.present.serving import (  # noqa: E402
    PLAYER_TEXTS,
    WHO_TEXTS,
    cpu_seconds,
    games,
    is_warm_parent,
    page_origin,
    descendants,
    private_and_shared,
    read_until,
    served,
    tree_memory,
)

MAX_CLIENTS = 80
TOTAL_TIMEOUT = 180.0
SETTLE_TIMEOUT = 30.0
SETTLED_CPU = 0.002  # s of CPU a game may use in half a second and count as quiet (a blinking cursor)


# -- the tabs -------------------------------------------------------------------
class Tab:
    """One browser tab: connects like the page, reads its screens, answers
    when told, and keeps reading as a browser does (the client answers the
    server's heartbeat pings only while it reads)."""

    def __init__(self) -> None:
        self.ws = None
        self.first_s: float | None = None  # from the moment all tabs connect
        self.bytes = 0
        self.answered_s: float | None = None  # from the moment all pupils answer
        self.shown = asyncio.get_running_loop().create_future()
        self.titled = asyncio.get_running_loop().create_future()

    async def run(self, session, port: int, start: asyncio.Event, t0: list[float], go: asyncio.Event,
                  t1: list[float]) -> None:
        try:
            await start.wait()
            self.ws = ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30",
                                                    max_msg_size=0, origin=page_origin(port))
            await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
            self.bytes = len(await read_until(ws, WHO_TEXTS, TOTAL_TIMEOUT))
            self.first_s = time.perf_counter() - t0[0]
            self.shown.set_result(None)
            while not go.is_set():
                try:
                    await ws.receive(timeout=0.1)
                except asyncio.TimeoutError:
                    pass
            await ws.send_str(json.dumps(["stdin", "\x1b"]))  # 匿名
            await read_until(ws, PLAYER_TEXTS, TOTAL_TIMEOUT)
            self.answered_s = time.perf_counter() - t1[0]
            self.titled.set_result(None)
            async for _ in ws:
                pass
        except Exception as exc:
            for waiting in (self.shown, self.titled):
                if not waiting.done():
                    waiting.set_exception(exc)


async def run_class(port: int, clients: int, server_pid: int, pause: float = 0.2) -> dict:
    import aiohttp

    peak = {"server": 0, "games": 0, "total": 0, "processes": 0}
    sampling = True

    async def sample():
        while sampling:
            got = tree_memory(server_pid)
            if got is not None:
                server, games, n = got
                peak["server"] = max(peak["server"], server)
                peak["games"] = max(peak["games"], games)
                peak["total"] = max(peak["total"], server + games)
                peak["processes"] = max(peak["processes"], n)
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    server_cpu = cpu_seconds(server_pid)
    start, t0, go, t1 = asyncio.Event(), [0.0], asyncio.Event(), [0.0]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tabs = [Tab() for _ in range(clients)]
        running = [asyncio.create_task(tab.run(session, port, start, t0, go, t1)) for tab in tabs]
        await asyncio.sleep(pause)
        t0[0] = time.perf_counter()
        start.set()
        await asyncio.wait_for(asyncio.gather(*(tab.shown for tab in tabs)), TOTAL_TIMEOUT)
        wall = time.perf_counter() - t0[0]
        # CPU is less at the mercy of other load than wall time: what the
        # server and every game spent until all first screens had arrived.
        up_games = games(server_pid)
        cpu = [cpu_seconds(g) for g in up_games]
        server_after = cpu_seconds(server_pid)
        own = [private_and_shared(g) for g in up_games]
        own = [m for m in own if m is not None]
        warm = [private_and_shared(p) for p in descendants(server_pid) if is_warm_parent(p)]
        settled = await settle(up_games)
        up = tree_memory(server_pid)  # every tab has its screen: all games are alive
        if up is not None:
            peak["processes_when_all_up"] = up[2]
            peak["total"] = max(peak["total"], up[0] + up[1])
            peak["games"] = max(peak["games"], up[1])
        # Every pupil answers at the same moment: the title is built in every game.
        t1[0] = time.perf_counter()
        go.set()
        await asyncio.wait_for(asyncio.gather(*(tab.titled for tab in tabs)), TOTAL_TIMEOUT)
        answered_wall = time.perf_counter() - t1[0]
        playing = await settle(up_games)
        await asyncio.sleep(0.5)  # one more memory sample with every game up
        for tab in tabs:
            await tab.ws.close()
        await asyncio.gather(*running)
    closed_at = time.perf_counter()
    left = None
    while time.perf_counter() - closed_at < 30:
        left = len(games(server_pid))  # the warm parent stays while the server runs
        if not left:
            break
        await asyncio.sleep(0.2)
    sampling = False
    await sampler
    times = sorted(tab.first_s for tab in tabs)
    answered = sorted(tab.answered_s for tab in tabs)
    return {
        "clients": clients,
        "wall_s": wall,
        "first_screen_s": {"min": times[0], "median": statistics.median(times), "max": times[-1]},
        "bytes_first_screen_median": statistics.median(tab.bytes for tab in tabs),
        "answered_wall_s": answered_wall,
        "answered_s": {"min": answered[0], "median": statistics.median(answered), "max": answered[-1]},
        "playing": playing,
        "peak_kib": peak if tree_memory(server_pid) is not None or peak["total"] else None,
        "left_after_close": left,
        "game_uss_kib": statistics.median(u for u, _ in own) if own else None,
        "game_pss_kib": statistics.median(p for _, p in own) if own else None,
        "warm_parent_kib": warm[0] if warm and warm[0] else None,
        "cleanup_s": time.perf_counter() - closed_at,
        "games_cpu_s": sum(c for c in cpu if c is not None) if cpu and None not in cpu else None,
        "server_cpu_s": (server_after - server_cpu) if None not in (server_cpu, server_after) else None,
        **settled,
    }


async def settle(pids: list[int]) -> dict:
    """Wait until the games have gone quiet (their first screens all drawn,
    "who is playing?" up), at most SETTLE_TIMEOUT s, and read each one's CPU
    and own memory then: what a tab's start-up costs in all, which the
    figures at the last first screen undercount for games still drawing."""
    before = None
    deadline = time.perf_counter() + SETTLE_TIMEOUT
    while time.perf_counter() < deadline:
        cpu = [cpu_seconds(g) for g in pids]
        if None in cpu:
            return {}
        total = sum(cpu)
        if before is not None and total - before < SETTLED_CPU * len(pids):
            break
        before = total
        await asyncio.sleep(0.5)
    own = [m for m in (private_and_shared(g) for g in pids) if m is not None]
    return {
        "settled_cpu_s": statistics.median(cpu),
        "settled_uss_kib": statistics.median(u for u, _ in own) if own else None,
        "settled_pss_kib": statistics.median(p for _, p in own) if own else None,
    }


def floor_start(runs: int = 5) -> tuple[float, float]:
    """Median wall time of one bare Textual app's start to its first paint,
    and the median CPU time that start used."""
    import resource

    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNDEFAULTENCODING"}
    env["PYTHONPATH"] = str(ROOT / "bench")
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "bench" / "floor_app.py")], env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def one_mode(clients: int, fork: bool, pause: float = 0.2) -> dict:
    os.environ["FANZHA_SERVE_FORK"] = "1" if fork else "0"
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with served(Path(tmp), quiet=True) as (proc, port):
            ready = time.perf_counter() - started  # the cases checked and the warm parent up
            return {"ready_s": ready, **asyncio.run(run_class(port, clients, proc.pid, pause))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=40)
    ap.add_argument("--mode", choices=("both", "fork", "fresh"), default="both",
                    help="warm games forked from one parent, fresh processes (as before), or both")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--pause", type=float, default=0.2,
                    help="seconds between the server listening and the tabs opening (an older server listened "
                         "before its warm parent was ready: give it time, to compare like with like)")
    args = ap.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    floor, floor_cpu = floor_start()
    modes = {"both": ("fresh", "fork"), "fork": ("fork",), "fresh": ("fresh",)}[args.mode]
    results = {}
    for mode in modes:
        results[mode] = one_mode(clients, mode == "fork", args.pause)
        results[mode]["ratio_to_floor"] = results[mode]["wall_s"] / floor
        results[mode]["floor_cpu_s"] = floor_cpu
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    if args.json:
        print(json.dumps({"machine": machine, "floor_start_s": floor, "floor_cpu_s": floor_cpu, **results}, indent=2, ensure_ascii=False))
        return 0
    print(f"{clients} tabs at once on {machine}; floor (one bare Textual start) {floor:.3f} s, {floor_cpu:.3f} s of CPU")
    for mode, result in results.items():
        print(f"[{mode}]")
        report(result)
    return 0


def report(result: dict) -> None:
    fs = result["first_screen_s"]
    print(f"  the server listened {result['ready_s']:.2f} s after it was started (its games ready to start)")
    print(
        f"  all first screens in {result['wall_s']:.2f} s = {result['ratio_to_floor']:.1f}× the floor "
        f"(each tab: fastest {fs['min']:.2f} s, median {fs['median']:.2f} s, slowest {fs['max']:.2f} s)"
    )
    if result.get("games_cpu_s") is not None and result.get("server_cpu_s") is not None:
        per_tab = (result["games_cpu_s"] + result["server_cpu_s"]) / result["clients"]
        print(
            f"  CPU until then: games {result['games_cpu_s']:.2f} s, server {result['server_cpu_s']:.2f} s; "
            f"{per_tab:.3f} s a tab = {per_tab / result['floor_cpu_s']:.2f}× one bare start's CPU"
        )
    if result.get("game_uss_kib") is not None:
        warm = result.get("warm_parent_kib")
        print(
            f"  each game's own memory: USS {result['game_uss_kib'] / 1024:.1f} MiB, PSS {result['game_pss_kib'] / 1024:.1f} MiB"
            + (f"; the warm parent USS {warm[0] / 1024:.1f} MiB, PSS {warm[1] / 1024:.1f} MiB" if warm else "")
        )
    if result.get("settled_uss_kib") is not None:
        print(
            f"  once quiet: each game's CPU since its fork {result['settled_cpu_s']:.3f} s (median) = "
            f"{result['settled_cpu_s'] / result['floor_cpu_s']:.2f}× one bare start's CPU; "
            f"own memory USS {result['settled_uss_kib'] / 1024:.1f} MiB, PSS {result['settled_pss_kib'] / 1024:.1f} MiB"
        )
    an, playing = result["answered_s"], result["playing"]
    print(
        f"  every pupil answering at once (匿名): all titles in {result['answered_wall_s']:.2f} s "
        f"(fastest {an['min']:.2f} s, median {an['median']:.2f} s)"
        + (f"; once quiet each game's CPU since its fork {playing['settled_cpu_s']:.3f} s, own memory "
           f"USS {playing['settled_uss_kib'] / 1024:.1f} MiB, PSS {playing['settled_pss_kib'] / 1024:.1f} MiB"
           if playing.get("settled_uss_kib") is not None else "")
    )
    peak = result["peak_kib"]
    if peak:
        print(
            f"  peak memory: server {peak['server'] / 1024:.0f} MiB, games {peak['games'] / 1024:.0f} MiB "
            f"({peak['processes']} processes, {peak['games'] / 1024 / max(1, peak['processes']):.0f} MiB each), "
            f"together {peak['total'] / 1024:.0f} MiB; {peak.get('processes_when_all_up')} games alive when all had their screen"
        )
    else:
        print("  peak memory: not measured here (needs Linux /proc or psutil)")
    print(f"  after closing: {result['left_after_close']} processes left ({result['cleanup_s']:.2f} s)")


if __name__ == "__main__":
    raise SystemExit(main())
