"""One student's results as a file: the export format `fanzha-results/1`.

`build(progress)` makes the document from a profile; `parse(text, source)`
reads one back defensively (a teacher's folder may hold anything): every field
is type-checked and anything unexpected raises ExportError with a reason the
report can print next to the file name.

The document (all keys always present; times are ISO 8601 UTC):

    {
      "format": "fanzha-results/1",
      "exported": "2026-05-01T08:30:00.123456+00:00",
      "game_version": "0.1.0",
      "student": {"uid": "…", "name": "小明", "class": "四(1)班"},
      "scenarios": [
        {"id": "…", "title": "…", "fraud_type": "type-3", "is_scam": true,
         "perspective": "self", "variant": "",
         "attempts": 2,
         "first": {"ending": "lost", "kind": "loss", "seq": 1, "at": "…"},
         "best": "safe", "endings_found": ["lost", "safe"], "endings_total": 3}
      ],
      "checks": {
        "before": {"form": "A", "complete": true, "finished": "…",
                   "answers": [{"item": "A01", "is_scam": true, "said_scam": true, "rule": "six-4"}, …]},
        "after": null
      },
      "rules_collected": ["six-4", …],
      "badges": [{"id": "no-fraud-star", "title": "无诈小达人", "earned": "…"}]
    }

`first.seq` is the order of that first attempt among all the student's
attempts, so the report can tell which case of a type was met first.
`endings_total` is null when the case was not in the library at export time.
`is_scam` is null when the case was never known to this game."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import __version__, quiz
from .model import ENDING_KINDS

FORMAT = "fanzha-results/1"
MAX_BYTES = 5_000_000
MAX_ITEMS = 10_000


class ExportError(Exception):
    """Not a readable fanzha-results/1 file; the message says why."""


# --------------------------------------------------------------------------
# Building


def build(progress, exported: datetime | None = None) -> dict:
    """The export document for one profile (a store.ProgressStore)."""
    p = progress.profile
    scenarios = []
    for sid, rec in sorted(progress.scenario_records().items()):
        s = progress.scenarios.get(sid)
        scenarios.append(
            {
                "id": sid,
                "title": rec.title,
                "fraud_type": rec.fraud_type,
                "is_scam": rec.is_scam,
                "perspective": rec.perspective,
                "variant": rec.variant,
                "attempts": rec.attempts,
                "first": {"ending": rec.first_ending, "kind": rec.first_kind, "seq": rec.first_seq, "at": rec.first_at},
                "best": rec.best,
                "endings_found": sorted(rec.endings),
                "endings_total": len(s.endings) if s is not None else None,
            }
        )
    checks: dict[str, dict | None] = {}
    for sitting in quiz.SITTINGS:
        score = progress.check_result(sitting)
        if score is None:
            checks[sitting] = None
            continue
        checks[sitting] = {
            "form": score.form,
            "complete": score.complete,
            "finished": progress.check_finished_at(sitting),
            "answers": [
                {"item": m.item.id, "is_scam": m.item.is_scam, "said_scam": m.said_scam, "rule": m.item.rule}
                for m in score.marked
                if m.answered
            ],
        }
    return {
        "format": FORMAT,
        "exported": (exported or datetime.now(timezone.utc)).isoformat(timespec="microseconds"),
        "game_version": __version__,
        "student": {"uid": p.uid, "name": p.name, "class": p.class_name},
        "scenarios": scenarios,
        "checks": checks,
        "rules_collected": sorted(progress.collected_rules()),
        "badges": [
            {"id": b.id, "title": b.title, "earned": b.earned_at} for b in progress.badges() if b.earned
        ],
    }


def write(doc: dict, path: Path) -> None:
    """Write atomically: a half-written export never replaces a good one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".fanzha-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class First:
    ending: str
    kind: str
    seq: int
    at: str


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    id: str
    title: str
    fraud_type: str
    is_scam: bool | None
    perspective: str
    variant: str
    attempts: int
    first: First
    best: str
    endings_found: tuple[str, ...]
    endings_total: int | None


