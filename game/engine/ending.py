"""What an ending means, built once from a finished play and drawn by every
face: the outcome screen, the presenter's case summary, the text mode, the
lesson pack and the weekly article.

`summarize(play)` gives an `EndingSummary`: the kind and its words (a genuine
case's safe ending is 核实后放心办), the title and the explanation, the money
lost and the information given away, the rules cited in full, the steps to
take now (the scenario's own, else the defaults for the kind and the case's
audience) and the red flags met on the way. The words faces put around them
(headings, the stakes line) are here too, so every face says the same thing.
No Textual."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.model import Scenario
from game.engine.play import Playthrough
from game.engine.redflags import FlagOnPath, flags_met
from game.engine.rules import catalogue
from game.engine.vocab import EndingKind, ending_kind, exposed_text, money, youngest

EXPLAIN_HEADING = "发生了什么"
RULES_HEADING = "这次学到的规则"
NOTHING_LOST = "✔ 没有损失钱，也没有泄露个人信息。"
NO_FLAGS = "这一路上没有标出危险信号。"


def flags_heading(count: int) -> str:
    return f"⚑ 这一路上的危险信号（{count} 个）" if count else NO_FLAGS


# What to do at once after money or information went to a scammer, when the
# ending names no steps of its own: the school plan's 110 for 紧急止付 and 96110,
# keeping the evidence, freezing the card by the number on its back, and the
# second scam that offers to recover the money for a fee. A pupil tells a
# parent or a teacher first (they make the calls); a parent or a teacher is
# not told to tell mum and dad. Keyed by (ending kind, audience).
_CHILD_LOSS = (
    "马上告诉爸爸妈妈或老师。被骗不是你的错，他们会帮你报警、冻结银行卡。",
    "转了钱的，请大人立刻打 110，请警察紧急止付。",
    "请大人打银行卡背面的电话，冻结付钱用的那张卡。",
    "打 96110 反诈专线，问清楚下一步怎么做。",
    "聊天记录、短信和付款记录都留好，一条都别删。",
    "有人说交钱就能帮你把钱追回来？那是第二次诈骗，别理他。",
)
_TEEN_LOSS = (
    "马上告诉爸爸妈妈或老师。被骗不是你的错，说出来才能挽回。",
    "转了钱的，立刻拨打 110，请警察紧急止付。",
    "打银行卡背面的客服电话，冻结付款用的那张卡。",
    "拨打 96110 反诈专线，问清楚下一步怎么做。",
    "保存好聊天记录、短信和转账凭证，一条都不要删。",
    "谁说交钱就能帮你追回损失，谁就是第二个骗子，别理他。",
    "安装“国家反诈中心”App，以后遇到可疑电话、短信先查一查。",
)
_ADULT_LOSS = (
    "转了钱的，立刻拨打 110，请警察紧急止付。",
    "打银行卡背面的客服电话，冻结付款用的那张卡。",
    "拨打 96110 反诈专线，问清楚下一步怎么做。",
    "保存好聊天记录、短信和转账凭证，一条都不要删。",
    "谁说交钱就能帮你追回损失，谁就是第二个骗子，别理他。",
    "被骗不是你的错：告诉家人，别一个人扛着。",
    "安装“国家反诈中心”App，以后遇到可疑电话、短信先查一查。",
)
# After a stopped ending (paid, then stopped in time) the police have been
# called: what is left to do.
_CHILD_STOPPED = (
    "把经过一五一十告诉爸爸妈妈或老师。",
    "聊天记录、短信和付款记录都留好，配合警察调查，一条都别删。",
    "请大人打银行卡背面的电话，冻结付钱用的那张卡。",
    "有人说交钱就能帮你追回剩下的钱？那是第二次诈骗，别理他。",
    "记住：钱一转出去，就马上打 110 紧急止付，越快越能拦住。",
    "有拿不准的事，打 96110 反诈专线问一问。",
)
_STOPPED = (
    "保存好聊天记录、短信和转账凭证，配合警察调查，一条都不要删。",
    "打银行卡背面的客服电话，冻结付款用的那张卡。",
    "谁说交钱就能帮你追回剩下的钱，谁就是第二个骗子，别理他。",
    "记住：钱一转出去，就马上打 110 紧急止付，越快越能拦住。",
    "有拿不准的事，拨打 96110 反诈专线问一问。",
)


def _tell(who: str) -> str:
    return f"把这次的经过讲给{who}听，帮他们也认出这种骗局。"


_APP = "安装“国家反诈中心”App，以后遇到可疑电话、短信先查一查。"

DEFAULT_STEPS: dict[tuple[str, str], tuple[str, ...]] = {
    ("loss", "小学"): _CHILD_LOSS,
    ("loss", "中学"): _TEEN_LOSS,
    ("loss", "教职工"): _ADULT_LOSS,
    ("loss", "家长"): _ADULT_LOSS,
    ("stopped", "小学"): _CHILD_STOPPED,
    ("stopped", "中学"): (*_STOPPED, _tell("家人和同学"), _APP),
    ("stopped", "教职工"): (*_STOPPED, _tell("家人和同事"), _APP),
    ("stopped", "家长"): (*_STOPPED, _tell("家人和朋友"), _APP),
}


def default_steps(kind: str, audience=("中学",)) -> tuple[str, ...]:
    """The steps after an ending that names none: for a kind where the scammer
    got something, in the words of the youngest audience the case is for."""
    return DEFAULT_STEPS.get((kind, youngest(audience).id), ())


@dataclass(frozen=True, slots=True)
class CitedRule:
    id: str
    label: str  # as cited everywhere: 十个凡是 第5条, 12类诈骗 第8类 …
    text: str  # word for word from the school plan; "" when the catalogue lacks it

    @property
    def known(self) -> bool:
        return bool(self.text)


def cite(rule_id: str) -> CitedRule:
    rule = catalogue().get(rule_id)
    return CitedRule(rule_id, rule.full_label, rule.text) if rule else CitedRule(rule_id, rule_id, "")


@dataclass(frozen=True, slots=True)
class EndingSummary:
    case_id: str
    case_title: str
    genuine: bool  # is_scam: false
    node: str  # the ending's node id
    kind: EndingKind
    title: str
    explain: str  # as written (a YAML block keeps its last newline): strip to print it on a line
    money_lost: int
    exposed: tuple[str, ...]
    rules: tuple[CitedRule, ...]
    steps: tuple[str, ...]  # the scenario's own, else the defaults; may be empty
    flags: tuple[FlagOnPath, ...] = ()  # the red flags met on the way, in order
    choices_made: int = 0

    @property
    def kind_words(self) -> str:
        """'✘ 被骗了'; in a genuine case '✔ 核实后放心办' for the safe ending."""
        return self.kind.said(self.genuine)

    @property
    def steps_heading(self) -> str:
        return self.kind.steps_heading if self.steps else ""

    @property
    def lost_words(self) -> str:
        return f"损失：{money(self.money_lost)}" if self.money_lost else "损失：没有损失钱"

    @property
    def exposed_words(self) -> str:
        return f"泄露的信息：{exposed_text(self.exposed)}"

    @property
    def stakes(self) -> tuple[str, ...]:
        """What was lost and given away, as parts of one line."""
        if not self.money_lost and not self.exposed:
            return (NOTHING_LOST,)
        return (self.lost_words, self.exposed_words)


def summarize_ending(
    s: Scenario, node_id: str, exposed: tuple[str, ...] | None = None, flags=(), choices_made: int = 0
) -> EndingSummary:
    """The summary of one ending of a scenario. Without a path, what was given
    away is what the ending says and no red flags were met."""
    e = s.nodes[node_id].ending
    if e is None:
        raise ValueError(f"`{node_id}` 不是结局")
    return EndingSummary(
        case_id=s.id,
        case_title=s.title,
        genuine=not s.is_scam,
        node=node_id,
        kind=ending_kind(e.kind),
        title=e.title,
        explain=e.explain,
        money_lost=e.money_lost,
        exposed=tuple(e.exposed) if exposed is None else exposed,
        rules=tuple(cite(r) for r in e.rules),
        steps=e.steps or default_steps(e.kind, s.audience),
        flags=tuple(flags),
        choices_made=choices_made,
    )


def summarize(play: Playthrough) -> EndingSummary:
    """The summary of a finished play: what it cost on this path, and the red
    flags of the nodes it went through."""
    if not play.ended:
        raise ValueError("故事还没有结束")
    s = play.scenario
    return summarize_ending(
        s, play.node.id, play.exposed, flags_met(s, (n.id for n in play.visited)), len(play.steps)
    )


def summarize_steps(s: Scenario, steps) -> EndingSummary:
    """The summary at the end of these steps (for example `explore`'s path to
    an ending, or the main line a lesson or an article tells)."""
    return summarize(Playthrough.following(s, steps))

