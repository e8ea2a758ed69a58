"""全班一起玩 (issue 18): the teacher's server and pupils' connections on
loopback, in one event loop — forty pupils, dropped connections, repeats,
hostile clients, step-mode votes — and the report over the results folder."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import pytest

from game.engine.library import load_library
from game.engine.paths import builtin_scenarios_dir
from game.net.live import protocol, teacher
from game.net.live.pupil import Connection, JoinError, export_doc
from game.net.live.teacher import LiveClass, listen
from game.progress.store import Store
from game.results import exports
from game.results.figures import collect, compute
from game.results.writers import json_text

LIBRARY = load_library([(builtin_scenarios_dir(), "builtin")])
CASE = LIBRARY.get("type01-dianzan-fanli")


def run(coro):
    return asyncio.run(coro)


class Room:
    """A live class on a free loopback port, with its events kept."""

    def __init__(self, tmp: Path, mode: str = "self", max_pupils: int = 60) -> None:
        self.events: list[dict] = []
        self.results = tmp / "results"
        self.live = LiveClass("K7PX2M", mode, self.results, self.events.append, LIBRARY.scenarios, max_pupils)
        self.runner = None
        self.port = 0

    async def __aenter__(self) -> "Room":
        self.runner, self.port = await listen(self.live, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.live.close()
        await self.runner.cleanup()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e["event"] == kind]


def make_class(tmp: Path, n: int) -> tuple[Store, list]:
    """n pupils on one PC's store, each with a different ending of one case."""
    store = Store.open(tmp / "pcs")
    pupils = []
    endings = list(CASE.endings)
    for i in range(n):
        profile, _ = store.get_or_create(f"学生{i:02d}", "四(1)班")
        progress = store.progress(profile, LIBRARY)
        ending = endings[i % len(endings)]
        progress.record_ending(CASE.id, ending, CASE.endings[ending].kind, [])
        pupils.append(progress)
    return store, pupils


def report_json(folder: Path) -> dict:
    """The class report's figures; where each pupil's file lives and when it
    was written are not figures."""
    doc = json.loads(json_text(compute(collect([folder]))))
    doc.pop("generated", None)
    for row in doc["per_student"]:
        row.pop("file"), row.pop("exported")
    return doc


def test_forty_pupils_results_collect_themselves_and_match_their_exports(tmp_path):
    store, pupils = make_class(tmp_path, 40)

    async def go():
        async with Room(tmp_path) as room:
            async def one(progress):
                p = progress.profile
                async with Connection(room.address, "k7px-2m", p.uid, p.name, p.class_name) as c:
                    assert c.welcome["mode"] == "self"
                    assert await c.send_results(export_doc(progress))

            await asyncio.gather(*[one(p) for p in pupils])
            return room

    room = run(go())
    files = sorted(room.results.glob("*.json"))
    assert len(files) == 40 and len(room.of("joined")) == 40 and len(room.of("results")) == 40
    # The same pupils' exports, written as `fanzha export --all` would.
    folder = tmp_path / "exports"
    for progress in pupils:
        exports.write(exports.build(progress), folder / exports.file_name(progress.profile))
    assert report_json(room.results) == report_json(folder)
    store.close()


def test_a_repeat_is_counted_once_and_an_older_copy_never_wins(tmp_path):
    store, (progress,) = make_class(tmp_path, 1)
    old = export_doc(progress)
    progress.record_ending(CASE.id, next(iter(CASE.endings)), "safe", [])
    new = export_doc(progress)
    assert new["exported"] > old["exported"]

    async def go():
        async with Room(tmp_path) as room:
            p = progress.profile
            async with Connection(room.address, "K7PX2M", p.uid, p.name, p.class_name) as c:
                assert await c.send_results(new)
                assert await c.send_results(new)  # sent again after a drop: acknowledged
                assert await c.send_results(old)  # an older copy: acknowledged, not stored
            return room

    room = run(go())
    (stored,) = room.results.glob("*.json")
    assert json.loads(stored.read_text(encoding="utf-8"))["exported"] == new["exported"]
    assert len(room.of("results")) == 1
    store.close()


