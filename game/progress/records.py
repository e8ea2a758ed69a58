"""What one profile did (issue #6): attempts and endings found, the resume
save, rule cards, badges and the 辨一辨 answers, kept in the progress
database. What these mean (best outcomes, suggestions, when a check is due)
is decided in `policy`; this module reads and writes the rows."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Mapping

from game.engine.values import Frozen
from game.progress.db import Database, now
from game.progress.lazy import OnFirstUse
from game.progress.profiles import Profile

if TYPE_CHECKING:  # pragma: no cover
    from game.engine import curriculum, rules
    from game.engine.rules import Rule
    from game.progress import badges as badges_mod
    from game.progress import policy, quiz, quizbank
    from game.progress.policy import ScenarioRecord, Suggestion
else:
    # Opening the store for the title (who is playing) needs none of these:
    # the thread that opens it after the first frame does not import them.
    quiz = OnFirstUse("game.progress.quiz")
    quizbank = OnFirstUse("game.progress.quizbank")
    badges_mod = OnFirstUse("game.progress.badges")
    policy = OnFirstUse("game.progress.policy")
    curriculum = OnFirstUse("game.engine.curriculum")
    rules = OnFirstUse("game.engine.rules")


class CheckError(Exception):
    """A 辨一辨 answer that cannot be recorded now (message for the player)."""


class RuleCard(Frozen):
    __slots__ = _fields = ("rule", "collected", "source", "collected_at")
    rule: Rule
    collected: bool
    source: str  # "ending:<scenario>/<ending>" or "check:<item>"
    collected_at: str

    def __init__(self, rule: Rule, collected: bool, source: str = "", collected_at: str = "") -> None:
        self._fill(rule, collected, source, collected_at)


class Try(Frozen):
    """One completed attempt with its marks (None before marks were kept)."""

    __slots__ = _fields = ("ending", "kind", "finished", "found", "missed", "wrong", "cleared", "cleared_rule")
    ending: str
    kind: str
    finished: str
    found: int | None
    missed: int | None
    wrong: int | None
    cleared: bool | None
    cleared_rule: str | None

    def __init__(
        self, ending: str, kind: str, finished: str, found: int | None, missed: int | None, wrong: int | None,
        cleared: bool | None, cleared_rule: str | None,
    ) -> None:
        self._fill(ending, kind, finished, found, missed, wrong, cleared, cleared_rule)


class Recorded(Frozen):
    """What recording an ending changed: for a "new!" line on the ending screen."""

    __slots__ = _fields = ("first", "new_ending", "new_cards", "new_badges")
    first: bool  # this was the first completed attempt of the scenario
    new_ending: bool
    new_cards: tuple[str, ...]
    new_badges: tuple[badges_mod.Badge, ...]

    def __init__(
        self, first: bool, new_ending: bool, new_cards: tuple[str, ...] = (), new_badges: tuple[badges_mod.Badge, ...] = ()
    ) -> None:
        self._fill(first, new_ending, new_cards, new_badges)


class CheckStatus(Frozen):
    __slots__ = _fields = ("due", "before", "after", "before_form", "after_form", "missing_types", "curriculum")
    due: str | None  # quiz.BEFORE, quiz.AFTER or None: what the UI should offer now
    before: quiz.Score | None
    after: quiz.Score | None
    before_form: str
    after_form: str
    missing_types: tuple[str, ...]  # curriculum types still to finish before the after-check
    curriculum: str  # what it counts against: 按小学课程：12 类中目前有 6 类有案例

    def __init__(
        self, due: str | None, before: quiz.Score | None, after: quiz.Score | None, before_form: str, after_form: str,
        missing_types: tuple[str, ...], curriculum: str = "",
    ) -> None:
        self._fill(due, before, after, before_form, after_form, missing_types, curriculum)


def _scenario_map(library) -> Mapping[str, object]:
    """id -> what the store needs of a case (title, type, endings with their
    kinds and rules): the library's light ScenarioInfo list when it has one,
    so a lazily loaded library is never parsed in full for it."""
    if library is None:
        return {}
    infos = getattr(library, "infos", None)
    if infos is not None:
        return infos
    return getattr(library, "scenarios", library)


class ProgressStore:
    """The `game.progress.memory.Progress` protocol for one profile, and everything the
    handbook, badge, 辨一辨 and export screens read."""

    def __init__(self, store: Database, profile: Profile, library=None, bank: quiz.Bank | None = None):
        self.store = store
        self.profile = profile
        self.scenarios = _scenario_map(library)
        self._bank = bank

    def use_library(self, library) -> None:
        """Attach the library once it is loaded (the UI loads it in the
        background): scenario titles, types and rules for what is recorded."""
        self.scenarios = _scenario_map(library)

    @property
    def bank(self) -> quiz.Bank:
        if self._bank is None:
            self._bank = quizbank.bank()
        return self._bank

    @property
    def persistent(self) -> bool:
        return self.store.persistent

    @property
    def _pid(self) -> int:
        return self.profile.id

    # -- the Progress protocol ----------------------------------------------------
    def endings_found(self, scenario_id: str) -> set[str]:
        rows = self.store._read(
            "SELECT DISTINCT ending_id FROM attempts WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id)
        )
        return {r[0] for r in rows}

    def record_ending(
        self, scenario_id: str, ending_id: str, kind: str, steps: list, scenario=None, verdict=None
    ) -> Recorded | None:
        """One completed attempt; clears the resume save. Returns what changed
        (None when it could not be saved: see store.notices). `scenario`: the
        Scenario, when the library is not attached. `verdict`: what the
        player's marks came to (game.engine.marks.verdict); without one,
        nothing was marked."""
        from game.engine import marks
        from game.engine.vocab import ENDING_KINDS

        if kind not in ENDING_KINDS:
            raise ValueError(f"unknown ending kind {kind!r}")
        s = scenario if scenario is not None else self.scenarios.get(scenario_id)
        meta: tuple = (None,) * 6
        if s is not None:
            meta = (s.digest, s.title, s.fraud_type, int(s.is_scam), s.perspective, s.variant)
        new_cards: list[str] = []
        try:
            with self.store.transaction() as conn:
                if s is None:  # keep what we knew about a case no longer loaded
                    row = conn.execute(
                        "SELECT digest, title, fraud_type, is_scam, perspective, variant FROM attempts "
                        "WHERE profile_id = ? AND scenario_id = ? ORDER BY id DESC LIMIT 1",
                        (self._pid, scenario_id),
                    ).fetchone()
                    meta = tuple(row) if row else meta
                if verdict is None:
                    flags = marks.FlagCount(0, 0, 0, 0)
                    cleared = None if meta[3] is None else marks.judge(bool(meta[3]), kind, flags).cleared
                else:
                    flags, cleared = verdict.flags, verdict.cleared
                cards = policy.ending_cards(scenario_id, ending_id, kind, s, bool(cleared))
                before = conn.execute(
                    "SELECT count(*), sum(ending_id = ?) FROM attempts WHERE profile_id = ? AND scenario_id = ?",
                    (ending_id, self._pid, scenario_id),
                ).fetchone()
                conn.execute(
                    "INSERT INTO attempts (profile_id, scenario_id, ending_id, kind, steps, finished, digest, title, "
                    "fraud_type, is_scam, perspective, variant, found, missed, wrong, cleared, cleared_rule) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self._pid, scenario_id, ending_id, kind, json.dumps(steps, ensure_ascii=False), now(), *meta,
                     flags.found, flags.missed, flags.wrong, None if cleared is None else int(cleared),
                     marks.CLEARED_RULE),
                )
                conn.execute("DELETE FROM resume WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id))
                for rule, source in cards:
                    cur = conn.execute(
                        "INSERT OR IGNORE INTO rule_cards (profile_id, rule_id, source, collected) VALUES (?, ?, ?, ?)",
                        (self._pid, rule, source, now()),
                    )
                    if cur.rowcount:
                        new_cards.append(rule)
        except sqlite3.Error as exc:
            self.store._write_failed(exc)
            return None
        return Recorded(
            first=before[0] == 0,
            new_ending=not before[1],
            new_cards=tuple(new_cards),
            new_badges=tuple(self._award_badges()),
        )

    def save_resume(self, scenario_id: str, save: dict) -> None:
        text = json.dumps(save, ensure_ascii=False)
        try:
            with self.store.transaction() as conn:
                conn.execute(
                    "INSERT INTO resume (profile_id, scenario_id, save, updated) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (profile_id, scenario_id) DO UPDATE SET save = excluded.save, updated = excluded.updated",
                    (self._pid, scenario_id, text, now()),
                )
        except sqlite3.Error as exc:
            self.store._write_failed(exc)

    def load_resume(self, scenario_id: str) -> dict | None:
        rows = self.store._read(
            "SELECT save FROM resume WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id)
        )
        if not rows:
            return None
        try:
            value = json.loads(rows[0][0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def clear_resume(self, scenario_id: str) -> None:
        try:
            with self.store.transaction() as conn:
                conn.execute("DELETE FROM resume WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id))
        except sqlite3.Error as exc:
            self.store._write_failed(exc)

    def resumable(self) -> list[str]:
        """Scenario ids with a game in progress, most recent first."""
        rows = self.store._read(
            "SELECT scenario_id FROM resume WHERE profile_id = ? ORDER BY updated DESC", (self._pid,)
        )
        return [r[0] for r in rows]

    # -- outcomes -------------------------------------------------------------
    def scenario_records(self) -> dict[str, ScenarioRecord]:
        rows = self.store._read(
            "SELECT scenario_id, ending_id, kind, finished, title, fraud_type, is_scam, perspective, variant, cleared "
            "FROM attempts WHERE profile_id = ? ORDER BY id",
            (self._pid,),
        )
        return policy.scenario_records((policy.Attempt(*r) for r in rows), self.scenarios)

    def attempts(self, scenario_id: str) -> list[Try]:
        """Every completed attempt at one case, in order, with its marks."""
        rows = self.store._read(
            "SELECT ending_id, kind, finished, found, missed, wrong, cleared, cleared_rule FROM attempts "
            "WHERE profile_id = ? AND scenario_id = ? ORDER BY id",
            (self._pid, scenario_id),
        )
        return [Try(*r[:6], None if r[6] is None else bool(r[6]), r[7]) for r in rows]

    def first_outcome(self, scenario_id: str) -> str | None:
        rows = self.store._read(
            "SELECT kind FROM attempts WHERE profile_id = ? AND scenario_id = ? ORDER BY id LIMIT 1",
            (self._pid, scenario_id),
        )
        return rows[0][0] if rows else None

    def best_outcome(self, scenario_id: str) -> str | None:
        rows = self.store._read(
            "SELECT DISTINCT kind FROM attempts WHERE profile_id = ? AND scenario_id = ?", (self._pid, scenario_id)
        )
        return policy.best_kind(r[0] for r in rows) if rows else None

    def attempt_count(self) -> int:
        return self.store._read("SELECT count(*) FROM attempts WHERE profile_id = ?", (self._pid,))[0][0]

    def has_results(self) -> bool:
        """Played a case or took a 辨一辨 (`policy.has_results`): a profile
        that did neither is not exported with the class."""
        return policy.has_results(self.attempt_count(), self._sittings())

    # -- rule cards ---------------------------------------------------------------
    def collected_rules(self) -> dict[str, tuple[str, str]]:
        rows = self.store._read(
            "SELECT rule_id, source, collected FROM rule_cards WHERE profile_id = ?", (self._pid,)
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def rule_cards(self) -> list[RuleCard]:
        """Every rule of the catalogue, in order, with whether it is collected: the handbook."""
        have = self.collected_rules()
        return [
            RuleCard(r, r.id in have, *have.get(r.id, ("", ""))) for r in rules.catalogue().all()
        ]

    def suggestions(self, limit: int = 3) -> list[Suggestion]:
        """Cases to play next (`policy.suggest`)."""
        return policy.suggest(self.scenarios, self.scenario_records(), self.collected_rules(), limit)

    # -- badges ---------------------------------------------------------------
    def _awarded(self) -> dict[str, str]:
        rows = self.store._read("SELECT badge_id, earned FROM badges WHERE profile_id = ?", (self._pid,))
        return {r[0]: r[1] for r in rows}

    def badges(self) -> list[badges_mod.Badge]:
        """Every badge with its progress; earned ones are stored (and stay earned)."""
        self._award_badges()
        return badges_mod.evaluate(self.scenario_records(), self.scenarios, self._awarded())

    def _award_badges(self) -> list[badges_mod.Badge]:
        awarded = self._awarded()
        fresh = policy.new_badges(badges_mod.evaluate(self.scenario_records(), self.scenarios, awarded), awarded)
        if fresh:
            try:
                with self.store.transaction() as conn:
                    for b in fresh:
                        conn.execute(
                            "INSERT OR IGNORE INTO badges (profile_id, badge_id, earned) VALUES (?, ?, ?)",
                            (self._pid, b.id, now()),
                        )
            except sqlite3.Error as exc:
                self.store._write_failed(exc)
        return fresh

    # -- 辨一辨 --------------------------------------------------------------
    def _sitting(self, sitting: str) -> tuple | None:
        """(form, item order as JSON, finished, answered anything) of a started sitting."""
        rows = self.store._read(
            "SELECT form, item_order, finished, EXISTS (SELECT 1 FROM check_answers a WHERE a.profile_id = "
            "s.profile_id AND a.sitting = s.sitting) FROM check_sittings s WHERE profile_id = ? AND sitting = ?",
            (self._pid, sitting),
        )
        return rows[0] if rows else None

    def check_form(self, sitting: str) -> str:
        row = self._sitting(sitting)
        return row[0] if row else quiz.form_for(sitting, self.profile.first_form, quiz.profile_audience(self.profile))

    def check_items(self, sitting: str) -> tuple[quiz.Item, ...]:
        """The sitting's items in its own order. The first call starts the
        sitting: its form and a shuffled order are fixed then, and kept."""
        row = self._sitting(sitting)
        if row is None:
            form = self.check_form(sitting)
            order = quiz.new_order(self.bank.form(form))
            try:
                with self.store.transaction() as conn:
                    conn.execute(
                        "INSERT OR IGNORE INTO check_sittings (profile_id, sitting, form, item_order, started) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (self._pid, sitting, form, json.dumps(order), now()),
                    )
            except sqlite3.Error as exc:
                self.store._write_failed(exc)
            row = self._sitting(sitting) or (form, json.dumps(order))  # another process may have won
        return quiz.in_order(self.bank.form(row[0]), json.loads(row[1] or "[]"))

    def _answers(self, sitting: str) -> dict[str, bool]:
        rows = self.store._read(
            "SELECT item_id, said_scam FROM check_answers WHERE profile_id = ? AND sitting = ?", (self._pid, sitting)
        )
        return {r[0]: bool(r[1]) for r in rows}

    def check_result(self, sitting: str) -> quiz.Score | None:
        """The sitting marked item by item, in its order (None if nothing is answered yet)."""
        row = self._sitting(sitting)
        if row is None or not row[3]:
            return None
        form = row[0]
        if not self.bank.form(form):  # a form the bank no longer has: marked from what was kept
            return quiz.legacy_score(form, self.store._read(
                "SELECT item_id, is_scam, said_scam, rule FROM check_answers WHERE profile_id = ? AND sitting = ?",
                (self._pid, sitting),
            ))
        return self.bank.score(form, self._answers(sitting), json.loads(row[1] or "[]"))

    def curriculum(self) -> dict[str, tuple[str, ...]]:
        """The profile's curriculum: the types its audience has cases for,
        each with the cases that count (only those in the library, once one
        is attached), from assets/curriculum.yaml and the data folder's own."""
        folder = self.store.path.parent if self.store.path is not None else None
        return curriculum.load(folder).reachable(self.profile.audience, self.scenarios or None)

    def curriculum_text(self) -> str:
        return curriculum.describe(self.profile.audience, self.curriculum())

    def missing_types(self) -> tuple[str, ...]:
        """Curriculum types still to play to an ending before the after-check
        (`policy.missing_types`)."""
        return policy.missing_types(self.curriculum(), self.scenario_records())

    def _sittings(self) -> dict[str, str | None]:
        """The sittings started, each with when it was finished (None: not yet).
        A sitting opened (its order fixed) but with nothing answered is not started."""
        rows = self.store._read(
            "SELECT sitting, finished FROM check_sittings s WHERE profile_id = ? AND (finished IS NOT NULL OR EXISTS "
            "(SELECT 1 FROM check_answers a WHERE a.profile_id = s.profile_id AND a.sitting = s.sitting))",
            (self._pid,),
        )
        return {r[0]: r[1] for r in rows}

    def check_unavailable(self, sitting: str) -> str | None:
        """Why this sitting cannot start now (None: it can, or it is under way)."""
        return policy.check_unavailable(
            sitting, self._sittings(), self.attempt_count(), self.missing_types(), self.profile.audience
        )

    def check_status(self) -> CheckStatus:
        before, after = self.check_result(quiz.BEFORE), self.check_result(quiz.AFTER)
        sittings, attempts, missing = self._sittings(), self.attempt_count(), self.missing_types()
        audience = self.profile.audience
        due = policy.check_due(
            {quiz.BEFORE: bool(before and before.complete), quiz.AFTER: bool(after and after.complete)},
            {s: policy.check_unavailable(s, sittings, attempts, missing, audience) for s in quiz.SITTINGS},
        )
        return CheckStatus(
            due, before, after, self.check_form(quiz.BEFORE), self.check_form(quiz.AFTER), missing,
            self.curriculum_text(),
        )

    def record_answer(self, sitting: str, item_id: str, said_scam: bool) -> quiz.Marked:
        """Answer one item (a changed mind is fine until the sitting is complete).
        Completing the sitting collects the rule cards of the items answered right."""
        reason = self.check_unavailable(sitting)
        if reason:
            raise CheckError(reason)
        self.check_items(sitting)  # starts the sitting, fixing its form and order
        form = self.check_form(sitting)
        item = self.bank.get(item_id)
        if item is None or item.form != form:
            raise CheckError(f"题目 {item_id} 不在这份卷子（{form} 卷）里")
        stamp = now()
        try:
            with self.store.transaction() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO check_sittings (profile_id, sitting, form, started) VALUES (?, ?, ?, ?)",
                    (self._pid, sitting, form, stamp),
                )
                conn.execute(
                    "INSERT INTO check_answers (profile_id, sitting, item_id, form, is_scam, said_scam, rule, answered) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, sitting, item_id) "
                    "DO UPDATE SET said_scam = excluded.said_scam, answered = excluded.answered",
                    (self._pid, sitting, item.id, form, int(item.is_scam), int(bool(said_scam)), item.rule, stamp),
                )
                answered = {
                    r[0]: bool(r[1])
                    for r in conn.execute(
                        "SELECT item_id, said_scam FROM check_answers WHERE profile_id = ? AND sitting = ?",
                        (self._pid, sitting),
                    )
                }
                score = self.bank.score(form, answered)
                if score.complete:
                    conn.execute(
                        "UPDATE check_sittings SET finished = ? WHERE profile_id = ? AND sitting = ?",
                        (stamp, self._pid, sitting),
                    )
                for rule, source in policy.check_cards(score):
                    conn.execute(
                        "INSERT OR IGNORE INTO rule_cards (profile_id, rule_id, source, collected) VALUES (?, ?, ?, ?)",
                        (self._pid, rule, source, stamp),
                    )
        except sqlite3.Error as exc:
            self.store._write_failed(exc)
        return quiz.Marked(item, bool(said_scam))

    def record_answers(self, sitting: str, said_scam: list[bool]) -> quiz.Score:
        """A whole form at once, in the order of `check_items` (CLI, tests)."""
        items = self.check_items(sitting)
        if len(said_scam) != len(items):
            raise CheckError(f"这份卷子有 {len(items)} 题，给了 {len(said_scam)} 个答案")
        for item, value in zip(items, said_scam):
            self.record_answer(sitting, item.id, value)
        return self.check_result(sitting)  # type: ignore[return-value]

    def check_finished_at(self, sitting: str) -> str:
        rows = self.store._read(
            "SELECT finished FROM check_sittings WHERE profile_id = ? AND sitting = ?", (self._pid, sitting)
        )
        return rows[0][0] or "" if rows else ""
