"""Every figure of the class report, computed from parsed exports.

`collect(paths)` reads files and folders of `fanzha-results/1` exports: a
damaged or foreign file is skipped with the reason, and the same profile
exported twice counts once (the newest export); one class and name under two
profiles (two PCs) counts twice, and is named in `same_name`. `compute(collected)` gives the
figures; the renderers (terminal, html, csv, json) only draw them.

Who counts: a student whose export shows a case played or a 辨一辨 taken;
a blank profile (never played, never checked) is listed apart, not counted.

Definitions (also printed in every report, see DEFINITIONS):
- 知晓率: share of students who (1) cleared, at least once, a case of every
  type of their audience's curriculum (assets/curriculum.yaml and the data
  folder's additions: the types that audience has cases for) — cleared by the
  rule the export names in `cleared_rule` (game/engine/marks.py: a safe or
  stopped ending with at least half the path's red flags marked and no more
  wrong marks than right ones; an export from before marking counts a `safe`
  ending, and the report says how many such exports it read; `policy.cleared`)
  — and (2) scored at least 80% on the after-check.
- 首次被骗率 per fraud type: among students who played a scam case of that
  type, the share whose first meeting with the type (the first try of the
  earliest case of that type they played) ended in `loss` or `stopped`.
- check means: mean score of the students who completed that check; the gain
  is the mean of (after − before) over students who completed both.
- 真消息信任率: share of genuine messages trusted correctly: genuine 辨一辨
  items answered "真消息" in completed checks, plus genuine cases
  (`is_scam: false`) whose first try reached the `safe` ending. Calling a
  genuine message a scam counts as wrong.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from statistics import mean
from typing import Any

from game.engine import curriculum
from game.engine.marks import CLEARED_RULE
from game.engine.nocycles import no_cycle_collection
from game.engine.rules import catalogue
from game.engine.untrusted import visible, visible_line
from game.engine.vocab import AUDIENCES, ENDING_KINDS
from game.progress import policy, quiz
from game.results.checkforms import FormRow, form_rows
from game.results.exports import ExportError, StudentResult, load

REPORT_FORMAT = "fanzha-report/1"
FELL = tuple(k.id for k in ENDING_KINDS.values() if k.harmed)
_SAFE, _LOSS, _STOPPED = (ENDING_KINDS[k] for k in ("safe", "loss", "stopped"))

DEFINITIONS = {
    "awareness": (
        "知晓率 = 同时做到两条的学生 ÷ 全部学生：① 按自己的课程（小学、中学、教职工、家长各有一份），"
        "12 类诈骗手段里课程有案例的每一类，都至少真正识破过一次（在课程列出的这一类骗局剧本里没有被骗或及时止损，"
        "并且在游戏里标记出那条路上至少一半的危险信号、标错的不多于找对的，第几次都算；"
        f"定义 {CLEARED_RULE}）；② 后测（辨一辨）正确率不低于 80%。只凭选项字面选对、不读消息，不算识破。"
        "没玩过案例也没做过辨一辨的空白档案不计入。"
    ),
    "fell_first": (
        "首次被骗率 = 第一次遇到这一类骗局就被骗的学生 ÷ 玩过这一类骗局剧本的学生。"
        "“第一次遇到”指这一类里最早玩的那个剧本的第一次结局；"
        f"“被骗”包括“{_LOSS.words}”和“{_STOPPED.words}”（钱已经转出，之后打 110 拦住）。"
    ),
    "checks": (
        "前测、后测平均分 = 做完这次辨一辨的学生的平均正确率；"
        "提升 = 前测、后测都做完的学生，后测正确率减前测正确率的平均值（百分点）。"
        "前测和后测用两份不同的平行卷（A 卷、B 卷），先做哪份在学生之间轮换；"
        "小学、中学、教职工、家长各有自己的一套，题目顺序每人每次都不同。"
        "“各卷得分”按读者和卷分开列出：同一类读者的 A 卷、B 卷前测得分接近，说明两份卷一样难。"
    ),
    "genuine": (
        "真消息信任率 = 被正确相信的真消息 ÷ 遇到的真消息：辨一辨里的真消息判断为“真消息”"
        f"（只算做完的测验），加上真消息剧本第一次玩就核实后相信（玩到“{_SAFE.words_for(genuine=True)}”结局）。"
        "把真消息当成骗局（乱怀疑）也算错。"
    ),
}


@dataclass(frozen=True, slots=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class Duplicate:
    file: str  # the older export, not counted
    kept: str  # the newer one, counted


@dataclass(frozen=True, slots=True)
class SameName:
    """One class and name under two or more identities (profiles): a pupil
    who played on two PCs, or two pupils with one name. Each counts once."""

    class_name: str
    name: str
    files: tuple[str, ...]

    def words(self) -> str:
        who = f"「{self.name}」" + (f"（{self.class_name}）" if self.class_name else "")
        return (
            f"{who}有 {len(self.files)} 份不同档案的成绩（可能在两台电脑上玩过，也可能是同名的两个人），"
            f"按 {len(self.files)} 个学生分别统计：{'、'.join(self.files)}"
        )


@dataclass
class Collected:
    students: list[StudentResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    same_name: list[SameName] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)  # exports of profiles that never played nor checked


def has_results(r: StudentResult) -> bool:
    """Does this export count: a case played or a 辨一辨 taken?"""
    return policy.has_results(len(r.scenarios), [c for c in (r.before, r.after) if c is not None])


def export_files(path: Path) -> list[Path]:
    """A folder's exports: every *.json inside, subfolders too, in name order."""
    return sorted(
        (p for p in path.rglob("*.json") if _is(p, "file") and not p.name.startswith(".")),
        key=lambda p: str(p.relative_to(path)),
    )


