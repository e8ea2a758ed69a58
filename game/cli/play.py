"""`fanzha` and `fanzha play SCENARIO_ID`: open the game in the terminal.

With `--choices`, no window opens: the path is followed, the transcript and
the ending printed, and (with `--profile`) the result recorded:

    fanzha play demo-free-skin --choices 2,1 --profile 小明 --class "四(1)班"
    fanzha play demo-free-skin --choices 1,text:123456
    fanzha play demo-free-skin --choices - --profile 小明     # one step per line on stdin
    fanzha play demo-free-skin --resume --choices 1 --profile 小明
    fanzha play demo-free-skin --choices 2,flag:1,1 --json   # one JSON object: ending, flags, cleared

Without `--choices` the game window opens with progress kept in the SQLite
store (game/progress/store.py), for `--profile` (created when new) or the current
profile; the window itself offers to continue a case left half-way.

Choice numbers are 1-based, as numbered on screen (among the choices offered
at that moment); `text:…` types into a form; `flag:K` marks the K-th
message of the node entered last as suspicious (narration and the player's
own lines count; a repeated mark does nothing). With `--json` only one JSON
object is printed: {"scenario", "ending": {"id", "kind", "money_lost"} or
null, "flags": {"found", "missed", "wrong", "total"}, "cleared"}, counted by
game/engine/marks.py. Exit status: 0 an ending was
reached; 2 a usage problem (unknown case or profile, unreadable --choices);
3 a step that cannot be taken there (nothing recorded); 4 the path stopped
before an ending (with --profile the game so far is saved: continue it with
--resume)."""

from __future__ import annotations

import sys

from game.cli.present_common import no_such_case
from game.engine.library import cached_library
from game.engine.model import Scenario
from game.engine.marks import verdict
from game.engine.play import Playthrough, PlayError
from game.engine.untrusted import json_text, visible
from game.text.render import (
    ending_lines, ending_words, flag_summary_lines, mark_line, move_line, node_lines, option_lines, playbook_lines,
    rule_line, transcript,
)
from game.text.steps import PROMPT, apply, describe, is_move, parse_key, parse_keys

EXIT_USAGE = 2
EXIT_BAD_STEP = 3
EXIT_NO_ENDING = 4


def run(args) -> int:
    library = cached_library(args.scenarios, args.data_dir)
    scenario_id = getattr(args, "scenario", None)
    if scenario_id and no_such_case(library, scenario_id):
        return EXIT_USAGE
    if getattr(args, "choices", None) is not None:
        return run_path(args, library, library.get(scenario_id))
    if getattr(args, "json", False):
        print("--json 要和 --choices 一起用：它打印走完一条路径的结果。", file=sys.stderr)
        return EXIT_USAGE
    from game.progress.store import ProfileError, Store
    from game.cli.common import pick_profile

    # Progress lives in the SQLite store; the window shows store.notices
    # (a damaged file moved aside, a read-only folder) and what it leaves is
    # printed when the window closes.
    store = Store.open(args.data_dir)
    audience = getattr(args, "audience", None)
    if getattr(args, "profile", None) is not None or audience is not None:
        try:
            store.set_current(pick_profile(store, args.profile, args.class_name, create=True, audience=audience))
        except ProfileError as exc:
            _err(str(exc))
            return EXIT_USAGE
    progress = store.default_progress(library)
    from game.text.plain import needs_plain, run_plain

    why = None if getattr(args, "plain", False) else needs_plain()
    try:
        if getattr(args, "plain", False) or why:
            if why:
                print(f"{why}，改用纯文字方式（--plain）。", file=sys.stderr)
            return run_plain(library, progress, scenario_id)
        from game.ui import FanzhaApp  # Textual is imported only when the UI is wanted

        from game.net.live.pupil import Connection  # 加入课堂: the app is handed the way to join

        FanzhaApp(library=library, scenario_id=scenario_id, data_dir=args.data_dir, progress=progress,
                  live_client=Connection).run()
    finally:
        for message in store.take_notices():
            _err(message)
        store.close()
    return 0


def _out(lines: list[str]) -> None:
    # Story text, names and what was typed are shown, never obeyed (ESC, U+202E…).
    print(visible("\n".join(lines)), flush=True)


def _err(text: str) -> None:
    print(visible(text), file=sys.stderr, flush=True)


def _silent(lines: list[str]) -> None:
    """--json: stdout holds only the result object."""


def result_json(play: Playthrough) -> dict:
    """The contract of `--choices … --json`."""
    v = verdict(play)
    e = play.ending
    return {
        "scenario": play.scenario.id,
        "ending": {"id": play.node.id, "kind": e.kind, "money_lost": e.money_lost} if e else None,
        "flags": v.flags.to_json(),
        "cleared": v.cleared,
    }


# --------------------------------------------------------------------------


