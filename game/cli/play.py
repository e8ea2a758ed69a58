"""`fanzha` and `fanzha play SCENARIO_ID`: open the game in the terminal.

With `--choices`, no window opens: the path is followed, the transcript and
the ending printed, and (with `--profile`) the result recorded:

    fanzha play demo-free-skin --choices 2,1 --profile 小明 --class "四(1)班"
    fanzha play demo-free-skin --choices 1,text:123456
    fanzha play demo-free-skin --choices - --profile 小明     # one step per line on stdin
    fanzha play demo-free-skin --resume --choices 1 --profile 小明

Without `--choices` the game window opens with progress kept in the SQLite
store (game/progress/store.py), for `--profile` (created when new) or the current
profile; the window itself offers to continue a case left half-way.

Choice numbers are 1-based, as numbered on screen (among the choices offered
at that moment); `text:…` types into a form. Exit status: 0 an ending was
reached; 2 a usage problem (unknown case or profile, unreadable --choices);
3 a step that cannot be taken there (nothing recorded); 4 the path stopped
before an ending (with --profile the game so far is saved: continue it with
--resume)."""

from __future__ import annotations

import sys

from game.cli.present_common import no_such_case
from game.engine.library import default_folders, load_library
from game.engine.model import Scenario
from game.engine.play import Playthrough, PlayError
from game.engine.untrusted import visible
from game.text.render import ending_lines, ending_words, move_line, node_lines, option_lines, rule_line, transcript
from game.text.steps import PROMPT, apply, describe, parse_key, parse_keys

EXIT_USAGE = 2
EXIT_BAD_STEP = 3
EXIT_NO_ENDING = 4


def run(args) -> int:
    library = load_library(default_folders(args.scenarios, args.data_dir))
    scenario_id = getattr(args, "scenario", None)
    if scenario_id and no_such_case(library, scenario_id):
        return EXIT_USAGE
    if getattr(args, "choices", None) is not None:
        return run_path(args, library, library.get(scenario_id))
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

    if keys is None:
        code = _follow_stdin(play, progress)
    else:
        code = _follow_keys(play, keys, progress)
    if progress is not None:
        for message in progress.store.take_notices():
            _err(message)
        if not progress.persistent:
            print("注意：这次的进度没有保存。", file=sys.stderr)
    return code


def _follow_keys(play: Playthrough, keys, progress) -> int:
    start = len(play.steps)
    for n, key in enumerate(keys, 1):
        try:
            apply(play, key)
        except PlayError as exc:
            where = f"第 {n} 步（{describe(key)}）"
            if play.ended:
                _err(f"{where}走不通：故事在第 {n - 1} 步已经走到结局了。")
            else:
                _err(f"{where}在节点 `{play.node.id}` 走不通：{exc}。这里可以：")
                _err("\n".join(option_lines(play)) or "  （没有可选的）")
            print("没有记录任何结果。", file=sys.stderr)
            return EXIT_BAD_STEP
    _out(transcript(play))
    if play.ended:
        return _finish(play, progress)
    if progress is not None and len(play.steps) > start:
        progress.save_resume(play.scenario.id, play.to_dict())
    lines = ["", f"这条路径没有走到结局：停在节点 `{play.node.id}`。接下来可以："] + option_lines(play)
    _out(lines)
    tail = "，进度已存档，可以用 --resume 接着走" if progress is not None and progress.persistent else ""
    print(f"路径走完了，但没有到达结局{tail}。", file=sys.stderr)
    return EXIT_NO_ENDING


def _follow_stdin(play: Playthrough, progress) -> int:
    """One step per line: the game as a plain line-by-line terminal program.
    With a profile, every step is saved before the next node is shown."""
    _out(transcript(play))
    while not play.ended:
        _out(option_lines(play) + [PROMPT])
        line = sys.stdin.readline()
        if not line:
            print("没有更多输入了：没有到达结局。" + ("进度已存档，可以用 --resume 接着走。" if progress else ""),
                  file=sys.stderr)
            return EXIT_NO_ENDING
        if not line.strip():
            continue
        try:
            apply(play, parse_key(line))
        except (PlayError, ValueError) as exc:
            _err(f"走不通：{exc}")
            continue
        if progress is not None and not play.ended:
            progress.save_resume(play.scenario.id, play.to_dict())
        _out([move_line(play.scenario, play.steps[-1])] + node_lines(play.scenario, play.node))
    return _finish(play, progress)


def _finish(play: Playthrough, progress) -> int:
    _out(ending_lines(play))
    if progress is None:
        return 0
    e = play.ending
    recorded = progress.record_ending(play.scenario.id, play.node.id, e.kind, [s.to_json() for s in play.steps])
    lines = [f"已记录到档案「{progress.profile.label}」。"]
    if recorded is not None:
        if recorded.first:
            lines.append(f"这是第一次玩这个剧本，第一次的结果：{ending_words(play)}。")
        elif recorded.new_ending:
            lines.append("找到了一个新结局！")
        lines += [f"收集到规则卡：{rule_line(r)}" for r in recorded.new_cards]
        for b in recorded.new_badges:
            lines.append(f"获得徽章：{b.title}——{b.description}")
    _out(lines)
    return 0
