"""The teacher's side of a live class: a websocket server the pupils' games
join with a code, a results folder that fills itself, and — in step mode —
one case played in step on every screen, the class voting at each decision.

Faces (the projector view, or `--no-ui`'s JSON lines) see it through `emit`:
every event is a plain dict with an "event" key. The teacher acts through
the methods `start_case`, `open_decision`, `choose`, `reveal`, `remove`.

Safe by design: a request that carries a browser Origin is refused (pupils'
games are not browsers, and a web page must not reach this server); a pupil
must say the code first; at most `max_pupils`; every message is size- and
shape-checked (protocol.decode) and a bad one is ignored; a pupil's results
are the export document, read back by the report's own reader and stored only
under the pupil's own uid; names are shown to the teacher alone."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aiohttp import WSMsgType, web

from game.classroom.storymap import ways
from game.engine.ending import summarize
from game.engine.model import Scenario
from game.engine.play import Playthrough
from game.engine.redflags import flags_met
from game.net.live import protocol
from game.progress import policy
from game.progress.store import safe_filename
from game.results import exports

log = logging.getLogger("fanzha.live")
HELLO_TIMEOUT = 10.0  # seconds a new connection has to say who it is
PATH = "/live"


@dataclass
class Pupil:
    number: int  # in the order they first joined: what the projector may show
    uid: str
    name: str
    class_name: str
    ws: web.WebSocketResponse | None = None
    results: int = 0  # how many times results were stored
    cases: dict[str, str] = field(default_factory=dict)  # case id -> best outcome so far (self-paced)

    @property
    def online(self) -> bool:
        return self.ws is not None and not self.ws.closed

    def label(self) -> str:
        return f"{self.name}（{self.class_name}）" if self.class_name else self.name or f"{self.number} 号"


@dataclass
class Decision:
    number: int
    node: str
    letters: tuple[str, ...]
    votes: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)  # uid -> (letter, marks)
    chosen: str = ""

    def tally(self) -> dict[str, int]:
        counts = Counter(v for v, _ in self.votes.values())
        return {k: counts.get(k, 0) for k in self.letters}

    def marks(self) -> dict[str, int]:
        counts = Counter(k for _, marks in self.votes.values() for k in marks)
        return {str(k): n for k, n in sorted(counts.items())}


class LiveClass:
    def __init__(
        self,
        code: str,
        mode: str,
        results_dir: Path,
        emit: Callable[[dict], None],
        scenarios=None,
        max_pupils: int = protocol.MAX_PUPILS,
    ) -> None:
        if mode not in protocol.MODES:
            raise ValueError(mode)
        self.code = code
        self.mode = mode
        self.results_dir = Path(results_dir)
        self.emit = emit
        self.scenarios = scenarios  # id -> Scenario: what step mode can play
        self.max_pupils = max_pupils
        self.pupils: dict[str, Pupil] = {}  # uid -> Pupil
        self.removed: set[str] = set()
        self.play: Playthrough | None = None
        self.decision: Decision | None = None  # the one open for votes, or the last one
        self.decisions = 0
        self.started = datetime.now().astimezone()

    # -- the server ------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=protocol.MAX_MESSAGE)
        app.router.add_get(PATH, self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        peer = request.remote or "?"
        if "Origin" in request.headers:
            # A browser page is never a pupil's game: no web page may reach this.
            self.emit({"event": "refused", "peer": peer, "reason": "browser origin"})
            return web.Response(status=403, text="forbidden")
        ws = web.WebSocketResponse(max_msg_size=protocol.MAX_MESSAGE, heartbeat=20)
        await ws.prepare(request)
        pupil = None
        try:
            pupil = await self._hello(ws, peer)
            if pupil is None:
                return ws
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    msg = protocol.decode(message.data, protocol.PUPIL_TYPES)
                except protocol.Refused as exc:
                    log.info("ignored a message from %s: %s", peer, exc)
                    continue
                if msg["type"] == "bye":
                    break
                try:
                    await self._on_message(pupil, ws, msg)
                except protocol.Refused as exc:
                    log.info("ignored a message from %s: %s", peer, exc)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # one pupil's trouble never ends the class
            log.warning("a pupil's connection failed: %r", exc)
        finally:
            if pupil is not None and pupil.ws is ws:
                pupil.ws = None
                self.emit({"event": "left", "pupil": pupil.number})
            if not ws.closed:
                await ws.close()
        return ws

    async def _refuse(self, ws: web.WebSocketResponse, peer: str, why: str, words: str) -> None:
        self.emit({"event": "refused", "peer": peer, "reason": why})
        try:
            await ws.send_str(protocol.encode({"type": "refused", "reason": words}))
            await ws.close()
        except Exception:
            pass

    async def _hello(self, ws: web.WebSocketResponse, peer: str) -> Pupil | None:
        try:
            message = await ws.receive(timeout=HELLO_TIMEOUT)
        except asyncio.TimeoutError:
            await self._refuse(ws, peer, "no hello", "没有说明身份")
            return None
        if message.type != WSMsgType.TEXT:
            await ws.close()
            return None
        try:
            msg = protocol.decode(message.data, ("hello",))
            code, uid, name, class_name = protocol.hello_fields(msg)
        except protocol.Refused as exc:
            await self._refuse(ws, peer, str(exc), "消息格式不对")
            return None
        if not protocol.code_matches(code, self.code):
            await self._refuse(ws, peer, "wrong code", "课堂码不对")
            return None
        if uid in self.removed:
            await self._refuse(ws, peer, "removed", "老师已经把你移出了这节课")
            return None
        pupil = self.pupils.get(uid)
        if pupil is None:
            if len(self.pupils) >= self.max_pupils:
                await self._refuse(ws, peer, "full", f"这节课已经满了（最多 {self.max_pupils} 人）")
                return None
            pupil = Pupil(len(self.pupils) + 1, uid, name, class_name)
            self.pupils[uid] = pupil
        elif pupil.online:
            await pupil.ws.close()  # the same pupil again (a new window): the newest wins
        pupil.ws = ws
        pupil.name, pupil.class_name = name, class_name
        self.emit({"event": "joined", "pupil": pupil.number, "name": name, "class": class_name,
                   "online": self.online_count()})
        welcome = {"type": "welcome", "mode": self.mode, "pupil": pupil.number}
        await ws.send_str(protocol.encode(welcome))
        if self.mode == "step" and self.decision is not None and not self.decision.chosen:
            await ws.send_str(protocol.encode(self._decision_message()))
        return pupil

    async def _on_message(self, pupil: Pupil, ws: web.WebSocketResponse, msg: dict) -> None:
        kind = msg["type"]
        if kind == "results":
            await self._store_results(pupil, ws, msg)
        elif kind == "vote":
            self._vote(pupil, msg)

    # -- results ---------------------------------------------------------------
    async def _store_results(self, pupil: Pupil, ws: web.WebSocketResponse, msg: dict) -> None:
        doc = msg.get("export")
        try:
            if not isinstance(doc, dict):
                raise exports.ExportError("没有成绩")
            result = exports.parse(json.dumps(doc, ensure_ascii=False), source=f"{pupil.number} 号")
        except (exports.ExportError, ValueError, RecursionError) as exc:
            self.emit({"event": "bad-results", "pupil": pupil.number, "reason": str(exc)[:200]})
            return
        if result.uid != pupil.uid:
            self.emit({"event": "bad-results", "pupil": pupil.number, "reason": "someone else's results"})
            return
        target = self._results_file(pupil)
        if not self._newer(doc, target):
            await ws.send_str(protocol.encode({"type": "stored", "exported": doc.get("exported")}))
            return  # an older copy, sent again after a drop: counted once
        await asyncio.to_thread(exports.write, doc, target)
        pupil.results += 1
        pupil.cases = {s.id: s.best for s in result.scenarios}
        self.emit({"event": "results", "pupil": pupil.number, "file": str(target),
                   "cases": len(result.scenarios), "cleared": sum(policy.cleared(s) for s in result.scenarios)})
        await ws.send_str(protocol.encode({"type": "stored", "exported": doc.get("exported")}))

    def _results_file(self, pupil: Pupil) -> Path:
        """One file per pupil, named for a teacher to read (class, name) and
        kept unique by the profile's uid, which the name never replaces: a
        renamed pupil keeps their file."""
        existing = sorted(self.results_dir.glob(f"*{pupil.uid[:12]}.json")) if self.results_dir.is_dir() else []
        if existing:
            return existing[0]
        name = safe_filename(pupil.class_name, pupil.name, fallback="学生", suffix="")
        return self.results_dir / f"{name}-{pupil.uid[:12]}.json"

    @staticmethod
    def _newer(doc: dict, target: Path) -> bool:
        try:
            old = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return True
        return str(doc.get("exported", "")) > str(old.get("exported", ""))

    # -- step mode -------------------------------------------------------------
    def start_case(self, scenario: Scenario) -> None:
        self.play = Playthrough(scenario)
        self.decision = None
        self.emit({"event": "case", "case": scenario.id, "title": scenario.title})

    def _options(self) -> list[tuple[str, str]]:
        return [(k, text if index is not None else f"在「{text}」里填写") for k, text, index in ways(self.play)]

    def _node_lines(self) -> list[dict]:
        node, s = self.play.node, self.play.scenario
        return [{"n": n, "who": s.speaker_name(m.speaker), "channel": m.channel, "text": m.text}
                for n, m in enumerate(node.messages, 1)]

    def _decision_message(self) -> dict:
        d = self.decision
        return {"type": "decision", "decision": d.number, "node": d.node, "lines": self._node_lines(),
                "options": [{"letter": k, "text": t} for k, t in self._options()]}

    async def open_decision(self) -> dict:
        """Open the current decision for votes on every pupil's screen."""
        if self.play is None or self.play.ended:
            raise ValueError("没有正在进行的案例，或者已经到结局了")
        if self.decision is not None and not self.decision.chosen:
            return self._decision_message()  # already open
        self.decisions += 1
        self.decision = Decision(self.decisions, self.play.node.id, tuple(k for k, _ in self._options()))
        message = self._decision_message()
        await self._broadcast(message)
        self.emit({"event": "decision", "decision": self.decision.number, "node": self.decision.node,
                   "letters": list(self.decision.letters), "online": self.online_count()})
        return message

    def _vote(self, pupil: Pupil, msg: dict) -> None:
        number, chosen, marks = protocol.vote_fields(msg)
        d = self.decision
        if self.mode != "step" or d is None or d.chosen or number != d.number or chosen not in d.letters:
            raise protocol.Refused("not a vote for the open decision")
        lines = len(self.play.node.messages)
        d.votes[pupil.uid] = (chosen, tuple(k for k in marks if k <= lines))  # a changed mind: the last vote counts
        self.emit({"event": "vote", "decision": d.number, "answered": len(d.votes),
                   "online": self.online_count(), "tally": d.tally(), "marks": d.marks()})

    async def choose(self, chosen: str) -> dict:
        """The teacher picks the class's answer: everyone moves on."""
        d = self.decision
        if d is None or d.chosen:
            raise ValueError("现在没有打开的选择")
        options = dict(self._options())
        if chosen not in options:
            raise ValueError(f"没有 {chosen} 这个选项")
        d.chosen = chosen
        index = next(i for k, _, i in ways(self.play) if k == chosen)
        if index is None:  # the page's form, filled with a made-up code
            from game.engine.explore import SAMPLE_INPUT

            self.play.submit(SAMPLE_INPUT)
        else:
            self.play.choose(index)
        record = {"decision": d.number, "node": d.node, "letters": list(d.letters), "votes": d.tally(),
                  "answered": len(d.votes), "present": self.online_count(), "marks": d.marks(), "chosen": chosen}
        await asyncio.to_thread(self._append_record, record)
        moved = {"type": "moved", "decision": d.number, "letter": chosen, "node": self.play.node.id,
                 "lines": self._node_lines()}
        await self._broadcast(moved)
        self.emit({"event": "moved", **record})
        if self.play.ended:
            e = summarize(self.play)
            ended = {"type": "ended", "kind": e.kind.id, "words": e.kind_words, "title": e.title, "explain": e.explain,
                     "rules": [r.label for r in e.rules]}
            await self._broadcast(ended)
            self.emit({"event": "ended", "kind": e.kind.id, "title": e.title})
        return moved

    async def reveal(self) -> dict:
        """Show the red flags met so far, with their rules, on every screen."""
        if self.play is None:
            raise ValueError("没有正在进行的案例")
        met = flags_met(self.play.scenario, (n.id for n in self.play.visited))
        flags = [{"text": f.message.text, "why": f.message.red_flag.why, "rule": f.rule_label} for f in met]
        message = {"type": "reveal", "flags": flags}
        await self._broadcast(message)
        self.emit({"event": "reveal", "flags": len(flags)})
        return message

    def _append_record(self, record: dict) -> None:
        """The class's votes, one line a decision: the class's, not a pupil's."""
        self.results_dir.mkdir(parents=True, exist_ok=True)
        path = self.results_dir / f"votes-{self.started:%Y%m%d-%H%M}-{self.code}.jsonl"
        line = json.dumps({"case": self.play.scenario.id, **record}, ensure_ascii=False)
        with open(path, "a", encoding="utf-8", newline="\n") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())

    # -- the teacher's hand ----------------------------------------------------
    async def remove(self, number: int) -> bool:
        pupil = next((p for p in self.pupils.values() if p.number == number), None)
        if pupil is None:
            return False
        self.removed.add(pupil.uid)
        if pupil.online:
            try:
                await pupil.ws.send_str(protocol.encode({"type": "removed"}))
                await pupil.ws.close()
            except Exception:
                pass
        self.emit({"event": "removed", "pupil": number})
        return True

    def online_count(self) -> int:
        return sum(p.online for p in self.pupils.values())

    async def _broadcast(self, message: dict) -> None:
        text = protocol.encode(message)
        sends = [p.ws.send_str(text) for p in self.pupils.values() if p.online]
        for result in await asyncio.gather(*sends, return_exceptions=True):
            if isinstance(result, Exception):
                log.info("a pupil missed a message: %r", result)

    async def close(self) -> None:
        for p in self.pupils.values():
            if p.online:
                try:
                    await p.ws.close()
                except Exception:
                    pass


async def listen(live: LiveClass, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Start serving the class; return the runner and the port really used
    (port 0: any free one)."""
    import socket

    runner = web.AppRunner(live.app(), handle_signals=False, access_log=None)
    await runner.setup()
    sock = socket.create_server((host.strip("[]"), port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    await web.SockSite(runner, sock).start()
    return runner, sock.getsockname()[1]
