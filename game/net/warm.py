"""Warm games for `fanzha serve`: the server's side of the zygote
(game/net/zygote.py).

Where the platform can fork, one warm parent process has imported Textual and
the game; each browser tab's game is a fork of it, so a tab's first screen
needs no interpreter start and no imports, and the pages the parent imported
are shared between all the games instead of copied forty times. Elsewhere
(Windows) or if the parent cannot start, a game is a fresh process as before.

`Zygote.spawn` returns a `ForkedGame` that looks to textual-serve like the
asyncio subprocess it expects: `stdin`, `stdout`, `stderr`, `pid`,
`returncode`, `wait()`, `kill()`."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import signal
import socket
import struct
import sys

log = logging.getLogger("fanzha.serve")

HEADER = struct.Struct(">I")
READY_TIMEOUT = 30.0  # seconds the parent may take to import everything
SPAWN_TIMEOUT = 10.0


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and sys.platform != "win32"


class ForkedGame:
    """One forked game, as textual-serve's AppService uses a subprocess."""

    def __init__(self, pid: int, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader,
                 stderr: asyncio.StreamReader) -> None:
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.returncode: int | None = None
        self._exited = asyncio.get_running_loop().create_future()

    def _ended(self, code: int) -> None:
        self.returncode = code
        if not self._exited.done():
            self._exited.set_result(code)

    async def wait(self) -> int:
        return await asyncio.shield(self._exited)

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Zygote:
    """The warm parent: started once, forks a game per tab."""

    def __init__(self, env: dict[str, str], folders: tuple[str | None, list[str]] = (None, [])) -> None:
        self.env = env
        self.folders = folders  # the server's data folder and scenario folders: the parent lists their cases
        self._sock: socket.socket | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._ready: asyncio.Future | None = None
        self._pending: dict[int, asyncio.Future] = {}
        self._games: dict[int, ForkedGame] = {}
        self._early_exits: dict[int, int] = {}  # exits reported before the spawn's answer was read
        self._ids = itertools.count(1)
        self._buffer = b""
        self._start_lock = asyncio.Lock()
        self.pid: int | None = None
        self.broken = False  # it failed to start once: games start fresh from then on

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.returncode is None and self._sock is not None

    async def start(self) -> None:
        async with self._start_lock:
            if self.broken:
                raise ConnectionError("the warm parent could not start")
            if self.alive and self._ready is not None and self._ready.done() and not self._ready.exception():
                return
            try:
                await self._start()
            except BaseException:
                self.broken = True
                raise

    async def _start(self) -> None:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._ready = loop.create_future()
        self._buffer = b""
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "game.net.zygote", str(theirs.fileno()), json.dumps(list(self.folders)),
            pass_fds=(theirs.fileno(),), env=self.env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        )
        theirs.close()
        ours.setblocking(False)
        self._sock = ours
        loop.add_reader(ours.fileno(), self._readable)
        try:
            self.pid = await asyncio.wait_for(asyncio.shield(self._ready), READY_TIMEOUT)
        except BaseException:
            await self.close()
            raise

    def _readable(self) -> None:
        sock = self._sock
        if sock is None:
            return
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._lost()
            return
        self._buffer += data
        while len(self._buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._buffer)
            if len(self._buffer) < HEADER.size + size:
                break
            body = self._buffer[HEADER.size:HEADER.size + size]
            self._buffer = self._buffer[HEADER.size + size:]
            try:
                self._message(json.loads(body))
            except (ValueError, TypeError, KeyError):
                log.warning("the warm parent sent something unreadable")

    def _message(self, msg: dict) -> None:
        if "ready" in msg:
            if self._ready is not None and not self._ready.done():
                self._ready.set_result(msg["ready"])
        elif "exit" in msg:
            pid, code = int(msg["exit"]), int(msg["code"])
            game = self._games.pop(pid, None)
            if game is not None:
                game._ended(code)
            else:
                self._early_exits[pid] = code
        elif "id" in msg:
            waiter = self._pending.pop(msg["id"], None)
            if waiter is not None and not waiter.done():
                if "pid" in msg:
                    waiter.set_result(int(msg["pid"]))
                else:
                    waiter.set_exception(OSError(msg.get("error", "spawn failed")))

    def _lost(self) -> None:
        """The parent has gone: its games are orphans now (they end with their
        pipes); nothing more can be spawned until it is started again."""
        if self._sock is not None:
            try:
                asyncio.get_running_loop().remove_reader(self._sock.fileno())
            except Exception:
                pass
            self._sock.close()
            self._sock = None
        for waiter in self._pending.values():
            if not waiter.done():
                waiter.set_exception(ConnectionError("the warm parent has gone"))
        self._pending.clear()
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(ConnectionError("the warm parent did not start"))
        for game in list(self._games.values()):
            asyncio.get_running_loop().create_task(_watch_orphan(game))
        self._games.clear()

    async def spawn(self, env: dict[str, str], data_dir: str | None, scenarios: list[str]) -> ForkedGame:
        """A new game, forked from the warm parent, with pipes for its stdin,
        stdout and stderr and the tab's own environment on top of the parent's."""
        await self.start()
        loop = asyncio.get_running_loop()
        pipes = [os.pipe() for _ in range(3)]
        child_fds = [pipes[0][0], pipes[1][1], pipes[2][1]]
        ours = [pipes[0][1], pipes[1][0], pipes[2][0]]
        request_id = next(self._ids)
        waiter = loop.create_future()
        self._pending[request_id] = waiter
        delta = {k: v for k, v in env.items() if self.env.get(k) != v}
        body = json.dumps({"id": request_id, "env": delta, "data_dir": data_dir, "scenarios": scenarios}).encode()
        try:
            assert self._sock is not None
            # A small frame on a local socket: sent at once; the fds travel with its first byte.
            self._sock.setblocking(True)
            try:
                socket.send_fds(self._sock, [HEADER.pack(len(body)) + body], child_fds)
            finally:
                self._sock.setblocking(False)
            pid = await asyncio.wait_for(waiter, SPAWN_TIMEOUT)
        except BaseException:
            self._pending.pop(request_id, None)
            for fd in ours:
                os.close(fd)
            raise
        finally:
            for fd in child_fds:
                os.close(fd)
        stdin = await _writer(loop, ours[0])
        stdout = await _reader(loop, ours[1])
        stderr = await _reader(loop, ours[2])
        game = ForkedGame(pid, stdin, stdout, stderr)
        if pid in self._early_exits:
            game._ended(self._early_exits.pop(pid))
        else:
            self._games[pid] = game
        return game

    async def close(self) -> None:
        """Stop the warm parent (the games it forked are ended by their sessions)."""
        self._lost()
        process = self._process
        self._process = None
        if process is not None and process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5.0)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()


async def _watch_orphan(game: ForkedGame) -> None:
    """A game whose parent has gone: no exit report will come (it is not our
    child to wait for), so it is looked for until it is gone."""
    while True:
        try:
            os.kill(game.pid, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            pass
        await asyncio.sleep(0.5)
    game._ended(-1)


async def _reader(loop: asyncio.AbstractEventLoop, fd: int) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=2 ** 16)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
    return reader


async def _writer(loop: asyncio.AbstractEventLoop, fd: int) -> asyncio.StreamWriter:
    from asyncio.streams import FlowControlMixin

    transport, protocol = await loop.connect_write_pipe(FlowControlMixin, os.fdopen(fd, "wb", 0))
    return asyncio.StreamWriter(transport, protocol, None, loop)
