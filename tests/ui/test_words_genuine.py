"""Words that depend on the case: a genuine message's safe ending, the
scenario's own name for the money, who may start a countdown, and the steps
after a loss in the words of the case's audience."""

from __future__ import annotations

from game.engine.ending import default_steps
from game.engine.model import Message
from game.engine.pacing import urgency_of
from game.engine.vocab import AUDIENCES, kind_words, wallet_name


def test_genuine_safe_ending_is_not_called_seeing_through_a_scam():
    assert kind_words("safe") == "✔ 成功识破"
    assert kind_words("safe", genuine=True) == "✔ 核实后放心办"
    assert kind_words("loss", genuine=True) == "✘ 被骗了"


def test_wallet_name():
    assert wallet_name(("小学",)) == "零花钱"
    assert wallet_name(("家长",)) == "余额"
    assert wallet_name(("小学",), "奶奶的存款") == "奶奶的存款"


def test_countdown_only_from_someone_in_the_story():
    assert urgency_of(Message("30 分钟内必须转账", "scammer", "chat")) == 1800
    assert urgency_of(Message("30 分钟内必须转账", "", "narration")) is None
    assert urgency_of(Message("我 10 分钟后回来", "me", "chat")) is None


def test_default_steps_for_losses_and_stops():
    assert any("110" in s for s in default_steps("loss"))
    assert any("凭证" in s for s in default_steps("stopped"))
    assert default_steps("safe") == ()


def test_the_steps_after_a_loss_say_what_the_school_plan_asks_in_each_audiences_words():
    """110 for 紧急止付, 96110, the evidence kept, the card frozen by the number
    on its back, and the second scam that offers to get the money back."""
    for kind in ("loss", "stopped"):
        for audience in AUDIENCES:
            steps = "\n".join(default_steps(kind, (audience,)))
            assert "110" in steps and "紧急止付" in steps and "96110" in steps, (kind, audience)
            assert "聊天记录" in steps and "银行卡背面" in steps and "第二" in steps, (kind, audience)
            if not AUDIENCES[audience].child:
                assert "爸爸妈妈" not in steps, (kind, audience)  # a parent is not told to tell mum and dad
            elif kind == "loss":
                assert steps.startswith("马上告诉爸爸妈妈或老师"), audience
    assert default_steps("loss", ("小学",))[0].startswith("马上告诉爸爸妈妈或老师")
    # A case for pupils and their parents speaks to the pupil.
    assert default_steps("loss", ("家长", "小学")) == default_steps("loss", ("小学",))
