"""The app's progress is the SQLite store of the data folder: opened after
the first paint, kept across runs, and when the folder cannot be written or
the file is damaged the game still plays and says so in plain words."""

from __future__ import annotations

import sqlite3

from game.progress.store import Store
from game.ui.screens.picker import PickerScreen
from game.ui.screens.title import TitleScreen

from .helpers import (
    TOUR_SAFE,
    notices,
    on_screen,
    picker_entry,
    play_to_end,
    plain,
    run,
    screen_text,
    store_app,
    store_ready,
)


def test_the_store_opens_after_the_first_paint():
    app = store_app()
    assert app.store is None  # nothing opened before the title is on screen

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            title = await on_screen(pilot, TitleScreen)
            store = await store_ready(pilot)
            assert store.persistent
            assert store.path.parent == __import__("game.engine.paths", fromlist=["data_dir"]).data_dir()
            await pilot.pause()
            line = plain(title.query_one("#notes").content).splitlines()[-1]
            assert line.startswith("玩家：匿名玩家 1") and "不会保存" not in line
            assert notices(app) == ""

    run(go())


def test_an_ending_persists_across_two_app_runs(fanzha_home):
    async def first():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await play_to_end(pilot, "ui-tour", TOUR_SAFE)
            await pilot.press("p")  # back to the case list
            picker = await on_screen(pilot, PickerScreen)
            await pilot.pause()
            assert "结局 1/4" in picker_entry(picker, "ui-tour")

    async def second():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await store_ready(pilot)
            await pilot.press("c")
            picker = await on_screen(pilot, PickerScreen)
            await pilot.pause()
            entry = picker_entry(picker, "ui-tour")
            assert "结局 1/4" in entry and "第一次：✔ 成功识破" in entry
            assert "结局 0/3" in picker_entry(picker, "ui-parents")
            assert "第一次" not in picker_entry(picker, "ui-parents")

    run(first())
    assert (fanzha_home / "progress.db").is_file()
    run(second())
    with Store.open() as store:
        progress = store.default_progress()
        assert progress.endings_found("ui-tour") == {"safe"}


def test_a_read_only_data_folder_still_plays_and_says_progress_is_not_saved(tmp_path, monkeypatch):
    # A path under a regular file can never be created, whoever runs the test (root too).
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FANZHA_HOME", str(blocker / "fanzha"))

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            store = await store_ready(pilot)
            assert not store.persistent
            title = await on_screen(pilot, TitleScreen)
            assert "进度不会保存" in notices(app) and "游戏照常可以玩" in notices(app)
            assert "⚠ 进度不会保存" in plain(title.query_one("#notes").content)
            outcome = await play_to_end(pilot, "ui-tour", TOUR_SAFE)
            assert "✔ 成功识破" in screen_text(outcome)
            await pilot.press("p")
            picker = await on_screen(pilot, PickerScreen)
            await pilot.pause()
            assert "结局 1/4" in picker_entry(picker, "ui-tour")  # kept for this session

    run(go())
    assert not (blocker / "fanzha").exists()


def test_a_damaged_progress_file_is_moved_aside_and_the_player_told(fanzha_home):
    (fanzha_home / "progress.db").write_bytes(b"this is not a database at all" * 100)

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            store = await store_ready(pilot)
            assert store.persistent  # a fresh file was started
            told = notices(app)
            assert "坏了" in told and "progress.db.damaged-" in told and "新存档" in told

    run(go())
    moved = list(fanzha_home.glob("progress.db.damaged-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    sqlite3.connect(fanzha_home / "progress.db").execute("PRAGMA quick_check").fetchall()


def test_a_store_given_by_the_caller_is_used_and_its_notices_shown(tmp_path):
    """`fanzha play` opens the store itself (for --profile) and passes the progress."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    store = Store.open(blocker / "sub")
    progress = store.default_progress()

    async def go():
        app = store_app(progress=progress)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert app.store is store and not app._progress_wanted
            assert "进度不会保存" in notices(app)

    run(go())
    store.close()
