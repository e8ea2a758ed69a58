"""The game without a full-screen UI: the story line by line on standard
output, choices read from standard input. For screen readers, `TERM=dumb`,
and consoles that cannot host the app (`fanzha --plain`, or automatically
when standard output is not a terminal). Progress is recorded as in the app."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from game.engine.cases import type_number
from game.engine.marks import verdict
from game.engine.play import PlayError, Playthrough
from game.engine.untrusted import visible
from game.text.render import (
    ending_lines, ending_words, flag_summary_lines, mark_line, move_line, node_lines, option_lines, playbook_lines,
)
from game.text.steps import LAST_PROMPT, PROMPT, apply, is_move, parse_key

QUIT = {"q", "quit", "exit", "退出"}


def needs_plain() -> str | None:
    """Why the full-screen app cannot run here, or None when it can."""
    if os.environ.get("TEXTUAL_DRIVER"):  # a browser tab under `fanzha serve`
        return None
    if os.environ.get("TERM", "") == "dumb":
        return "TERM=dumb：这个终端画不出游戏画面"
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        return "输出不是一个可以交互的终端"
    return None


class PlainGame:
    def __init__(self, library, progress=None, out: TextIO | None = None, inp: TextIO | None = None):
        self.library = library
        self.progress = progress
        self.out = out or sys.stdout
        self.inp = inp or sys.stdin

    def say(self, *lines: str) -> None:
        # Story text, names and what was typed are shown, never obeyed (ESC, U+202E…).
        self.out.write(visible("\n".join(lines) + "\n"))
        self.out.flush()

    def tell_notices(self) -> None:
        """What the store has to say (a full disk, a locked file: progress is
        no longer saved), when it happens, not after the game."""
        store = getattr(self.progress, "store", None)
        if store is not None:
            for message in store.take_notices():
                self.say(message)

    def ask(self, prompt: str) -> str | None:
        """One line from the player; None at the end of input."""
        self.say(prompt)
        line = self.inp.readline()
        return None if not line else line.strip()

    # -- the case list ----------------------------------------------------------
    def menu(self) -> int:
        infos = sorted(self.library.infos.values(), key=lambda i: (type_number(i.fraud_type), i.title))
        if not infos:
            self.say("没有可以玩的案例。请老师用 fanzha check 检查剧本文件夹。")
            return 1
        while True:
            found = self.progress.endings_found if self.progress is not None else (lambda _id: set())
            self.say("", "==== 反诈大冒险 · 选择案例 ====")
            for n, info in enumerate(infos, 1):
                self.say(f"  {n}. {info.title}（{'、'.join(info.audience)}；结局 {len(found(info.id))}/{len(info.endings)}）")
            answer = self.ask("请输入案例编号（q 退出）：")
            if answer is None or answer.lower() in QUIT:
                self.say("再见！记住：电话信息不涉钱，涉钱必须面对面。")
                return 0
            if answer.isdigit() and 1 <= int(answer) <= len(infos):
                scenario = self.library.get(infos[int(answer) - 1].id)
                if scenario is None:
                    self.say("这个案例的文件有错误，暂时不能玩。")
                    continue
                if self.play(Playthrough(scenario)) is None:
                    return 0
            else:
                self.say(f"请输入 1 到 {len(infos)} 之间的编号。")

    # -- one case ---------------------------------------------------------------
    def play(self, play: Playthrough) -> str | None:
        """Play to an ending; the ending's kind, or None when input ran out."""
        s = play.scenario
        self.say("", f"==== {s.title} ====", *node_lines(s, play.node, numbered=True))
        while not play.ended:
            answer = self.ask("\n".join(option_lines(play) + [PROMPT]))
            if answer is None or answer.lower() in QUIT:
                if self.progress is not None and play.steps:
                    self.progress.save_resume(s.id, play.to_dict())
                    self.tell_notices()
                    saved = getattr(self.progress, "persistent", True)
                    self.say("已经存档，下次可以接着玩。" if saved else "这次的进度没有保存（见上面的说明）。")
                return None
            if not answer:
                continue
            try:
                key = parse_key(answer)
                changed = apply(play, key)
            except (PlayError, ValueError) as exc:
                self.say(f"走不通：{exc}")
                continue
            if self.progress is not None and not play.ended:
                self.progress.save_resume(s.id, play.to_dict())
                self.tell_notices()
            if is_move(key):
                self.say(move_line(s, play.steps[-1]), *node_lines(s, play.node, numbered=True))
            else:
                self.say(mark_line(key, changed))
        self.last_marks(play)
        self.say(*ending_lines(play), *flag_summary_lines(play), *playbook_lines(play))
        if self.progress is not None:
            e = play.ending
            self.progress.record_ending(
                s.id, play.node.id, e.kind, [st.to_json() for st in play.steps], verdict=verdict(play)
            )
            self.tell_notices()
        self.say(f"（{ending_words(play)}）")
        return play.ending.kind


    def last_marks(self, play: Playthrough) -> None:
        last_marks(play, self.ask, self.say, self.say)


def last_marks(play: Playthrough, ask, say, complain) -> None:
    """At an ending, its lines can still be marked before the ending is told:
    `ask(prompt)` gives a line (None or "" to go on)."""
    while play.node.messages:
        answer = ask(LAST_PROMPT)
        if not answer or not answer.strip():
            return
        try:
            key = parse_key(answer)
            if is_move(key):
                raise ValueError("故事已经结束了，只能标记（m 编号），或直接回车看结局")
            say(mark_line(key, apply(play, key)))
        except (PlayError, ValueError) as exc:
            complain(f"走不通：{exc}")


def run_plain(library, progress, scenario_id: str | None) -> int:
    game = PlainGame(library, progress)
    game.tell_notices()  # e.g. the progress file could not be opened: say so before playing
    if scenario_id:
        scenario = library.get(scenario_id)
        return 0 if game.play(Playthrough(scenario)) is not None else 4
    return game.menu()
