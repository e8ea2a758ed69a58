"""加入课堂 in the game (game/ui/screens/live.py): the join form from the
title menu, a self-paced class receiving the pupil's results, and a step
class's moment on the pupil's screen — voting with letters, marking lines
with numbers."""

from __future__ import annotations

import asyncio

from game.net.live.pupil import Connection
from game.net.live.teacher import LiveClass, listen
from game.progress.store import Store
from game.ui.app import FanzhaApp
from game.ui.screens.live import JoinFormScreen, LiveStepScreen

from ..ui.helpers import on_screen, run, screen_text, until


def named_player(home) -> None:
    store = Store.open(home)
    profile, _ = store.get_or_create("小明", "四(1)班")
    store.set_current(profile)
    store.close()


async def join_from_title(pilot, address: str, code: str) -> None:
    await pilot.press("j")
    form = await on_screen(pilot, JoinFormScreen)
    form.query_one("#address").value = address
    form.query_one("#code").value = code
    await pilot.press("enter")  # from the address to the code
    await pilot.press("enter")  # join


class FakeConnection:
    """What the app needs of a connection, recording the votes it sends."""

    instances: list["FakeConnection"] = []

    def __init__(self, address, code, uid, name, class_name) -> None:
        self.args = (address, code, uid, name, class_name)
        self.welcome = {"type": "welcome", "mode": "step", "pupil": 3}
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.votes: list[tuple] = []
        self.closed = False
        FakeConnection.instances.append(self)

    async def __aenter__(self):
        return self

    async def vote(self, decision, chosen, marks):
        self.votes.append((decision, chosen, list(marks)))

    async def send_results(self, doc):
        return True

    async def close(self):
        self.closed = True


def test_a_step_class_on_the_pupils_screen(fanzha_home):
    named_player(fanzha_home)
    FakeConnection.instances.clear()
    app = FanzhaApp(pace=0, live_client=FakeConnection)

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            await app.get_progress()
            await join_from_title(pilot, "192.168.1.20:8765", "k7px2m")
            screen = await on_screen(pilot, LiveStepScreen)
            (c,) = FakeConnection.instances
            assert c.args[:2] == ("192.168.1.20:8765", "k7px2m") and c.args[3] == "小明"
            await c.inbox.put({"type": "decision", "decision": 1, "node": "hook",
                               "lines": [{"n": 1, "who": "橙子姐姐", "channel": "group", "text": "[bold]点赞[/bold]一个 2 元"},
                                         {"n": 2, "who": "", "channel": "narration", "text": "群里安静了一下。"}],
                               "options": [{"letter": "A", "text": "私聊她"}, {"letter": "C", "text": "问爸爸"}]})
            await until(pilot, lambda: "私聊她" in screen_text(screen))
            assert "[bold]点赞[/bold]" in screen_text(screen)  # scenario text stays literal
            await pilot.press("1")  # mark line 1
            await pilot.press("b")  # no B here: nothing is sent
            await pilot.press("c")
            await pilot.pause()
            assert c.votes == [(1, "C", [1])]
            await pilot.press("1")  # unmark: the vote is sent again without it
            await pilot.pause()
            assert c.votes[-1] == (1, "C", [])
            assert "你投了 C" in screen_text(screen)
            await c.inbox.put({"type": "moved", "decision": 1, "letter": "C", "node": "dad", "lines": []})
            await until(pilot, lambda: "老师选了 C" in screen_text(screen))
            # The teacher sends the ending summary's words (a genuine case's safe ending: 核实后放心办).
            await c.inbox.put({"type": "ended", "kind": "safe", "words": "✔ 核实后放心办", "title": "问了爸爸",
                               "explain": "你问了爸爸。", "rules": []})
            await until(pilot, lambda: "结局：✔ 核实后放心办｜问了爸爸" in screen_text(screen))
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, LiveStepScreen))
            assert c.closed and app.live is None

    run(go())


def test_a_self_paced_class_receives_the_pupils_results(fanzha_home, tmp_path):
    named_player(fanzha_home)

    async def go():
        events: list[dict] = []
        live = LiveClass("K7PX2M", "self", tmp_path / "results", events.append)
        runner, port = await listen(live, "127.0.0.1", 0)
        app = FanzhaApp(pace=0, live_client=Connection)
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                await app.get_progress()
                await join_from_title(pilot, f"127.0.0.1:{port}", "K7PX2M")
                await until(pilot, lambda: any(e["event"] == "results" for e in events), timeout=15)
                await app.leave_class()
        finally:
            await live.close()
            await runner.cleanup()
        return events

    events = run(go())
    joined = next(e for e in events if e["event"] == "joined")
    assert joined["name"] == "小明" and joined["class"] == "四(1)班"
    assert len(list((tmp_path / "results").glob("*.json"))) == 1
    assert not Store.open(fanzha_home).setting("live_results_pending", False, 1)


def test_an_anonymous_player_is_asked_for_a_name_first(fanzha_home):
    app = FanzhaApp(pace=0, live_client=FakeConnection)

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            await app.get_progress()
            await pilot.press("j")
            await pilot.pause()
            assert not isinstance(app.screen, JoinFormScreen)

    run(go())
