"""What the marks came to, in a ten-year-old's words, for every face (the
outcome screen, presenter mode, the text mode), and the rule of "cleared"
explained once for pupils and once for teachers. Keys are not named here:
each face says its own."""

from __future__ import annotations

from game.engine import marks
from game.engine.marks import Verdict

MARKED = "⚑ 你标记了"  # beside a line the player marked, in every face

RULE_FOR_PUPILS = (
    "读到可疑的话，就把它标记出来（⚑）。骗局案例要做到三件事才算真正识破："
    "没有被骗（或及时止损），找出这一路上至少一半的危险信号，标错的不比找对的多。"
    "真消息案例要先核实、再放心办，也不把真消息标成可疑。"
)

RULE_FOR_TEACHERS = (
    f"“识破”的定义（{marks.CLEARED_RULE}）：骗局案例走到安全或及时止损的结局，"
    "并且标记出这条路上至少一半的危险信号（至少 1 个），标错的不多于找对的；"
    "真消息案例走到安全结局，且没有把真消息标成可疑。只凭选项的字面选对、不读消息，不算识破；"
    "见什么标什么，也不算。"
)


def found_words(v: Verdict) -> str:
    f = v.flags
    if not f.total:
        return "这一路上没有标出危险信号。"
    return f"你找出了 {f.total} 个危险信号中的 {f.found} 个。"


def flag_lines(v: Verdict, is_scam: bool) -> list[str]:
    """Found, missed, wrong: one short sentence each, only those that apply."""
    f = v.flags
    lines = [found_words(v)] if is_scam or f.total else []
    if f.missed:
        lines.append(f"还有 {f.missed} 个没有发现。")
    if f.wrong:
        lines.append(f"有 {f.wrong} 句你标记了，可它其实没有问题。")
    if not (f.found or f.wrong) and (f.total or not is_scam):
        lines.append("这次你一句都没有标记。" if is_scam else "你没有把真消息标成可疑。")
    return lines


def verdict_line(v: Verdict, is_scam: bool) -> str:
    """Whether the case counts as cleared (过关), and if not, why. "识破"
    alone is the safe ending's name; "真正识破" is this rule."""
    if v.cleared:
        if is_scam:
            return "✔ 过关：没有上当，还找出了至少一半的危险信号——这才是真正识破。"
        return "✔ 过关：先核实、再放心办，也没有冤枉真消息。"
    why = {
        marks.NOT_ENDED: "故事还没有结束。",
        marks.NO_FLAGS: "这一路上没有危险信号可找，换一条路再来。",
        marks.TOO_FEW: f"要找出至少一半的危险信号，才算真正识破（这一次要找出 {v.needed} 个）。",
        marks.TOO_MANY_WRONG: "标错的不能比找对的多：看到什么都标记，不算真正识破。",
        marks.GENUINE_MARKED: "核实过的真消息，不用把它标成可疑。",
    }.get(v.why_not)
    if why is None:  # marks.BAD_ENDING
        why = "被骗了不算过关，换个选择再试一次。" if is_scam else "真消息要先核实、再放心办，才算过关。"
    return f"✘ 还没过关：{why}"


def verdict_lines(v: Verdict, is_scam: bool) -> list[str]:
    return [*flag_lines(v, is_scam), verdict_line(v, is_scam)]
