"""`fanzha audit [--json] [--blind ID]`: how well the cases teach, measured
the same way every time (game/engine/audit.py): sentence lengths per
audience, stopped endings that still lose money, how often random key-pressing
ends safe, and the share of decisions a reader judged telegraphed (from the
verdict files in each scenario folder's `verdicts/`).

    fanzha audit                 the figures, per audience, against the targets
    fanzha audit --json          the same, for tools
    fanzha audit --case ID       one case's figures
    fanzha audit --case ID --sentences   and its sentences over the length target
    fanzha audit --blind ID      a case's decisions, options only, for a reader to judge
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.cli.present_common import EXIT_USAGE, no_such_case
from game.engine import audit as measure
from game.engine.library import cached_library, default_folders
from game.engine.untrusted import json_text, visible


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _mark(ok: bool) -> str:
    return "达标" if ok else "未达标"


def report_lines(result: measure.Audit) -> list[str]:
    lines = ["剧本质量体检（目标见括号）", ""]
    for a in result.audiences.values():
        j = a.as_json()
        lines.append(f"【{a.audience}】{j['cases']} 个剧本，{j['sentences']} 句")
        short_ok = j["sentence_short_share"] >= 0.9 and j["sentences_over_longest"] == 0
        lines.append(
            f"  句子：90% 的句子不超过 {j['sentence_p90']} 字；{_pct(j['sentence_short_share'])} 不超过 {measure.SHORT} 字"
            f"（目标 90%），最长 {j['sentence_longest']} 字，超过 {measure.LONGEST} 字的 {j['sentences_over_longest']} 句"
            + (f" —— 小学{_mark(short_ok)}" if a.audience == "小学" else "")
        )
        lines.append(
            f"  结局说明：中位数 {j['explain_median']} 字，超过 {measure.EXPLAIN_MAX} 字的 {j['explains_over_max']} 个"
            + (f" —— 小学{_mark(j['explains_over_max'] == 0)}" if a.audience == "小学" else "")
        )
        lines.append(
            f"  及时止损结局：{j['stopped_endings']} 个，其中仍有损失的 {j['stopped_with_loss']} 个（{_pct(j['stopped_with_loss_share'])}）"
        )
        share = j["telegraphed_share"]
        lines.append(
            f"  读者判断：{j['decisions']} 个选择点判断了 {j['decisions_judged']} 个，一看就知道答案的 {j['telegraphed']} 个"
            f"（{_pct(share)}，目标不超过 {_pct(measure.TELEGRAPHED_TARGET)}）"
            + ("" if share is None else f" —— {_mark(share <= measure.TELEGRAPHED_TARGET)}")
        )
        lines.append("")
    lines.append(f"乱按也能安全结局的比例（每个骗局剧本，目标不超过 {_pct(measure.RANDOM_SAFE_TARGET)}）：")
    over = 0
    for sid, share in sorted(result.random_safe.items(), key=lambda kv: -(kv[1] or 0)):
        ok = share is not None and share <= measure.RANDOM_SAFE_TARGET
        over += not ok
        lines.append(f"  {_pct(share):>5}  {sid}" + ("" if ok else "  ← 未达标"))
    lines.append(f"  共 {len(result.random_safe)} 个骗局剧本，{over} 个未达标。")
    if result.problems:
        lines += ["", "判断文件的问题："] + [f"  {p}" for p in result.problems]
    return lines


def _long_lines(s) -> list[str]:
    """A writer's to-do list: the sentences a reader of this case finds too long."""
    found = measure.long_sentences(s)
    if not found:
        return []
    lines = ["", f"{s.id}：超过 {measure.SHORT} 字的句子 {len(found)} 句（最长的在前）"]
    return lines + [f"  {n:>3} 字  {text}" for n, text in found[:30]]


def run(args) -> int:
    folders = default_folders(args.scenarios, args.data_dir)
    library = cached_library(args.scenarios, args.data_dir)
    if args.blind:
        if no_such_case(library, args.blind):
            return EXIT_USAGE
        print(visible(measure.blind_listing(library.get(args.blind))))
        return 0
    verdicts = [measure.read_verdicts(p) for p in measure.verdict_files(Path(f) for f, _ in folders)]
    if args.case:
        for sid in args.case:
            if no_such_case(library, sid):
                return EXIT_USAGE
        cases = {sid: library.get(sid) for sid in args.case}  # only these are parsed
        verdicts = [v for v in verdicts if v.scenario in cases]
    else:
        cases = dict(library.scenarios.items())
    result = measure.audit(cases, verdicts)
    if args.json:
        sys.stdout.write(json_text(result.as_json(), indent=2) + "\n")
    else:  # verdict files are written by readers: what they hold is shown, never obeyed
        lines = report_lines(result)
        # The long sentences quote the messages: a blind reader checks the
        # figure with --case alone and never sees them.
        if args.sentences:
            for sid in args.case or ():
                lines += _long_lines(cases[sid])
        elif args.case and any(measure.long_sentences(cases[sid]) for sid in args.case):
            lines += ["", "（加 --sentences 列出太长的句子）"]
        print(visible("\n".join(lines)))
    return 1 if result.problems else 0
