"""A generated class of thirty students, made the way a teacher's class would
be: `fanzha quiz`, `fanzha play … --choices … --profile …` and `fanzha
export`, all on one shared lab PC (one data folder). Alongside, what each
student did, so the tests can compute the report's figures themselves.

The built-in scenarios are hidden while generating (only the fixture cases
load), and the commands share one loaded library instead of reading the same
sixteen files ~650 times, so the class is made in seconds whatever scenarios/
holds; test_cli_play.py covers the built-in ones and the loading."""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.engine import paths

from game.progress import db, quiz, quizbank
from game.cli import main
from game.cli import export as export_cmd
from game.cli import play as play_cmd
from game.cli import quiz as quiz_cmd
from game.engine.library import cached_library

from ..store.helpers import FIXTURE_CURRICULUM, FIXTURE_SCENARIOS, GENUINE_PATHS, SCAM_PATHS, check_items

CLASSES = ("四(1)班", "四(2)班")
TYPE_OF = {**{f"tfx-type-{n}": f"type-{n}" for n in range(1, 13)}, "tfx-variant": "type-12", "tfx-helper": "type-6"}
KIND_OF = {"safe": "safe", "safe-late": "safe", "loss": "loss", "stopped": "stopped", "missed": "missed"}


@dataclass
class Student:
    n: int
    name: str
    class_name: str
    before: dict[str, bool] | None = None  # item id → said_scam, on the before form
    after: dict[str, bool] | None = None
    plays: list[tuple[str, str]] = field(default_factory=list)  # (case, outcome) in order
    marked: set[int] = field(default_factory=set)  # the plays (by index) where the hook's red flag was marked
    export: Path | None = None
    old_export: Path | None = None

    @property
    def before_form(self) -> str:
        return quiz.first_form(self.n)  # the n-th profile created on the PC

    @property
    def after_form(self) -> str:
        return quiz.other_form(self.before_form)


@dataclass
class Klass:
    folder: Path
    students: list[Student]
    corrupt: Path
    foreign: Path
    data_dir: Path


def _answers(rng: random.Random, items, p_correct: float) -> dict[str, bool]:
    return {i.id: i.is_scam if rng.random() < p_correct else not i.is_scam for i in items}


def _cli(*argv: str) -> None:
    code = main(list(argv))
    assert code == 0, argv


def _take_check(rng: random.Random, p_correct: float, *argv: str) -> dict[str, bool]:
    """One sitting as a pupil takes it: its items in the order `quiz --json`
    gives them (this pupil's own), then every answer in that order."""
    items = check_items(*argv)
    answers = _answers(rng, items, p_correct)
    _cli("quiz", *argv, "--answers", "".join("s" if answers[i.id] else "g" for i in items))
    return answers


