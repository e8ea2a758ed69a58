"""每日反诈提醒: one tip a day for the class QQ/WeChat group (the plan's 六个一:
“班级QQ群、微信群每日发布一条防范电信诈骗提示”).

The tip of a date depends on the date and the bank only: the bank's tips are
put in a fixed order (by a SHA-256 of each rule id — never `hash()`, which is
salted per process) and the days walk through that order from a fixed first
day. So every machine posts the same tip on the same date, consecutive days
differ, and a tip comes back only after every other one has been posted:
with at least 31 tips, never within a month."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from game.engine import paths, yamlsource
from game.engine.rules import Catalogue, catalogue

EPOCH = dt.date(2024, 9, 1)  # day 0 of the order: the first day of a school year
MIN_TIPS = 31
WEEKDAYS = "一二三四五六日"
FOOTER = "遇到可疑先告诉家长和老师 · 反诈专线 96110 · 转了钱马上打 110"


@dataclass(frozen=True, slots=True)
class Tip:
    rule: str  # a rule id of assets/rules.yaml
    text: str  # the rule's own words
    label: str  # 六个一律 第2条 …
    example: tuple[str, str]  # what the scam says; what to do


class TipBankError(ValueError):
    pass


def load_tips(path: Path | None = None, cat: Catalogue | None = None) -> tuple[Tip, ...]:
    """The tip bank, checked: known rules, one tip per rule, two example lines."""
    path = path or paths.assets_dir() / "tips.yaml"
    cat = cat or catalogue()
    raw = yamlsource.load(yamlsource.decode(path.read_bytes())).value
    items = raw.get("tips") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise TipBankError(f"{path}: 没有 tips 列表")
    tips: list[Tip] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        rule_id = item.get("rule") if isinstance(item, dict) else None
        example = item.get("example") if isinstance(item, dict) else None
        rule = cat.get(rule_id) if isinstance(rule_id, str) else None
        if rule is None:
            raise TipBankError(f"{path}: 第 {n} 条提醒的规则 `{rule_id}` 不在规则目录里")
        if rule_id in seen:
            raise TipBankError(f"{path}: 规则 `{rule_id}` 有两条提醒")
        if not (isinstance(example, list) and len(example) == 2 and all(isinstance(x, str) and x.strip() for x in example)):
            raise TipBankError(f"{path}: `{rule_id}` 的例子要正好两行")
        seen.add(rule_id)
        tips.append(Tip(rule_id, rule.text, rule.label, (example[0].strip(), example[1].strip())))
    if len(tips) < MIN_TIPS:
        raise TipBankError(f"{path}: 只有 {len(tips)} 条提醒，至少要 {MIN_TIPS} 条，才能一个月不重复")
    return tuple(tips)


@lru_cache(maxsize=1)
def bank() -> tuple[Tip, ...]:
    return load_tips()


def _order(tips: tuple[Tip, ...]) -> list[Tip]:
    return sorted(tips, key=lambda t: hashlib.sha256(f"fanzha-tip|{t.rule}".encode("utf-8")).hexdigest())


def tip_for(day: dt.date, tips: tuple[Tip, ...] | None = None) -> Tip:
    tips = tips if tips is not None else bank()
    order = _order(tips)
    return order[(day - EPOCH).days % len(order)]


def date_words(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def format_tip(day: dt.date, tip: Tip) -> str:
    """The message to paste into the group: a few short lines, plain text."""
    return "\n".join(
        [
            f"【反诈每日提醒】{date_words(day)}",
            f"{tip.text}（{tip.label}）",
            f"例：{tip.example[0]}",
            f"　　{tip.example[1]}",
            FOOTER,
        ]
    )


def tips_for(start: dt.date, days: int, tips: tuple[Tip, ...] | None = None) -> list[tuple[dt.date, Tip]]:
    return [(start + dt.timedelta(days=i), tip_for(start + dt.timedelta(days=i), tips)) for i in range(days)]
