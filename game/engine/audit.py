"""How well a set of cases teaches, measured the same way every time
(issue 13): reading level per audience, what late reports cost, how often
random key-pressing ends safe, and how many decisions a reader judged
telegraphed. `fanzha audit` prints it; writers and reviewers rerun it.

Telegraph verdicts are data, not code: `verdicts/<scenario-id>.yaml` beside
the cases, written by a reader who saw only a decision's options (the
`--blind` listing) and said whether the safe one gave itself away."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.engine.model import Scenario
from game.engine.vocab import AUDIENCES
from game.engine.play import State, available

# A sentence ends at 。！？!?… or a line break; its length counts the
# characters that are not white space (CONTENT.md, "Reading level").
_SENTENCE_END = re.compile(r"[。！？!?…\n]+")
SHORT = 25  # 90% of a 小学 case's sentences at most this long
LONGEST = 45  # no 小学 sentence longer
EXPLAIN_MAX = 100  # a 小学 ending's explanation
RANDOM_SAFE_TARGET = 0.60  # random key-pressing may end safe at most this often
TELEGRAPHED_TARGET = 0.25  # of decisions, judged by a reader of the options alone
VERDICTS = "verdicts"  # the folder of verdict files, beside the cases
_ITERATIONS = 2_000  # value iteration over the state graph (stories may loop)
MAX_STATES = 50_000


def _sentence_parts(text: str) -> Iterable[tuple[int, str]]:
    """Each sentence of the text with its length in non-space characters."""
    for part in _SENTENCE_END.split(text):
        n = sum(1 for ch in part if not ch.isspace())
        if n:
            yield n, part


def sentences(text: str) -> list[int]:
    """The length of each sentence of the text, in non-space characters."""
    return [n for n, _ in _sentence_parts(text)]


def long_sentences(s: Scenario, limit: int = SHORT) -> list[tuple[int, str]]:
    """The case's sentences longer than `limit`, longest first: what a writer
    shortens to meet the reading targets."""
    found = {part.strip(): n for text in reading_text(s) for n, part in _sentence_parts(text) if n > limit}
    return sorted(((n, part) for part, n in found.items()), key=lambda x: -x[0])


def reading_text(s: Scenario) -> Iterable[str]:
    """Everything a player reads in the story: messages, options, forms, and
    the endings' explanations and steps."""
    for node in s.nodes.values():
        for m in node.messages:
            yield m.text
        for c in node.choices:
            yield c.text
        if node.input:
            yield node.input.label
        if node.ending:
            yield node.ending.explain
            yield from node.ending.steps


def random_safe_share(s: Scenario) -> float | None:
    """The chance that a player who presses keys at random (every open way on
    equally likely, a form counting as one) ends at a safe ending. None when
    the state graph is too large to solve."""
    start = (s.start, State(s.money))
    index: dict[tuple, int] = {}
    states: list[tuple[str, State]] = []
    todo = [start]
    index[(start[0], start[1].key())] = 0
    states.append(start)
    edges: list[list[int]] = []
    value: list[float] = []
    while todo:
        nid, state = todo.pop()
        i = index[(nid, state.key())]
        while len(edges) <= i:
            edges.append([])
            value.append(0.0)
        node = s.nodes[nid]
        if node.ending:
            value[i] = 1.0 if node.ending.kind == "safe" else 0.0
            continue
        moves = [(c.to, c.effects) for _, c in available(node, state)]
        if node.input:
            moves.append((node.input.to, node.input.effects))
        for to, effects in moves:
            if to not in s.nodes:
                continue
            nstate = state.apply(effects)
            key = (to, nstate.key())
            if key not in index:
                if len(index) >= MAX_STATES:
                    return None
                index[key] = len(states)
                states.append((to, nstate))
                todo.append((to, nstate))
            edges[i].append(index[key])
    while len(edges) < len(states):
        edges.append([])
        value.append(0.0)
    endings = {i for i, (nid, _) in enumerate(states) if s.nodes[nid].ending}
    for _ in range(_ITERATIONS):
        change = 0.0
        for i, outs in enumerate(edges):
            if i in endings or not outs:
                continue
            new = sum(value[j] for j in outs) / len(outs)
            change = max(change, abs(new - value[i]))
            value[i] = new
        if change < 1e-12:
            break
    return value[0]


