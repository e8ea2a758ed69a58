"""Run every benchmark of the performance issue and print each ratio with its
floor and absolute figures:

    python bench/run.py            # all of them, about six minutes
    python bench/run.py --quick    # fewer rounds, for a smoke test

Each figure is measured against a floor taken in the same run on the same
machine, so the ratios are comparable across machines; the absolute times are
printed too. Nothing here is a test: the test suite never times anything."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

TARGETS = {
    "cold_start": ("冷启动到标题画面（全部内置案例可用）", 1.15),
    "cold_start_memory": ("冷启动峰值内存", 1.25),
    "many_scenarios": ("另有 1000 个剧本时启动到标题画面", 1.3),
    "check_cold": ("fanzha check 1000 个文件（首次）", 1.2),
    "check_warm": ("fanzha check 1000 个文件（未改动，再次）", 0.25),
    "choice": ("按键到下一个节点画出（底线：追加一条消息并换选项）", 1.5),
    "report": ("班级报告：2000 份导出", 3.0),
}


def run_once(args: list[str], env: dict) -> tuple[float, int | None]:
    """Wall time of a fresh interpreter running the script, and its peak memory."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, encoding="utf-8", cwd=HERE)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{proc.stderr[-2000:]}")
    return took, json.loads(proc.stdout.strip().splitlines()[-1])["peak_kib"]


def timed_pair(floor: list[str], game: list[str], env: dict, runs: int) -> tuple[tuple, tuple, float]:
    """Median time and peak memory of the floor and of the game, run in turns
    (floor, game, floor, game…) so both see the same moments of a busy machine,
    and the median of the pairs' ratios (game / the floor run just before it):
    the figure the issue asks for, less moved by a burst of load than a ratio
    of two medians."""
    found: dict[str, list] = {"floor": [], "game": []}
    for _ in range(runs):
        for which, args in (("floor", floor), ("game", game)):
            found[which].append(run_once(args, env))
    out = []
    for which in ("floor", "game"):
        times = [t for t, _ in found[which]]
        peaks = [p for _, p in found[which]]
        out.append((statistics.median(times), statistics.median(peaks) if None not in peaks else None))
    ratio = statistics.median(g / f for (f, _), (g, _) in zip(found["floor"], found["game"]))
    return out[0], out[1], ratio