def make_class(root: Path, capsys=None) -> Klass:
    data = root / "lab-pc"
    out = root / "exports"
    out.mkdir(parents=True)
    empty = root / "no-builtin"
    empty.mkdir()
    common = ["--data-dir", str(data), "--scenarios", str(FIXTURE_SCENARIOS)]
    data.mkdir(parents=True)
    shutil.copy(FIXTURE_CURRICULUM, data / "curriculum.yaml")  # the fixture cases count for 小学
    students: list[Student] = []
    loaded: dict[str, object] = {}

    def load_once(extra=(), data_dir=None):
        key = repr((list(extra), str(data_dir)))
        if key not in loaded:
            loaded[key] = cached_library(extra, data_dir)
        return loaded[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "builtin_scenarios_dir", lambda: empty)
        # Power-cut durability (fsync per commit) is tested in tests/store; here
        # it would only make ~4000 commits wait for the disk.
        mp.setattr(db, "SYNCHRONOUS", "NORMAL")
        for module in (play_cmd, export_cmd, quiz_cmd):
            mp.setattr(module, "cached_library", load_once)
        for i in range(30):
            rng = random.Random(20260501 + i)
            s = Student(i + 1, f"学生{i + 1:02d}", CLASSES[i // 15])
            who = ["--profile", s.name, "--class", s.class_name]
            students.append(s)
            if i not in (4, 17):  # two students skip the before-check
                s.before = _take_check(rng, rng.choice([0.45, 0.6, 0.7, 0.8]), *common, *who)
            types = list(range(1, 13))
            rng.shuffle(types)
            if i in (3, 10, 24):  # three students do not get through every type
                types = types[: 12 - (i % 4 + 1)]
            for t in types:
                cases = [f"tfx-type-{t}"]
                if t == 12 and rng.random() < 0.5:
                    cases.insert(0, "tfx-variant")  # met type 12 first through the variant case
                if t == 6 and rng.random() < 0.4:
                    cases.insert(0, "tfx-helper")
                for case in cases:
                    outcome = rng.choices(["safe", "safe-late", "loss", "stopped"], [3, 2, 3, 2])[0]
                    s.plays.append((case, outcome))
                    if KIND_OF[outcome] != "safe" and rng.random() < 0.9:
                        s.plays.append((case, "safe"))
            if rng.random() < 0.75:
                s.plays.insert(rng.randrange(len(s.plays) + 1), ("tfx-genuine", rng.choice(["safe", "safe", "missed"])))
            if i == 7:  # exported once early, later again: the newer export counts
                split = 4
            else:
                split = None
            for k, (case, outcome) in enumerate(s.plays):
                if k == split:
                    s.old_export = out / "zz-earlier" / f"{i + 1:02d}-old.json"
                    _cli("export", *common, *who, "--out", str(s.old_export))
                keys = GENUINE_PATHS[outcome] if case == "tfx-genuine" else SCAM_PATHS[outcome]
                if case != "tfx-genuine" and rng.random() < 0.85:  # most read the first line and mark it
                    s.marked.add(k)
                    keys = f"flag:1,{keys}"
                _cli("play", case, *common, *who, "--choices", keys)
            played_types = {TYPE_OF[c] for c, _ in s.plays if c in TYPE_OF}
            if len(played_types) == 12 and i != 12:  # one student never does the after-check
                s.after = _take_check(rng, rng.choice([0.7, 0.8, 0.87, 0.94, 1.0]), *common, *who)
            s.export = out / s.class_name / f"{i + 1:02d}.json"
            _cli("export", *common, *who, "--out", str(s.export))
            if capsys is not None:
                capsys.readouterr()  # keep the captured output small
    corrupt = out / "broken.json"
    text = students[0].export.read_text(encoding="utf-8")
    corrupt.write_text(text[: len(text) // 2], encoding="utf-8")  # a copy cut short
    foreign = out / "settings.json"
    foreign.write_text(json.dumps({"format": "some-other-app/2", "theme": "dark"}), encoding="utf-8")
    (out / "readme.txt").write_text("not an export", encoding="utf-8")
    return Klass(out, students, corrupt, foreign, data)


# -- the figures, computed here independently of game/results ------------------------


def first_meetings(s: Student) -> dict[str, str]:
    out: dict[str, str] = {}
    for case, outcome in s.plays:
        if case in TYPE_OF and TYPE_OF[case] not in out:
            out[TYPE_OF[case]] = KIND_OF[outcome]
    return out


def cleared(s: Student) -> set[str]:
    """Types cleared by the rule (game/engine/marks.py): a safe or stopped
    ending with the hook's red flag marked (half of the one or two on the way)."""
    return {
        TYPE_OF[c] for k, (c, o) in enumerate(s.plays)
        if c in TYPE_OF and KIND_OF[o] in ("safe", "stopped") and k in s.marked
    }


def score(answers: dict[str, bool] | None, form: str) -> float | None:
    if answers is None:
        return None
    items = quizbank.bank().form(quiz.form_id("小学", form))
    assert {i.id for i in items} == set(answers)  # the whole form, answered
    return sum(answers[i.id] == i.is_scam for i in items) / len(items)


def genuine_counts(answers: dict[str, bool] | None, form: str) -> tuple[int, int]:
    if answers is None:
        return 0, 0
    genuine = [i for i in quizbank.bank().form(quiz.form_id("小学", form)) if not i.is_scam]
    return sum(not answers[i.id] for i in genuine), len(genuine)


def genuine_case(s: Student) -> tuple[int, int]:
    firsts = [o for c, o in s.plays if c == "tfx-genuine"][:1]
    return sum(o == "safe" for o in firsts), len(firsts)


def aware(s: Student) -> bool:
    after = score(s.after, s.after_form)
    return len(cleared(s)) == 12 and after is not None and after >= 0.8