def run_path(args, library, scenario: Scenario) -> int:
    from game.progress.store import ProfileError
    from game.cli.common import open_store, pick_profile

    try:
        keys = None if args.choices.strip() == "-" else parse_keys(args.choices)
    except ValueError as exc:
        _err(f"--choices 有问题：{exc}")
        return EXIT_USAGE
    progress = None
    audience = getattr(args, "audience", None)
    if args.profile is not None:
        store = open_store(args.data_dir)
        try:
            profile = pick_profile(store, args.profile, args.class_name, create=True, audience=audience)
        except ProfileError as exc:
            _err(str(exc))
            return EXIT_USAGE
        progress = store.progress(profile, library)
    elif args.resume:
        print("--resume 要和 --profile 一起用：存档是记在档案上的。", file=sys.stderr)
        return EXIT_USAGE
    elif audience is not None:
        print("--audience 要和 --profile 一起用：说明是谁的档案。", file=sys.stderr)
        return EXIT_USAGE

    play = Playthrough(scenario)
    if args.resume:
        save = progress.load_resume(scenario.id)
        if save is None:
            print("这个剧本没有存档，从头开始。", file=sys.stderr)
        else:
            try:
                play = Playthrough.from_dict(scenario, save)
            except PlayError as exc:
                _err(f"存档用不了（{exc}），从头开始。")

    as_json = bool(getattr(args, "json", False))
    say = _silent if as_json else _out
    code = _follow_stdin(play, progress, say) if keys is None else _follow_keys(play, keys, progress, say)
    if as_json and code != EXIT_BAD_STEP:
        sys.stdout.write(json_text(result_json(play)) + "\n")
    if progress is not None:
        for message in progress.store.take_notices():
            _err(message)
        if not progress.persistent:
            print("注意：这次的进度没有保存。", file=sys.stderr)
    return code


def _follow_keys(play: Playthrough, keys, progress, say=_out) -> int:
    start = len(play.steps)
    for n, key in enumerate(keys, 1):
        try:
            apply(play, key)
        except PlayError as exc:
            where = f"第 {n} 步（{describe(key)}）"
            if not is_move(key):
                _err(f"{where}标记不了：{exc}。节点 `{play.node.id}` 的话：")
                _err("\n".join(node_lines(play.scenario, play.node, numbered=True)) or "  （没有话）")
            elif play.ended:
                _err(f"{where}走不通：故事在第 {n - 1} 步已经走到结局了。")
            else:
                _err(f"{where}在节点 `{play.node.id}` 走不通：{exc}。这里可以：")
                _err("\n".join(option_lines(play)) or "  （没有可选的）")
            print("没有记录任何结果。", file=sys.stderr)
            return EXIT_BAD_STEP
    say(transcript(play))
    if play.ended:
        return _finish(play, progress, say)
    if progress is not None and (len(play.steps) > start or play.marks):
        progress.save_resume(play.scenario.id, play.to_dict())
    lines = ["", f"这条路径没有走到结局：停在节点 `{play.node.id}`。接下来可以："] + option_lines(play)
    say(lines)
    tail = "，进度已存档，可以用 --resume 接着走" if progress is not None and progress.persistent else ""
    print(f"路径走完了，但没有到达结局{tail}。", file=sys.stderr)
    return EXIT_NO_ENDING


def _follow_stdin(play: Playthrough, progress, say=_out) -> int:
    """One step per line: the game as a plain line-by-line terminal program.
    With a profile, every step is saved before the next node is shown."""
    say(transcript(play, number_last=True))
    while not play.ended:
        say(option_lines(play) + [PROMPT])
        line = sys.stdin.readline()
        if not line:
            print("没有更多输入了：没有到达结局。" + ("进度已存档，可以用 --resume 接着走。" if progress else ""),
                  file=sys.stderr)
            return EXIT_NO_ENDING
        if not line.strip():
            continue
        try:
            key = parse_key(line)
            changed = apply(play, key)
        except (PlayError, ValueError) as exc:
            _err(f"走不通：{exc}")
            continue
        if progress is not None and not play.ended:
            progress.save_resume(play.scenario.id, play.to_dict())
        if is_move(key):
            say([move_line(play.scenario, play.steps[-1])] + node_lines(play.scenario, play.node, numbered=True))
        else:
            say([mark_line(key, changed)])
    _last_marks(play, say)
    return _finish(play, progress, say)


def _last_marks(play: Playthrough, say) -> None:
    from game.text.plain import last_marks

    def ask(prompt: str) -> str:
        say([prompt])
        return sys.stdin.readline()

    last_marks(play, ask, lambda line: say([line]), _err)


def _finish(play: Playthrough, progress, say=_out) -> int:
    say(ending_lines(play) + flag_summary_lines(play) + playbook_lines(play))
    if progress is None:
        return 0
    e = play.ending
    recorded = progress.record_ending(
        play.scenario.id, play.node.id, e.kind, [s.to_json() for s in play.steps], verdict=verdict(play)
    )
    lines = [f"已记录到档案「{progress.profile.label}」。"]
    if recorded is not None:
        if recorded.first:
            lines.append(f"这是第一次玩这个剧本，第一次的结果：{ending_words(play)}。")
        elif recorded.new_ending:
            lines.append("找到了一个新结局！")
        lines += [f"收集到规则卡：{rule_line(r)}" for r in recorded.new_cards]
        for b in recorded.new_badges:
            lines.append(f"获得徽章：{b.title}——{b.description}")
    say(lines)
    return 0
