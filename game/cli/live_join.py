"""`fanzha join ADDRESS CODE`: join the teacher's live class (全班一起玩).

    fanzha join 192.168.1.20:8765 K7PX2M --profile 小明 --class "四(1)班"
    fanzha join ADDRESS CODE --profile 小明 --play ID --choices 2,1     (self-paced)
    fanzha join ADDRESS CODE --profile 小明 --choices B,flag:2,A         (step mode: a vote a decision)

Self-paced: the path is played here and recorded to the profile like
`fanzha play --choices`, then the profile's results are sent to the
teacher's PC. If the teacher's PC cannot be reached, nothing is lost: the
results stay here and the next join sends them (exit status 5 until then).

Step mode: the teacher opens each decision; each vote in --choices (a letter,
or an option's number) answers one, after any `flag:K` marks (the K-th line
of that moment seemed suspicious). Votes are the class's, not an attempt of
the pupil's own."""

from __future__ import annotations

import asyncio
import sys

from game.engine.untrusted import visible
from game.cli.common import open_store, pick_profile
from game.cli.present_common import EXIT_USAGE, no_such_case
from game.engine.library import cached_library
from game.net.live.pupil import PENDING, Connection, JoinError, export_doc
from game.progress.store import ProfileError

EXIT_PENDING = 5  # results not yet with the teacher


def run(args) -> int:
    store = open_store(args.data_dir)
    try:
        try:
            profile = pick_profile(
                store, args.profile, args.class_name, create=args.profile is not None, audience=args.audience
            )
        except ProfileError as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        library = cached_library(args.scenarios, args.data_dir)
        if args.play and no_such_case(library, args.play):
            return EXIT_USAGE
        return asyncio.run(_join(args, store, profile, library))
    finally:
        store.close()


async def _join(args, store, profile, library) -> int:
    if args.play and not profile.name:
        print("匿名档案不能加入课堂，请用 --profile 写上名字。", file=sys.stderr)
        return EXIT_USAGE
    played = False
    try:
        async with Connection(args.address, args.code, profile.uid, profile.name, profile.class_name) as live:
            print(f"已加入课堂（{profile.label}，{live.welcome['pupil']} 号）。", file=sys.stderr)
            if live.welcome.get("mode") == "step":
                if args.play:
                    print("这节课是老师带着一起走的：老师打开一个选择，你就投一票（--play 用不上）。", file=sys.stderr)
                return await _step(live, args.choices or "")
            if args.play:
                played = True
                code = _play_here(args, profile, library)
                if code != 0:
                    return code
            return await _send(live, store, profile, library)
    except JoinError as exc:
        print(visible(str(exc)), file=sys.stderr)  # a refusal's reason comes from the other side
        if args.play and not played:
            # The teacher's PC is not there: the pupil plays on here, and the
            # results wait for the next join.
            code = _play_here(args, profile, library)
            if code != 0:
                return code
            store.set_setting(PENDING, True, profile.id)
        if store.setting(PENDING, False, profile.id):
            print("成绩先保存在这台电脑上，下次加入课堂时会自动交给老师。", file=sys.stderr)
            return EXIT_PENDING
        return 1


def _play_here(args, profile, library) -> int:
    """The path, played and recorded here like `fanzha play --choices`."""
    from argparse import Namespace

    from game.cli.play import run_path

    play_args = Namespace(choices=args.choices or "", profile=profile.name, class_name=profile.class_name,
                          resume=False, data_dir=args.data_dir, scenarios=args.scenarios)
    return run_path(play_args, library, library.get(args.play))


async def _send(live: Connection, store, profile, library) -> int:
    """The profile's results to the teacher's PC; remembered as pending until stored."""
    progress = store.progress(profile, library)
    store.set_setting(PENDING, True, profile.id)
    if await live.send_results(export_doc(progress)):
        store.set_setting(PENDING, False, profile.id)
        print("成绩已经交给老师了。", file=sys.stderr)
        return 0
    print("成绩没能交给老师，已保存在这台电脑上，下次加入课堂时再交。", file=sys.stderr)
    return EXIT_PENDING


def parse_votes(text: str) -> list[tuple[str, list[int]]]:
    """`B,flag:2,A` → [("B", []), ("A", [2])]: each vote with the marks before it."""
    votes: list[tuple[str, list[int]]] = []
    marks: list[int] = []
    for raw in (t.strip() for t in text.split(",")):
        if not raw:
            continue
        if raw.lower().startswith("flag:"):
            number = raw[5:]
            if not number.isdigit() or int(number) < 1:
                raise ValueError(f"看不懂 `{raw}`：标记写 flag:第几条消息（从 1 数起）")
            marks.append(int(number))
        elif raw.isdigit() or (len(raw) == 1 and raw.upper() in "ABCDEFGH"):
            votes.append((raw.upper(), marks))
            marks = []
        else:
            raise ValueError(f"看不懂 `{raw}`：投票写字母（A、B…）或选项编号，标记写 flag:K")
    return votes


async def _step(live: Connection, choices: str) -> int:
    try:
        votes = parse_votes(choices)
    except ValueError as exc:
        print(f"--choices 有问题：{exc}", file=sys.stderr)
        return EXIT_USAGE
    while True:
        msg = await live.inbox.get()
        kind = msg.get("type")
        if kind == "decision":
            lines = [f"  {line['n']}. {line['who'] + '：' if line['who'] else ''}{line['text']}" for line in msg["lines"]]
            options = [f"  {o['letter']}. {o['text']}" for o in msg["options"]]
            # The teacher's computer sent this text: shown, never obeyed (ESC, U+202E…).
            print(visible("\n".join(["", f"== 第 {msg['decision']} 个选择 ==", *lines, "全班投票：", *options])), flush=True)
            if votes:
                chosen, marks = votes.pop(0)
                if chosen.isdigit():
                    number = int(chosen)
                    if not 0 < number <= len(msg["options"]):
                        print(f"没有第 {number} 个选项。", file=sys.stderr)
                        continue
                    chosen = msg["options"][number - 1]["letter"]
                await live.vote(msg["decision"], chosen, marks)
                print(f"你投了 {chosen}" + (f"，标记了第 {'、'.join(map(str, marks))} 条" if marks else ""), flush=True)
        elif kind == "moved":
            print(visible(f"老师选了 {msg.get('letter', '')}。"), flush=True)
        elif kind == "reveal":
            for flag in msg.get("flags", []):
                print(visible(f"  ⚑ {flag.get('text', '')}\n    {flag.get('rule', '')}：{flag.get('why', '')}"), flush=True)
        elif kind == "ended":
            print(visible(f"结局：{msg.get('title', '')}\n{msg.get('explain', '')}"), flush=True)
            return 0
        elif kind in ("removed", "closed"):
            print("老师结束了这节课，或者把你移出了课堂。", file=sys.stderr)
            return 0 if kind == "closed" else 1
