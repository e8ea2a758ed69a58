"""The story map: a scenario as a graph of decisions and endings.

Pure: no Textual, no files. `build_map(scenario)` gives a `StoryMap`; `trail()`
turns a path (node ids, the engine's Steps, or a Playthrough) into the part of
the map to highlight; `red_flags_on_path` lists what a path met. The map is
drawn as text, Mermaid or DOT by `game.classroom.maprender`, and on screen by
the UI.

Scenarios may loop (a choice back to an earlier node), so the map is a graph,
never an unrolled tree: every node is in it once, with the shortest way to it
from the start (`tree_parent`) and every other arrow besides.

Every ending kind is said in words and a symbol, never only in colour, in
the vocabulary's words (game/engine/vocab.py): ✔ 成功识破 (✔ 核实后放心办 in a
genuine case), ✘ 被骗了, ⚠ 及时止损, ⊘ 错过了真消息.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.engine.model import PLAYER, Condition, Node, RedFlag, Scenario
from game.engine.redflags import FlagOnPath, flags_met
from game.engine.vocab import ENDING_KINDS, channel, ending_kind, kind_words

# Other nodes: a decision (two or more ways on) or a step (one way on).
NODE_KINDS = {
    "decision": ("◆", "要做选择"),
    "step": ("▸", "故事继续"),
}

GIST_CHARS = 30  # a node's one-line gist in the map
CHOICE_CHARS = 40  # a choice's text on an arrow (the text form shows it whole up to this)
SETTER_CHARS = 20  # each choice named in a condition, when it names several


def letter(n: int) -> str:
    """0 → A, 1 → B, … 25 → Z, 26 → AA: the letters a class votes with."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def ways(play) -> list[tuple[str, str, int | None]]:
    """The ways on now as a class votes on them: (letter, text, index in the
    node's choices — None for the page's form). Lettered by their place among
    all the node's choices, so a way not open now leaves its letter unused
    (A, C) and "B on the map" is always B in the vote; the form last."""
    out = [(letter(o.index), o.text, o.index) for o in play.options]
    if play.accepts_input:
        out.append((letter(len(play.node.choices)), play.node.input.label, None))
    return out


def shorten(text: str, limit: int) -> str:
    """One line, at most `limit` characters (an ellipsis marks the cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(1, limit - 1)] + "…"


def ending_words(kind: str, genuine: bool = False) -> str:
    return kind_words(kind, genuine)


def flag_setters(s: Scenario) -> dict[str, tuple[str, ...]]:
    """flag → every choice (or form) that sets it, in the story's order, each
    said once: a flag's name is the writer's shorthand, the choices are what
    the class saw."""
    found: dict[str, dict[str, None]] = {}
    for node in s.nodes.values():
        ways = [(c.text, c.effects) for c in node.choices]
        if node.input is not None:
            ways.append((f"填写「{node.input.label}」" if node.input.label else "填写表单", node.input.effects))
        for text, effects in ways:
            for flag in effects.set:
                found.setdefault(flag, {}).setdefault(" ".join(text.split()))
    return {flag: tuple(texts) for flag, texts in found.items()}


def quoted_names(texts) -> list[str]:
    """Each choice's name as the map says it: cut shorter when there are
    several, but never so short that two different choices read the same
    (two calls that differ only in the number dialled)."""
    limit = CHOICE_CHARS if len(texts) == 1 else SETTER_CHARS
    longest = max((len(t) for t in texts), default=0)
    while limit < longest and len({shorten(t, limit) for t in texts}) < len(set(texts)):
        limit += 4
    return [shorten(t, limit) for t in texts]


def _quoted(texts) -> str:
    """「A」, or 「A」「B」… with each cut shorter when there are several."""
    return "".join(f"「{name}」" for name in quoted_names(texts))


def condition_words(c: Condition | None, setters: dict[str, tuple[str, ...]] | None = None) -> str:
    """A choice's condition in plain words, for the map and the lesson: by the
    choices that make it true, all of them ("选过「问问爸爸」「告诉妈妈」之一"),
    never by the flag's name, and each thing said once."""
    if c is None:
        return ""
    setters = setters or {}
    parts: list[str] = []
    for f in c.flag:
        texts = setters.get(f, ())
        if not texts:
            parts.append("之前做过另一个选择")
        else:
            parts.append(f"选过{_quoted(texts)}" + ("之一" if len(texts) > 1 else ""))
    # Not having set any of these flags: not having taken any choice that sets one.
    avoided = list(dict.fromkeys(t for f in c.not_flag for t in setters.get(f, ())))
    if avoided:
        parts.append(f"没有选过{_quoted(avoided)}" + ("中的任何一个" if len(avoided) > 1 else ""))
    if any(f not in setters for f in c.not_flag):
        parts.append("之前没有做过另一个选择")
    parts += [f"说出了{e}" for e in c.exposed]
    parts += [f"没说出{e}" for e in c.not_exposed]
    if c.money_min is not None:
        parts.append(f"钱≥¥{c.money_min}")
    if c.money_max is not None:
        parts.append(f"钱≤¥{c.money_max}")
    parts = list(dict.fromkeys(parts))
    return "只在" + "、".join(parts) + "时出现" if parts else ""


