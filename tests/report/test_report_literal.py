"""Player names in the terminal report are shown as typed, never as Rich markup."""

from __future__ import annotations

import io
from types import SimpleNamespace

from rich.console import Console

from game.results.figures import Count, StudentRow
from game.results.terminal import students_table


def test_names_in_the_students_table_are_literal():
    row = StudentRow(
        name="[bold]小明[/bold]", class_name="[red]四(1)班", uid="u1", file="a.json", exported="", audience="小学", types_needed=(),
        types_cleared=(), types_played=(), types_fell_first=(), before=None, after=None,
        genuine=Count(0, 0), aware=False, badges=0, rules=0,
    )
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(students_table(SimpleNamespace(students=[row])))
    text = out.getvalue()
    assert "[bold]小明[/bold]" in text and "[red]四(1)班" in text
