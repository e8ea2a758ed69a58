"""The story map: a scenario as a graph of decisions and endings.

Pure: no Textual, no files. `build_map(scenario)` gives a `StoryMap`; `trail()`
turns a path (node ids, the engine's Steps, or a Playthrough) into the part of
the map to highlight; the renderers draw it as an indented text tree, as a
Mermaid flowchart or as Graphviz DOT.

Scenarios may loop (a choice back to an earlier node), so the map is a graph,
never an unrolled tree: every node is drawn once. The text form is a tree along
the shortest ways from the start; every other arrow to a node is written as a
reference ("→ 转到 …", or "↺ 回到 …" when it goes back up the tree). Endings are
leaves and are repeated in place, which reads better than a reference.

Every ending kind is said in words and a symbol, never only in colour:
✔ 成功识破, ✘ 被骗了, ⚠ 及时止损, ⊘ 错过了真消息.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.engine.model import PLAYER, Condition, Message, Node, RedFlag, Scenario
from game.engine.words import CHANNELS, KINDS

# Ending kinds: (symbol, words), the game's own (game/engine/words.py).
ENDING_KINDS = KINDS
# Other nodes: a decision (two or more ways on) or a step (one way on).
NODE_KINDS = {
    "decision": ("◆", "要做选择"),
    "step": ("▸", "故事继续"),
}
TAKEN = "★"  # an arrow or a node on the path so far
HERE = "●"  # where the path is now
FORMATS = ("text", "mermaid", "dot")

GIST_CHARS = 30  # a node's one-line gist in the map
CHOICE_CHARS = 40  # a choice's text on an arrow (the text form shows it whole up to this)


def letter(n: int) -> str:
    """0 → A, 1 → B, … 25 → Z, 26 → AA: the letters a class votes with."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def shorten(text: str, limit: int) -> str:
    """One line, at most `limit` characters (an ellipsis marks the cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(1, limit - 1)] + "…"


def ending_words(kind: str) -> str:
    symbol, words = ENDING_KINDS.get(kind, ("•", kind))
    return f"{symbol} {words}"


def flag_setters(s: Scenario) -> dict[str, str]:
    """flag → the first choice (or form) that sets it, in the story's order:
    a flag's name is the writer's shorthand, the choice is what the class saw."""
    found: dict[str, str] = {}
    for node in s.nodes.values():
        ways = [(c.text, c.effects) for c in node.choices]
        if node.input is not None:
            ways.append((f"填写「{node.input.label}」" if node.input.label else "填写表单", node.input.effects))
        for text, effects in ways:
            for flag in effects.set:
                found.setdefault(flag, shorten(text, CHOICE_CHARS))
    return found


def condition_words(c: Condition | None, setters: dict[str, str] | None = None) -> str:
    """A choice's condition in plain words, for the map: by the choice that
    makes it true ("选过「问问爸爸」"), never by the flag's name."""
    if c is None:
        return ""
    setters = setters or {}

    def did(f: str) -> str:
        return f"选过「{setters[f]}」" if f in setters else "之前做过另一个选择"

    parts = [did(f) for f in c.flag]
    parts += [f"没有{did(f)}" for f in c.not_flag]
    parts += [f"说出了{e}" for e in c.exposed]
    parts += [f"没说出{e}" for e in c.not_exposed]
    if c.money_min is not None:
        parts.append(f"钱≥¥{c.money_min}")
    if c.money_max is not None:
        parts.append(f"钱≤¥{c.money_max}")
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

    @property
    def symbol(self) -> str:
        if self.kind == "ending":
            return ENDING_KINDS.get(self.ending_kind, ("•", ""))[0]
        return NODE_KINDS[self.kind][0]

    @property
    def words(self) -> str:
        if self.kind == "ending":
            return ENDING_KINDS.get(self.ending_kind, ("", self.ending_kind))[1]
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
    where = CHANNELS.get(node.channel, node.channel)
    if node.app:
        where = f"{node.app}{where}" if where != "旁白" else node.app
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
            nodes[nid] = MapNode(nid, "ending", node.channel, _gist(s, node), depth[nid], e.kind, e.title, e.rules, flags)
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


@dataclass(frozen=True, slots=True)
class FlagOnPath:
    """A red flag met on a path, for the case summary at the end."""

    node: str
    message: Message
    rule: str  # the rule's id
    rule_label: str  # 十个凡是 第5条 …
    rule_text: str  # the rule in full, word for word from the school plan


def red_flags_on_path(s: Scenario, path) -> list[FlagOnPath]:
    """Every red flag of the nodes a path went through, in order, each with
    its rule (a node visited twice counts once)."""
    from game.engine.rules import catalogue

    cat = catalogue()
    out: list[FlagOnPath] = []
    seen: set[str] = set()
    for nid in trail(s, path).nodes:
        if nid in seen:
            continue
        seen.add(nid)
        for m in s.nodes[nid].messages:
            if m.red_flag:
                rule = cat.get(m.red_flag.rule)
                out.append(
                    FlagOnPath(nid, m, m.red_flag.rule, rule.label if rule else m.red_flag.rule, rule.text if rule else "")
                )
    return out