def test_a_dropped_connection_loses_nothing(tmp_path):
    """The network goes away mid-lesson; the pupil joins again and the results arrive."""
    store, (progress,) = make_class(tmp_path, 1)
    p = progress.profile

    async def go():
        async with Room(tmp_path) as room:
            c = Connection(room.address, "K7PX2M", p.uid, p.name, p.class_name)
            await c.__aenter__()
            c.ws._response.connection.transport.abort()  # no close frame: the cable is pulled
            assert not await c.send_results(export_doc(progress))
            await c.close()
            for _ in range(50):
                if room.of("left"):
                    break
                await asyncio.sleep(0.05)
            assert room.of("left") and not list(room.results.glob("*.json"))
            async with Connection(room.address, "K7PX2M", p.uid, p.name, p.class_name) as again:
                assert again.welcome["pupil"] == 1  # the same pupil, not a new one
                assert await again.send_results(export_doc(progress))
            return room

    room = run(go())
    assert len(list(room.results.glob("*.json"))) == 1 and len(room.live.pupils) == 1
    store.close()


def test_hostile_clients_are_refused_or_ignored(tmp_path, monkeypatch):
    monkeypatch.setattr(teacher, "HELLO_TIMEOUT", 0.5)
    store, (progress, other) = make_class(tmp_path, 2)

    async def go():
        async with Room(tmp_path, max_pupils=2) as room:
            url = f"ws://{room.address}{teacher.PATH}"
            async with aiohttp.ClientSession() as s:
                # A web page: refused before any websocket.
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await s.ws_connect(url, headers={"Origin": "http://evil.example.com"})
                assert refused.value.status == 403
                # The wrong code.
                with pytest.raises(JoinError, match="课堂码不对"):
                    async with Connection(room.address, "WRONG1", "ab" * 8, "x", ""):
                        pass
                # Silence after connecting: closed after the hello timeout.
                ws = await s.ws_connect(url)
                msg = await ws.receive(timeout=5)
                assert msg.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
                await ws.close()
                # A name with a bidi override: refused.
                with pytest.raises(JoinError):
                    async with Connection(room.address, "K7PX2M", "cd" * 8, "小\u202e明", ""):
                        pass
                # A joined pupil sending garbage: ignored, the session goes on.
                p = progress.profile
                async with Connection(room.address, "K7PX2M", p.uid, p.name, p.class_name) as c:
                    await c.ws.send_str("not json")
                    await c.ws.send_str("[" * 60_000 + "]" * 60_000)
                    await c.ws.send_str(json.dumps({"type": "results", "export": {"a": json.loads("[" * 20 + "1" + "]" * 20)}}))
                    await c.ws.send_str(json.dumps({"type": "vote", "decision": 1, "letter": "Z"}))
                    await c.ws.send_str(json.dumps({"type": "shutdown"}))
                    await c.ws.send_bytes(b"\x00" * 100)
                    # Someone else's results under this pupil's name: not stored.
                    forged = export_doc(other)
                    await c.ws.send_str(protocol.encode({"type": "results", "export": forged}))
                    # Its own results still work after all that.
                    assert await c.send_results(export_doc(progress))
                    # The class is full (2): a third pupil is refused.
                    async with Connection(room.address, "K7PX2M", other.profile.uid, "b", "") as c2:
                        with pytest.raises(JoinError, match="满了"):
                            async with Connection(room.address, "K7PX2M", "ef" * 8, "c", ""):
                                pass
                        assert c2.welcome["pupil"] == 2
            return room

    room = run(go())
    assert [e["reason"] for e in room.of("refused")][:2] == ["browser origin", "wrong code"]
    assert any(e["reason"] == "someone else's results" for e in room.of("bad-results"))
    assert len(list(room.results.glob("*.json"))) == 1
    store.close()