def clone_scenarios(folder: Path, count: int) -> None:
    """`count` copies of the built-in scenarios under new ids."""
    sources = sorted((ROOT / "scenarios").glob("*.yaml"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        text = re.sub(r"^id: (\S+)", lambda m: f"id: {m.group(1)}-clone-{i:04d}", text, count=1, flags=re.M)
        (folder / f"clone-{i:04d}.yaml").write_text(text, encoding="utf-8")


def base_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONWARNDEFAULTENCODING", "NO_COLOR")}
    env["FANZHA_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE)])
    return env


def bench_start(work: Path, runs: int) -> dict:
    out = {}
    # An installed game has its bytecode compiled (pip does it at install); a
    # checkout run with PYTHONDONTWRITEBYTECODE would compile every module on
    # every start, which no player's start does. Textual, the floor's only
    # import, is installed and compiled already.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "game")], check=True, capture_output=True)
    empty = work / "home-empty"
    empty.mkdir()
    env = base_env(empty)
    subprocess.run([sys.executable, "start_app.py"], env=env, cwd=HERE, capture_output=True)  # warm the cache
    (floor_t, floor_m), (app_t, app_m), ratio = timed_pair(["floor_app.py"], ["start_app.py"], env, runs)
    out["cold_start"] = {"floor": floor_t, "value": app_t, "unit": "s", "ratio": ratio, "pairs": runs}
    if floor_m and app_m:
        out["cold_start_memory"] = {"floor": floor_m / 1024, "value": app_m / 1024, "unit": "MiB"}

    many = work / "home-many"
    clone_scenarios(many / "scenarios", 1000)
    env = base_env(many)
    first = time.perf_counter()
    subprocess.run([sys.executable, "start_app.py"], env=env, cwd=HERE, capture_output=True)
    first = time.perf_counter() - first
    # The files were written moments before that first start, too recently for
    # their size and times to be trusted (game/engine/listing.py); the second start
    # reads them once more and indexes them, as a teacher's second start would.
    subprocess.run([sys.executable, "start_app.py"], env=env, cwd=HERE, capture_output=True)
    (floor_t, _), (app_t, app_m), ratio = timed_pair(["floor_app.py"], ["start_app.py"], env, runs)
    out["many_scenarios"] = {"floor": floor_t, "value": app_t, "unit": "s", "ratio": ratio, "pairs": runs, "first_run_s": first,
                             "peak_mib": (app_m or 0) / 1024}
    return out


def bench_check(work: Path, rounds: int) -> dict:
    import io
    from contextlib import redirect_stdout

    import yaml

    folder = work / "check-files"
    clone_scenarios(folder, 1000)
    files = sorted(folder.glob("*.yaml"))

    def parse_all() -> float:
        start = time.perf_counter()
        for f in files:
            yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
        return time.perf_counter() - start

    from game.cli import main

    def check() -> float:
        start = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            main(["check", str(folder), "--json"])
        return time.perf_counter() - start

    home = work / "home-check"
    os.environ["FANZHA_HOME"] = str(home)
    floors, colds, warms = [], [], []
    for _ in range(rounds):
        shutil.rmtree(home, ignore_errors=True)
        floors.append(parse_all())
        colds.append(check())
        warms.append(check())
    floor = statistics.median(floors)
    return {
        "check_cold": {"floor": floor, "value": statistics.median(colds), "unit": "s"},
        "check_warm": {"floor": floor, "value": statistics.median(warms), "unit": "s"},
    }


def bench_choice(rounds: int) -> dict:
    import choice

    found = choice.measure(rounds, ROOT / "scenarios" / "type01-dianzan-fanli.yaml")
    return {"choice": {"floor": found["floor_s"], "value": found["game_s"], "unit": "s",
                       "floor_frames": found["floor_frames"], "game_frames": found["game_frames"],
                       "one_line_floor": found["one_line_floor_s"]}}


def bench_report(work: Path, rounds: int) -> dict:
    import io
    from contextlib import redirect_stdout

    import exports

    folder = work / "exports"
    exports.write_class(folder, 2000)
    files = sorted(folder.glob("*.json"))

    def load_all() -> float:
        start = time.perf_counter()
        for f in files:
            with open(f, encoding="utf-8") as fh:
                json.load(fh)
        return time.perf_counter() - start

    from game.cli import main

    def report() -> float:
        start = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            main(["report", str(folder), "--json"])
        return time.perf_counter() - start

    floors, values = [], []
    for _ in range(rounds):
        floors.append(load_all())
        values.append(report())
    return {"report": {"floor": statistics.median(floors), "value": statistics.median(values), "unit": "s"}}


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    parser.add_argument("--only", nargs="*", choices=["start", "check", "choice", "report"])
    args = parser.parse_args()
    runs = 5 if args.quick else 11
    only = set(args.only or ["start", "check", "choice", "report"])
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="fanzha-bench-") as tmp:
        work = Path(tmp)
        if "start" in only:
            results.update(bench_start(work, runs))
        if "check" in only:
            results.update(bench_check(work, 1 if args.quick else 3))
        if "choice" in only:
            results.update(bench_choice(10 if args.quick else 30))
        if "report" in only:
            results.update(bench_report(work, 1 if args.quick else 3))
    import textual

    print(f"machine: {machine()}, textual {textual.__version__}")
    print(f"{'benchmark':<44} {'floor':>10} {'value':>10} {'ratio':>7} {'target':>7}  ok")
    for key, (label, target) in TARGETS.items():
        if key not in results:
            continue
        r = results[key]
        r.setdefault("ratio", r["value"] / r["floor"])  # the start-up's: the median of its pairs' ratios
        r["target"] = target
        unit = r["unit"]
        fmt = (lambda v: f"{v * 1000:.1f} ms") if unit == "s" else (lambda v: f"{v:.1f} MiB")
        ok = "yes" if r["ratio"] <= target else "NO"
        print(f"{label:<40} {fmt(r['floor']):>10} {fmt(r['value']):>10} {r['ratio']:>6.2f}x {target:>6.2f}x  {ok}")
    if "choice" in results:
        c = results["choice"]
        print(f"  (frames painted per key: floor {c['floor_frames']:g}, game {c['game_frames']:g}; "
              f"the old floor, one OptionList line repainted: {c['one_line_floor'] * 1000:.1f} ms)")
    if "cold_start" in results:
        print(f"  (start-up ratios: the median of {results['cold_start']['pairs']} interleaved floor/game pairs' ratios; "
              f"the times beside them are each side's median)")
    if "many_scenarios" in results:
        print(f"  (first start with 1000 new files, cache empty: {results['many_scenarios']['first_run_s']:.2f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "results": results}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