# -- telegraph verdicts --------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    node: str
    telegraphed: bool
    why: str = ""


@dataclass
class Verdicts:
    scenario: str
    reader: str
    decisions: list[Verdict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_verdicts(path: Path) -> Verdicts:
    """One verdict file. Problems are collected, never raised: an audit of
    fifty files reports every bad one."""
    from game.engine import yamlsource
    from game.engine.files import MAX_SCENARIO_BYTES, ReadError, read_limited

    name = path.stem
    try:
        raw = yamlsource.load(yamlsource.decode(read_limited(path, MAX_SCENARIO_BYTES))).value
    except ReadError as exc:
        return Verdicts(name, "", problems=[f"{path}: 读不了：{exc}"])
    except yamlsource.SourceError as exc:
        return Verdicts(name, "", problems=[f"{path}: 读不了：{getattr(exc, 'message', exc)}"])
    if not isinstance(raw, dict):
        return Verdicts(name, "", problems=[f"{path}: 最外层应该是一个映射"])
    out = Verdicts(str(raw.get("scenario", name)), str(raw.get("reader", "")))
    for n, item in enumerate(raw.get("decisions") or [], 1):
        if not isinstance(item, dict) or not isinstance(item.get("node"), str) \
                or not isinstance(item.get("telegraphed"), bool):
            out.problems.append(f"{path}: 第 {n} 条判断应写成 {{node: 节点id, telegraphed: true/false, why: …}}")
            continue
        out.decisions.append(Verdict(item["node"], item["telegraphed"], str(item.get("why", ""))))
    return out


def verdict_files(folders: Iterable[Path]) -> list[Path]:
    found = []
    for folder in folders:
        sub = folder / VERDICTS
        if sub.is_dir():
            found += sorted(p for p in sub.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return found


def decision_nodes(s: Scenario) -> list[str]:
    """Nodes where a player really chooses (two or more ways on somewhere)."""
    from game.engine.explore import explore

    found = explore(s)
    return [nid for nid in s.nodes if nid in found.decision_nodes]


def blind_label(node_id: str) -> str:
    """A decision's name in the blind listing: node ids are written for the
    writer ("drained", "fakedoc") and tell a blind reader what just happened.
    Stable for a node id, so a verdict written against it outlives edits."""
    return "d" + hashlib.sha256(node_id.encode("utf-8")).hexdigest()[:6]


def blind_listing(s: Scenario) -> str:
    """Each decision's options without the messages before them: what a
    reader judges telegraphed or not. A verdict file may name a decision by
    its label here (`node: d1a2b3c`) or by its node id."""
    lines = [
        f"# {s.title}（{s.id}）：只看选项，不看消息。哪个选项一看就是“对的”？",
        "# 判断文件里，每个选择点写它的编号（## 后面那串），例如 {node: d1a2b3c, telegraphed: false, why: …}",
    ]
    for number, nid in enumerate(decision_nodes(s), 1):
        node = s.nodes[nid]
        lines.append(f"\n## {blind_label(nid)}（第 {number} 个选择点）")
        lines += [f"  {n}. {c.text}" for n, c in enumerate(node.choices, 1)]
        if node.input:
            lines.append(f"  {len(node.choices) + 1}. 在「{node.input.label}」里填写")
    return "\n".join(lines)


# -- the audit -----------------------------------------------------------------


@dataclass
class AudienceFigures:
    audience: str
    cases: int = 0
    sentences: list[int] = field(default_factory=list)
    explains: list[int] = field(default_factory=list)  # each ending's explanation, in characters
    stopped: int = 0
    stopped_partial: int = 0  # stopped endings that still lose money
    decisions: int = 0
    judged: int = 0
    telegraphed: int = 0

    def p90(self) -> int:
        if not self.sentences:
            return 0
        ordered = sorted(self.sentences)
        return ordered[max(0, -(-9 * len(ordered) // 10) - 1)]

    def short_share(self) -> float:
        return sum(n <= SHORT for n in self.sentences) / len(self.sentences) if self.sentences else 1.0

    def as_json(self) -> dict:
        return {
            "audience": self.audience,
            "cases": self.cases,
            "sentences": len(self.sentences),
            "sentence_p90": self.p90(),
            "sentence_short_share": round(self.short_share(), 3),
            "sentence_longest": max(self.sentences, default=0),
            "sentences_over_longest": sum(n > LONGEST for n in self.sentences),
            "explain_median": sorted(self.explains)[len(self.explains) // 2] if self.explains else 0,
            "explains_over_max": sum(n > EXPLAIN_MAX for n in self.explains),
            "stopped_endings": self.stopped,
            "stopped_with_loss": self.stopped_partial,
            "stopped_with_loss_share": round(self.stopped_partial / self.stopped, 3) if self.stopped else None,
            "decisions": self.decisions,
            "decisions_judged": self.judged,
            "telegraphed": self.telegraphed,
            "telegraphed_share": round(self.telegraphed / self.judged, 3) if self.judged else None,
        }


@dataclass
class Audit:
    audiences: dict[str, AudienceFigures]
    random_safe: dict[str, float | None]  # scam case id -> share of random plays ending safe
    problems: list[str]

    def as_json(self) -> dict:
        return {
            "targets": {
                "sentence_short": SHORT, "sentence_short_share": 0.9, "sentence_longest": LONGEST,
                "explain_max_小学": EXPLAIN_MAX, "random_safe": RANDOM_SAFE_TARGET,
                "telegraphed_share": TELEGRAPHED_TARGET,
            },
            "audiences": [a.as_json() for a in self.audiences.values()],
            "random_safe": {k: (round(v, 3) if v is not None else None) for k, v in self.random_safe.items()},
            "problems": self.problems,
        }


def audit(scenarios: Mapping[str, Scenario], verdicts: Iterable[Verdicts] = ()) -> Audit:
    figures = {a: AudienceFigures(a) for a in AUDIENCES}
    by_case: dict[str, dict[str, bool]] = {}
    problems: list[str] = []
    found: dict[str, list[str]] = {}  # each case explored once (a tenth of a second apiece)

    def decisions_of(s: Scenario) -> list[str]:
        if s.id not in found:
            found[s.id] = decision_nodes(s)
        return found[s.id]

    for v in verdicts:
        problems += v.problems
        s = scenarios.get(v.scenario)
        if s is None:
            problems.append(f"判断文件里的剧本 `{v.scenario}` 不存在")
            continue
        known = set(decisions_of(s))
        labels = {blind_label(nid): nid for nid in known}
        for d in v.decisions:
            node = labels.get(d.node, d.node)
            if node not in known:
                problems.append(f"{v.scenario}: `{d.node}` 不是一个选择点")
                continue
            by_case.setdefault(s.id, {})[node] = d.telegraphed
    random_safe: dict[str, float | None] = {}
    for s in scenarios.values():
        lengths = [n for text in reading_text(s) for n in sentences(text)]
        explains = [sum(1 for ch in e.explain if not ch.isspace()) for e in s.endings.values()]
        stopped = [e for e in s.endings.values() if e.kind == "stopped"]
        decisions = decisions_of(s)
        judged = by_case.get(s.id, {})
        for a in s.audience:
            f = figures[a]
            f.cases += 1
            f.sentences += lengths
            f.explains += explains
            f.stopped += len(stopped)
            f.stopped_partial += sum(e.money_lost > 0 for e in stopped)
            f.decisions += len(decisions)
            f.judged += len(judged)
            f.telegraphed += sum(judged.values())
        if s.is_scam:
            random_safe[s.id] = random_safe_share(s)
    return Audit({a: f for a, f in figures.items() if f.cases}, random_safe, problems)
