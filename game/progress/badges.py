"""Badges that mean something (issue #6).

- 无诈小达人: every one of the plan's twelve fraud types cleared at least
  once (a scam scenario of that type cleared: game/engine/marks.py — a safe
  or stopped ending with half the path's red flags found).
- 反诈小帮手: every helper scenario (`perspective: helper`) cleared.
- 火眼金睛: every modern-variant scenario (`variant:`) cleared.
- 不冤枉好人: every genuine-message scenario (`is_scam: false`) cleared:
  checked, then trusted (its `safe` ending), no genuine message marked.
- 结局收集家·<case>: every ending of one case found.

A badge once earned stays earned (the store keeps the date), even when new
scenarios are added later. Pure logic over the per-scenario records the
store keeps; no database here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Protocol

from game.engine.rules import catalogue

NO_FRAUD_STAR = "no-fraud-star"
HELPER = "helper"
VARIANTS = "variants"
GENUINE = "genuine"
ALL_ENDINGS = "all-endings:"  # + scenario id


class Record(Protocol):
    """What badges need from the store about one scenario a profile played."""

    scenario_id: str
    fraud_type: str
    is_scam: bool | None
    best: str | None
    endings: frozenset[str]
    cleared: bool


@dataclass(frozen=True, slots=True)
class Badge:
    id: str
    title: str
    description: str
    earned: bool
    have: int  # progress: how many of `need`
    need: int
    earned_at: str = ""  # when first earned (ISO time), if stored

    @property
    def available(self) -> bool:
        """False when the library has nothing that counts towards it yet."""
        return self.need > 0 or self.earned


def plan_types() -> tuple[str, ...]:
    return tuple(r.id for r in catalogue().fraud_types)


def safe_types(records: Iterable[Record]) -> set[str]:
    """Plan types with at least one scam scenario cleared (`policy.cleared`)."""
    from game.progress.policy import cleared

    return {r.fraud_type for r in records if r.is_scam and cleared(r)}


def evaluate(
    records: Mapping[str, Record],
    scenarios: Mapping[str, object] | None = None,
    awarded: Mapping[str, str] | None = None,
) -> list[Badge]:
    """Every badge with its progress. `scenarios` is the library's id → Scenario
    (for the helper/variant/genuine sets and ending counts); `awarded` is
    badge id → when it was first earned, from the store."""
    awarded = dict(awarded or {})
    scenarios = scenarios or {}
    out: list[Badge] = []

    def badge(bid: str, title: str, desc: str, have: int, need: int) -> None:
        done = need > 0 and have >= need
        out.append(Badge(bid, title, desc, done or bid in awarded, have, need, awarded.get(bid, "")))

    types = plan_types()
    cleared = safe_types(records.values())
    badge(
        NO_FRAUD_STAR, "无诈小达人", "12 类诈骗手段，每一类都至少真正识破过一次：没上当，还找出了至少一半的危险信号。",
        sum(t in cleared for t in types), len(types),
    )

    def all_cleared(ids: list[str]) -> int:
        return sum(1 for sid in ids if sid in records and records[sid].cleared)

    helper = [sid for sid, s in scenarios.items() if getattr(s, "perspective", "") == "helper"]
    badge(HELPER, "反诈小帮手", "帮别人识破骗局的剧本，全部安全通关。", all_cleared(helper), len(helper))
    variants = [sid for sid, s in scenarios.items() if getattr(s, "variant", "") and getattr(s, "is_scam", True)]
    badge(VARIANTS, "火眼金睛", "新花样骗局（AI 换脸、免费皮肤……）全部识破。", all_cleared(variants), len(variants))
    genuine = [sid for sid, s in scenarios.items() if getattr(s, "is_scam", True) is False]
    badge(GENUINE, "不冤枉好人", "真消息剧本都核实后正确相信了：乱怀疑也不对。", all_cleared(genuine), len(genuine))

    for sid in sorted(set(records) | {b[len(ALL_ENDINGS):] for b in awarded if b.startswith(ALL_ENDINGS)}):
        s = scenarios.get(sid)
        endings = getattr(s, "endings", None)
        if endings is None and ALL_ENDINGS + sid not in awarded:
            continue  # a case no longer in the library, never completed
        title = getattr(s, "title", sid)
        need = len(endings or {})
        found = records[sid].endings if sid in records else frozenset()
        have = len(found & set(endings)) if endings else len(found)
        badge(ALL_ENDINGS + sid, f"结局收集家·{title}", f"找到了「{title}」的全部 {need or have} 个结局。", have, need)
    return out
