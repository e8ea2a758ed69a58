"""`fanzha` and `fanzha play SCENARIO_ID`: open the game in the terminal.

With `--choices`, no window opens: the path is followed, the transcript and
the ending printed, and (with `--profile`) the result recorded:

    fanzha play demo-free-skin --choices 2,1 --profile 小明 --class "四(1)班"
    fanzha play demo-free-skin --choices 1,text:123456
    fanzha play demo-free-skin --choices - --profile 小明     # one step per line on stdin
    fanzha play demo-free-skin --resume --choices 1 --profile 小明

Without `--choices` the game window opens with progress kept in the SQLite
store (game/store.py), for `--profile` (created when new) or the current
profile; the window itself offers to continue a case left half-way.

Choice numbers are 1-based, as numbered on screen (among the choices offered
at that moment); `text:…` types into a form. Exit status: 0 an ending was
reached; 2 a usage problem (unknown case or profile, unreadable --choices);
3 a step that cannot be taken there (nothing recorded); 4 the path stopped
before an ending (with --profile the game so far is saved: continue it with
--resume)."""

from __future__ import annotations

import re
import sys

from ..library import default_folders, load_library
from ..model import Scenario
from ..play import Playthrough, PlayError
from ..rules import catalogue
from ..words import CHANNELS, default_steps, kind_words
from .present_common import no_such_case

EXIT_USAGE = 2
EXIT_BAD_STEP = 3
EXIT_NO_ENDING = 4

PROMPT = "请输入选项编号（表单写 text:内容）："

_NUMBER = re.compile(r"[0-9]+")


def run(args) -> int:
    library = load_library(default_folders(args.scenarios, args.data_dir))
    scenario_id = getattr(args, "scenario", None)
    if scenario_id and no_such_case(library, scenario_id):
        return EXIT_USAGE
    if getattr(args, "choices", None) is not None:
        return run_path(args, library, library.get(scenario_id))
    from ..store import ProfileError, Store
    from .common import pick_profile

    # Progress lives in the SQLite store; the window shows store.notices
    # (a damaged file moved aside, a read-only folder) and what it leaves is
    # printed when the window closes.
    store = Store.open(args.data_dir)
    if getattr(args, "profile", None) is not None:
        try:
            store.set_current(pick_profile(store, args.profile, args.class_name, create=True))
        except ProfileError as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
    progress = store.default_progress(library)
    from ..plain import needs_plain, run_plain

    why = None if getattr(args, "plain", False) else needs_plain()
    try:
        if getattr(args, "plain", False) or why:
            if why:
                print(f"{why}，改用纯文字方式（--plain）。", file=sys.stderr)
            return run_plain(library, progress, scenario_id)
        from ..ui import FanzhaApp  # Textual is imported only when the UI is wanted

        FanzhaApp(library=library, scenario_id=scenario_id, data_dir=args.data_dir, progress=progress).run()
    finally:
        for message in store.take_notices():
            print(message, file=sys.stderr)
        store.close()
    return 0


# --------------------------------------------------------------------------
# Keys


def parse_keys(text: str) -> list[tuple[str, object]]:
    """`2,1,text:123456,3` → [("choice", 2), ("choice", 1), ("text", "123456"), ("choice", 3)].
    A comma inside typed text is kept: what follows `text:` up to the next
    number or `text:` belongs to it."""
    keys: list[tuple[str, object]] = []
    if not text.strip():
        return keys
    for raw in text.split(","):
        token = raw.strip()
        if token.startswith("text:"):
            keys.append(("text", raw.lstrip()[5:]))
        elif _NUMBER.fullmatch(token):
            keys.append(("choice", int(token)))
        elif keys and keys[-1][0] == "text":
            keys[-1] = ("text", f"{keys[-1][1]},{raw}")
        else:
            raise ValueError(f"看不懂 `{token}`：选项写编号（从 1 数起），表单写 text:内容，用逗号隔开")
    return keys


def parse_key(line: str) -> tuple[str, object]:
    token = line.strip()
    if token.startswith("text:"):
        return ("text", token[5:])
    if _NUMBER.fullmatch(token):
        return ("choice", int(token))
    raise ValueError(f"看不懂 `{token}`：选项写编号（从 1 数起），表单写 text:内容")


def apply(play: Playthrough, key: tuple[str, object]) -> None:
    kind, value = key
    if kind == "text":
        play.submit(str(value))
    else:
        play.choose_nth(int(value))  # type: ignore[arg-type]


def describe(key: tuple[str, object]) -> str:
    return f"text:{key[1]}" if key[0] == "text" else str(key[1])


# --------------------------------------------------------------------------
# Printing


