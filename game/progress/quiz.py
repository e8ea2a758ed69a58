"""辨一辨: the short check before and after (issue #6).

The item bank (assets/quiz.yaml) holds short messages, each a scam or genuine,
with the rule it tests and a one-line why. Two parallel forms, A and B: a
profile takes one before its first case and the other after finishing the
twelve plan types. Which form comes first alternates between profiles in the
order they were created (1st profile: A first, 2nd: B first, ...), so half a
class sees each form before and the other one after.

Pure logic: loading and checking the bank, the forms, which form when, and
scoring. The store (game/progress/store.py) keeps the answers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from game.engine import paths

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.rules import Catalogue

# YAML, the validator and the catalogue are imported when the bank is read:
# the store imports this module while the game is still starting.

FORMS = ("A", "B")
BEFORE = "before"
AFTER = "after"
SITTINGS = (BEFORE, AFTER)
SITTING_NAMES = {BEFORE: "前测", AFTER: "后测"}
MIN_ITEMS = 12  # per form
MIN_GENUINE_SHARE = 1 / 3
PASS_SHARE = 0.8  # the after-check score that counts towards 知晓率

_FIELDS = {"id", "form", "channel", "sender", "context", "text", "is_scam", "rule", "why"}
_REQUIRED = ("id", "form", "channel", "text", "is_scam", "rule", "why")


class QuizError(Exception):
    """The item bank is malformed; `problems` lists everything wrong at once."""

    def __init__(self, problems: list[str]):
        super().__init__("辨一辨题库有问题：\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    form: str
    channel: str
    text: str
    is_scam: bool
    rule: str
    why: str
    sender: str = ""
    context: str = ""

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
    marked: tuple[Marked, ...]

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
        return tuple(i for i in self.items if i.form == form)

    def score(self, form: str, answers: dict[str, bool]) -> Score:
        """Mark a form: `answers` maps item id → said_scam. Unknown ids are ignored."""
        return Score(form, tuple(Marked(i, answers.get(i.id)) for i in self.form(form)))


def first_form(ordinal: int) -> str:
    """The form a profile takes first, by the order it was created (1-based):
    odd → A, even → B. Deterministic, and alternating on a shared PC."""
    return FORMS[(ordinal - 1) % 2]


def other_form(form: str) -> str:
    return FORMS[1 - FORMS.index(form)]


def form_for(sitting: str, first: str) -> str:
    if sitting not in SITTINGS:
        raise ValueError(f"没有这种测验：{sitting}")
    return first if sitting == BEFORE else other_form(first)


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


def check_bank(raw: object, cat: Catalogue) -> tuple[list[Item], list[str]]:
    from game.engine.model import CHANNELS
    from game.engine.validate import content_problems

    problems: list[str] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        return [], ["顶层要有 `items:` 列表"]
    items: list[Item] = []
    seen: set[str] = set()
    for n, r in enumerate(raw["items"], 1):
        where = f"第 {n} 题"
        if not isinstance(r, dict):
            problems.append(f"{where}：应该是一个映射")
            continue
        where = f"第 {n} 题（{r.get('id', '?')}）"
        for k in sorted(set(r) - _FIELDS, key=str):
            problems.append(f"{where}：不认识的字段 `{k}`")
        missing = [k for k in _REQUIRED if k not in r]
        if missing:
            problems.append(f"{where}：缺少字段 {', '.join(missing)}")
            continue
        bad = [k for k in _FIELDS - {"is_scam"} if k in r and not isinstance(r[k], str)]
        if bad or not isinstance(r["is_scam"], bool):
            problems.append(f"{where}：字段类型不对 {', '.join(sorted(bad)) or 'is_scam 要写 true/false'}")
            continue
        if r["id"] in seen:
            problems.append(f"{where}：id 重复")
        seen.add(r["id"])
        if r["form"] not in FORMS:
            problems.append(f"{where}：form 只能是 A 或 B")
        if r["channel"] not in CHANNELS:
            problems.append(f"{where}：不认识的 channel `{r['channel']}`")
        if r["rule"] not in cat:
            problems.append(f"{where}：规则目录里没有 `{r['rule']}`")
        for k in ("sender", "context", "text", "why"):
            for msg in content_problems(r.get(k, "")):
                problems.append(f"{where} {k}：{msg}")
        if not r["text"].strip() or not r["why"].strip():
            problems.append(f"{where}：text 和 why 不能是空的")
        items.append(
            Item(
                id=r["id"], form=r["form"], channel=r["channel"], text=r["text"].strip(),
                is_scam=r["is_scam"], rule=r["rule"], why=r["why"].strip(),
                sender=r.get("sender", "").strip(), context=r.get("context", "").strip(),
            )
        )
    for form in FORMS:
        these = [i for i in items if i.form == form]
        genuine = sum(not i.is_scam for i in these)
        if len(these) < MIN_ITEMS:
            problems.append(f"卷 {form} 只有 {len(these)} 题，至少要 {MIN_ITEMS} 题")
        if these and genuine < len(these) * MIN_GENUINE_SHARE:
            problems.append(f"卷 {form} 的真消息只有 {genuine} 题，至少要三分之一")
    return items, problems


def load_bank(path: Path | None = None) -> Bank:
    """Read and check the item bank; raise QuizError listing every problem."""
    from game.engine import yamlsource
    from game.engine.rules import catalogue

    path = path or paths.assets_dir() / "quiz.yaml"
    try:
        raw = yamlsource.load(yamlsource.decode(path.read_bytes())).value
    except OSError as exc:
        raise QuizError([f"读不了 {path}：{exc.strerror or exc}"]) from None
    except yamlsource.SourceError as exc:
        raise QuizError([f"{path}:{exc.pos.line}:{exc.pos.column}: {exc.message}"]) from None
    items, problems = check_bank(raw, catalogue())
    if problems:
        raise QuizError(problems)
    return Bank(tuple(items))


@lru_cache(maxsize=1)
def bank() -> Bank:
    """The shipped item bank, loaded once."""
    return load_bank()
