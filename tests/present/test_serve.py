"""`fanzha serve` (game/net/serve.py): a real server on a free loopback port, spoken
to like the page does. The page is offline; the websocket brings the title
screen; dropped sessions leave no process; bad input does not kill it."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.net.serve import MAX_FRAME, PAGE, app_command, app_environment, is_loopback

from .serving import (
    can_count_processes, descendants, open_game, page_origin, read_until, screen_text, served, wait_for_no_children,
)

aiohttp = pytest.importorskip("aiohttp")


# --------------------------------------------------------------------------
# Without a server


def test_loopback_addresses():
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "example.com", ""):
        assert not is_loopback(host), host


def test_each_tab_runs_this_python_with_the_same_data_folder(tmp_path):
    argv = app_command(tmp_path / "data", [str(tmp_path / "mine")])
    assert argv[:3] == [sys.executable, "-m", "game"]
    assert argv[argv.index("--data-dir") + 1] == str((tmp_path / "data").resolve())
    assert argv[argv.index("--scenarios") + 1] == str((tmp_path / "mine").resolve())
    assert app_command() == [sys.executable, "-m", "game"]
    env = app_environment(tmp_path / "data")
    assert env["FANZHA_HOME"] == str((tmp_path / "data").resolve())


def test_page_template_links_nothing_outside():
    page = PAGE.read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)
    assert "fonts.googleapis" not in page


def run_page_script(marker: str, before: str, after: str):
    """Run the page's <script> that contains `marker` in Node, between a
    stand-in (`before`) and checks that print one JSON line (`after`)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js here")
    page = PAGE.read_text(encoding="utf-8")
    script = next(s for s in re.findall(r"<script>(.*?)</script>", page, re.S) if marker in s)
    out = subprocess.run([node, "-e", before + script + after], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    return json.loads(out)


def test_the_page_keeps_f5_for_the_game():
    """The page's own script, run in Node with a stand-in window: plain F5
    (presenter mode) must not reload the page; everything else is left alone."""
    before = (
        "const handlers = [];\n"
        "const window = {addEventListener: (type, fn, capture) => handlers.push([type, fn, capture])};\n"
    )
    found = run_page_script("keydown", before, """
const keys = [{key: "F5"}, {key: "F5", ctrlKey: true}, {key: "F5", shiftKey: true}, {key: "F6"}, {key: "r", ctrlKey: true}];
const prevented = keys.map((k) => {
  let stopped = false;
  const event = Object.assign({ctrlKey: false, metaKey: false, shiftKey: false, altKey: false,
                               preventDefault() { stopped = true; }}, k);
  handlers.filter((h) => h[0] === "keydown").forEach((h) => h[1](event));
  return stopped;
});
console.log(JSON.stringify({prevented, capture: handlers.map((h) => h[2])}));
""")
    assert found == {"prevented": [True, False, False, False, False], "capture": [True]}


def test_the_page_has_the_focus_and_a_first_click_only_focuses():
    """The page's focus script, run in Node with a stand-in window and page:
    on load the terminal's input box has the focus, so keys work at once; a
    click while it has no focus gives it the focus and never reaches the game
    (xterm), and the next click does; clicks on the page's own buttons work."""
    found = run_page_script("focusTerminal", """
const handlers = {};
const window = {addEventListener: (type, fn, capture) => (handlers[type] = handlers[type] || []).push([fn, capture])};
const body = {name: "body"};
const box = {name: "textarea", focus() { document.activeElement = box; }};
const document = {activeElement: body, querySelector: (q) => (q === "#terminal .xterm-helper-textarea" ? box : null)};
const onTerminal = {closest: (q) => (q === "#terminal" ? {} : null)};
const onButton = {closest: () => null};
let queued = [];
const setTimeout = (fn) => queued.push(fn);
const flush = () => { const q = queued; queued = []; q.forEach((fn) => fn()); };
function fire(type, target) {
  let stopped = false, prevented = false;
  const event = {type, target, stopPropagation() { stopped = true; }, preventDefault() { prevented = true; }};
  (handlers[type] || []).forEach(([fn]) => fn(event));
  return stopped && prevented;  // the game (xterm, below the window) never sees it
}
function click(target) { const r = [fire("mousedown", target), fire("mouseup", target), fire("click", target)]; flush(); return r; }
""", """
const out = {};
fire("load", null); flush();
out.focusedOnLoad = document.activeElement === box;
document.activeElement = body;                 // the pupil clicked elsewhere, or switched windows
out.firstClick = click(onTerminal);
out.focusedAfterFirst = document.activeElement === box;
out.secondClick = click(onTerminal);
document.activeElement = body;
out.buttonClick = click(onButton);
out.captures = Object.values(handlers).flat().every(([, capture]) => capture === true || capture === undefined);
console.log(JSON.stringify(out));
""")
    assert found["focusedOnLoad"]
    assert found["firstClick"] == [True, True, True], "the first click must not reach the game"
    assert found["focusedAfterFirst"]
    assert found["secondClick"] == [False, False, False], "once focused, clicks play"
    assert found["buttonClick"] == [False, False, False], "the page's own buttons still work"


# --------------------------------------------------------------------------
# A real server


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append((tag, name, value))


def run(coro):
    return asyncio.run(coro)


@pytest.mark.slow
def test_page_is_offline_and_websocket_shows_the_title(fanzha_home):
    with served(fanzha_home) as (proc, port):
        async def go():
            local = f"http://127.0.0.1:{port}"
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{local}/?fontsize=28") as r:
                    assert r.status == 200
                    page = await r.text()
                    csp = r.headers.get("Content-Security-Policy", "")
                urls = re.findall(r"(?:https?|wss?)://[^\s\"'<>)]+", page)
                assert all(u.startswith((local, f"ws://127.0.0.1:{port}")) for u in urls), urls
                assert "fonts.googleapis" not in page and "fonts.gstatic" not in page
                assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
                assert 'data-font-size="28"' in page
                assert "default-src 'self'" in csp
                parser = Links()
                parser.feed(page)
                assert parser.links, "the page loads its script, styles and font from here"
                for tag, name, value in parser.links:
                    assert value.startswith("/static/"), (tag, name, value)
                    async with session.get(local + value) as r:
                        assert r.status == 200, value
                ws, data = await open_game(session, port)
                await ws.send_str(json.dumps(["ping", "42"]))
                while True:
                    msg = await ws.receive(timeout=10)
                    if msg.type == aiohttp.WSMsgType.TEXT:
                        assert json.loads(msg.data) == ["pong", "42"]
                        break
                await ws.close()

        run(go())
        assert proc.poll() is None


def test_the_cases_are_checked_once_before_any_tab_opens(fanzha_home):
    """Forty tabs opened at once must not each check every case at the same
    moment: the server has written the check cache's listing before it listens."""
    from game.engine.cache import CheckCache
    from game.engine.library import scenario_files
    from game.engine.paths import builtin_scenarios_dir

    with served(fanzha_home) as (proc, port):
        listed = {Path(p).name for p in CheckCache.default(fanzha_home).read_index()}
    builtin = {p.name for p in scenario_files(builtin_scenarios_dir())}
    assert builtin and builtin <= listed


@pytest.mark.slow
def test_dropped_sessions_leave_no_process(fanzha_home):
    reason = can_count_processes()
    if reason:
        pytest.skip(reason)
    with served(fanzha_home) as (proc, port):
        async def go():
            async with aiohttp.ClientSession() as session:
                games = await asyncio.gather(*[open_game(session, port, timeout=60) for _ in range(10)])
                assert len(descendants(proc.pid)) >= 10
                for i, (ws, _) in enumerate(games):
                    if i % 2:
                        await ws.close()  # the tab is closed politely
                    else:
                        # The network goes away: no close frame at all.
                        ws._response.connection.transport.abort()

        run(go())
        left = wait_for_no_children(proc.pid, timeout=25)
        assert left == [], f"processes left behind: {left}"
        assert proc.poll() is None


@pytest.mark.slow
def test_bad_websocket_input_does_not_kill_the_server(fanzha_home):
    with served(fanzha_home) as (proc, port):
        async def go():
            async with aiohttp.ClientSession() as session:
                ws, _ = await open_game(session, port)
                for bad in (
                    "not json {", "42", "null", "{}", "[]", "[1, 2]", '["unknown", 1]',
                    '["resize", {"width": "x", "height": null}]', '["resize", {"width": 1000000000, "height": -5}]',
                    '["resize", [1, 2]]', '["stdin", 5]', '["stdin"]', '["ping", {"a": 1}]', '["focus", 1, 2, 3]',
                    "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
                    # Issue #15: 60 KB nested 30,000 deep (RecursionError ended the session) …
                    "[" * 30_000 + "]" * 30_000,
                    # … and a message far over what the page sends (it used to close the session).
                    json.dumps(["stdin", "x" * (1024 * 1024)]),
                ):
                    await ws.send_str(bad)
                await ws.send_bytes(b"\x00\xff binary \x1b[")
                # The same game still answers.
                await ws.send_str(json.dumps(["ping", "still"]))
                while True:
                    msg = await ws.receive(timeout=10)
                    if msg.type == aiohttp.WSMsgType.TEXT and json.loads(msg.data) == ["pong", "still"]:
                        break
                    assert msg.type == aiohttp.WSMsgType.BINARY, msg
                # A frame aiohttp will not even read (over MAX_FRAME) closes only that session.
                # The server may close while the frame is still being written
                # (the protection working), so a lost connection counts as closed.
                closed = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR)
                try:
                    await ws.send_str("x" * (MAX_FRAME + 1))
                except ConnectionError:
                    pass
                else:
                    msg = await ws.receive(timeout=10)
                    while msg.type == aiohttp.WSMsgType.BINARY:
                        msg = await ws.receive(timeout=10)
                    assert msg.type in closed, msg
                # A garbage handshake: sizes that are not numbers.
                ws2 = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=abc&height=-1", origin=page_origin(port))
                await read_until(ws2, ("反 诈 大 冒 险", "反诈大冒险"), 30)
                await ws2.close()
                # And a new game opens as before.
                ws3, _ = await open_game(session, port)
                await ws3.close()

        run(go())
        assert proc.poll() is None