# --------------------------------------------------------------------------
# Text


def legend(with_trail: bool = False) -> str:
    parts = [f"{sym} {w}" for sym, w in NODE_KINDS.values()]
    parts += [f"{sym} {w}" for sym, w in ENDING_KINDS.values()]
    parts += ["→ 转到别处画出的节点", "↺ 回到前面"]
    if with_trail:
        parts += [f"{TAKEN} 走过的路", f"{HERE} 现在在这里"]
    return "图例：" + "  ".join(parts)


def render_text(m: StoryMap, path=None) -> str:
    """The map as an indented tree. Each node is drawn once under the shortest
    way to it; other arrows to it are references. Endings are drawn in place."""
    t = m.trail(path) if path is not None and not isinstance(path, Trail) else (path or Trail())
    s = m.scenario
    lines = [f"《{s.title}》（{s.id}）故事地图", legend(bool(t.nodes))]
    if t.nodes:
        lines.append(f"{TAKEN} 走过的路：" + " → ".join(t.nodes))
    lines.append("")

    def node_text(n: MapNode) -> str:
        mark = ""
        if t.current == n.id:
            mark = f"{HERE} "
        elif t.has_node(n.id):
            mark = f"{TAKEN} "
        if n.is_ending:
            return f"{mark}{n.label} · {n.id}《{n.ending_title}》"
        flags = f"  ⚑×{len(n.red_flags)}" if n.red_flags else ""
        return f"{mark}{n.symbol} {n.id}  {n.gist}{flags}"

    def walk(nid: str, prefix: str) -> None:
        edges = m.out(nid)
        for i, e in enumerate(edges):
            last = i == len(edges) - 1
            branch = "└─" if last else "├─"
            taken = TAKEN if t.has_edge(e) else " "
            cond = f"（{e.condition}）" if e.condition else ""
            head = f"{prefix}{branch}{taken}{e.letter}「{shorten(e.text, CHOICE_CHARS)}」{cond} "
            target = m.nodes[e.target]
            if target.is_ending:
                lines.append(head + "→ " + node_text(target))
            elif m.is_tree_edge(e):
                lines.append(head + "→ " + node_text(target))
                walk(e.target, prefix + ("   " if last else "│  "))
            elif m.goes_back(e):
                lines.append(head + f"↺ 回到 {target.symbol} {target.id}（上面）")
            else:
                lines.append(head + f"→ 转到 {target.symbol} {target.id}（另见）")

    roots = [n for n in m.nodes.values() if m.tree_parent.get(n.id) is None]
    for r in roots:
        if r.depth < 0:
            lines.append("")
            lines.append("（从开头走不到的部分）")
        lines.append(node_text(r))
        walk(r.id, "")
    lines.append("")
    kinds = {}
    for n in m.endings:
        kinds[n.ending_kind] = kinds.get(n.ending_kind, 0) + 1
    summary = "，".join(f"{ending_words(k)} {c} 个" for k, c in kinds.items())
    lines.append(f"共 {len(m.decisions)} 个选择点，{len(m.endings)} 个结局：{summary}。")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Mermaid

# Colours say nothing alone: every node also carries its symbol and words.
_MERMAID_CLASSES = {
    "decision": "fill:#eef3fb,stroke:#0b4fa8,color:#111111",
    "step": "fill:#f6f6f6,stroke:#666666,color:#111111",
    "safe": "fill:#e3f4e6,stroke:#1b6e2a,color:#111111",
    "loss": "fill:#fbe5e7,stroke:#b00020,color:#111111",
    "stopped": "fill:#fdf0d9,stroke:#8a5a00,color:#111111",
    "missed": "fill:#ececf4,stroke:#4a4a7a,color:#111111",
    "taken": "stroke-width:4px",
    "here": "stroke-width:6px,stroke-dasharray:4 2",
}


