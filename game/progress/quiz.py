"""辨一辨: the short check before and after (issues #6, #12).

The item bank (assets/quiz.yaml, read and checked by `quizbank`, which
also keeps the shipped bank loaded: `quizbank.bank()`) holds short
messages, each a scam or genuine, with the rule it tests and a one-line why,
in a version for each audience (小学, 中学, 教职工, 家长). Each audience has
two parallel forms, A and B, written in pairs: item 01 of form A and item 01
of form B test the same trick. A profile takes one form before its first case
and the other after its curriculum. Which letter comes first alternates
between profiles in the order they were created (1st profile: A first, 2nd:
B first, ...), so half a class sees each form before and the other one after.

A sitting shows its items in an order of its own, shuffled when the sitting
starts and kept by the store, so no two pupils (and no two sittings) share an
order and a resumed check keeps its own.

Pure logic: forms and their ids, which form when, the order, scoring. The
store (game/progress/store.py) keeps the order and the answers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterable, Sequence

from game.engine.vocab import DEFAULT_AUDIENCE

FORMS = ("A", "B")  # the two parallel forms of each audience
BEFORE = "before"
AFTER = "after"
SITTINGS = (BEFORE, AFTER)
SITTING_NAMES = {BEFORE: "前测", AFTER: "后测"}
PASS_SHARE = 0.8  # the after-check score that counts towards 知晓率

# Each audience's version of the bank; the code starts its form and item ids
# (form `xx-A`, items `xx-A01` …).
AUDIENCE_CODES = {"小学": "xx", "中学": "zx", "教职工": "staff", "家长": "parents"}
# Checks taken before the bank had a version per audience used the forms
# `A` and `B` with items A01…B15: their scores are kept, their items are gone.
LEGACY_NAME = "旧题库"
LEGACY_TEXT = "（这道题来自旧题库，现在的题库里已经没有了）"
LEGACY_WHY = "旧题库的题目不再显示，只保留了你答得对不对。"


class QuizError(Exception):
    """The item bank is malformed; `problems` lists everything wrong at once."""

    def __init__(self, problems: list[str]):
        super().__init__("辨一辨题库有问题：\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    form: str  # the form id: `xx-A` (or `A`, `B` for a legacy item)
    channel: str
    text: str
    is_scam: bool
    rule: str
    why: str
    sender: str = ""
    context: str = ""
    sender_kind: str = ""  # how the sender looks: known, official or stranger (quizbank.SENDER_KINDS)
    trick: str = ""  # what the pair tests, in a few words

    @property
    def answer_label(self) -> str:
        return "骗局" if self.is_scam else "真消息"


@dataclass(frozen=True, slots=True)
class Marked:
    """One item as answered: for the result screen."""

    item: Item
    said_scam: bool | None  # None: not answered yet

    @property
    def answered(self) -> bool:
        return self.said_scam is not None

    @property
    def correct(self) -> bool:
        return self.said_scam is not None and self.said_scam == self.item.is_scam

    @property
    def over_suspicious(self) -> bool:
        """A genuine message called a scam: a failure too."""
        return self.said_scam is True and not self.item.is_scam


@dataclass(frozen=True, slots=True)
class Score:
    form: str
    marked: tuple[Marked, ...]  # in the sitting's order

    @property
    def audience(self) -> str | None:
        return form_audience(self.form)

    @property
    def letter(self) -> str:
        return form_letter(self.form)

    @property
    def total(self) -> int:
        return len(self.marked)

    @property
    def answered(self) -> int:
        return sum(m.answered for m in self.marked)

    @property
    def complete(self) -> bool:
        return self.answered == self.total > 0

    @property
    def correct(self) -> int:
        return sum(m.correct for m in self.marked)

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def genuine_total(self) -> int:
        return sum(not m.item.is_scam for m in self.marked)

    @property
    def genuine_trusted(self) -> int:
        return sum(m.correct and not m.item.is_scam for m in self.marked)

    @property
    def scam_total(self) -> int:
        return sum(m.item.is_scam for m in self.marked)

    @property
    def scam_caught(self) -> int:
        return sum(m.correct and m.item.is_scam for m in self.marked)

    @property
    def passed(self) -> bool:
        return self.complete and self.share >= PASS_SHARE


@dataclass(frozen=True)
class Bank:
    items: tuple[Item, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.items})

    def get(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)  # type: ignore[attr-defined]

    def form(self, form: str) -> tuple[Item, ...]:
        """A form's items in bank order (a sitting has its own order: `in_order`)."""
        return tuple(i for i in self.items if i.form == form)

    def score(self, form: str, answers: dict[str, bool], order: Sequence[str] = ()) -> Score:
        """Mark a form: `answers` maps item id → said_scam, unknown ids are
        ignored; the items come in `order` (item ids), the sitting's."""
        items = in_order(self.form(form), order)
        return Score(form, tuple(Marked(i, answers.get(i.id)) for i in items))


