"""This year against last year: the figures the plan's yearly 无诈班级 review
and its targets ask about (知晓率 100%; victims down by half on the year),
from two sets of exports.

The game measures what children do in its stories, not real cases: the
"first time, fell for it" share stands in for the plan's count of victims and
says so wherever it is shown (CAVEAT). The school's own records of real cases
(台账) remain the figure the plan means."""

from __future__ import annotations

from dataclasses import dataclass

from game.results.figures import Count, Figures, rule_name

CAVEAT = (
    "这些都是游戏里的表现，不是真实案件：真实受骗案件数以学校的台账为准。"
    "“首次被骗率”是学生第一次在游戏里遇到某一类骗局就被骗的比例，用来参考防骗能力的变化。"
)
AWARE_TARGET = 1.0  # 知晓率 100%
FELL_TARGET = 0.5  # 下降 50% 以上: this year at most half of last year's


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    label: str
    now: float | None
    before: float | None
    higher_is_better: bool

    @property
    def delta(self) -> float | None:
        return None if self.now is None or self.before is None else self.now - self.before

    @property
    def better(self) -> bool | None:
        """Did it move the right way? None when either year has no data or it did not move."""
        d = self.delta
        if d is None or d == 0:
            return None
        return (d > 0) == self.higher_is_better

    def to_json(self) -> dict:
        return {"key": self.key, "label": self.label, "now": self.now, "before": self.before,
                "delta": self.delta, "better": self.better}


@dataclass(frozen=True, slots=True)
class Target:
    label: str
    met: bool | None  # None: no data to judge by

    def to_json(self) -> dict:
        return {"label": self.label, "met": self.met}


@dataclass(frozen=True, slots=True)
class Comparison:
    students_now: int
    students_before: int
    fell_now: Count  # first meetings that ended in a loss, all plan types together
    fell_before: Count
    changes: tuple[Change, ...]
    types: tuple[Change, ...]  # the first-time fall rate of each plan type
    targets: tuple[Target, ...]
    rules_now: tuple[str, ...] = ()  # the definitions of "cleared" each year's exports used ("" = none)
    rules_before: tuple[str, ...] = ()

    @property
    def rules_differ(self) -> str:
        """'' when both years counted "cleared" the same way; else a sentence saying how."""
        if self.rules_now == self.rules_before:
            return ""
        now = "、".join(rule_name(r) for r in self.rules_now) or "—"
        before = "、".join(rule_name(r) for r in self.rules_before) or "—"
        return (
            f"注意：去年的成绩用的是另一种“识破”的算法（去年：{before}；今年：{now}），"
            "两年的知晓率不能直接比较。"
        )

    def to_json(self) -> dict:
        return {
            "students": {"now": self.students_now, "before": self.students_before},
            "fell_first": {"now": self.fell_now.to_json(), "before": self.fell_before.to_json()},
            "changes": [c.to_json() for c in self.changes],
            "fraud_types": [t.to_json() for t in self.types],
            "targets": [t.to_json() for t in self.targets],
            "cleared_rules": {"now": list(self.rules_now), "before": list(self.rules_before),
                              "note": self.rules_differ},
            "caveat": CAVEAT,
        }


def _fell(f: Figures) -> Count:
    return Count(sum(t.fell for t in f.types), sum(t.played for t in f.types))


def compare(now: Figures, before: Figures) -> Comparison:
    fell_now, fell_before = _fell(now), _fell(before)
    changes = (
        Change("awareness", "知晓率", now.aware.rate, before.aware.rate, True),
        Change("fell_first", "首次被骗率（12 类合计）", fell_now.rate, fell_before.rate, False),
        Change("after", "后测平均分", now.checks.after_mean, before.checks.after_mean, True),
        Change("genuine", "真消息信任率", now.genuine_overall.rate, before.genuine_overall.rate, True),
    )
    last = {t.type: t for t in before.types}
    types = tuple(
        Change(t.type, t.title, t.rate, last[t.type].rate if t.type in last else None, False) for t in now.types
    )
    aware_met = None if now.aware.rate is None else now.aware.rate >= AWARE_TARGET
    if fell_now.rate is None or fell_before.rate is None:
        halved = None
    elif fell_before.rate == 0:
        halved = fell_now.rate == 0  # nobody fell last year: the target is to stay there
    else:
        halved = fell_now.rate <= fell_before.rate * FELL_TARGET
    targets = (
        Target("知晓率达到 100%", aware_met),
        Target("首次被骗率比去年下降一半以上", halved),
    )
    return Comparison(
        len(now.students), len(before.students), fell_now, fell_before, changes, types, targets,
        tuple(sorted(now.cleared_rules)), tuple(sorted(before.cleared_rules)),
    )


def verdict(met: bool | None) -> str:
    return "✓ 达到" if met else "✗ 没达到" if met is not None else "— 没有数据"


def direction(change: Change) -> str:
    """'↑ 好转' / '↓ 变差' / '持平' / '—', in words as well as arrows."""
    d = change.delta
    if d is None:
        return "—"
    if d == 0:
        return "持平"
    arrow = "↑" if d > 0 else "↓"
    return f"{arrow} {'好转' if change.better else '变差'}"
