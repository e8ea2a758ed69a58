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
      "student": {"uid": "…", "name": "小明", "class": "四(1)班", "audience": "小学"},
      "cleared_rule": "recognised-v1",
      "scenarios": [
        {"id": "…", "title": "…", "fraud_type": "type-3", "is_scam": true,
         "perspective": "self", "variant": "",
         "attempts": 2,
         "first": {"ending": "lost", "kind": "loss", "seq": 1, "at": "…"},
         "best": "safe", "endings_found": ["lost", "safe"], "endings_total": 3,
         "cleared": true,
         "tries": [{"ending": "lost", "kind": "loss", "at": "…", "found": 1, "missed": 2, "wrong": 0, "cleared": false},
                   {"ending": "safe", "kind": "safe", "at": "…", "found": 2, "missed": 1, "wrong": 0, "cleared": true}]}
      ],
      "checks": {
        "before": {"form": "A", "audience": "小学", "complete": true, "finished": "…",
                   "answers": [{"item": "xx-A01", "is_scam": true, "said_scam": true, "rule": "six-4"}, …]},
        "after": null
      },
      "rules_collected": ["six-4", …],
      "badges": [{"id": "no-fraud-star", "title": "无诈小达人", "earned": "…"}]
    }

`first.seq` is the order of that first attempt among all the student's
attempts, so the report can tell which case of a type was met first.
`cleared_rule` names the definition of "cleared" (识破) the `cleared` flags
were counted by (game/engine/marks.py); a try's marks and `cleared` are null
when it was recorded before marks were kept. Exports from before marking
have neither: the report counts them by their best ending, and says so.
`endings_total` is null when the case was not in the library at export time.
A check's `form` is the letter of the parallel form and `audience` whose
version of the bank it was; exports made before the bank had a version per
audience have no `audience` (read as null: the old bank's forms A and B).
`is_scam` is null when the case was never known to this game.
`student.audience` (小学, 中学, 教职工 or 家长) names the curriculum the
student's figures count against; an export from before audiences existed has
none and is read as 小学, the audience every profile had then."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from game import __version__
from game.progress import quiz
from game.engine.files import ReadError, read_limited
from game.engine.untrusted import visible_line
from game.engine.marks import CLEARED_RULE
from game.engine.vocab import AUDIENCES, DEFAULT_AUDIENCE, ENDING_KINDS

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
                "cleared": rec.cleared,
                "tries": [_try(a) for a in progress.attempts(sid)],
            }
        )
    checks: dict[str, dict | None] = {}
    for sitting in quiz.SITTINGS:
        score = progress.check_result(sitting)
        if score is None:
            checks[sitting] = None
            continue
        checks[sitting] = {
            "form": score.letter,
            "audience": score.audience,
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
        "student": {"uid": p.uid, "name": p.name, "class": p.class_name, "audience": p.audience},
        "cleared_rule": CLEARED_RULE,
        "scenarios": scenarios,
        "checks": checks,
        "rules_collected": sorted(progress.collected_rules()),
        "badges": [
            {"id": b.id, "title": b.title, "earned": b.earned_at} for b in progress.badges() if b.earned
        ],
    }


# A profile setting: its results changed since a live class last stored them
# (`fanzha join`, 加入课堂); the next join sends them.
PENDING_SETTING = "live_results_pending"


def round_trip(doc: dict) -> dict:
    """The document exactly as a file would hold it (JSON types only)."""
    return json.loads(json.dumps(doc, ensure_ascii=False))


UID_IN_NAME = 12  # hex digits of the profile's uid in its file name


def _try(a) -> dict:
    """One attempt with its marks; a try counted by another definition (or
    none) is not said to be cleared by this one."""
    cleared = a.cleared if a.cleared_rule == CLEARED_RULE else None
    return {"ending": a.ending, "kind": a.kind, "at": a.finished,
            "found": a.found, "missed": a.missed, "wrong": a.wrong, "cleared": cleared}