@pytest.mark.slow
def test_another_address_must_be_asked_for_and_warns(fanzha_home):
    with served(fanzha_home, "--host", "0.0.0.0") as (proc, port):
        pass
    err = proc.stderr.read().decode("utf-8", "replace")
    out = proc.stdout.read().decode("utf-8", "replace")
    assert "注意" in err and "0.0.0.0" in err
    assert "?fontsize=" in out


@pytest.mark.slow
def test_default_is_loopback_and_says_fontsize(fanzha_home):
    with served(fanzha_home) as (proc, port):
        pass
    out = proc.stdout.read().decode("utf-8", "replace")
    err = proc.stderr.read().decode("utf-8", "replace")
    assert f"http://127.0.0.1:{port}/" in out and "?fontsize=" in out
    assert "注意" not in err
    assert proc.returncode == 0


@pytest.mark.slow
def test_each_tab_asks_who_is_playing_and_keeps_its_own_player(fanzha_home):
    """Two tabs at once: each asks who plays; one says 小明, the other plays
    匿名; neither becomes the other's player, nor the PC's current profile."""
    from game.progress.store import Store

    with Store.open() as store:
        store.set_current(store.create_profile("上一个学生"))
    with served(fanzha_home) as (proc, port):
        async def go():
            async with aiohttp.ClientSession() as session:
                tabs = [await open_game(session, port) for _ in range(2)]
                for ws, shown in tabs:  # the question may have come with the title
                    if "谁在玩" not in screen_text(shown):
                        await read_until(ws, ("谁在玩",), 30)
                (first, _), (second, _) = tabs
                await first.send_str(json.dumps(["stdin", "小明\r"]))
                await read_until(first, ("玩家：小明",), 30)
                await second.send_str(json.dumps(["stdin", "\x1b"]))  # Esc: 匿名
                await read_until(second, ("玩家：匿名玩家",), 30)
                for ws in (first, second):
                    await ws.close()

        run(go())
        assert proc.poll() is None
    with Store.open() as store:
        assert store.current_profile().name == "上一个学生"
        assert sorted(p.label for p in store.profiles()) == ["上一个学生", "匿名玩家 3", "小明"]