# --------------------------------------------------------------------------
# The map


@dataclass(frozen=True, slots=True)
class MapNode:
    id: str
    kind: str  # "decision", "step" or "ending"
    channel: str
    gist: str  # one line: who says what, or the ending's title
    depth: int  # arrows on the shortest way from the start; -1: not reachable
    ending_kind: str = ""  # safe / loss / stopped / missed, for an ending
    ending_title: str = ""
    rules: tuple[str, ...] = ()  # an ending's rules
    red_flags: tuple[RedFlag, ...] = ()
    genuine: bool = False  # of a genuine case: its safe ending is 核实后放心办

    @property
    def symbol(self) -> str:
        if self.kind == "ending":
            return ending_kind(self.ending_kind).symbol
        return NODE_KINDS[self.kind][0]

    @property
    def words(self) -> str:
        if self.kind == "ending":
            return ending_kind(self.ending_kind).words_for(self.genuine)
        return NODE_KINDS[self.kind][1]

    @property
    def label(self) -> str:
        """Symbol and words: "✘ 被骗了", "◆ 要做选择"."""
        return f"{self.symbol} {self.words}"

    @property
    def is_ending(self) -> bool:
        return self.kind == "ending"


@dataclass(frozen=True, slots=True)
class MapEdge:
    source: str
    target: str
    letter: str  # A, B, C … in the order of the node's choices; the form comes last
    text: str  # the choice's text, or "填写「label」" for the form
    index: int | None  # the choice's index in node.choices; None for the form
    condition: str = ""  # in words, when the choice is only offered sometimes

    @property
    def form(self) -> bool:
        return self.index is None

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.source, self.index)


@dataclass(frozen=True, slots=True)
class Trail:
    """A path through the map: the nodes in order (the last is where it is now)
    and the arrows taken."""

    nodes: tuple[str, ...] = ()
    edges: tuple[tuple[str, int | None], ...] = ()  # MapEdge.key of each arrow taken

    @property
    def current(self) -> str | None:
        return self.nodes[-1] if self.nodes else None

    def has_node(self, node_id: str) -> bool:
        return node_id in self.nodes

    def has_edge(self, edge: MapEdge) -> bool:
        return edge.key in self.edges


@dataclass
class StoryMap:
    scenario: Scenario
    nodes: dict[str, MapNode]  # in the order of the shortest ways from the start
    edges: tuple[MapEdge, ...]
    tree_parent: dict[str, MapEdge | None] = field(default_factory=dict)  # the arrow a node hangs from in the tree

    @property
    def start(self) -> str:
        return self.scenario.start

    def out(self, node_id: str) -> tuple[MapEdge, ...]:
        return tuple(e for e in self.edges if e.source == node_id)

    def into(self, node_id: str) -> tuple[MapEdge, ...]:
        return tuple(e for e in self.edges if e.target == node_id)

    @property
    def decisions(self) -> list[MapNode]:
        return [n for n in self.nodes.values() if n.kind == "decision"]

    @property
    def endings(self) -> list[MapNode]:
        return [n for n in self.nodes.values() if n.is_ending]

    def is_tree_edge(self, edge: MapEdge) -> bool:
        return self.tree_parent.get(edge.target) is edge

    def ancestors(self, node_id: str) -> list[str]:
        """The nodes above this one in the tree, nearest first."""
        out: list[str] = []
        edge = self.tree_parent.get(node_id)
        while edge is not None and edge.source not in out:
            out.append(edge.source)
            edge = self.tree_parent.get(edge.source)
        return out

    def goes_back(self, edge: MapEdge) -> bool:
        """True for an arrow that loops back to the node itself or one above it."""
        return edge.target == edge.source or edge.target in self.ancestors(edge.source)

    def endings_from(self, node_id: str) -> list[MapNode]:
        """Every ending that can be reached from this node (in map order)."""
        seen = {node_id}
        todo = [node_id]
        while todo:
            for e in self.out(todo.pop()):
                if e.target not in seen and e.target in self.nodes:
                    seen.add(e.target)
                    todo.append(e.target)
        return [n for n in self.endings if n.id in seen]

    def trail(self, path) -> Trail:
        return trail(self.scenario, path)


def _gist(s: Scenario, node: Node) -> str:
    """What a node is about, in one line: the last thing said to the player."""
    if node.ending:
        return node.ending.title
    said = [m for m in node.messages if m.speaker != PLAYER] or list(node.messages)
    if said:
        m = said[-1]
        who = s.speaker_name(m.speaker)
        text = f"{who}：{m.text}" if who else m.text
    elif node.url:
        text = node.url
    else:
        text = ""
    ch = channel(node.channel)
    where = ch.words
    if node.app:
        where = f"{node.app}{where}" if ch.drawing != "narration" else node.app
    text = shorten(text, GIST_CHARS)
    return f"{where} · {text}" if where and text else (where or text)


