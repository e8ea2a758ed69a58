"""`fanzha quiz`: 辨一辨, the short check before and after, in plain text.

    fanzha quiz --profile 小明                    asks item by item (骗 or 真)
    fanzha quiz --profile 小明 --answers sgssg…   a whole form at once (s/骗 = scam, g/真 = genuine)
    fanzha quiz --profile 小明 --sitting after
    fanzha quiz --profile 小明 --json                 starts the check: its items, in this pupil's order
    fanzha quiz --profile 小明 --json --answers sg…   answers it: each item right or wrong

Which check is due is worked out from the profile: the before-check until the
first case is played, the after-check once every plan type has been played.
The result explains every answer."""

from __future__ import annotations

import sys

from game.progress import quiz
from game.engine.library import cached_library
from game.engine.rules import catalogue
from game.progress.store import CheckError, ProfileError
from game.engine.vocab import channel_words
from game.cli.common import open_store, pick_profile
from game.engine.untrusted import json_text, visible



def item_lines(n: int, total: int, item: quiz.Item) -> list[str]:
    lines = [f"第 {n}/{total} 题  [{channel_words(item.channel)}] {item.sender}"]
    if item.context:
        lines.append(f"（{item.context}）")
    lines.append(f"  “{item.text}”")
    return lines


def result_lines(score: quiz.Score, sitting: str) -> list[str]:
    name = quiz.SITTING_NAMES[sitting]
    lines = [
        "",
        f"==== 辨一辨{name}（{quiz.form_name(score.form)}）：答对 {score.correct}/{score.total} 题，"
        f"{score.share * 100:.0f}% ====",
        f"骗局认出 {score.scam_caught}/{score.scam_total}，真消息相信 {score.genuine_trusted}/{score.genuine_total}"
        "（把真消息当骗局也算错）",
    ]
    for n, m in enumerate(score.marked, 1):
        rule = catalogue().get(m.item.rule)
        said = "—" if m.said_scam is None else ("骗局" if m.said_scam else "真消息")
        mark = "✔ 对" if m.correct else "✘ 错"
        lines.append(f"{n:>2}. {mark}  你的判断：{said}；答案：{m.item.answer_label}")
        lines.append(f"    “{m.item.text}”")
        lines.append(f"    为什么：{m.item.why}")
        if rule:
            lines.append(f"    规则：{rule.label}：{rule.text}")
    return lines


def _letter(said_scam: bool | None) -> str | None:
    return None if said_scam is None else "s" if said_scam else "g"


def sitting_json(sitting: str, form: str, items) -> dict:
    """The sitting as `--json` prints it: the items in this sitting's order."""
    return {
        "sitting": sitting,
        "form": quiz.form_letter(form),
        "audience": quiz.form_audience(form),
        "items": [
            {"id": i.id, "channel": i.channel, "sender": i.sender, "context": i.context, "text": i.text} for i in items
        ],
    }


def answers_json(score: quiz.Score) -> dict:
    """The marked sitting as `--json --answers` prints it: s (scam) or g (genuine)."""
    return {
        "items": [
            {"id": m.item.id, "said": _letter(m.said_scam), "answer": _letter(m.item.is_scam), "right": m.correct}
            for m in score.marked
        ],
        "score": score.correct,
        "total": score.total,
    }

def run(args) -> int:
    store = open_store(args.data_dir)
    library = cached_library(args.scenarios, args.data_dir)
    try:
        profile = pick_profile(
            store, args.profile, args.class_name, create=args.profile is not None, audience=args.audience
        )
    except ProfileError as exc:
        print(visible(str(exc)), file=sys.stderr)
        return 2
    progress = store.progress(profile, library)
    sitting = args.sitting or progress.check_status().due
    if sitting is None:
        status = progress.check_status()
        if status.before and status.before.complete and not progress.missing_types():
            print("两次辨一辨都做完了。", file=sys.stderr)
        else:
            print(progress.check_unavailable(quiz.AFTER) or "现在没有要做的辨一辨。", file=sys.stderr)
        return 2
    reason = progress.check_unavailable(sitting)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    items = progress.check_items(sitting)  # starts the sitting: its order is fixed now
    if args.json and args.answers is None:
        print(json_text(sitting_json(sitting, progress.check_form(sitting), items), indent=2))
        return 0
    if not args.json:
        print(f"辨一辨{quiz.SITTING_NAMES[sitting]}（{quiz.form_name(progress.check_form(sitting))}，{len(items)} 题）："
              "每条消息是骗局还是真消息？", flush=True)
    try:
        if args.answers is not None:
            values = quiz.parse_answer_string(args.answers)
            score = progress.record_answers(sitting, values)
        else:
            score = _ask(progress, sitting, items)
            if score is None:
                return 4
    except (ValueError, CheckError) as exc:
        print(visible(str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json_text(answers_json(score), indent=2))
        return 0
    print("\n".join(result_lines(score, sitting)))
    for message in store.take_notices():
        print(visible(message), file=sys.stderr)
    return 0


def _ask(progress, sitting: str, items) -> quiz.Score | None:
    so_far = progress.check_result(sitting)
    done = {m.item.id for m in so_far.marked if m.answered} if so_far else set()
    for n, item in enumerate(items, 1):
        if item.id in done:  # answered in an earlier, interrupted sitting
            continue
        print("\n".join(item_lines(n, len(items), item)), flush=True)
        while True:
            print("是骗局（输入 骗 或 s）还是真消息（输入 真 或 g）？", flush=True)
            line = sys.stdin.readline()
            if not line:
                kept = "已经答的题保存了，下次接着做。" if progress.persistent else "这次的答案没有保存（见上面的说明）。"
                print(f"没有更多输入了：{kept}", file=sys.stderr)
                return None
            value = quiz.parse_answer(line)
            if value is not None:
                progress.record_answer(sitting, item.id, value)
                for message in progress.store.take_notices():  # e.g. the file stopped taking writes
                    print(visible(message), file=sys.stderr)
                break
    return progress.check_result(sitting)
