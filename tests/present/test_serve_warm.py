"""`fanzha serve`'s warm start (game/net/warm.py, game/net/zygote.py): each
tab's game is forked from one parent that has already imported Textual and
the game. A game that crashes ends alone; the parent goes with the server;
FANZHA_SERVE_FORK=0 starts fresh processes as before."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from game.net.warm import can_fork

from .serving import (
    descendants, games, is_warm_parent, open_game, process_table, read_until, screen_text, served,
)

aiohttp = pytest.importorskip("aiohttp")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not can_fork() or not sys.platform.startswith("linux"), reason="fork and /proc: Linux"),
]


def run(coro):
    return asyncio.run(coro)


def parent_of(pid: int) -> int:
    return process_table()[pid][0]


def test_every_game_is_a_fork_of_one_warm_parent_which_goes_with_the_server(fanzha_home):
    with served(fanzha_home) as (proc, port):
        async def go():
            async with aiohttp.ClientSession() as session:
                opened = await asyncio.gather(*[open_game(session, port) for _ in range(3)])
                warm = [p for p in descendants(proc.pid) if is_warm_parent(p)]
                assert len(warm) == 1
                assert parent_of(warm[0]) == proc.pid
                found = games(proc.pid)
                assert len(found) == 3 and all(parent_of(g) == warm[0] for g in found)
                for ws, _ in opened:
                    await ws.close()
                return warm[0], found

        warm, found = run(go())
        tree = [warm, *found]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in tree):
        time.sleep(0.2)
    assert not [p for p in tree if _alive(p)], "the warm parent or a game outlived the server"


def test_a_crashed_game_takes_nothing_else_with_it(fanzha_home):
    with served(fanzha_home) as (proc, port):
        async def go():
            async with aiohttp.ClientSession() as session:
                (ws1, _), (ws2, _) = await asyncio.gather(open_game(session, port), open_game(session, port))
                warm = next(p for p in descendants(proc.pid) if is_warm_parent(p))
                first, second = sorted(games(proc.pid))
                os.kill(first, signal.SIGKILL)  # one game dies hard
                # The other game still plays: its pupil answers 匿名 (Esc) and gets the title.
                await ws2.send_str(json.dumps(["stdin", "\x1b"]))
                await read_until(ws2, ("玩家：匿名玩家",), 30)
                # A new tab is still forked from the same warm parent.
                ws3, _ = await open_game(session, port)
                assert is_warm_parent(warm) and warm in descendants(proc.pid)
                assert any(parent_of(g) == warm for g in games(proc.pid) if g != second)
                for ws in (ws1, ws2, ws3):
                    await ws.close()

        run(go())
        assert proc.poll() is None


def test_the_address_is_given_once_the_games_are_ready(fanzha_home):
    """`fanzha serve` says it is getting ready at once, and gives the address
    only when its port listens and its warm parent is up: a class told the
    address that moment opens its tabs on games forked at once, not on a
    parent still importing Textual."""
    with served(fanzha_home, wait=False) as (proc, port):
        assert "正在准备" in proc.stdout.readline().decode("utf-8")
        with pytest.raises(OSError):  # the cases are still being checked: nothing listens yet
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        line = proc.stdout.readline().decode("utf-8")
        assert "准备好了" in line, line
        socket.create_connection(("127.0.0.1", port), timeout=1).close()  # listening, first try
        warm = [p for p in descendants(proc.pid) if is_warm_parent(p)]
        assert len(warm) == 1 and _one_thread(warm[0])  # warmed up: only its main thread is left

        async def go():
            async with aiohttp.ClientSession() as session:
                ws, shown = await open_game(session, port)
                assert "谁在玩" in screen_text(shown)
                assert [parent_of(g) for g in games(proc.pid)] == warm
                await ws.close()

        run(go())


def _one_thread(pid: int) -> bool:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        return any(line.split() == ["Threads:", "1"] for line in status)


def test_fresh_processes_when_forking_is_turned_off(fanzha_home, monkeypatch):
    monkeypatch.setenv("FANZHA_SERVE_FORK", "0")
    with served(fanzha_home) as (proc, port):
        async def go():
            async with aiohttp.ClientSession() as session:
                # A fresh Python per tab: slow on a loaded machine, hence the wait.
                ws, _ = await open_game(session, port, timeout=60)
                assert not any(is_warm_parent(p) for p in descendants(proc.pid))
                assert [parent_of(g) for g in games(proc.pid)] == [proc.pid]
                await ws.close()

        run(go())


def _alive(pid: int) -> bool:
    return pid in process_table()


def test_the_warm_parent_has_shown_what_a_tab_shows_first():
    """The warm-up plays a tab's start through the same web driver: "who is
    playing?", an answer, then the title — their modules imported and their
    stylesheets parsed once (the toast rack's and the
    tooltip's too, which only a tab's screen holds), in the pages every game
    shares. Afterwards only its main thread is left (so it may fork), its own
    stdin and stdout are its again, and the driver wrote nothing to them."""
    probe = (
        "import os, sys, threading\n"
        "before = [os.fstat(0).st_ino, os.fstat(1).st_ino]\n"
        "from game.net import zygote\n"
        "zygote.warm()\n"
        "from game.ui import parsecache\n"
        "print(sorted(m for m in sys.modules if m.startswith('game.ui.screens.')))\n"
        "print(sorted({key[2][1] for key in parsecache._SHARED}))\n"
        "print(threading.active_count(), [os.fstat(0).st_ino, os.fstat(1).st_ino] == before)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", timeout=120)
    modules, parsed, after = out.stdout.strip().splitlines()[-3:]
    assert "game.ui.screens.whoplays" in modules and "game.ui.screens.title" in modules, out.stderr
    assert "ToastRack.DEFAULT_CSS" in parsed and "Tooltip.DEFAULT_CSS" in parsed and "Input.DEFAULT_CSS" in parsed, out.stderr
    assert after == "1 True"
    assert "\x1b[" not in out.stdout and "__GANGLION__" not in out.stdout  # the driver wrote nowhere


def test_a_forked_game_parses_no_stylesheet_for_its_first_screens(fanzha_home):
    """A game forked after the warm-up, started as a tab is (the web driver,
    a pipe for its input), draws "who is playing?" and, once answered, the
    title, without Textual parsing any stylesheet again."""
    probe = (
        "import asyncio, gc, os, sys\n"
        "from game.net import zygote\n"
        "zygote.warm(); gc.collect(); gc.freeze()\n"
        "r, w = os.pipe()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    import textual.css.stylesheet as ts\n"
        "    from game.ui.app import FanzhaApp\n"
        "    from textual.drivers.web_driver import WebDriver\n"
        "    parses = []\n"
        "    real = ts.parse\n"
        "    ts.parse = lambda *a, **kw: (parses.append(1), real(*a, **kw))[1]\n"
        "    null = os.open(os.devnull, os.O_WRONLY); os.dup2(null, 1)\n"
        "    app = FanzhaApp(data_dir=sys.argv[1], pace=0, own_player=True)\n"
        "    app.driver_class = WebDriver\n"
        "    async def until(running, shown):\n"
        "        for _ in range(3000):\n"
        "            await asyncio.sleep(0.01)\n"
        "            if running.done() or shown(): break\n"
        "        await asyncio.sleep(0.2)\n"
        "    async def tab():\n"
        "        running = asyncio.ensure_future(app.run_async())\n"
        "        await until(running, lambda: len(app.screen.query('Input')) == 2)\n"
        "        inputs = len(app.screen.query('Input'))\n"
        "        app.screen.query_one('ProfileForm').action_cancel()\n"
        "        await until(running, lambda: type(app.screen).__name__ == 'TitleScreen')\n"
        "        os.write(w, f'{len(parses)} {inputs} {type(app.screen).__name__}'.encode())\n"
        "        app.exit(); await running\n"
        "    asyncio.run(tab()); os._exit(0)\n"
        "os.close(w)\n"
        "print(os.read(r, 100).decode()); os.waitpid(pid, 0)\n"
    )
    stdin_r, stdin_w = os.pipe()  # the web driver waits on stdin, as in a tab
    try:
        out = subprocess.run([sys.executable, "-c", probe, str(fanzha_home)], stdin=stdin_r, capture_output=True,
                             text=True, encoding="utf-8", timeout=120)
    finally:
        os.close(stdin_r)
        os.close(stdin_w)
    parses, inputs, last = out.stdout.strip().splitlines()[-1].split()
    assert inputs == "2", out.stderr  # "who is playing?" was up: name and class
    assert last == "TitleScreen", out.stderr  # and, answered, the title
    assert parses == "0"