def build_map(s: Scenario) -> StoryMap:
    """The scenario's map: nodes in breadth-first order from the start (the
    order the choices are listed in), arrows lettered per node."""
    edges: list[MapEdge] = []
    setters = flag_setters(s)
    for nid, node in s.nodes.items():
        n = 0
        for i, c in enumerate(node.choices):
            edges.append(MapEdge(nid, c.to, letter(n), c.text, i, condition_words(c.condition, setters)))
            n += 1
        if node.input is not None:
            field_text = f"填写「{node.input.label}」" if node.input.label else "填写表单"
            edges.append(MapEdge(nid, node.input.to, letter(n), field_text, None))
    by_source: dict[str, list[MapEdge]] = {}
    for e in edges:
        by_source.setdefault(e.source, []).append(e)

    depth: dict[str, int] = {}
    parent: dict[str, MapEdge | None] = {}
    order: list[str] = []
    roots = [s.start] + [nid for nid in s.nodes if nid != s.start]
    for root in roots:
        if root in depth or root not in s.nodes:
            continue
        reachable = root == s.start
        depth[root] = 0 if reachable else -1
        parent[root] = None
        order.append(root)
        queue = deque([root])
        while queue:
            nid = queue.popleft()
            for e in by_source.get(nid, ()):
                if e.target in s.nodes and e.target not in depth:
                    depth[e.target] = depth[nid] + 1 if reachable else -1
                    parent[e.target] = e
                    order.append(e.target)
                    queue.append(e.target)

    nodes: dict[str, MapNode] = {}
    for nid in order:
        node = s.nodes[nid]
        flags = tuple(m.red_flag for m in node.messages if m.red_flag)
        ways = len(node.choices) + (node.input is not None)
        if node.ending:
            e = node.ending
            nodes[nid] = MapNode(
                nid, "ending", node.channel, _gist(s, node), depth[nid], e.kind, e.title, e.rules, flags, not s.is_scam
            )
        else:
            kind = "decision" if ways >= 2 else "step"
            nodes[nid] = MapNode(nid, kind, node.channel, _gist(s, node), depth[nid], red_flags=flags)
    return StoryMap(s, nodes, tuple(e for e in edges if e.target in s.nodes), parent)


# --------------------------------------------------------------------------
# Paths


def trail(s: Scenario, path) -> Trail:
    """The part of the map a path covers.

    `path` is a list of node ids (start first), a list of the engine's `Step`s
    (each a choice index or typed text at a node), or a `Playthrough`.
    Raises ValueError for a path that does not follow the story's arrows."""
    if path is None:
        return Trail()
    if hasattr(path, "steps") and hasattr(path, "scenario"):  # a Playthrough
        path = list(path.steps)
        if not path:
            return Trail((s.start,), ())
    items = list(path)
    if not items:
        return Trail()
    if all(isinstance(x, str) for x in items):
        return _trail_from_ids(s, items)
    return _trail_from_steps(s, items)


def _trail_from_ids(s: Scenario, ids: list[str]) -> Trail:
    for nid in ids:
        if nid not in s.nodes:
            raise ValueError(f"剧本里没有节点 `{nid}`")
    edges = []
    for a, b in zip(ids, ids[1:]):
        node = s.nodes[a]
        key = next(((a, i) for i, c in enumerate(node.choices) if c.to == b), None)
        if key is None and node.input is not None and node.input.to == b:
            key = (a, None)
        if key is None:
            raise ValueError(f"从 `{a}` 走不到 `{b}`")
        edges.append(key)
    return Trail(tuple(ids), tuple(edges))


def _trail_from_steps(s: Scenario, steps: list) -> Trail:
    ids = [s.start]
    edges = []
    for step in steps:
        nid = getattr(step, "node", None)
        if nid != ids[-1]:
            raise ValueError(f"这一步在 `{nid}`，可是路走到了 `{ids[-1]}`")
        node = s.nodes[nid]
        if getattr(step, "text", None) is not None:
            if node.input is None:
                raise ValueError(f"`{nid}` 没有表单")
            edges.append((nid, None))
            ids.append(node.input.to)
        else:
            i = step.choice
            if not isinstance(i, int) or not 0 <= i < len(node.choices):
                raise ValueError(f"`{nid}` 没有第 {i} 个选项")
            edges.append((nid, i))
            ids.append(node.choices[i].to)
    return Trail(tuple(ids), tuple(edges))


def red_flags_on_path(s: Scenario, path) -> list[FlagOnPath]:
    """Every red flag of the nodes a path went through, in order, each with
    its rule (a node visited twice counts once)."""
    return flags_met(s, trail(s, path).nodes)


__all__ = [
    "ENDING_KINDS", "NODE_KINDS", "MapNode", "MapEdge", "Trail", "StoryMap", "FlagOnPath",
    "build_map", "trail", "red_flags_on_path", "letter", "ending_words", "shorten", "flag_setters",
    "condition_words",
]
