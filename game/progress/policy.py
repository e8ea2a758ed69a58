"""The rules of progress, as plain functions over plain data (no SQLite): the
ranking of outcomes, what counts as cleared, what a profile did in each case,
which cases to play next, which rule cards an ending or a finished 辨一辨
collects, which badges are new, what the profile's curriculum still needs,
when a 辨一辨 sitting cannot start or is due, and who counts as aware (知晓).
The store and the class report read the data and use what these decide."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, Iterable, Mapping, NamedTuple, Sequence

from game.engine.rules import catalogue
from game.engine.vocab import DEFAULT_AUDIENCE, ENDING_KINDS
from game.progress.lazy import OnFirstUse

if TYPE_CHECKING:  # pragma: no cover
    from game.progress import badges as badges_mod
    from game.progress import quiz
else:
    quiz = OnFirstUse("game.progress.quiz")

# For "best outcome" (the vocabulary's rank): safe beats stopped (paid, then
# 110 in time) beats loss; `missed` (a genuine message refused out of
# over-suspicion) only happens in genuine cases, where it is better than
# nothing lost but still wrong.
KIND_RANK = {k.id: k.rank for k in ENDING_KINDS.values()}


def rank(kind: str) -> int:
    return KIND_RANK.get(kind, -1)


def best_kind(kinds: Iterable[str]) -> str:
    """The best of some (at least one) ending kinds."""
    return max(kinds, key=rank)


def cleared(record) -> bool:
    """Does a case count as cleared, for the curriculum and 知晓率? The one
    place that says so, over a store's ScenarioRecord or an export's
    ScenarioResult alike: recognised, by the rule of game/engine/marks.py (a
    safe or stopped ending with the path's red flags found). An export from
    before marking has only its best ending to go by (`counts_cleared`)."""
    counts = getattr(record, "counts_cleared", None)
    if counts is not None:
        return bool(counts)
    return bool(getattr(record, "cleared", False))


# --------------------------------------------------------------------------
# What a profile did, case by case


class Attempt(NamedTuple):
    """One completed attempt as stored, listed in the order played. Title to
    variant are what the case said when it was recorded (None in rows from
    before they were kept)."""

    scenario_id: str
    ending_id: str
    kind: str
    finished: str
    title: str | None
    fraud_type: str | None
    is_scam: int | None
    perspective: str | None
    variant: str | None
    cleared: int | None = None  # 1 when it counted as cleared (game/engine/marks.py); None before marks


@dataclass(frozen=True, slots=True)
class ScenarioRecord:
    """What a profile did in one scenario. `first_*` is the first completed
    attempt: did they fall for it the first time?"""

    scenario_id: str
    title: str
    fraud_type: str
    is_scam: bool | None
    perspective: str
    variant: str
    attempts: int
    first_kind: str
    first_ending: str
    first_seq: int  # 1-based order of that attempt among all the profile's attempts
    first_at: str
    best: str
    endings: frozenset[str]
    last_at: str
    cleared: bool = False  # some attempt counted as cleared (game/engine/marks.py)


def scenario_records(attempts: Iterable[Attempt], scenarios: Mapping[str, object]) -> dict[str, ScenarioRecord]:
    """Every attempt of one profile, in order, as one record per case. A case
    the library no longer has keeps what its last attempts said about it."""
    grouped: dict[str, list[tuple[int, Attempt]]] = {}
    for seq, a in enumerate(attempts, 1):
        grouped.setdefault(a.scenario_id, []).append((seq, a))
    out = {}
    for sid, items in grouped.items():
        seq, first = items[0]
        last = items[-1][1]
        s = scenarios.get(sid)
        known = next((a for _, a in reversed(items) if a.fraud_type is not None), last)
        out[sid] = ScenarioRecord(
            scenario_id=sid,
            title=s.title if s else (known.title or sid),
            fraud_type=s.fraud_type if s else (known.fraud_type or ""),
            is_scam=s.is_scam if s else (None if known.is_scam is None else bool(known.is_scam)),
            perspective=s.perspective if s else (known.perspective or "self"),
            variant=s.variant if s else (known.variant or ""),
            attempts=len(items),
            first_kind=first.kind,
            first_ending=first.ending_id,
            first_seq=seq,
            first_at=first.finished,
            best=best_kind(a.kind for _, a in items),
            endings=frozenset(a.ending_id for _, a in items),
            last_at=last.finished,
            cleared=any(a.cleared == 1 for _, a in items),
        )
    return out


# --------------------------------------------------------------------------
# Rule cards, suggestions, badges


def ending_cards(scenario_id: str, ending_id: str, kind: str, scenario, cleared: bool) -> tuple[tuple[str, str], ...]:
    """The rule cards an ending of `scenario` (None: unknown) collects, each
    with where it came from: when it was seen through safely and the case
    counted as cleared (a card is for a case recognised, not an ending
    guessed), the ending's rules and a scam case's own type."""
    if kind != "safe" or not cleared or scenario is None:
        return ()
    ending = scenario.endings.get(ending_id)
    rules = ending.rules if ending is not None else ()
    if scenario.is_scam and scenario.fraud_type and scenario.fraud_type not in rules:
        # Seeing a 刷单 case through safely is what the 刷单 card
        # (附件3's type-1) is about, whether the ending cites it or not.
        rules = (*rules, scenario.fraud_type)
    source = f"ending:{scenario_id}/{ending_id}"
    return tuple((r, source) for r in rules)


def check_cards(score: quiz.Score) -> tuple[tuple[str, str], ...]:
    """The rule cards a finished 辨一辨 sitting collects: one for each item
    answered right, nothing before the sitting is complete."""
    if not score.complete:
        return ()
    return tuple((m.item.rule, f"check:{m.item.id}") for m in score.marked if m.correct)


@dataclass(frozen=True, slots=True)
class Suggestion:
    scenario_id: str
    title: str
    rules: tuple[str, ...]  # the missed rules this case teaches


def suggest(
    scenarios: Mapping[str, object],
    records: Mapping[str, ScenarioRecord],
    have: Collection[str],
    limit: int = 3,
) -> list[Suggestion]:
    """Cases to play next: those teaching the most rules not collected yet
    (`have`), among cases not yet cleared (never-played ones first on a
    tie). Cases for the player's own audience come first — the audiences of
    the cases they have played, or pupils' cases before they have played any —
    so a pupil is not sent to a teachers' or parents' case."""
    theirs = {a for sid in records if sid in scenarios for a in scenarios[sid].audience}
    theirs = theirs or {"小学", "中学"}
    ranked = []
    for sid, s in scenarios.items():
        rec = records.get(sid)
        if rec is not None and cleared(rec):
            continue
        taught: dict[str, None] = {}
        for ending in s.endings.values():
            if ending.kind == "safe":
                for r in ending.rules:
                    taught.setdefault(r)
        if taught and s.is_scam and s.fraud_type:
            taught.setdefault(s.fraud_type)  # its type's card comes with a safe ending
        missed = tuple(r for r in taught if r not in have)
        if missed:
            for_them = bool(theirs & set(s.audience))
            ranked.append((not for_them, -len(missed), rec is not None, sid, Suggestion(sid, s.title, missed)))
    ranked.sort(key=lambda t: t[:4])
    return [t[4] for t in ranked[:limit]]


def new_badges(evaluated: Iterable[badges_mod.Badge], awarded: Collection[str]) -> list[badges_mod.Badge]:
    """The badges earned now that were not awarded before."""
    return [b for b in evaluated if b.earned and b.id not in awarded]


# --------------------------------------------------------------------------
# 辨一辨: when a sitting can start


def class_key(class_name: str) -> str:
    """A class name as compared: NFKC (full-width brackets and digits become
    plain ones), no whitespace at all, case folded. 四(1)班, 四（1）班 and
    " 四 (1) 班" are one class."""
    return "".join(unicodedata.normalize("NFKC", class_name).split()).casefold()


def has_results(attempts: int, sittings: Collection[object]) -> bool:
    """Does a profile count, in exports and the class report: a case played
    to an ending or a 辨一辨 sitting started? A profile made and never used
    (the game makes one when it opens) is neither."""
    return attempts > 0 or len(sittings) > 0


# --------------------------------------------------------------------------
# The curriculum: `reachable` is a profile's curriculum as the types that have
# cases, each with the ids of its cases that count
# (game.engine.curriculum.Curriculum.reachable).


def missing_types(reachable: Mapping[str, Collection[str]], played: Collection[str]) -> tuple[str, ...]:
    """The curriculum's types not yet played to an ending (`played`: the ids
    of the cases that were): the after-check waits for them. A type the
    audience has no case of is not in `reachable` and never waits."""
    return tuple(t for t, ids in reachable.items() if not any(i in played for i in ids))


def cleared_types(reachable: Mapping[str, Collection[str]], records: Mapping[str, object]) -> tuple[str, ...]:
    """The curriculum's types with a case that counts for it cleared
    (`records`: case id -> what the profile did there)."""
    return tuple(t for t, ids in reachable.items() if any(i in records and cleared(records[i]) for i in ids))


def aware(reachable: Mapping[str, Collection[str]], records: Mapping[str, object], after: float | None) -> bool:
    """知晓: every type of the curriculum cleared, and the after-check passed."""
    return (
        len(cleared_types(reachable, records)) == len(reachable)
        and after is not None and after >= quiz.PASS_SHARE
    )


def check_unavailable(
    sitting: str, sittings: Mapping[str, str | None], attempts: int, missing: Sequence[str],
    audience: str = DEFAULT_AUDIENCE,
) -> str | None:
    """Why this sitting cannot start now (None: it can, or it is under way).
    `sittings`: the sittings started, each with when it was finished (None:
    not yet); `attempts`: how many cases were played to an ending; `missing`:
    the curriculum's types still to play (`missing_types`) for `audience`."""
    if sitting not in quiz.SITTINGS:
        return f"没有这种测验：{sitting}"
    if sitting in sittings:
        return "这次辨一辨已经做完了" if sittings[sitting] else None
    if sitting == quiz.BEFORE:
        if attempts:
            return "前测要在玩第一个案例之前做；已经玩过案例了"
        return None
    if attempts == 0:
        return "后测要在玩完案例之后做"
    if missing:
        titles = "、".join(catalogue()[t].title for t in missing)
        return f"后测要在{audience}课程里每一类诈骗都玩过之后做；还差：{titles}"
    return None


def check_due(complete: Mapping[str, bool], unavailable: Mapping[str, str | None]) -> str | None:
    """The sitting to offer now: the first, in order, not yet complete that can
    start or is under way."""
    for sitting in quiz.SITTINGS:
        if not complete.get(sitting) and unavailable[sitting] is None:
            return sitting
    return None