def mermaid_escape(text: str) -> str:
    """Text for inside a quoted Mermaid label: no character can end the
    label, start markup or become HTML."""
    out = []
    for ch in " ".join(text.split()):
        if ch in '#"&<>`|[]{}()\\;':
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def render_mermaid(m: StoryMap, path=None) -> str:
    t = m.trail(path) if path is not None and not isinstance(path, Trail) else (path or Trail())
    ids = {nid: f"n{i}" for i, nid in enumerate(m.nodes)}
    s = m.scenario
    lines = [
        f"%% 《{mermaid_escape(s.title)}》（{mermaid_escape(s.id)}）故事地图",
        "%% " + legend(bool(t.nodes)),
        "flowchart TD",
    ]
    for nid, n in m.nodes.items():
        mark = f"{HERE} " if t.current == nid else (f"{TAKEN} " if t.has_node(nid) else "")
        if n.is_ending:
            text = f"{mark}{n.label}<br/>{mermaid_escape(nid)}：{mermaid_escape(n.ending_title)}"
            lines.append(f'  {ids[nid]}(["{text}"])')
        else:
            head = mermaid_escape(f"{mark}{n.label} · {nid}")
            text = f"{head}<br/>{mermaid_escape(n.gist)}"
            if n.red_flags:
                text += f"<br/>⚑ 危险信号 {len(n.red_flags)} 处"
            lines.append(f'  {ids[nid]}["{text}"]')
    link_styles = []
    for k, e in enumerate(m.edges):
        label = f"{TAKEN} " if t.has_edge(e) else ""
        label += f"{e.letter} {shorten(e.text, CHOICE_CHARS)}"
        if e.condition:
            label += f"（{e.condition}）"
        arrow = "==>" if t.has_edge(e) else ("-.->" if e.condition else "-->")
        lines.append(f'  {ids[e.source]} {arrow}|"{mermaid_escape(label)}"| {ids[e.target]}')
        if t.has_edge(e):
            link_styles.append(k)
    for name, style in _MERMAID_CLASSES.items():
        lines.append(f"  classDef {name} {style}")
    groups: dict[str, list[str]] = {}
    for nid, n in m.nodes.items():
        groups.setdefault(n.ending_kind if n.is_ending else n.kind, []).append(ids[nid])
    for name, members in groups.items():
        if name in _MERMAID_CLASSES:
            lines.append(f"  class {','.join(members)} {name}")
    taken = [ids[nid] for nid in m.nodes if t.has_node(nid) and nid != t.current]
    if taken:
        lines.append(f"  class {','.join(taken)} taken")
    if t.current:
        lines.append(f"  class {ids[t.current]} here")
    if link_styles:
        lines.append(f"  linkStyle {','.join(map(str, link_styles))} stroke-width:4px")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# DOT

_DOT_FILL = {
    "decision": "#eef3fb", "step": "#f6f6f6", "safe": "#e3f4e6",
    "loss": "#fbe5e7", "stopped": "#fdf0d9", "missed": "#ececf4",
}


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, so no
    escape sequence of the scenario's text means anything to Graphviz."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(*lines: str) -> str:
    # Each line is escaped on its own and joined with DOT's centred line break.
    return '"' + "\\n".join(dot_quote(x)[1:-1] for x in lines) + '"'


def render_dot(m: StoryMap, path=None) -> str:
    t = m.trail(path) if path is not None and not isinstance(path, Trail) else (path or Trail())
    s = m.scenario
    lines = [
        "digraph story {",
        f"  graph [rankdir=TB, labelloc=t, fontname=\"sans-serif\", label={_dot_label(f'《{s.title}》（{s.id}）故事地图', legend(bool(t.nodes)))}];",
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", color="#333333"];',
        '  edge [fontname="sans-serif"];',
    ]
    for nid, n in m.nodes.items():
        mark = f"{HERE} " if t.current == nid else (f"{TAKEN} " if t.has_node(nid) else "")
        attrs = []
        if n.is_ending:
            label = _dot_label(f"{mark}{n.label}", nid, n.ending_title)
            attrs.append("peripheries=2")
            fill = _DOT_FILL.get(n.ending_kind, "#ffffff")
        else:
            extra = [f"⚑ 危险信号 {len(n.red_flags)} 处"] if n.red_flags else []
            label = _dot_label(f"{mark}{n.label} · {nid}", n.gist, *extra)
            fill = _DOT_FILL[n.kind]
        attrs += [f"label={label}", f'fillcolor="{fill}"']
        if t.has_node(nid):
            attrs.append("penwidth=4")
        if t.current == nid:
            attrs.append('style="rounded,filled,bold,dashed"')
        lines.append(f"  {dot_quote(nid)} [{', '.join(attrs)}];")
    for e in m.edges:
        label = f"{TAKEN} " if t.has_edge(e) else ""
        label += f"{e.letter} {shorten(e.text, CHOICE_CHARS)}"
        if e.condition:
            label += f"（{e.condition}）"
        attrs = [f"label={dot_quote(label)}"]
        if t.has_edge(e):
            attrs.append("penwidth=4")
        elif e.condition:
            attrs.append("style=dashed")
        if m.goes_back(e):
            attrs.append("constraint=false")
        lines.append(f"  {dot_quote(e.source)} -> {dot_quote(e.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(m: StoryMap, fmt: str = "text", path=None) -> str:
    if fmt == "text":
        return render_text(m, path)
    if fmt == "mermaid":
        return render_mermaid(m, path)
    if fmt == "dot":
        return render_dot(m, path)
    raise ValueError(f"不认识的格式：{fmt}（可以用 {'、'.join(FORMATS)}）")


__all__ = [
    "ENDING_KINDS", "NODE_KINDS", "FORMATS", "MapNode", "MapEdge", "Trail", "StoryMap", "FlagOnPath",
    "build_map", "trail", "red_flags_on_path", "render", "render_text", "render_mermaid", "render_dot",
    "letter", "ending_words", "legend", "shorten", "mermaid_escape", "dot_quote",
]
