"""A made-up class of exports (fanzha-results/1) for the report benchmark:
every built-in scenario and both 辨一辨 sittings, answers varied per student."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from game.progress import quiz

from game.results import exports as results
from game.engine.library import default_folders, load_library


def write_class(folder: Path, students: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    library = load_library(default_folders())
    scenarios = sorted(library.scenarios.values(), key=lambda s: s.id)
    bank = quiz.bank()
    forms = {f: bank.form(f) for f in quiz.FORMS}
    start = datetime(2026, 9, 1, tzinfo=timezone.utc)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(students):
        at = start + timedelta(minutes=n)
        rows = []
        for seq, s in enumerate(scenarios, 1):
            endings = sorted(s.endings)
            found = rng.sample(endings, rng.randint(1, len(endings)))
            first = found[0]
            kinds = {e: s.endings[e].kind for e in found}
            best = "safe" if "safe" in kinds.values() else kinds[first]
            rows.append({
                "id": s.id, "title": s.title, "fraud_type": s.fraud_type, "is_scam": s.is_scam,
                "perspective": s.perspective, "variant": s.variant, "attempts": len(found),
                "first": {"ending": first, "kind": kinds[first], "seq": seq, "at": at.isoformat()},
                "best": best, "endings_found": sorted(found), "endings_total": len(endings),
            })
        checks = {}
        for sitting, form in zip(quiz.SITTINGS, ("A", "B") if n % 2 else ("B", "A")):
            items = forms[form]
            checks[sitting] = {
                "form": form, "complete": True, "finished": at.isoformat(),
                "answers": [
                    {"item": it.id, "is_scam": it.is_scam,
                     "said_scam": it.is_scam if rng.random() < 0.8 else not it.is_scam, "rule": it.rule}
                    for it in items
                ],
            }
        doc = {
            "format": results.FORMAT, "exported": at.isoformat(), "game_version": "0.1.0",
            "student": {"uid": f"bench-{n:05d}", "name": f"学生{n:04d}", "class": f"{4 + n % 3}({n % 5 + 1})班"},
            "scenarios": rows, "checks": checks, "rules_collected": [], "badges": [],
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        if n == 0:
            results.parse(text, "bench")  # the generator must write what the report reads
        (folder / f"student-{n:05d}.json").write_text(text, encoding="utf-8")
