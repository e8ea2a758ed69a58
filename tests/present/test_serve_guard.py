"""Issue #15, case 3: `fanzha serve` answers only its own page. A page on any
website the teacher visits could open the game's websocket on 127.0.0.1 (no
Origin check), DNS rebinding worked the same way (no Host check), one client
could take every game, and /static/ listed its folder. The checks are small
functions (game/net/guard.py), tested alone and on a real server."""

from __future__ import annotations

import asyncio
import json
import socket

import pytest

from game.net.guard import PerHost, host_allowed, origin_allowed, split_host

from .serving import open_game, read_until, served

aiohttp = pytest.importorskip("aiohttp")


# -- the checks alone -------------------------------------------------------------


def test_split_host():
    assert split_host("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("LocalHost.") == ("localhost", None)
    assert split_host("evil.example:99999") == ("", None)
    assert split_host("[::1") == ("", None)


def test_host_must_name_this_computer():
    for ok in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "127.0.0.2"):
        assert host_allowed(ok, "127.0.0.1"), ok
    # The address the connection arrived at, or the one the server listens on.
    assert host_allowed("192.168.1.20:8000", "192.168.1.20")
    assert host_allowed("192.168.1.20:8000", "::ffff:192.168.1.20")  # a dual-stack socket
    assert host_allowed("10.0.0.5:8000", "10.0.0.9", listening="10.0.0.5")
    # DNS rebinding: the attacker's own name, pointed at 127.0.0.1.
    for bad in ("evil.example:8000", "127.0.0.1.nip.io:8000", "192.168.1.99:8000", "", "[::1"):
        assert not host_allowed(bad, "127.0.0.1"), bad


def test_origin_must_be_the_page_itself():
    assert origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert origin_allowed("HTTP://LOCALHOST:8000", "localhost:8000")
    assert origin_allowed("http://127.0.0.1", "127.0.0.1:80")  # the default port, named or not
    assert origin_allowed("https://[::1]:8443", "[::1]:8443", secure=True)
    for origin in ("http://evil.example", "http://127.0.0.1:8001", "https://127.0.0.1:8000", "null", "", None,
                   "http://127.0.0.1:8000/path", "file://"):
        assert not origin_allowed(origin, "127.0.0.1:8000"), origin


def test_per_host_counts_other_computers_only():
    limit = PerHost(2)
    assert limit.take("192.168.1.30") and limit.take("192.168.1.30")
    assert not limit.take("192.168.1.30")
    assert limit.take("192.168.1.31")
    assert all(limit.take("127.0.0.1") for _ in range(50))  # this computer's own browser
    limit.give_back("192.168.1.30")
    assert limit.take("192.168.1.30")


# -- a real server ------------------------------------------------------------------


@pytest.mark.slow
def test_another_website_dns_rebinding_and_listings_are_refused(fanzha_home):
    with served(fanzha_home) as (proc, port):
        async def go():
            base = f"http://127.0.0.1:{port}"
            async with aiohttp.ClientSession() as session:
                for origin in ("http://evil.example", None):  # another site's page; no page at all
                    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                        await session.ws_connect(f"ws://127.0.0.1:{port}/ws", origin=origin)
                    assert refused.value.status == 403
                # DNS rebinding: evil.example now resolves to 127.0.0.1; the browser says so in Host.
                rebound = {"Host": f"evil.example:{port}"}
                async with session.get(f"{base}/", headers=rebound) as r:
                    assert r.status == 421 and "data-session-websocket-url" not in await r.text()
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await session.ws_connect(f"ws://127.0.0.1:{port}/ws", origin=f"http://evil.example:{port}", headers=rebound)
                assert refused.value.status == 421
                async with session.get(f"{base}/static/") as r:
                    body = await r.text()
                    assert r.status in (403, 404) and ".js" not in body and "Index of" not in body
                async with session.get(f"{base}/static/fonts/") as r:
                    assert r.status in (403, 404)
                # The page itself still works, and opens its game.
                async with session.get(f"{base}/") as r:
                    assert r.status == 200
                ws, _ = await open_game(session, port)
                await ws.close()

        asyncio.run(go())
        assert proc.poll() is None


def _this_computers_lan_address() -> str | None:
    """A non-loopback address of this computer (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: only the route is looked up
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.mark.slow
def test_another_computer_may_hold_only_per_host_games(fanzha_home):
    lan = _this_computers_lan_address()
    if lan is None:
        pytest.skip("this computer has no address but loopback")
    with served(fanzha_home, "--host", "0.0.0.0", "--per-host", "2") as (proc, port):
        async def go():
            origin = f"http://{lan}:{port}"
            url = f"ws://{lan}:{port}/ws?width=80&height=24"
            async with aiohttp.ClientSession() as session:
                games = []
                for _ in range(2):
                    ws = await session.ws_connect(url, origin=origin)
                    await ws.send_str(json.dumps(["resize", {"width": 80, "height": 24}]))
                    await read_until(ws, ("反 诈 大 冒 险", "反诈大冒险"), 60)
                    games.append(ws)
                third = await session.ws_connect(url, origin=origin)
                msg = await third.receive(timeout=30)
                assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 1013, msg
                # This computer's own browser is not counted against it.
                ws, _ = await open_game(session, port)
                await ws.close()
                # A game given back is a place free again.
                await games.pop().close()
                await asyncio.sleep(0)
                for _ in range(50):
                    again = await session.ws_connect(url, origin=origin)
                    await again.send_str(json.dumps(["ping", "here"]))
                    msg = await again.receive(timeout=30)
                    if msg.type != aiohttp.WSMsgType.CLOSE:
                        break
                    await asyncio.sleep(0.2)  # the closed game is still being ended
                else:
                    raise AssertionError("the place given back never came free")
                for ws in games + [again]:
                    await ws.close()

        asyncio.run(go())
        assert proc.poll() is None
