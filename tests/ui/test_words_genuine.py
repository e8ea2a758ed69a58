"""Words that depend on the case: a genuine message's safe ending, the
scenario's own name for the money, who may start a countdown."""

from __future__ import annotations

from game.engine.model import Message
from game.ui.words import default_steps, kind_words, urgency_of, wallet_name


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
