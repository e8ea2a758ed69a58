"""The story map drawn for handouts and slides: as an indented text tree, as a
Mermaid flowchart or as Graphviz DOT, with a path highlighted when given.

The text form is a tree along the shortest ways from the start; every other
arrow to a node is written as a reference ("→ 转到 …", or "↺ 回到 …" when it
goes back up the tree). Endings are leaves and are repeated in place, which
reads better than a reference. Every kind is drawn with its symbol and words
(the vocabulary's: a genuine case's safe ending is 核实后放心办), never only in
colour; the colours are the vocabulary's colour names, mapped to PALETTE."""

from __future__ import annotations

from game.classroom.storymap import (
    CHOICE_CHARS, ENDING_KINDS, NODE_KINDS, MapEdge, MapNode, StoryMap, Trail, ending_words, shorten,
)

TAKEN = "★"  # an arrow or a node on the path so far
HERE = "●"  # where the path is now
FORMATS = ("text", "mermaid", "dot")


def _trail(m: StoryMap, path) -> Trail:
    """What to highlight: a path (see `storymap.trail`), a Trail, or nothing."""
    return m.trail(path) if path is not None and not isinstance(path, Trail) else (path or Trail())


def _edge_label(t: Trail, e: MapEdge) -> str:
    """An arrow's words in the Mermaid and DOT drawings: marked when taken,
    with its condition when it has one."""
    label = f"{TAKEN} " if t.has_edge(e) else ""
    label += f"{e.letter} {shorten(e.text, CHOICE_CHARS)}"
    if e.condition:
        label += f"（{e.condition}）"
    return label


def legend(with_trail: bool = False, genuine: bool = False) -> str:
    parts = [f"{sym} {w}" for sym, w in NODE_KINDS.values()]
    parts += [k.said(genuine) for k in ENDING_KINDS.values()]
    parts += ["→ 转到别处画出的节点", "↺ 回到前面"]
    if with_trail:
        parts += [f"{TAKEN} 走过的路", f"{HERE} 现在在这里"]
    return "图例：" + "  ".join(parts)


def render_text(m: StoryMap, path=None) -> str:
    """The map as an indented tree. Each node is drawn once under the shortest
    way to it; other arrows to it are references. Endings are drawn in place."""
    t = _trail(m, path)
    s = m.scenario
    lines = [f"《{s.title}》（{s.id}）故事地图", legend(bool(t.nodes), not s.is_scam)]
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
        flags = f"  ⚑危险信号×{len(n.red_flags)}" if n.red_flags else ""  # in words: ⚑ is lost on a GBK console
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
    summary = "，".join(f"{ending_words(k, not s.is_scam)} {c} 个" for k, c in kinds.items())
    lines.append(f"共 {len(m.decisions)} 个选择点，{len(m.endings)} 个结局：{summary}。")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Mermaid

# Colours say nothing alone: every node also carries its symbol and words.
# The printed map's palette for the vocabulary's colour names: a light fill
# and a dark stroke under black text, so a map still reads in grey.
PALETTE = {
    "primary": ("#eef3fb", "#0b4fa8"),
    "muted": ("#f6f6f6", "#666666"),
    "success": ("#e3f4e6", "#1b6e2a"),
    "error": ("#fbe5e7", "#b00020"),
    "warning": ("#fdf0d9", "#8a5a00"),
    "secondary": ("#ececf4", "#4a4a7a"),
}
NODE_COLOURS = {"decision": "primary", "step": "muted"}


def _colours() -> dict[str, str]:
    """A node kind or an ending kind → its colour name."""
    return {**NODE_COLOURS, **{k.id: k.colour for k in ENDING_KINDS.values()}}


_MERMAID_CLASSES = {
    **{name: "fill:{},stroke:{},color:#111111".format(*PALETTE[colour]) for name, colour in _colours().items()},
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
    t = _trail(m, path)
    ids = {nid: f"n{i}" for i, nid in enumerate(m.nodes)}
    s = m.scenario
    lines = [
        f"%% 《{mermaid_escape(s.title)}》（{mermaid_escape(s.id)}）故事地图",
        "%% " + legend(bool(t.nodes), not s.is_scam),
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
        label = _edge_label(t, e)
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

_DOT_FILL = {name: PALETTE[colour][0] for name, colour in _colours().items()}


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, so no
    escape sequence of the scenario's text means anything to Graphviz."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(*lines: str) -> str:
    # Each line is escaped on its own and joined with DOT's centred line break.
    return '"' + "\\n".join(dot_quote(x)[1:-1] for x in lines) + '"'


def render_dot(m: StoryMap, path=None) -> str:
    t = _trail(m, path)
    s = m.scenario
    lines = [
        "digraph story {",
        f"  graph [rankdir=TB, labelloc=t, fontname=\"sans-serif\", label={_dot_label(f'《{s.title}》（{s.id}）故事地图', legend(bool(t.nodes), not s.is_scam))}];",
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
        label = _edge_label(t, e)
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
    "TAKEN", "HERE", "FORMATS", "legend", "render", "render_text", "render_mermaid", "render_dot",
    "mermaid_escape", "dot_quote",
]