def node_lines(s: Scenario, node) -> list[str]:
    lines = []
    if node.url:
        lines.append(f"[网页] {node.url}")
    for m in node.messages:
        tag = "" if m.channel == "narration" else CHANNELS.get(m.channel, m.channel)
        if tag and node.app and m.channel == node.channel:
            tag = f"{node.app}·{tag}"
        who = s.speaker_name(m.speaker)
        body = f"{who}：{m.text}" if who else m.text
        lines.append(f"[{tag}] {body}" if tag else body)
    return lines


def option_lines(play: Playthrough) -> list[str]:
    lines = [f"  {n}. {o.text}" for n, o in enumerate(play.options, 1)]
    if play.accepts_input:
        field = play.node.input
        hint = f"（{field.placeholder}）" if field.placeholder else ""
        lines.append(f"  或者填写「{field.label}」{hint}：输入 text:内容")
    return lines


def move_line(s: Scenario, step) -> str:
    node = s.nodes[step.node]
    if step.text is not None:
        label = node.input.label if node.input else "表单"
        return f"> 你在「{label}」里填了：{step.text}"
    return f"> 你选了：{node.choices[step.choice].text}"


def rule_line(rule_id: str) -> str:
    rule = catalogue().get(rule_id)
    return f"{rule.label}：{rule.text}" if rule else rule_id


def ending_words(play: Playthrough) -> str:
    """'✔ 成功识破' — or, in a genuine case, '✔ 核实后放心办'."""
    return kind_words(play.ending.kind, genuine=not play.scenario.is_scam)


def ending_lines(play: Playthrough) -> list[str]:
    e = play.ending
    lines = ["", f"==== 结局：{ending_words(play)} · {e.title} ====", e.explain.strip()]
    facts = []
    if e.money_lost:
        facts.append(f"损失 ¥{e.money_lost}")
    if play.exposed:
        facts.append(f"泄露的信息：{'、'.join(play.exposed)}")
    if facts:
        lines.append("；".join(facts))
    lines.append("这一课的规则：")
    lines += [f"  · {rule_line(r)}" for r in e.rules]
    steps = e.steps or default_steps(e.kind)
    if steps:
        lines.append("现在该做的事：")
        lines += [f"  {n}. {text}" for n, text in enumerate(steps, 1)]
    flags = [(play.scenario.speaker_name(m.speaker), m) for n in play.visited for m in n.messages if m.red_flag]
    if flags:
        lines.append("回顾：骗局露出破绽的地方")
        for who, m in flags:
            said = f"{who}：{m.text}" if who else m.text
            label = catalogue().get(m.red_flag.rule)
            lines.append(f"  ⚑ {said}")
            lines.append(f"    {label.label if label else m.red_flag.rule}：{m.red_flag.why}")
    return lines


def transcript(play: Playthrough) -> list[str]:
    """Everything so far: each node's messages, then the move made there."""
    s = play.scenario
    lines = [f"==== {s.title} ===="]
    for i, node in enumerate(play.visited):
        lines += node_lines(s, node)
        if i < len(play.steps):
            lines.append(move_line(s, play.steps[i]))
    return lines


def _out(lines: list[str]) -> None:
    print("\n".join(lines), flush=True)


# --------------------------------------------------------------------------


def run_path(args, library, scenario: Scenario) -> int:
    from ..store import ProfileError
    from .common import open_store, pick_profile

    try:
        keys = None if args.choices.strip() == "-" else parse_keys(args.choices)
    except ValueError as exc:
        print(f"--choices 有问题：{exc}", file=sys.stderr)
        return EXIT_USAGE
    progress = None
    if args.profile is not None:
        store = open_store(args.data_dir)
        try:
            profile = pick_profile(store, args.profile, args.class_name, create=True)
        except ProfileError as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        progress = store.progress(profile, library)
    elif args.resume:
        print("--resume 要和 --profile 一起用：存档是记在档案上的。", file=sys.stderr)
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
                print(f"存档用不了（{exc}），从头开始。", file=sys.stderr)

    if keys is None:
        code = _follow_stdin(play, progress)
    else:
        code = _follow_keys(play, keys, progress)
    if progress is not None:
        for message in progress.store.take_notices():
            print(message, file=sys.stderr)
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
                print(f"{where}走不通：故事在第 {n - 1} 步已经走到结局了。", file=sys.stderr)
            else:
                print(f"{where}在节点 `{play.node.id}` 走不通：{exc}。这里可以：", file=sys.stderr)
                print("\n".join(option_lines(play)) or "  （没有可选的）", file=sys.stderr)
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
            print(f"走不通：{exc}", file=sys.stderr, flush=True)
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
