"""A pupil's side of a live class: join the teacher's PC with the code, send
one's results, vote at each decision the teacher opens.

Results are the whole export document (game/results/exports.py), so sending
them again after a dropped connection is harmless: the teacher's PC keeps the
newest copy per pupil. A profile remembers that its results are not yet with
the teacher (PENDING), and the next join sends them first."""

from __future__ import annotations

import asyncio

import aiohttp

from game.net.live import protocol
from game.net.live.teacher import PATH
from game.results import exports

PENDING = exports.PENDING_SETTING  # a profile setting: results not yet stored by the teacher
CONNECT_TIMEOUT = 10.0
ACK_TIMEOUT = 15.0


class JoinError(Exception):
    """Could not join: the words say why, for the pupil."""


def url(address: str) -> str:
    """host:port (or a full ws:// address) to the websocket's URL."""
    address = address.strip()
    if address.startswith(("ws://", "wss://")):
        return address.rstrip("/") + (PATH if not address.rstrip("/").endswith(PATH) else "")
    if "://" in address:
        raise JoinError(f"地址 {address} 看不懂：请写 老师电脑的地址:端口，例如 192.168.1.20:8765")
    return f"ws://{address}{PATH}"


class Connection:
    """One joined pupil. Use as `async with Connection(...) as c:`."""

    def __init__(self, address: str, code: str, uid: str, name: str, class_name: str) -> None:
        self.url = url(address)
        self.hello = {"type": "hello", "code": code, "uid": uid, "name": name, "class": class_name}
        self.session: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.welcome: dict = {}
        self.inbox: asyncio.Queue[dict] = asyncio.Queue()
        self._reader: asyncio.Task | None = None
        self._acks: asyncio.Queue[dict] = asyncio.Queue()

    async def __aenter__(self) -> "Connection":
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, connect=CONNECT_TIMEOUT))
        try:
            # No Origin header: the teacher's PC refuses any request that has one.
            self.ws = await self.session.ws_connect(self.url, max_msg_size=protocol.MAX_MESSAGE, heartbeat=20)
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
            await self.session.close()
            raise JoinError(f"连不上老师的电脑（{self.url}）：{exc.__class__.__name__}") from None
        await self.ws.send_str(protocol.encode(self.hello))
        first = await self._next(CONNECT_TIMEOUT)
        if first is None or first.get("type") != "welcome":
            reason = (first or {}).get("reason", "老师的电脑没有回答")
            await self.close()
            raise JoinError(f"没能加入课堂：{reason}")
        self.welcome = first
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def _next(self, timeout: float) -> dict | None:
        try:
            message = await self.ws.receive(timeout=timeout)
        except asyncio.TimeoutError:
            return None
        if message.type != aiohttp.WSMsgType.TEXT:
            return None
        try:
            return protocol.decode(message.data, protocol.TEACHER_TYPES)
        except protocol.Refused:
            return {}

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            try:
                msg = protocol.decode(message.data, protocol.TEACHER_TYPES)
            except protocol.Refused:
                continue
            await (self._acks if msg["type"] == "stored" else self.inbox).put(msg)
        await self.inbox.put({"type": "closed"})

    async def send_results(self, doc: dict) -> bool:
        """Send the export; True once the teacher's PC says it is stored."""
        try:
            await self.ws.send_str(protocol.encode({"type": "results", "export": doc}))
            ack = await asyncio.wait_for(self._acks.get(), ACK_TIMEOUT)
        except (asyncio.TimeoutError, ConnectionError, aiohttp.ClientError, RuntimeError):
            return False
        return ack.get("exported") == doc.get("exported")

    async def vote(self, decision: int, chosen: str, marks: list[int]) -> None:
        await self.ws.send_str(protocol.encode({"type": "vote", "decision": decision, "letter": chosen, "marks": marks}))

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self.ws is not None and not self.ws.closed:
            try:
                await self.ws.send_str(protocol.encode({"type": "bye"}))
            except Exception:
                pass
            await self.ws.close()
        if self.session is not None:
            await self.session.close()


def export_doc(progress) -> dict:
    return exports.round_trip(exports.build(progress))