@dataclass(frozen=True, slots=True)
class Answer:
    item: str
    is_scam: bool
    said_scam: bool
    rule: str

    @property
    def correct(self) -> bool:
        return self.is_scam == self.said_scam


@dataclass(frozen=True, slots=True)
class CheckResult:
    form: str
    complete: bool
    finished: str
    answers: tuple[Answer, ...]

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def share(self) -> float | None:
        """Share answered right; None unless the sitting was completed."""
        return self.correct / self.total if self.complete and self.total else None

    @property
    def genuine(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if not a.is_scam)


@dataclass(frozen=True, slots=True)
class StudentResult:
    source: str  # the file it came from
    uid: str
    name: str
    class_name: str
    exported: datetime
    game_version: str
    scenarios: tuple[ScenarioResult, ...]
    before: CheckResult | None
    after: CheckResult | None
    rules_collected: tuple[str, ...]
    badges: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        """Who this is: the same student exported twice has the same key.
        Named students by class and name (also across PCs), anonymous ones by uid."""
        if self.name:
            return ("name", self.class_name, self.name)
        return ("uid", "", self.uid)

    @property
    def label(self) -> str:
        return self.name or f"匿名（{self.uid[:6]}）"


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _need(cond: bool, why: str) -> None:
    if not cond:
        raise ExportError(why)


# Each check builds its message only when it fails: a class report reads
# hundreds of thousands of fields, nearly all of them fine.
def _str(d: dict, key: str, where: str, allow_empty: bool = True) -> str:
    v = d.get(key)
    if not (isinstance(v, str) and (allow_empty or v != "")):
        raise ExportError(f"{_at(where, key)} 应该是文字")
    return v


def _int(d: dict, key: str, where: str, low: int = 0) -> int:
    v = d.get(key)
    if not (isinstance(v, int) and not isinstance(v, bool) and v >= low):
        raise ExportError(f"{_at(where, key)} 应该是不小于 {low} 的整数")
    return v


def _bool(d: dict, key: str, where: str, nullable: bool = False) -> bool | None:
    v = d.get(key)
    if not (isinstance(v, bool) or (nullable and v is None)):
        raise ExportError(f"{_at(where, key)} 应该是 true/false")
    return v


def _list(d: dict, key: str, where: str) -> list:
    v = d.get(key)
    if not (isinstance(v, list) and len(v) <= MAX_ITEMS):
        raise ExportError(f"{_at(where, key)} 应该是列表")
    return v


def _time(text: str, where: str) -> datetime:
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ExportError(f"{where} 不是时间：{text[:40]!r}") from None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _scenario(raw: object, n: int) -> ScenarioResult:
    where = f"scenarios[{n}]"
    if not (isinstance(raw, dict)):
        raise ExportError(f"{where} 应该是对象")
    first = raw.get("first")
    if not (isinstance(first, dict)):
        raise ExportError(f"{where}.first 应该是对象")
    kind = _str(first, "kind", where + ".first")
    if not (kind in ENDING_KINDS):
        raise ExportError(f"{where}.first.kind 不认识：{kind[:20]!r}")
    best = _str(raw, "best", where)
    if not (best in ENDING_KINDS):
        raise ExportError(f"{where}.best 不认识：{best[:20]!r}")
    found = _list(raw, "endings_found", where)
    if not (all(isinstance(e, str) for e in found)):
        raise ExportError(f"{where}.endings_found 应该是文字列表")
    total = raw.get("endings_total")
    _need(total is None or (isinstance(total, int) and not isinstance(total, bool) and total >= 0),
          f"{where}.endings_total 应该是整数或 null")
    fraud_type = _str(raw, "fraud_type", where)
    return ScenarioResult(
        id=_str(raw, "id", where, allow_empty=False),
        title=_str(raw, "title", where),
        fraud_type=fraud_type,
        is_scam=_bool(raw, "is_scam", where, nullable=True),
        perspective=_str(raw, "perspective", where),
        variant=_str(raw, "variant", where),
        attempts=_int(raw, "attempts", where, 1),
        first=First(_str(first, "ending", where + ".first"), kind, _int(first, "seq", where + ".first", 1),
                    _str(first, "at", where + ".first")),
        best=best,
        endings_found=tuple(found),
        endings_total=total,
    )


