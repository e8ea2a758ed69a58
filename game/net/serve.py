"""`fanzha serve`: the game in a browser, through textual-serve.

For a projector's browser, or lab PCs without a usable terminal. Each browser
tab gets its own game: a new process of this same Python running `-m game`
(so it works from a virtual environment and on Windows), with the same data
folder and scenario folders as the server, so progress lands where the
terminal game keeps it.

What this adds to textual-serve 1.1.3's `Server`:

- an offline page: its own template, with no link to a web font (the stock
  page links Google Fonts) — the bundled Roboto Mono is served from /static,
  and the page links nothing outside this server;
- URLs built from the address the browser used, so a page fetched as
  http://192.168.1.20:8000/ opens its websocket there (the stock page uses the
  address the server was started with, which is useless for 0.0.0.0);
- the app started without a shell, from an argument list;
- a session that ends, however it ends, leaves no process behind: the app is
  asked to quit, then killed if it has not gone within a few seconds; the
  server's own shutdown ends every session;
- only its own page is answered (game/net/guard.py): every request must name
  this computer as its Host (no DNS rebinding), a websocket must come from the
  game's own page (its Origin), another computer may hold at most `per_host`
  games, and /static/ lists no folder;
- websocket input that is not what the page sends is ignored (not JSON, not
  a list, nested a thousand deep, unknown types, sizes out of range, a message
  over MAX_MESSAGE) instead of ending the session; only a frame over MAX_FRAME,
  which aiohttp will not even read, closes that one session;
- a cap on the number of games at once, and a start queue: only as many games
  start at the same moment as the computer has cores (each start is about a
  second of work), so when forty pupils open the page together the first
  screens arrive one after another instead of all at the very end.

`?fontsize=N` on the page's address sets the terminal's font size in pixels
(8–72; 16 by default): `?fontsize=28` reads from the back of a classroom.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from string import Template
from typing import Any, Callable

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from game.net.guard import DEFAULT_PER_HOST, PerHost, host_allowed, is_loopback, origin_allowed  # noqa: F401  (is_loopback: part of this module's API)
from game.net.warm import Zygote, can_fork

log = logging.getLogger("fanzha.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TITLE = "反诈大冒险"
MAX_SESSIONS = 80  # two classes at once; each game is one process
QUIT_GRACE = 5.0  # seconds an app gets to quit before it is killed
MAX_MESSAGE = 64 * 1024  # bytes in one websocket message the game reads (a paste is far smaller); more is ignored
MAX_FRAME = 2 * 1024 * 1024  # bytes aiohttp reads of one message at all; more closes that session
START_TIMEOUT = 20.0  # seconds a starting game may hold its place in the start queue
FONT_SIZES = (8, 72)
WIDTHS = (10, 1000)
HEIGHTS = (5, 500)
PAGE = Path(__file__).resolve().parent / "serve_page.html"
WINDOWS = sys.platform == "win32"


def app_command(data_dir: str | os.PathLike | None = None, scenarios: list[str] = ()) -> list[str]:
    """The command one browser tab runs: this Python, `-m game`, with the
    server's data folder and scenario folders as absolute paths."""
    argv = [sys.executable, "-m", "game"]
    for folder in scenarios:
        argv += ["--scenarios", str(Path(folder).resolve())]
    if data_dir:
        argv += ["--data-dir", str(Path(data_dir).resolve())]
    return argv


def app_environment(data_dir: str | os.PathLike | None = None) -> dict[str, str]:
    """What the app processes get on top of the server's environment: the data
    folder (also as FANZHA_HOME), and the folder this `game` package was
    imported from, so `-m game` finds the same code from any working folder."""
    env: dict[str, str] = {}
    if data_dir:
        env["FANZHA_HOME"] = str(Path(data_dir).resolve())
    root = str(Path(__file__).resolve().parents[2])  # the folder holding `game`
    current = os.environ.get("PYTHONPATH", "")
    parts = [p for p in current.split(os.pathsep) if p]
    if root not in parts:
        env["PYTHONPATH"] = os.pathsep.join([root, *parts])
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _refused(status: int, why: str) -> web.Response:
    return web.Response(status=status, text=why, content_type="text/plain", charset="utf-8")


