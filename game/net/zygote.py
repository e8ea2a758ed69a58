"""The warm parent of `fanzha serve`'s games (POSIX only).

Run by the server as `python -m game.net.zygote FD FOLDERS` (FOLDERS: the
JSON of [data folder, [scenario folders]]), with the environment a
game runs in. It imports Textual and the game once, freezes what it imported
out of the cyclic collector's reach (so the collector never writes to the
pages the games share), and then, for each browser tab, forks a child that
is already warm: the child takes the three pipe ends the server passed over
the control socket as its stdin, stdout and stderr, applies the tab's own
environment (its size) and runs the game. A child that crashes ends alone;
the parent only forks and reaps.

The control socket speaks length-prefixed JSON: the server sends
{"id", "data_dir", "scenarios", "env"} with three file descriptors; the parent answers
{"id", "pid"} (or {"id", "error"}), and {"exit": pid, "code": n} when a
child ends. When the server goes, the socket closes and the parent exits."""

from __future__ import annotations

import gc
import json
import os
import selectors
import signal
import socket
import struct
import sys
import traceback

HEADER = struct.Struct(">I")
MAX_FRAME = 1 << 20


def warm(data_dir: str | None = None, scenarios: list[str] = ()) -> None:
    """Import what every game imports before its first screen, and fill the
    caches a first screen fills (stylesheets parsed, fonts' cell widths, the
    rule catalogue) by playing a tab's start once — "who is playing?", then
    the title — through a tab's own web driver writing nowhere, with the
    server's cases listed from their check cache and a store in an empty
    folder: each game then starts from pages it shares with every other."""
    import asyncio
    import sqlite3  # noqa: F401  the store
    import tempfile
    import threading

    from textual.drivers.web_driver import WebDriver  # the driver every tab uses

    import game.progress.store  # noqa: F401
    import game.ui.screens.picker  # noqa: F401
    import game.ui.screens.play  # noqa: F401
    from game.engine.rules import catalogue
    from game.ui.app import FanzhaApp
    from game.ui.screens.title import TitleScreen
    from game.ui.screens.whoplays import WhoIsPlayingScreen
    from game.ui.widgets.profile_form import ProfileForm

    catalogue()
    library = listed(data_dir, list(scenarios))

    async def tab_once(folder: str) -> None:
        # Through the web driver, not headless: a tab's screen also holds the
        # toast rack and the tooltip, and the driver's own code runs here first
        # (fewer pages each game copies).
        app = FanzhaApp(library=library, data_dir=folder, pace=0, own_player=True)
        app.driver_class = WebDriver
        running = asyncio.ensure_future(app.run_async())

        async def until(shown) -> bool:
            for _ in range(1500):  # a busy machine: up to 15 s
                await asyncio.sleep(0.01)
                if running.done():
                    return False
                if shown():
                    await asyncio.sleep(0.1)  # its frames drawn
                    return True
            return False

        # As a pupil does: the form drawn, an answer (匿名), the title.
        if await until(lambda: isinstance(app.screen, WhoIsPlayingScreen) and bool(app.screen.query(ProfileForm))):
            app.screen.query_one(ProfileForm).action_cancel()
            await until(lambda: isinstance(app.screen, TitleScreen))
        app.exit()
        await running

    # The driver writes the frames to stdout (here: nowhere) and waits for
    # input on stdin (here: a pipe nobody writes to).
    saved = [os.dup(0), os.dup(1)]
    quiet_in, quiet_in_w = os.pipe()
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet_in, 0)
        os.dup2(null, 1)
        with tempfile.TemporaryDirectory(prefix="fanzha-warm-") as folder:
            try:
                asyncio.run(tab_once(folder))
            except Exception:  # warming is an optimisation: a game still starts without it
                pass
    finally:
        os.dup2(saved[0], 0)
        os.dup2(saved[1], 1)
        for fd in (*saved, quiet_in, quiet_in_w, null):
            os.close(fd)
    for thread in threading.enumerate():  # the driver's input thread ends with it
        if thread is not threading.main_thread():
            thread.join(5.0)


def listed(data_dir: str | None, scenarios: list[str]):
    """The server's cases, listed from the check cache `fanzha serve` wrote
    before starting this parent (no file read or checked here); none if that
    cannot be done."""
    from game.engine.library import Library, cached_library

    try:
        library = cached_library(scenarios, data_dir, indexed_only=True)
    except Exception:
        library = None
    return library if library is not None else Library()


def send(sock: socket.socket, message: dict) -> None:
    data = json.dumps(message).encode("utf-8")
    sock.sendall(HEADER.pack(len(data)) + data)


def _recv_exact(sock: socket.socket, n: int, fds: list[int]) -> bytes | None:
    chunks = b""
    while len(chunks) < n:
        data, got, _flags, _addr = socket.recv_fds(sock, n - len(chunks), 8)
        fds.extend(got)
        if not data:
            return None
        chunks += data
    return chunks


def receive(sock: socket.socket) -> tuple[dict, list[int]] | None:
    fds: list[int] = []
    head = _recv_exact(sock, HEADER.size, fds)
    if head is None:
        return None
    (size,) = HEADER.unpack(head)
    if size > MAX_FRAME:
        return None
    body = _recv_exact(sock, size, fds)
    if body is None:
        return None
    return json.loads(body), fds


def run_child(sock: socket.socket, selector: selectors.BaseSelector, request: dict, fds: list[int]) -> None:
    """In the forked child: become the game. Never returns."""
    code = 1
    try:
        selector.close()
        sock.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.environ.update(request["env"])
        from game.ui.app import FanzhaApp

        FanzhaApp(data_dir=request.get("data_dir"), scenario_folders=request.get("scenarios") or []).run()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        os._exit(code)


def reap(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        send(sock, {"exit": pid, "code": os.waitstatus_to_exitcode(status)})


def serve(sock: socket.socket) -> None:
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    # A child's end wakes the loop through this pipe, so exits are reported at once.
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector.register(wake_r, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select(timeout=1.0):
            if key.fileobj == wake_r:
                os.read(wake_r, 512)
                continue
            got = receive(sock)
            if got is None:
                return  # the server has gone
            request, fds = got
            if len(fds) != 3:
                for fd in fds:
                    os.close(fd)
                send(sock, {"id": request.get("id"), "error": "expected three file descriptors"})
                continue
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                os.close(wake_r)
                os.close(wake_w)
                signal.set_wakeup_fd(-1)
                run_child(sock, selector, request, fds)
            for fd in fds:
                os.close(fd)
            send(sock, {"id": request.get("id"), "pid": pid})
        reap(sock)


def main() -> int:
    sock = socket.socket(fileno=int(sys.argv[1]))
    sock.setblocking(True)
    data_dir, scenarios = json.loads(sys.argv[2]) if len(sys.argv) > 2 else (None, [])
    warm(data_dir, scenarios)
    gc.collect()
    gc.freeze()  # what is imported now is shared with every child: keep the collector off it
    send(sock, {"ready": os.getpid()})
    try:
        serve(sock)
    except (ConnectionError, OSError):
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
