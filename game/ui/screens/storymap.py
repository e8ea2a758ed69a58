"""The story map in the game (presenter mode, key m): the scenario as a tree
of decisions and endings, built by `game.classroom.storymap` (the module behind
`fanzha map`).

Each row is one arrow: the choice's letter and text, then where it leads. A
node's ways on are indented under it, with a line down the left of them.
Endings say what they are in words and a symbol (the vocabulary's: ✔ 成功识破,
✘ 被骗了, ⚠ 及时止损, ⊘ 错过了真消息; ✔ 核实后放心办 in a genuine case), and
each kind has its colour (storymap.tcss). The path taken so far is marked by more than
colour: a ► before the row, bold text and "（走过）" after it, a heavy line
beside the branches it went through, and "【现在在这里】" where it is now."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from game.engine.play import Playthrough
from game.classroom.storymap import MapEdge, MapNode, StoryMap, Trail, build_map, trail
from game.ui.widgets.keybar import KeyBar
from game.engine.vocab import ENDING_KINDS, kind_words
from game.ui.words import lit
from game.ui.styles import beside

DECISION = "❖"  # a node with two or more ways on (not ◆: ambiguous width)
STEP = "▸"  # a node with one way on
TAKEN = "►"  # a row on the path so far
HERE = "【现在在这里】"


def node_words(n: MapNode, genuine: bool = False) -> Content:
    """What a node is: an ending's kind in words and symbol and its title, or
    the gist of a moment. In a genuine case the safe ending is a real message
    checked and trusted, not a scam seen through."""
    if n.is_ending:
        return Content.assemble((kind_words(n.ending_kind, genuine), "bold"), "《", lit(n.ending_title), "》")
    symbol = DECISION if n.kind == "decision" else STEP
    return Content.assemble(f"{symbol} ", lit(n.gist))


class MapRow(Static):
    """One line of the map (it wraps on a narrow screen)."""

    STYLESHEETS = beside(__file__, "storymap.tcss")


class MapBranch(Vertical):
    """The ways on from one node, indented under it."""

    STYLESHEETS = beside(__file__, "storymap.tcss", MapRow)


class StoryMapScreen(Screen):
    CSS_PATH = "storymap.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "回到故事"),
        Binding("m", "app.pop_screen", show=False),
        Binding("c", "show_here", "现在的位置"),
    ]

    def __init__(self, play: Playthrough) -> None:
        super().__init__()
        self.play = play
        self.map: StoryMap = build_map(play.scenario)
        self.trail: Trail = trail(play.scenario, play)
        self._here: Widget | None = None
        self.genuine = not play.scenario.is_scam

    def compose(self) -> ComposeResult:
        m, s = self.map, self.play.scenario
        counts: dict[str, int] = {}
        for n in m.endings:
            counts[n.ending_kind] = counts.get(n.ending_kind, 0) + 1
        summary = "，".join(f"{kind_words(k, self.genuine)} {c} 个" for k, c in counts.items())
        yield Static(
            Content.assemble(("故事地图", "bold"), "　", lit(f"《{s.title}》"), f"　{len(m.decisions)} 个选择点，{len(m.endings)} 个结局"),
            id="map-title",
        )
        legend = [f"{DECISION} 要做选择", *[k.said(self.genuine) for k in ENDING_KINDS.values()], f"{TAKEN} 走过的路"]
        yield Static("图例：" + "　".join(legend), id="map-legend", markup=False)
        with VerticalScroll(id="map-body"):
            yield from self._rows()
            yield Static(f"结局：{summary}。" if summary else "", classes="map-total", markup=False)
        yield KeyBar()

    # -- building the tree ----------------------------------------------------
    def _rows(self) -> list[Widget]:
        m, t = self.map, self.trail
        out: list[Widget] = []
        roots = [n for n in m.nodes.values() if m.tree_parent.get(n.id) is None]
        for root in roots:
            if root.depth < 0:
                out.append(Static("（从开头走不到的部分）", classes="map-note", markup=False))
            on_path = t.has_node(root.id)
            here = t.current == root.id
            out.append(self._row(Content.assemble(("开头 ", "bold"), node_words(root, self.genuine)), on_path, here))
            children = self._branch(root.id, {root.id})
            if children:
                out.append(MapBranch(*children, classes="map-branch" + (" -taken" if on_path else "")))
        return out

    def _branch(self, node_id: str, drawn: set[str]) -> list[Widget]:
        m, t = self.map, self.trail
        out: list[Widget] = []
        for edge in m.out(node_id):
            target = m.nodes[edge.target]
            taken = t.has_edge(edge)
            here = taken and t.current == target.id
            head = self._edge_words(edge)
            if target.is_ending:
                out.append(self._row(Content.assemble(head, "→ ", node_words(target, self.genuine)), taken, here, ending=target.ending_kind))
            elif m.is_tree_edge(edge) and target.id not in drawn:
                out.append(self._row(Content.assemble(head, "→ ", node_words(target, self.genuine)), taken, here))
                children = self._branch(target.id, drawn | {target.id})
                if children:
                    out.append(MapBranch(*children, classes="map-branch" + (" -taken" if taken else "")))
            elif m.goes_back(edge):
                out.append(self._row(Content.assemble(head, "↺ 回到前面的「", lit(target.gist), "」"), taken, here))
            else:
                out.append(self._row(Content.assemble(head, "→ 转到「", lit(target.gist), "」（在别处画出）"), taken, here))
        return out

    @staticmethod
    def _edge_words(edge: MapEdge) -> Content:
        if edge.form:  # its text already reads 填写「…」
            parts: list = [(f"{edge.letter} ", "bold"), "✎ ", lit(edge.text)]
        else:
            parts = [(edge.letter, "bold"), "「", lit(edge.text), "」"]
        if edge.condition:
            parts.append(lit(f"（{edge.condition}）"))
        parts.append(" ")
        return Content.assemble(*parts)

    def _row(self, words: Content, taken: bool, here: bool, ending: str = "") -> MapRow:
        classes = "map-row"
        if taken:
            # Where the path is now says so instead of "（走过）".
            words = Content.assemble((f"{TAKEN} ", "bold"), words, "" if here else "（走过）").stylize("bold")
            classes += " -taken"
        if here:
            words = Content.assemble(words, (HERE, "bold reverse"))
            classes += " -here"
        if ending:
            classes += f" -ending -{ending}"
        row = MapRow(words, classes=classes)
        if here:
            self._here = row
        return row

    # -- showing ---------------------------------------------------------------
    def on_mount(self) -> None:
        self.query_one("#map-body").focus()
        self.call_after_refresh(self.action_show_here)

    def action_show_here(self) -> None:
        if self._here is not None:
            self.query_one("#map-body", VerticalScroll).scroll_to_widget(self._here, animate=False, center=True)