def test_the_teacher_removes_a_pupil_who_cannot_come_back(tmp_path):
    store, (progress,) = make_class(tmp_path, 1)
    p = progress.profile

    async def go():
        async with Room(tmp_path) as room:
            async with Connection(room.address, "K7PX2M", p.uid, p.name, p.class_name) as c:
                assert await room.live.remove(1)
                assert (await asyncio.wait_for(c.inbox.get(), 5))["type"] in ("removed", "closed")
            with pytest.raises(JoinError, match="移出"):
                async with Connection(room.address, "K7PX2M", p.uid, p.name, p.class_name):
                    pass
            return room

    room = run(go())
    assert room.of("removed") == [{"event": "removed", "pupil": 1}]
    store.close()


def test_step_mode_forty_votes_counted_marks_tallied_and_everyone_moves_on(tmp_path):
    async def go():
        async with Room(tmp_path, mode="step") as room:
            room.live.start_case(CASE)
            pupils = []
            for i in range(40):
                c = Connection(room.address, "K7PX2M", f"{i:016x}", f"学生{i}", "四(1)班")
                pupils.append(await c.__aenter__())
            decision = await room.live.open_decision()
            letters = [o["letter"] for o in decision["options"]]
            assert len(letters) >= 2

            async def vote(i, c):
                msg = await asyncio.wait_for(c.inbox.get(), 10)
                assert msg["type"] == "decision" and msg["decision"] == 1
                await c.vote(1, letters[i % 2], [1] if i < 10 else [])

            await asyncio.gather(*[vote(i, c) for i, c in enumerate(pupils)])
            for _ in range(100):
                if room.of("vote") and room.of("vote")[-1]["answered"] == 40:
                    break
                await asyncio.sleep(0.05)
            last = room.of("vote")[-1]
            assert last["answered"] == 40 and last["tally"][letters[0]] == 20 and last["tally"][letters[1]] == 20
            assert last["marks"] == {"1": 10}
            # A pupil who joins now still gets the open decision.
            late = await Connection(room.address, "K7PX2M", "f" * 16, "迟到", "").__aenter__()
            assert (await asyncio.wait_for(late.inbox.get(), 5))["type"] == "decision"
            await room.live.choose(letters[1])
            for c in pupils:
                msg = await asyncio.wait_for(c.inbox.get(), 10)
                assert msg["type"] == "moved" and msg["letter"] == letters[1]
            for c in [*pupils, late]:
                await c.close()
            return room

    room = run(go())
    (record_file,) = room.results.glob("votes-*.jsonl")
    (record,) = [json.loads(line) for line in record_file.read_text(encoding="utf-8").splitlines()]
    assert record["case"] == CASE.id and record["answered"] == 40 and sum(record["votes"].values()) == 40
    # The class's votes are not pupils' attempts: no export file was written.
    assert not list(room.results.glob("*.json"))
    # The report over this folder sees no pupils and no damaged file.
    found = collect([room.results])
    assert found.students == [] and found.skipped == []


def test_protocol_refuses_what_it_does_not_know():
    for bad in ("[]", "1", '{"type": "evil"}', "x" * (protocol.MAX_MESSAGE + 1), "[" * 100_000):
        with pytest.raises(protocol.Refused):
            protocol.decode(bad, protocol.PUPIL_TYPES)
    deep = json.dumps({"type": "results", "export": json.loads("[" * 30 + "]" * 30)})
    with pytest.raises(protocol.Refused, match="deep"):
        protocol.decode(deep, protocol.PUPIL_TYPES)
    assert protocol.decode('{"type": "bye"}', protocol.PUPIL_TYPES) == {"type": "bye"}
    with pytest.raises(protocol.Refused):
        protocol.hello_fields({"type": "hello", "code": "X", "uid": "../../etc", "name": "a"})
    with pytest.raises(protocol.Refused):
        protocol.clean_text("a\x1b]52;c;payload\x07")
    assert protocol.normal_code(" k7px-2m ") == "K7PX2M" and protocol.code_matches("k7 px2m", "K7PX2M")
    code = protocol.new_code()
    assert len(code) == protocol.CODE_LENGTH and set(code) <= set(protocol.CODE_LETTERS)