def _clamp(value: Any, low: int, high: int, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return default
    if not isinstance(value, int):
        return default
    return max(low, min(high, value))


class GameSession(AppService):
    """One browser tab's game: started without a shell, always reaped."""

    def __init__(self, argv: list[str], extra_env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(subprocess.list2cmdline(argv), **kwargs)
        self.argv = argv
        self.extra_env = extra_env
        self._stopped = False
        self.warm: tuple[Zygote, str | None, list[str]] | None = None  # set by the server where it can fork

    async def _open_warm(self, env: dict[str, str]):
        zygote, data_dir, scenarios = self.warm
        try:
            return await zygote.spawn(env, data_dir, scenarios)
        except Exception as exc:  # no warm parent: a fresh process, as on Windows
            log.warning("warm start failed, starting a fresh game: %r", exc)
            return None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24):
        env = self._build_environment(width=width, height=height)
        env.update(self.extra_env)
        process = await self._open_warm(env) if self.warm is not None else None
        if process is None:
            process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
            )
        self._process = process
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def send_meta(self, data) -> bool:
        try:
            return await super().send_meta(data)
        except Exception:  # the app has gone: nothing to tell it
            return False

    async def send_bytes(self, data: bytes) -> bool:
        try:
            return await super().send_bytes(data)
        except Exception:
            return False

    async def stop(self) -> None:
        """Ask the app to quit; kill it if it has not gone in QUIT_GRACE seconds."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if self._task is not None:
                try:
                    await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
                except Exception:
                    pass
                await self.send_meta({"type": "quit"})
                try:
                    await asyncio.wait_for(asyncio.shield(self._task), QUIT_GRACE)
                except BaseException:  # timed out, cancelled or failed: kill below
                    pass
        finally:
            await self.reap()

    async def reap(self) -> None:
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 1.0)
            except BaseException:
                pass
        if process.returncode is None:
            self.kill()
            try:
                await asyncio.wait_for(process.wait(), 5.0)
            except BaseException:
                pass
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def kill(self) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            try:
                process.kill()
            except ProcessLookupError:
                pass


class FanzhaServer(Server):
    """textual-serve's Server with an offline page and careful sessions."""

    def __init__(
        self,
        argv: list[str],
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        extra_env: dict[str, str] | None = None,
        max_sessions: int = MAX_SESSIONS,
        title: str = TITLE,
        folders: tuple[str | None, list[str]] | None = None,
        per_host: int = DEFAULT_PER_HOST,
    ) -> None:
        """`folders` (the data folder and the teacher's scenario folders) lets
        each game be forked from a warm parent (game/net/warm.py) instead of
        starting a fresh process; FANZHA_SERVE_FORK=0 turns that off.
        `per_host`: the games another computer may hold at once."""
        super().__init__(subprocess.list2cmdline(argv), host=host, port=port, title=title)
        self.per_host = PerHost(per_host)
        self.folders = folders if can_fork() and os.environ.get("FANZHA_SERVE_FORK", "1") != "0" else None
        self.zygote: Zygote | None = None
        self.argv = list(argv)
        self.extra_env = dict(extra_env or {})
        self.max_sessions = max_sessions
        self.sessions: set[GameSession] = set()
        self.page = Template(PAGE.read_text(encoding="utf-8"))
        self.start_slots = max(2, os.cpu_count() or 2)
        self._starting: asyncio.Semaphore | None = None  # made on the server's loop

    # -- who is answered ---------------------------------------------------------
    async def _make_app(self) -> web.Application:
        """The stock routes, but /static/ lists no folder, and no request that
        does not name this computer as its Host is answered."""
        app = web.Application(middlewares=[self._this_computer_only])
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _this_computer_only(self, request: web.Request, handler):
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        if not host_allowed(request.host, sockname[0] if sockname else None, self.host):
            return _refused(421, "这个地址不是提供游戏的这台电脑。请用老师给的地址打开，例如 http://127.0.0.1:端口/")
        return await handler(request)

    # -- the page -------------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.Response:
        font_size = _clamp(request.query.get("fontsize", "16"), *FONT_SIZES, default=16)
        scheme = "wss" if request.secure else "ws"
        host = request.host  # the address the browser used
        text = self.page.substitute(
            title=html.escape(self.title),
            static="/static/",
            websocket_url=html.escape(f"{scheme}://{host}/ws", quote=True),
            font_size=font_size,
        )
        return web.Response(
            text=text,
            content_type="text/html",
            charset="utf-8",
            headers={
                "Cache-Control": "no-store",
                # The browser itself refuses anything from another server.
                "Content-Security-Policy": (
                    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                    f"img-src 'self' data:; font-src 'self'; connect-src 'self' ws://{host} wss://{host}"
                ),
            },
        )

    # -- the games ------------------------------------------------------------
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not origin_allowed(request.headers.get("Origin"), request.host, request.secure):
            # A page of another website: it may not read the screen or press keys.
            return _refused(403, "只有游戏自己的网页可以开始游戏。")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_FRAME)
        width = _clamp(request.query.get("width", "80"), *WIDTHS, default=80)
        height = _clamp(request.query.get("height", "24"), *HEIGHTS, default=24)
        session: GameSession | None = None
        held = False
        try:
            await websocket.prepare(request)
            if len(self.sessions) >= self.max_sessions:
                await websocket.close(code=1013, message="too many games".encode("utf-8"))
                return websocket
            held = self.per_host.take(request.remote)
            if not held:
                await websocket.close(code=1013, message="too many games from one computer".encode("utf-8"))
                return websocket
            first_screen = asyncio.Event()

            async def write_bytes(data: bytes) -> None:
                first_screen.set()
                await websocket.send_bytes(data)

            session = GameSession(
                self.argv,
                self.extra_env,
                write_bytes=write_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            if self.zygote is not None:
                session.warm = (self.zygote, *self.folders)
            self.sessions.add(session)
            if self._starting is None:
                self._starting = asyncio.Semaphore(self.start_slots)
            async with self._starting:  # the start queue
                if websocket.closed:
                    return websocket
                await session.start(width, height)
                try:
                    await asyncio.wait_for(first_screen.wait(), START_TIMEOUT)
                except asyncio.TimeoutError:
                    pass
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # one broken session never takes the server down
            log.warning("session ended with an error: %r", error)
        finally:
            if held:
                self.per_host.give_back(request.remote)
            if session is not None:
                await asyncio.shield(self._end(session))
            if not websocket.closed:
                try:
                    await websocket.close()
                except Exception:
                    pass
        return websocket

    async def _end(self, session: GameSession) -> None:
        try:
            await session.stop()
        finally:
            self.sessions.discard(session)

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """The page's messages, checked: anything else is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT or len(message.data) > MAX_MESSAGE:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, TypeError, RecursionError):  # RecursionError: "[[[[…" a thousand deep
                continue
            if not (isinstance(envelope, list) and envelope and isinstance(envelope[0], str)):
                continue
            kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                width = _clamp(data.get("width"), *WIDTHS, default=-1)
                height = _clamp(data.get("height"), *HEIGHTS, default=-1)
                if width > 0 and height > 0:
                    await app_service.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(data, (str, int, float)) and not isinstance(data, bool):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def on_startup(self, app: web.Application) -> None:
        # The warm parent starts before the server listens (aiohttp opens the
        # port after this): a class that opens its tabs as soon as the address
        # is given finds every game ready to fork, instead of the first tabs
        # waiting for its imports. If it cannot start, games start fresh.
        if self.folders is not None:
            env = AppService._build_environment(self, 80, 24)  # what a game's environment holds, but its size
            env.update(self.extra_env)
            self.zygote = Zygote(env, self.folders)
            try:
                await self.zygote.start()
            except Exception as exc:
                log.warning("no warm parent: %r", exc)

    async def on_shutdown(self, app: web.Application) -> None:
        """The server is stopping: end every game, kill what does not go."""
        sessions = list(self.sessions)
        for session in sessions:
            session.kill()
        for session in sessions:
            try:
                await asyncio.wait_for(session.reap(), 5.0)
            except BaseException:
                pass
        if self.zygote is not None:
            await self.zygote.close()

    def serve(self, debug: bool = False, listening: Callable[[], None] | None = None) -> None:
        """Run until Ctrl+C (or SIGTERM). Unlike the stock server, a fresh event
        loop, and every session's process ended on the way out. `listening` is
        called once the port is open and the games are ready to start."""
        self.debug = debug
        logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(message)s")
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.request_exit)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # Windows: Ctrl+C arrives as KeyboardInterrupt
        try:
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *args: listening() if listening is not None else None,
                shutdown_timeout=5.0,
            )
        except KeyboardInterrupt:
            pass
        finally:
            for session in list(self.sessions):
                session.kill()
