"""班级报告 in the window: a folder of exports made the way a class makes them
(`fanzha quiz`, `fanzha play --choices --profile`, `fanzha export`) shows the
same figures as `fanzha report`; a damaged file is named as skipped."""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import Input

from game.engine import paths

from game.cli import main
from game.ui.screens.classreport import ClassReportScreen

from ..store.helpers import FIXTURE_CURRICULUM, FIXTURE_SCENARIOS, check_items
from .helpers import on_screen, plain, run, screen_text, store_app, until


@pytest.fixture
def exports(fanzha_home, tmp_path_factory, monkeypatch):
    """Two students on one PC: 小明 did everything, marking the red flag each
    time (aware), 小红 fell for one case. Exported into the data folder's exports folder, plus a damaged file."""
    empty = tmp_path_factory.mktemp("no-builtin")
    monkeypatch.setattr(paths, "builtin_scenarios_dir", lambda: empty)  # the fixture cases only: quick
    shutil.copy(FIXTURE_CURRICULUM, fanzha_home / "curriculum.yaml")  # they count for 小学
    common = ["--scenarios", str(FIXTURE_SCENARIOS)]
    xiaoming = ["--profile", "小明", "--class", "四(1)班"]

    def cli(*argv):
        assert main([*argv, *common]) == 0, argv

    def right() -> str:  # every item of the sitting due, in its order
        return "".join("s" if i.is_scam else "g" for i in check_items(*xiaoming, *common))

    cli("quiz", *xiaoming, "--answers", right())
    for n in range(1, 13):
        cli("play", f"tfx-type-{n}", "--choices", "flag:1,2", *xiaoming)
    cli("quiz", *xiaoming, "--answers", right())
    cli("play", "tfx-type-1", "--choices", "1,1", "--profile", "小红", "--class", "四(1)班")
    folder = fanzha_home / "exports"
    folder.mkdir()
    for name in ("小明", "小红"):
        cli("export", "--profile", name, "--class", "四(1)班", "--out", str(folder / f"{name}.json"))
    (folder / "坏了.json").write_text('{"format": "fanzha-results/1", "student": ', encoding="utf-8")
    return folder


def test_the_class_report_shows_students_awareness_and_skipped_files(exports):
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")  # 班级报告 from the title
            report = await on_screen(pilot, ClassReportScreen)
            field = report.query_one("#path-input", Input)
            assert field.value == str(exports)  # the data folder's exports folder
            status = report.query_one("#report-status")
            await until(pilot, lambda: "学生" in plain(status.content), what="the report")
            head = plain(status.content)
            assert "学生 2 人" in head and "知晓率 50.0%（1/2）" in head and "跳过 1 个文件" in head
            text = screen_text(report)
            assert "跳过的文件" in text and "✘ " + str(exports / "坏了.json") in text
            assert "按小学课程：12 类中目前有 12 类有案例" in text  # what 知晓率 counts against
            tables = [w for w in report.query(".report-table")]
            assert len(tables) == 5  # summary, the check's forms, types, genuine, students (one class)
            from rich.console import Console

            console = Console(width=100, record=True)
            for table in tables:
                console.print(table.content)
            rendered = console.export_text()
            assert "知晓率" in rendered and "50.0%（1/2）" in rendered and "小明" in rendered and "小红" in rendered
            assert "辨一辨各卷得分" in rendered and "小学 A 卷" in rendered and "小学 B 卷" in rendered

    run(go())


def test_another_folder_can_be_typed_and_a_missing_one_is_skipped(exports, tmp_path):
    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            report = await on_screen(pilot, ClassReportScreen)
            status = report.query_one("#report-status")
            await until(pilot, lambda: "学生 2 人" in plain(status.content))
            field = report.query_one("#path-input", Input)
            field.value = ""
            await pilot.press(*str(tmp_path / "nowhere"), "enter")
            await until(pilot, lambda: "学生 0 人" in plain(status.content), what="the empty report")
            assert "找不到这个文件或文件夹" in screen_text(report)
            field.value = str(exports / "小明.json")
            await pilot.press("enter")
            await until(pilot, lambda: "学生 1 人" in plain(status.content))
            assert "知晓率 100.0%（1/1）" in plain(status.content)
            await pilot.press("escape")

    run(go())


def test_student_names_in_the_tables_are_literal(fanzha_home, tmp_path_factory, monkeypatch):
    empty = tmp_path_factory.mktemp("no-builtin")
    monkeypatch.setattr(paths, "builtin_scenarios_dir", lambda: empty)
    folder = fanzha_home / "exports"
    for name, klass in (("[bold]大[/bold]", "[@click=app.quit]班"), ("小明", "四(1)班")):
        assert main(["play", "tfx-type-1", "--choices", "2", "--profile", name, "--class", klass,
                     "--scenarios", str(FIXTURE_SCENARIOS)]) == 0
        assert main(["export", "--profile", name, "--class", klass, "--out", str(folder / f"{klass}.json")]) == 0

    async def go():
        app = store_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            report = await on_screen(pilot, ClassReportScreen)
            await until(pilot, lambda: "学生 2 人" in plain(report.query_one("#report-status").content))
            from rich.console import Console

            console = Console(width=120, record=True)
            for table in report.query(".report-table"):
                console.print(table.content)
            rendered = console.export_text()
            assert "[bold]大[/bold]" in rendered and "[@click=app.quit]班" in rendered
            assert "各班知晓率" in rendered  # two classes: the per-class table too

    run(go())