def _check(raw: object, sitting: str) -> CheckResult | None:
    where = f"checks.{sitting}"
    if raw is None:
        return None
    if not (isinstance(raw, dict)):
        raise ExportError(f"{where} 应该是对象或 null")
    form = _str(raw, "form", where)
    if not (form in quiz.FORMS):
        raise ExportError(f"{where}.form 应该是 A 或 B")
    answers = []
    seen = set()
    for n, a in enumerate(_list(raw, "answers", where)):
        w = f"{where}.answers[{n}]"
        if not (isinstance(a, dict)):
            raise ExportError(f"{w} 应该是对象")
        item = _str(a, "item", w, allow_empty=False)
        if not (item not in seen):
            raise ExportError(f"{w} 题目 {item[:20]} 重复")
        seen.add(item)
        answers.append(Answer(item, bool(_bool(a, "is_scam", w)), bool(_bool(a, "said_scam", w)), _str(a, "rule", w)))
    return CheckResult(form, bool(_bool(raw, "complete", where)), _str(raw, "finished", where), tuple(answers))


def parse(text: str | bytes, source: str = "") -> StudentResult:
    """Read one export; raise ExportError saying what is wrong."""
    if isinstance(text, bytes):
        _need(len(text) <= MAX_BYTES, "文件太大，不像是导出的成绩")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportError("不是 UTF-8 文本") from None
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise ExportError("不是有效的 JSON（文件可能坏了或没写完）") from None
    _need(isinstance(doc, dict), "不是反诈大冒险的成绩文件")
    fmt = doc.get("format")
    if fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith("fanzha-results/"):
            raise ExportError(f"成绩文件版本 {fmt[:30]} 太新，请升级反诈大冒险")
        raise ExportError("不是反诈大冒险的成绩文件（没有 \"format\": \"fanzha-results/1\"）")
    student = doc.get("student")
    _need(isinstance(student, dict), "student 应该是对象")
    uid = _str(student, "uid", "student", allow_empty=False)
    checks = doc.get("checks")
    _need(isinstance(checks, dict), "checks 应该是对象")
    rules = _list(doc, "rules_collected", "")
    _need(all(isinstance(r, str) for r in rules), "rules_collected 应该是文字列表")
    badge_ids = []
    for n, b in enumerate(_list(doc, "badges", "")):
        _need(isinstance(b, dict), f"badges[{n}] 应该是对象")
        badge_ids.append(_str(b, "id", f"badges[{n}]"))
    scenarios = tuple(_scenario(r, n) for n, r in enumerate(_list(doc, "scenarios", "")))
    _need(len({s.id for s in scenarios}) == len(scenarios), "scenarios 里有重复的剧本")
    return StudentResult(
        source=source,
        uid=uid,
        name=_str(student, "name", "student"),
        class_name=_str(student, "class", "student"),
        exported=_time(_str(doc, "exported", "", allow_empty=False), "exported"),
        game_version=str(doc.get("game_version", "")),
        scenarios=scenarios,
        before=_check(checks.get(quiz.BEFORE), quiz.BEFORE),
        after=_check(checks.get(quiz.AFTER), quiz.AFTER),
        rules_collected=tuple(rules),
        badges=tuple(badge_ids),
    )


def load(path: Path) -> StudentResult:
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ExportError(f"读不了：{exc.strerror or exc}") from None
    return parse(data, str(path))
