"""Reading and checking the 辨一辨 item bank (assets/quiz.yaml).

The bank is written in pairs, under each audience:

    小学:
      - id: xx-01            # the pair: items xx-A01 (form A) and xx-B01 (form B)
        trick: 盗号借钱       # what both items test
        is_scam: true
        rule: ten-7          # a rule id from assets/rules.yaml
        channel: chat
        sender_kind: known   # how the sender looks: known, official or stranger
        A: {sender: …, context: …, text: …, why: …}   # context is optional
        B: {sender: …, text: …, why: …}

A pair shares everything that makes an item easy or hard (scam or genuine,
trick, rule, channel, how the sender looks), so the two forms are equally
hard by construction. The check also asks, per form: enough items, about as
many scams as genuine messages (so no constant answer scores well), and
sender labels that give little away; and for 小学, that every genuine message
comes from someone the child knows."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from game.engine import paths, yamlsource
from game.engine.rules import Catalogue, catalogue
from game.engine.validate import content_problems
from game.engine.vocab import CHANNELS
from game.progress.quiz import AUDIENCE_CODES, FORMS, Bank, Item, QuizError, form_id

MIN_ITEMS = 20  # per form
SCAM_SHARE = (0.4, 0.6)  # per form: answering all 骗局 or all 真消息 scores at most 60%
# Per form: the best a reader can score from the sender labels alone (for each
# kind of sender, always giving its more common answer).
MAX_SENDER_SHARE = 0.7
SENDER_KINDS = {
    "known": "认识的人（平时用的号、一直在的群）",
    "official": "机构的号码或账号（银行、快递、游戏系统、学校平台）",
    "stranger": "陌生人或陌生号码",
}
# Who a child may trust in the check: 小学 genuine messages come only from people they know.
CHILD_GENUINE_KINDS = ("known",)
CHILD_AUDIENCE = "小学"
ITEM_CHANNELS = tuple(c.id for c in CHANNELS.values() if c.drawing != "narration")

_PAIR_FIELDS = {"id", "trick", "is_scam", "rule", "channel", "sender_kind", *FORMS}
_ITEM_FIELDS = {"sender", "context", "text", "why"}
_ITEM_REQUIRED = ("sender", "text", "why")


def sender_only_share(items: list[Item]) -> float:
    """The share a reader scores who looks only at how the sender looks."""
    counts: dict[str, list[int]] = {}
    for i in items:
        counts.setdefault(i.sender_kind, [0, 0])[i.is_scam] += 1
    return sum(max(c) for c in counts.values()) / len(items) if items else 0.0


def _items_of_pair(raw: dict, audience: str, where: str, problems: list[str]) -> list[Item]:
    number = raw["id"].rpartition("-")[2]
    items = []
    for letter in FORMS:
        side = raw[letter]
        w = f"{where} {letter} 卷"
        if not isinstance(side, dict):
            problems.append(f"{w}：应该是一个映射（sender、text、why，可选 context）")
            continue
        for k in sorted(set(side) - _ITEM_FIELDS, key=str):
            problems.append(f"{w}：不认识的字段 `{k}`")
        missing = [k for k in _ITEM_REQUIRED if k not in side]
        if missing:
            problems.append(f"{w}：缺少字段 {', '.join(missing)}")
            continue
        bad = sorted(k for k in _ITEM_FIELDS & set(side) if not isinstance(side[k], str))
        if bad:
            problems.append(f"{w}：这些字段要写文字 {', '.join(bad)}")
            continue
        for k in sorted(side):
            for msg in content_problems(side[k]):
                problems.append(f"{w} {k}：{msg}")
        if not all(side[k].strip() for k in _ITEM_REQUIRED):
            problems.append(f"{w}：sender、text 和 why 不能是空的")
        items.append(
            Item(
                id=f"{AUDIENCE_CODES[audience]}-{letter}{number}", form=form_id(audience, letter),
                channel=raw["channel"], text=side["text"].strip(), is_scam=raw["is_scam"], rule=raw["rule"],
                why=side["why"].strip(), sender=side["sender"].strip(), context=side.get("context", "").strip(),
                sender_kind=raw["sender_kind"], trick=raw["trick"].strip(),
            )
        )
    if len(items) == 2 and items[0].text == items[1].text:
        problems.append(f"{where}：A 卷和 B 卷的 text 一样；平行卷要换个说法")
    return items


def _pair(raw: object, audience: str, where: str, seen: set[str], cat: Catalogue, problems: list[str]) -> list[Item]:
    if not isinstance(raw, dict):
        problems.append(f"{where}：应该是一个映射")
        return []
    where = f"{where}（{raw.get('id', '?')}）"
    for k in sorted(set(raw) - _PAIR_FIELDS, key=str):
        problems.append(f"{where}：不认识的字段 `{k}`")
    missing = [k for k in sorted(_PAIR_FIELDS, key=str) if k not in raw]
    if missing:
        problems.append(f"{where}：缺少字段 {', '.join(missing)}（每一对题都要有 A 卷和 B 卷）")
        return []
    bad = sorted(k for k in ("id", "trick", "rule", "channel", "sender_kind") if not isinstance(raw[k], str))
    if bad or not isinstance(raw["is_scam"], bool):
        problems.append(f"{where}：字段类型不对 {', '.join(bad) or 'is_scam 要写 true/false'}")
        return []
    code = AUDIENCE_CODES[audience]
    if not re.fullmatch(rf"{re.escape(code)}-\d\d", raw["id"]):
        problems.append(f"{where}：{audience}的题 id 要写成 {code}-01 这样（{code}- 加两位数字）")
        return []
    if raw["id"] in seen:
        problems.append(f"{where}：id 重复")
    seen.add(raw["id"])
    if raw["channel"] not in ITEM_CHANNELS:
        problems.append(f"{where}：不认识的 channel `{raw['channel']}`（可以用：{'、'.join(ITEM_CHANNELS)}）")
    if raw["rule"] not in cat:
        problems.append(f"{where}：规则目录里没有 `{raw['rule']}`")
    if raw["sender_kind"] not in SENDER_KINDS:
        problems.append(f"{where}：sender_kind 只能是 {'、'.join(SENDER_KINDS)}")
    elif audience == CHILD_AUDIENCE and not raw["is_scam"] and raw["sender_kind"] not in CHILD_GENUINE_KINDS:
        problems.append(f"{where}：小学的真消息只能来自孩子认识的人（sender_kind: known），不能来自陌生人或机构")
    if not raw["trick"].strip():
        problems.append(f"{where}：trick 不能是空的")
    for msg in content_problems(raw["trick"]):
        problems.append(f"{where} trick：{msg}")
    return _items_of_pair(raw, audience, where, problems)


def _form_problems(audience: str, letter: str, items: list[Item]) -> list[str]:
    name = f"{audience} {letter} 卷"
    if not items:
        return [f"{name}：没有题"]
    problems = []
    if len(items) < MIN_ITEMS:
        problems.append(f"{name}只有 {len(items)} 题，至少要 {MIN_ITEMS} 题")
    scams = sum(i.is_scam for i in items)
    low, high = SCAM_SHARE
    if not low <= scams / len(items) <= high:
        problems.append(
            f"{name}有 {scams} 条骗局、{len(items) - scams} 条真消息：骗局要占 {low:.0%} 到 {high:.0%}，"
            "否则全答“骗局”或全答“真消息”也能得高分"
        )
    by_sender = sender_only_share(items)
    if by_sender > MAX_SENDER_SHARE:
        problems.append(
            f"{name}只看发信人是谁就能答对 {by_sender:.0%}（最多 {MAX_SENDER_SHARE:.0%}）："
            "让骗局也来自看着眼熟的号，真消息也来自看着陌生的号"
        )
    return problems


def check_bank(raw: object, cat: Catalogue, positions: yamlsource.Positions | None = None) -> tuple[list[Item], list[str]]:
    """Every item of the bank, and every problem with it."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        return [], [f"顶层要按读者分组：{'、'.join(AUDIENCE_CODES)}，每组是一对一对的题"]
    for k in sorted(set(raw) - set(AUDIENCE_CODES), key=str):
        problems.append(f"不认识的读者 `{k}`（可以用：{'、'.join(AUDIENCE_CODES)}）")
    items: list[Item] = []
    seen: set[str] = set()
    for audience in AUDIENCE_CODES:
        pairs = raw.get(audience)
        if not isinstance(pairs, list):
            problems.append(f"{audience}：要有一组题（列表）")
            continue
        mine: list[Item] = []
        for n, pair in enumerate(pairs):
            pos = positions.get((audience, n)) if positions is not None else None
            where = f"{audience}第 {n + 1} 对" + (f"（第 {pos.line} 行）" if pos else "")
            mine += _pair(pair, audience, where, seen, cat, problems)
        for letter in FORMS:
            problems += _form_problems(audience, letter, [i for i in mine if i.form == form_id(audience, letter)])
        items += mine
    return items, problems


def load_bank(path: Path | None = None) -> Bank:
    """Read and check the item bank; raise QuizError listing every problem."""
    path = path or paths.assets_dir() / "quiz.yaml"
    try:
        doc = yamlsource.load(yamlsource.decode(path.read_bytes()))
    except OSError as exc:
        raise QuizError([f"读不了 {path}：{exc.strerror or exc}"]) from None
    except yamlsource.SourceError as exc:
        raise QuizError([f"{path}:{exc.pos.line}:{exc.pos.column}: {exc.message}"]) from None
    items, problems = check_bank(doc.value, catalogue(), doc.positions)
    # a key written twice keeps only one value: a whole version or form may be lost
    problems += [f"{path}:{pos.line}:{pos.column}: {message}" for pos, message in doc.duplicates]
    if problems:
        raise QuizError(problems)
    return Bank(tuple(items))


@lru_cache(maxsize=1)
def bank() -> Bank:
    """The shipped item bank, loaded once."""
    return load_bank()
