"""The 辨一辨 figures form by form: each audience's forms A and B as a before-
and as an after-check. Half a class takes each form first, so when the two
forms of an audience score alike as a before-check they are equally hard, and
the gain is the game's, not the form's. Exports from before the bank had a
version per audience count under the old bank (旧题库)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from game.progress import quiz


@dataclass(frozen=True, slots=True)
class FormRow:
    audience: str | None  # None: the old bank
    form: str  # A or B
    before: tuple[float, ...]  # the scores of completed checks on this form
    after: tuple[float, ...]

    @property
    def name(self) -> str:
        return f"{self.audience or quiz.LEGACY_NAME} {self.form} 卷"

    @property
    def before_mean(self) -> float | None:
        return mean(self.before) if self.before else None

    @property
    def after_mean(self) -> float | None:
        return mean(self.after) if self.after else None

    def to_json(self) -> dict:
        return {
            "audience": self.audience, "form": self.form,
            "before": {"taken": len(self.before), "mean": self.before_mean},
            "after": {"taken": len(self.after), "mean": self.after_mean},
        }


def form_rows(students) -> tuple[FormRow, ...]:
    """One row per form that a completed check was taken on, each audience's
    forms together, in the bank's order of audiences; the old bank last."""
    scores: dict[tuple[str | None, str], tuple[list[float], list[float]]] = {}
    for r in students:
        for n, check in enumerate((r.before, r.after)):
            if check is not None and check.share is not None:
                scores.setdefault((check.audience, check.form), ([], []))[n].append(check.share)
    order = list(quiz.AUDIENCE_CODES)

    def key(k: tuple[str | None, str]) -> tuple[int, str]:
        return (order.index(k[0]) if k[0] in order else len(order), k[1])

    return tuple(FormRow(a, f, tuple(b), tuple(af)) for (a, f), (b, af) in sorted(scores.items(), key=lambda kv: key(kv[0])))