def _is(p: Path, kind: str) -> bool:
    """p.is_file() / p.is_dir(), but False for what cannot be looked at (a link
    into a folder this user may not read) instead of an error that would stop
    the whole class's report."""
    try:
        return p.is_file() if kind == "file" else p.is_dir()
    except OSError:
        return False


def _real_path(f: Path, real_folders: dict[str, str]) -> str:
    """str(f.resolve()), resolving each folder once: resolve() looks at every
    component of every path, and a class folder holds thousands of plain files.
    The same for a file that is not a symlink; a symlink is resolved in full."""
    if f.is_symlink():
        return str(f.resolve())
    folder, name = os.path.split(f)
    real = real_folders.get(folder)
    if real is None:
        real = real_folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def collect(paths: list) -> Collected:
    with no_cycle_collection():
        return _collect(paths)


def _collect(paths: list) -> Collected:
    out = Collected()
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if _is(p, "dir"):
            files += export_files(p)
        elif _is(p, "file"):
            files.append(p)
        elif os.path.exists(p):
            out.skipped.append(Skipped(visible_line(str(p)), "不是普通文件，不读它"))
        else:
            out.skipped.append(Skipped(visible_line(str(p)), "找不到这个文件或文件夹"))
    newest: dict[str, StudentResult] = {}
    seen_files: set[str] = set()
    real_folders: dict[str, str] = {}
    for f in files:
        real = _real_path(f, real_folders)
        if real in seen_files:
            continue
        seen_files.add(real)
        try:
            r = load(f)
        except ExportError as exc:
            out.skipped.append(Skipped(visible_line(str(f)), visible(str(exc))))
            continue
        old = newest.get(r.key)
        if old is None:
            newest[r.key] = r
        elif r.exported >= old.exported:
            out.duplicates.append(Duplicate(visible_line(old.source), visible_line(r.source)))
            newest[r.key] = r
        else:
            out.duplicates.append(Duplicate(visible_line(r.source), visible_line(old.source)))
    kept = [r for r in newest.values() if has_results(r)]
    out.blank = sorted(visible_line(r.source) for r in newest.values() if not has_results(r))
    out.students = sorted(kept, key=lambda r: (r.class_name, r.name, r.uid))
    out.same_name = _same_names(out.students)
    return out


def _same_names(students: list[StudentResult]) -> list[SameName]:
    """Named pupils whose class and name appear under more than one identity."""
    by_who: dict[tuple[str, str], list[StudentResult]] = {}
    for r in students:
        if r.name:
            by_who.setdefault(r.who, []).append(r)
    return [
        SameName(cls, name, tuple(visible_line(r.source) for r in found))
        for (cls, name), found in by_who.items()
        if len(found) > 1
    ]