# --------------------------------------------------------------------------
# Audiences and forms


def profile_audience(profile: object) -> str:
    """Which audience's check a profile takes: its `audience` when profiles
    have one this bank has a version for, else 小学 (the default audience)."""
    audience = getattr(profile, "audience", None)
    return audience if audience in AUDIENCE_CODES else DEFAULT_AUDIENCE


def form_id(audience: str, letter: str) -> str:
    """小学, A → `xx-A`."""
    return f"{AUDIENCE_CODES[audience]}-{letter}"


def form_audience(form: str) -> str | None:
    """`xx-A` → 小学; None for a legacy form (`A`, `B`) or an unknown one."""
    code = form.rpartition("-")[0]
    return next((a for a, c in AUDIENCE_CODES.items() if c == code), None)


def form_letter(form: str) -> str:
    return form.rpartition("-")[2]


def form_name(form: str) -> str:
    """For people: `小学 A 卷`, or `旧题库 A 卷` for a legacy form."""
    return f"{form_audience(form) or LEGACY_NAME} {form_letter(form)} 卷"


def first_form(ordinal: int) -> str:
    """The letter a profile takes first, by the order it was created (1-based):
    odd → A, even → B. Deterministic, and alternating on a shared PC."""
    return FORMS[(ordinal - 1) % 2]


def other_form(letter: str) -> str:
    return FORMS[1 - FORMS.index(letter)]


def form_for(sitting: str, first: str, audience: str = DEFAULT_AUDIENCE) -> str:
    """The form id of a sitting for a profile whose first letter is `first`."""
    if sitting not in SITTINGS:
        raise ValueError(f"没有这种测验：{sitting}")
    return form_id(audience, first if sitting == BEFORE else other_form(first))


# --------------------------------------------------------------------------
# The order of a sitting


def new_order(items: Iterable[Item], rng: random.Random | None = None) -> tuple[str, ...]:
    """A fresh order for a sitting: the item ids shuffled (by the system's
    randomness unless a test passes its own generator)."""
    ids = [i.id for i in items]
    (rng or random.SystemRandom()).shuffle(ids)
    return tuple(ids)


def in_order(items: Iterable[Item], order: Sequence[str]) -> tuple[Item, ...]:
    """The items in a stored order. An id no longer in the form is dropped;
    an item the order does not know (a bank edited since) comes last."""
    by_id = {i.id: i for i in items}
    first = [by_id[i] for i in dict.fromkeys(order) if i in by_id]
    known = {i.id for i in first}
    return tuple(first + [i for i in by_id.values() if i.id not in known])


def legacy_score(form: str, rows: Iterable[tuple[str, bool, bool, str]]) -> Score:
    """A sitting on a form the bank no longer has, marked from what the store
    kept of each answer: (item id, is_scam, said_scam, rule)."""
    marked = tuple(
        Marked(Item(item_id, form, "", LEGACY_TEXT, bool(is_scam), rule, LEGACY_WHY), bool(said))
        for item_id, is_scam, said, rule in sorted(rows)
    )
    return Score(form, marked)


# --------------------------------------------------------------------------
# Answers as typed


def parse_answer(text: str) -> bool | None:
    """What a player typed: scam → True, genuine → False, anything else → None."""
    t = text.strip().lower()
    if t in ("s", "骗", "假", "骗局", "scam", "1"):
        return True
    if t in ("g", "真", "真的", "真消息", "genuine", "0"):
        return False
    return None


def parse_answer_string(text: str) -> list[bool]:
    """`sgss,g…` or `骗真骗…` (commas and spaces optional) → said_scam per item."""
    parts: list[str] = []
    for p in text.replace("，", ",").replace(" ", ",").split(","):
        # a whole word (骗局, scam) or a run of one-letter answers (sgsg, 骗真骗)
        parts += [p] if parse_answer(p) is not None or len(p) <= 1 else list(p)
    out = []
    for n, p in enumerate((p for p in parts if p), 1):
        value = parse_answer(p)
        if value is None:
            raise ValueError(f"第 {n} 个答案 `{p}` 看不懂：骗局写 s 或 骗，真消息写 g 或 真")
        out.append(value)
    return out