def file_name(profile) -> str:
    """The export's file name: class and name, made safe (a name never
    becomes a path), and the profile's own uid, so two profiles never share
    one — `Li Ming`, `Li_Ming` and `Li/Ming` all make `Li_Ming`, and a long
    name in a long class is cut short. Where the system cannot write the
    name (a Chinese name under LANG=C) it is the uid alone."""
    from game.progress.store import safe_filename

    uid = profile.uid[:UID_IN_NAME]
    who = profile.name or f"匿名{profile.ordinal}"
    name = f"{safe_filename('fanzha', profile.class_name, who, fallback='fanzha')}-{uid}.json"
    try:
        os.fsencode(name)
    except UnicodeError:
        return f"fanzha-{uid}.json"
    return name


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


# The records a report builds by the hundred thousand (a class of 2,000 has
# ~54,000 cases and ~60,000 answers) are NamedTuples: as immutable as a frozen
# dataclass, with the same fields and repr, but several times cheaper to make.
class First(NamedTuple):
    ending: str
    kind: str
    seq: int
    at: str


class ScenarioResult(NamedTuple):
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
    cleared: bool | None = None  # None: exported before marking (no `cleared_rule`)

    @property
    def counts_cleared(self) -> bool:
        """Cleared by the export's own definition; an export from before
        marking had only its best ending to go by."""
        return self.cleared if self.cleared is not None else self.best == "safe"


class Answer(NamedTuple):
    item: str
    is_scam: bool
    said_scam: bool
    rule: str

    @property
    def correct(self) -> bool:
        return self.is_scam == self.said_scam


@dataclass(frozen=True, slots=True)
class CheckResult:
    form: str  # the letter, A or B
    complete: bool
    finished: str
    answers: tuple[Answer, ...]
    audience: str | None = None  # whose version of the bank; None: the old bank, before there were versions

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
    audience: str  # 小学 for an export from before audiences
    exported: datetime
    game_version: str
    scenarios: tuple[ScenarioResult, ...]
    before: CheckResult | None
    after: CheckResult | None
    rules_collected: tuple[str, ...]
    badges: tuple[str, ...]
    cleared_rule: str = ""  # the definition of "cleared" it was counted by; "" before marking

    @property
    def key(self) -> str:
        """Who this is: the export's own identity, its profile's uid. The same
        profile exported twice has the same key; two profiles with one class
        and name (a pupil who used two PCs, or two pupils) are two keys, and
        the report says so."""
        return self.uid

    @property
    def who(self) -> tuple[str, str]:
        """Class and name, as a teacher tells pupils apart."""
        return (self.class_name, self.name)

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


def _student_audience(student: dict) -> str:
    """The student's audience; 小学 when the export is older than audiences."""
    if "audience" not in student:
        return DEFAULT_AUDIENCE
    v = student["audience"]
    if not (isinstance(v, str) and v in AUDIENCES):
        raise ExportError(f"student.audience 应该是{'、'.join(AUDIENCES)}之一")
    return v


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
    cleared = _bool(raw, "cleared", where, nullable=True)
    _need(isinstance(raw.get("tries", []), list), f"{where}.tries 应该是列表")
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
        cleared=cleared,
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
    audience = _audience(raw, where)
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
    return CheckResult(form, bool(_bool(raw, "complete", where)), _str(raw, "finished", where), tuple(answers),
                       audience)


def _audience(raw: dict, where: str) -> str | None:
    """Absent in exports from before the bank had a version per audience."""
    audience = raw.get("audience")
    if not (audience is None or audience in quiz.AUDIENCE_CODES):
        raise ExportError(f"{where}.audience 应该是 {'、'.join(quiz.AUDIENCE_CODES)} 之一或 null")
    return audience


# The common case, a well-formed export, checked coarsely: one expression per
# record with exact-type tests (json.loads makes only exact dict/list/str/int/
# bool/None), no message building, the record made directly. These accept a
# subset of what the checks above accept and build the same records; on
# anything else they say None and the checks above run, so a wrong field gets
# the same message as ever.
_SCENARIO_KEYS = itemgetter(
    "id", "title", "fraud_type", "is_scam", "perspective", "variant", "attempts", "best", "endings_found",
    "endings_total", "first",
)
_FIRST_KEYS = itemgetter("ending", "kind", "seq", "at")
_CHECK_KEYS = itemgetter("form", "complete", "finished", "answers")
_ANSWER_KEYS = itemgetter("item", "is_scam", "said_scam", "rule")
_new = tuple.__new__  # what a NamedTuple's own __new__ calls, minus a Python frame per record
# Tuples: `in` compares with each, so only an equal str is in, and an
# unhashable value (a list where a kind should be) is simply not in.
_KINDS, _FORMS, _AUDIENCES = tuple(ENDING_KINDS), tuple(quiz.FORMS), tuple(quiz.AUDIENCE_CODES)


