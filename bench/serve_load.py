"""A class of forty browser tabs on `fanzha serve` at once.

    python bench/serve_load.py                 # 40 tabs, the figures
    python bench/serve_load.py --clients 10    # fewer, for a smoke run

Starts `python -m game serve` on a free loopback port (with an empty data
folder), connects N websockets at the same moment the way the page does (the
size in the address, then a resize message), and waits until every one has
received its first screen (the title, 反诈大冒险). Then it closes them all and
checks that no game process is left behind.

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
from tests.present.serving import TITLE_TEXTS, read_until, served, tree_memory  # noqa: E402

MAX_CLIENTS = 80
TOTAL_TIMEOUT = 180.0


# -- the tabs -------------------------------------------------------------------
async def drain(ws) -> None:
    try:
        async for _ in ws:
            pass
    except Exception:
        pass


async def one_tab(session, port: int, start_gate: asyncio.Event, t0: list[float]):
    await start_gate.wait()
    ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30", max_msg_size=0)
    await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
    buf = await read_until(ws, TITLE_TEXTS, TOTAL_TIMEOUT)
    # Keep reading, as a browser does: the client answers the server's
    # heartbeat pings only while it reads.
    ws.drain = asyncio.create_task(drain(ws))
    return ws, time.perf_counter() - t0[0], len(buf)


async def run_class(port: int, clients: int, server_pid: int) -> dict:
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
    gate, t0 = asyncio.Event(), [0.0]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.create_task(one_tab(session, port, gate, t0)) for _ in range(clients)]
        await asyncio.sleep(0.2)
        t0[0] = time.perf_counter()
        gate.set()
        results = await asyncio.wait_for(asyncio.gather(*tasks), TOTAL_TIMEOUT)
        wall = time.perf_counter() - t0[0]
        up = tree_memory(server_pid)  # every tab has its screen: all games are alive
        if up is not None:
            peak["processes_when_all_up"] = up[2]
            peak["total"] = max(peak["total"], up[0] + up[1])
            peak["games"] = max(peak["games"], up[1])
        await asyncio.sleep(0.5)  # one more memory sample with every game up
        for ws, _, _ in results:
            await ws.close()
            await ws.drain
    closed_at = time.perf_counter()
    left = None
    while time.perf_counter() - closed_at < 30:
        got = tree_memory(server_pid)
        left = got[2] if got else None
        if not left:
            break
        await asyncio.sleep(0.2)
    sampling = False
    await sampler
    times = sorted(r[1] for r in results)
    return {
        "clients": clients,
        "wall_s": wall,
        "first_screen_s": {"min": times[0], "median": statistics.median(times), "max": times[-1]},
        "bytes_first_screen_median": statistics.median(r[2] for r in results),
        "peak_kib": peak if tree_memory(server_pid) is not None or peak["total"] else None,
        "left_after_close": left,
        "cleanup_s": time.perf_counter() - closed_at,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=40)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), quiet=True) as (proc, port):
        result = asyncio.run(run_class(port, clients, proc.pid))
    result["machine"] = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    fs = result["first_screen_s"]
    print(f"{clients} tabs at once on {result['machine']}")
    print(f"  all first screens in {result['wall_s']:.2f} s (each tab: fastest {fs['min']:.2f} s, median {fs['median']:.2f} s, slowest {fs['max']:.2f} s)")
    peak = result["peak_kib"]
    if peak:
        print(
            f"  peak memory: server {peak['server'] / 1024:.0f} MiB, games {peak['games'] / 1024:.0f} MiB "
            f"({peak['processes']} processes, {peak['games'] / 1024 / max(1, peak['processes']):.0f} MiB each), "
            f"together {peak['total'] / 1024:.0f} MiB; {peak.get('processes_when_all_up')} games alive when all had their screen"
        )
    else:
        print("  peak memory: not measured here (needs Linux /proc or psutil)")
    print(f"  after closing: {result['left_after_close']} game processes left ({result['cleanup_s']:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