# --------------------------------------------------------------------------


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Count:
    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return rate(self.part, self.whole)

    def __add__(self, other: "Count") -> "Count":
        return Count(self.part + other.part, self.whole + other.whole)

    def to_json(self) -> dict:
        return {"count": self.part, "of": self.whole, "rate": self.rate}


ZERO = Count(0, 0)


@dataclass(frozen=True, slots=True)
class StudentRow:
    name: str
    class_name: str
    uid: str
    file: str
    exported: str  # local time, ISO 8601 with the zone
    audience: str
    types_needed: tuple[str, ...]  # the types of the student's curriculum (those with cases)
    types_cleared: tuple[str, ...]  # of those, the ones cleared
    types_played: tuple[str, ...]
    types_fell_first: tuple[str, ...]
    before: float | None
    after: float | None
    genuine: Count
    aware: bool
    badges: int
    rules: int

    @property
    def gain(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    def to_json(self) -> dict:
        return {
            "name": self.name, "class": self.class_name, "uid": self.uid, "file": self.file,
            "exported": self.exported, "audience": self.audience,
            "types_needed": len(self.types_needed),
            "types_cleared": len(self.types_cleared), "types_played": len(self.types_played),
            "types_fell_first": list(self.types_fell_first),
            "before": self.before, "after": self.after, "gain": self.gain,
            "genuine": self.genuine.to_json(), "aware": self.aware,
            "badges": self.badges, "rules_collected": self.rules,
        }


@dataclass(frozen=True, slots=True)
class TypeRow:
    type: str
    title: str
    played: int
    fell: int
    stopped: int  # of `fell`, those who stopped the payment in time

    @property
    def rate(self) -> float | None:
        return rate(self.fell, self.played)

    def to_json(self) -> dict:
        return {"type": self.type, "title": self.title, "played": self.played, "fell": self.fell,
                "stopped": self.stopped, "rate": self.rate}


@dataclass(frozen=True, slots=True)
class CheckFigures:
    before_taken: int
    before_mean: float | None
    after_taken: int
    after_mean: float | None
    paired: int
    paired_before: float | None
    paired_after: float | None
    forms: tuple[FormRow, ...] = ()  # each audience's forms A and B, before and after

    @property
    def gain(self) -> float | None:
        if self.paired_before is None or self.paired_after is None:
            return None
        return self.paired_after - self.paired_before


@dataclass
class Figures:
    generated: str  # local time, ISO 8601 with the zone
    students: list[StudentRow]
    aware: Count
    classes: list[tuple[str, Count]]
    types: list[TypeRow]
    checks: CheckFigures
    genuine_before: Count
    genuine_after: Count
    genuine_scenarios: Count
    skipped: list[Skipped]
    duplicates: list[Duplicate]
    same_name: list[SameName] = field(default_factory=list)
    curricula: dict[str, tuple[str, ...]] = field(default_factory=dict)  # audience -> its types with cases
    blank: list[str] = field(default_factory=list)
    threshold: float = quiz.PASS_SHARE
    compare: Any = None  # a compare.Comparison with last year's exports, when asked for
    cleared_rules: dict[str, int] = field(default_factory=dict)  # definition → students ("" before marking)

    @property
    def rules_note(self) -> str:
        """Which definitions of "cleared" the figures rest on, when not only this game's."""
        return rules_note(self.cleared_rules)

    @property
    def genuine_overall(self) -> Count:
        return self.genuine_before + self.genuine_after + self.genuine_scenarios

    def head_lines(self) -> list[str]:
        """The report's first lines, in the terminal, the page and the game:
        when, how many, what was left out, then what 知晓率 counts against,
        one line per audience in the report."""
        head = f"生成时间 {local_words(self.generated)}；统计学生 {len(self.students)} 人"
        if self.blank:
            head += f"；{len(self.blank)} 个空白档案（没玩过案例、也没做过辨一辨）不计入"
        if self.skipped:
            head += f"；跳过 {len(self.skipped)} 个文件"
        if self.duplicates:
            head += f"；{len(self.duplicates)} 份重复导出只算最新的"
        return [head, *(curriculum.describe(a, types) for a, types in self.curricula.items())]

    def to_json(self) -> dict:
        c = self.checks
        return {
            "format": REPORT_FORMAT,
            "generated": self.generated,
            "students": len(self.students),
            "curricula": {
                a: {"types": list(types), "text": curriculum.describe(a, types)} for a, types in self.curricula.items()
            },
            "awareness": {**self.aware.to_json(), "threshold": self.threshold},
            "classes": [{"class": name, **count.to_json()} for name, count in self.classes],
            "fraud_types": [t.to_json() for t in self.types],
            "checks": {
                "before": {"taken": c.before_taken, "mean": c.before_mean},
                "after": {"taken": c.after_taken, "mean": c.after_mean},
                "paired": {"students": c.paired, "before_mean": c.paired_before,
                           "after_mean": c.paired_after, "gain": c.gain},
                "forms": [row.to_json() for row in c.forms],
            },
            "genuine": {
                "overall": self.genuine_overall.to_json(),
                "checks_before": self.genuine_before.to_json(),
                "checks_after": self.genuine_after.to_json(),
                "scenarios": self.genuine_scenarios.to_json(),
            },
            "per_student": [s.to_json() for s in self.students],
            "skipped": [{"file": s.file, "reason": s.reason} for s in self.skipped],
            "duplicates": [{"file": d.file, "kept": d.kept} for d in self.duplicates],
            "same_name": [{"class": n.class_name, "name": n.name, "files": list(n.files)} for n in self.same_name],
            "blank": list(self.blank),
            "definitions": dict(DEFINITIONS),
            "cleared_rules": dict(self.cleared_rules),
            **({"compare": self.compare.to_json()} if self.compare is not None else {}),
        }


def _mean(values: list[float]) -> float | None:
    return mean(values) if values else None


def _genuine_checks(check) -> Count:
    if check is None or not check.complete:
        return ZERO
    g = check.genuine
    return Count(sum(not a.said_scam for a in g), len(g))


def _cases(r: StudentResult) -> tuple[dict[str, str], Count]:
    """One pass over a student's cases: type → the kind of the first try of
    the earliest scam case of that type; and the genuine cases whose first try
    reached `safe`, of all genuine cases played."""
    firsts: dict[str, tuple[int, str]] = {}
    trusted = genuine = 0
    for s in r.scenarios:
        if s.is_scam is True:
            t = s.fraud_type
            if t:
                seq = s.first.seq
                if t not in firsts or seq < firsts[t][0]:
                    firsts[t] = (seq, s.first.kind)
        elif s.is_scam is False:
            genuine += 1
            trusted += s.first.kind == "safe"
    return {t: k for t, (_, k) in firsts.items()}, Count(trusted, genuine)


def local_iso(t: datetime) -> str:
    """A time as this computer's local time, ISO 8601 with its zone."""
    return t.astimezone().isoformat(timespec="seconds")


def local_words(iso: str) -> str:
    """An ISO time as a teacher reads it, in local time with the zone:
    2026-12-07 10:15 (UTC+08:00)."""
    try:
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    t = (t if t.tzinfo else t.replace(tzinfo=timezone.utc)).astimezone()
    offset = t.strftime("%z") or "+0000"
    return f"{t:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def _class_names(names: list[str]) -> dict[str, str]:
    """One class however its name was typed (四(1)班, 四（1）班, 四 (1) 班):
    class key -> the spelling shown, the most used one (on a tie, one written
    plainly, without full-width brackets or spaces)."""
    spellings: dict[str, Counter] = {}
    for name in names:
        spellings.setdefault(policy.class_key(name), Counter())[name] += 1
    plain = lambda n: "".join(unicodedata.normalize("NFKC", n).split())  # noqa: E731
    return {
        key: min(counts, key=lambda n: (-counts[n], n != plain(n), n)) for key, counts in spellings.items()
    }


def compute(collected: Collected, generated: datetime | None = None, cur: curriculum.Curriculum | None = None) -> Figures:
    """The figures; 知晓率 counted against `cur` (default: the built-in
    curriculum with this data folder's additions)."""
    cur = cur if cur is not None else curriculum.load()
    types = catalogue().fraud_types
    plan = [t.id for t in types]
    rows: list[StudentRow] = []
    fell: dict[str, list[str]] = {t: [] for t in plan}  # type → first kinds
    g_before = g_after = g_scen = ZERO
    curricula = {a: cur.reachable(a) for a in AUDIENCES}
    for r in collected.students:
        meetings, gs = _cases(r)
        reachable = curricula[r.audience]
        records = {s.id: s for s in r.scenarios}
        for t, kind in meetings.items():
            if t in fell:
                fell[t].append(kind)
        gb, ga = _genuine_checks(r.before), _genuine_checks(r.after)
        g_before, g_after, g_scen = g_before + gb, g_after + ga, g_scen + gs
        before = r.before.share if r.before else None
        after = r.after.share if r.after else None
        rows.append(
            StudentRow(
                name=r.name, class_name=r.class_name, uid=r.uid, file=visible_line(r.source),
                exported=local_iso(r.exported), audience=r.audience,
                types_needed=tuple(reachable),
                types_cleared=policy.cleared_types(reachable, records),
                types_played=tuple([t for t in plan if t in meetings]),
                types_fell_first=tuple([t for t in plan if meetings.get(t) in FELL]),
                before=before, after=after,
                genuine=gb + ga + gs,
                aware=policy.aware(reachable, records, after),
                badges=len(r.badges), rules=len(r.rules_collected),
            )
        )
    rules: dict[str, int] = {}
    for r in collected.students:
        rules[r.cleared_rule] = rules.get(r.cleared_rule, 0) + 1
    classes: dict[str, Count] = {}
    shown = _class_names([row.class_name for row in rows])
    for row in rows:
        name = shown[policy.class_key(row.class_name)]
        classes[name] = classes.get(name, ZERO) + Count(int(row.aware), 1)
    paired = [row for row in rows if row.before is not None and row.after is not None]
    return Figures(
        generated=local_iso(generated or datetime.now(timezone.utc)),
        students=rows,
        aware=Count(sum(row.aware for row in rows), len(rows)),
        classes=sorted(classes.items()),
        types=[
            TypeRow(t.id, t.title, len(fell[t.id]), sum(k in FELL for k in fell[t.id]),
                    sum(k == "stopped" for k in fell[t.id]))
            for t in types
        ],
        checks=CheckFigures(
            before_taken=sum(row.before is not None for row in rows),
            before_mean=_mean([row.before for row in rows if row.before is not None]),
            after_taken=sum(row.after is not None for row in rows),
            after_mean=_mean([row.after for row in rows if row.after is not None]),
            paired=len(paired),
            paired_before=_mean([row.before for row in paired]),  # type: ignore[misc]
            paired_after=_mean([row.after for row in paired]),  # type: ignore[misc]
            forms=form_rows(collected.students),
        ),
        genuine_before=g_before,
        genuine_after=g_after,
        genuine_scenarios=g_scen,
        skipped=list(collected.skipped),
        duplicates=list(collected.duplicates),
        same_name=list(collected.same_name),
        cleared_rules=rules,
        curricula={a: tuple(curricula[a]) for a in AUDIENCES if any(row.audience == a for row in rows)},
        blank=list(collected.blank),
    )


OLD_RULE = "没有记录算法（标记功能之前的版本：走到“识破”结局就算）"


def rule_name(rule: str) -> str:
    return rule or OLD_RULE


def rules_note(rules: dict[str, int]) -> str:
    """'' when every export was counted by this game's rule."""
    others = {r: n for r, n in rules.items() if r != CLEARED_RULE}
    if not others:
        return ""
    parts = "；".join(f"{n} 份{rule_name(r)}" for r, n in sorted(others.items()))
    return f"注意：有的成绩文件不是按现在的“识破”定义（{CLEARED_RULE}）算的——{parts}。这些学生的知晓率按它们自己的算法计算。"


def pct(value: float | None, digits: int = 1) -> str:
    """0.4667 → '46.7%'; None → '—'."""
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def points(value: float | None) -> str:
    """A gain in percentage points, signed: +12.5 个百分点."""
    return "—" if value is None else f"{value * 100:+.1f} 个百分点"