def _scenario_quick(raw: object) -> ScenarioResult | None:
    if type(raw) is not dict:
        return None
    try:
        sid, title, fraud_type, is_scam, perspective, variant, attempts, best, found, total, first = _SCENARIO_KEYS(raw)
        if type(first) is not dict:
            return None
        ending, kind, seq, at = _FIRST_KEYS(first)
    except KeyError:
        return None
    if not (
        type(sid) is type(title) is type(fraud_type) is type(perspective) is type(variant) is type(ending)
        is type(at) is str and sid
        and kind in _KINDS and best in _KINDS
        and type(attempts) is type(seq) is int and attempts >= 1 and seq >= 1
        and (is_scam is True or is_scam is False or is_scam is None)
        and (total is None or (type(total) is int and total >= 0))
        and type(found) is list and len(found) <= MAX_ITEMS
    ):
        return None
    found = tuple(found)
    for e in found:
        if type(e) is not str:
            return None
    cleared = raw.get("cleared")
    if not (cleared is True or cleared is False or cleared is None) or type(raw.get("tries", [])) is not list:
        return None
    return _new(ScenarioResult, (sid, title, fraud_type, is_scam, perspective, variant, attempts,
                                 _new(First, (ending, kind, seq, at)), best, found, total, cleared))


def _check_quick(raw: object) -> CheckResult | None:
    if type(raw) is not dict:
        return None
    try:
        form, complete, finished, raw_answers = _CHECK_KEYS(raw)
    except KeyError:
        return None
    audience = raw.get("audience")
    if not (form in _FORMS and type(complete) is bool and type(finished) is str
            and type(raw_answers) is list and len(raw_answers) <= MAX_ITEMS
            and (audience is None or audience in _AUDIENCES)):
        return None
    answers = []
    seen = set()
    for a in raw_answers:
        if type(a) is not dict:
            return None
        try:
            item, is_scam, said_scam, rule = _ANSWER_KEYS(a)
        except KeyError:
            return None
        if not (type(item) is type(rule) is str and item and type(is_scam) is type(said_scam) is bool
                and item not in seen):
            return None
        seen.add(item)
        answers.append(_new(Answer, (item, is_scam, said_scam, rule)))
    return CheckResult(form, complete, finished, tuple(answers), audience)


def _scenarios(raws: list) -> tuple[ScenarioResult, ...]:
    return tuple(_scenario_quick(r) or _scenario(r, n) for n, r in enumerate(raws))


def _sitting(raw: object, sitting: str) -> CheckResult | None:
    if raw is None:
        return None
    return _check_quick(raw) or _check(raw, sitting)


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
    scenarios = _scenarios(_list(doc, "scenarios", ""))
    _need(len({s.id for s in scenarios}) == len(scenarios), "scenarios 里有重复的剧本")
    rule = doc.get("cleared_rule", "")
    _need(isinstance(rule, str) and len(rule) <= 40, "cleared_rule 应该是文字")
    return StudentResult(
        source=source,
        # Names, classes and uids come from a file anyone could write: a hidden
        # character in them is shown (〔U+202E〕) wherever the report is read.
        uid=visible_line(uid),
        name=visible_line(_str(student, "name", "student")),
        class_name=visible_line(_str(student, "class", "student")),
        audience=_student_audience(student),
        exported=_time(_str(doc, "exported", "", allow_empty=False), "exported"),
        game_version=str(doc.get("game_version", "")),
        scenarios=scenarios,
        before=_sitting(checks.get(quiz.BEFORE), quiz.BEFORE),
        after=_sitting(checks.get(quiz.AFTER), quiz.AFTER),
        rules_collected=tuple(rules),
        badges=tuple(badge_ids),
        cleared_rule=rule,
    )


def load(path: Path) -> StudentResult:
    """One export file: only a regular file, at most MAX_BYTES (asked before
    reading, read no further)."""
    try:
        data = read_limited(path, MAX_BYTES)
    except ReadError as exc:
        raise ExportError(str(exc)) from None
    return parse(data, str(path))
