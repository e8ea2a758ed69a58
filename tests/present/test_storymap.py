"""The story map (game/classroom/storymap.py and `fanzha map`) on every built-in case:
text, Mermaid (a strict subset grammar always; the real Mermaid parser where
tests/present/mermaid is installed) and DOT (Graphviz's `dot -Tsvg` where it is
installed), paths highlighted, loops drawn once, hostile text kept inert."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game.cli import main
from game.engine.explore import explore
from game.engine.model import Choice, Condition, Effects, Ending, Message, Node, Scenario
from game.engine.play import Playthrough
from game.engine.vocab import ENDING_KINDS
from game.classroom.maprender import HERE, TAKEN, legend, render_dot, render_mermaid, render_text
from game.classroom.storymap import (
    CHOICE_CHARS, SETTER_CHARS, build_map, condition_words, flag_setters, quoted_names, shorten, letter, red_flags_on_path, trail,
)

from .helpers import HOSTILE, builtin, builtin_ids, hostile_scenario, parse_mermaid_subset

MERMAID_DIR = Path(__file__).resolve().parent / "mermaid"
IDS = builtin_ids()


def test_there_are_builtin_cases():
    assert len(IDS) >= 10


def test_letters():
    assert [letter(i) for i in (0, 1, 2, 25, 26, 27)] == ["A", "B", "C", "Z", "AA", "AB"]


@pytest.mark.parametrize("sid", IDS)
def test_map_has_every_node_and_arrow(sid):
    s = builtin().get(sid)
    m = build_map(s)
    assert set(m.nodes) == set(s.nodes)
    assert len(m.edges) == sum(len(n.choices) + (n.input is not None) for n in s.nodes.values())
    assert list(m.nodes)[0] == s.start
    assert all(n.depth >= 0 for n in m.nodes.values()), "the validator guarantees every node is reachable"
    for n in m.nodes.values():
        node = s.nodes[n.id]
        if node.ending:
            assert n.kind == "ending" and n.ending_kind == node.ending.kind
            assert n.label == ENDING_KINDS[node.ending.kind].said(genuine=not s.is_scam)
        else:
            ways = len(node.choices) + (node.input is not None)
            assert n.kind == ("decision" if ways >= 2 else "step")
            assert [e.letter for e in m.out(n.id)] == [letter(i) for i in range(ways)]


def _named(text: str, among: int) -> str:
    return shorten(text, CHOICE_CHARS if among == 1 else SETTER_CHARS)


def test_a_conditional_way_names_every_choice_that_opens_it_once_never_the_flag():
    """A flag is the writer's shorthand ("asked-dad"); the class sees choices,
    all of those that set it, each named once."""
    told = several = 0
    for sid in IDS:
        s = builtin().get(sid)
        flags = {f for n in s.nodes.values() for c in n.choices for f in c.effects.set}
        setters = flag_setters(s)
        for e, c in ((e, s.nodes[e.source].choices[e.index]) for e in build_map(s).edges if e.index is not None):
            if c.condition is None or not (c.condition.flag or c.condition.not_flag):
                continue
            told += 1
            assert not any(f"「{f}」" in e.condition for f in flags), (sid, e.condition)
            for f in c.condition.flag:
                texts = setters[f]
                assert all(f"「{name}」" in e.condition for name in quoted_names(texts)), (sid, f, e.condition)
                several += len(texts) > 1
                assert ("之一" in e.condition) == (len(texts) > 1) or len(c.condition.flag) > 1, (sid, e.condition)
            quoted = re.findall(r"「(.+?)」", e.condition)
            assert len(quoted) == len(set(quoted)), (sid, e.condition)  # never "没有选过X、没有选过X"
    assert told, "some built-in case has a choice that only a flag opens"
    assert several, "some built-in flag is set by several choices"


def _gated(condition: Condition) -> Scenario:
    """A case where three choices set `told`, one choice sets both `a` and
    `b`, and the last choice depends on them."""
    end = Node("end", "narration", ending=Ending("safe", "好", ("six-5",), "好"))
    tell = Effects(set=("told",))
    nodes = {
        "start": Node("start", "chat", (Message("在吗", "x", "chat"),), choices=(
            Choice("告诉妈妈", "next", tell), Choice("告诉爸爸", "next", tell), Choice("告诉老师", "next", tell),
            Choice("两样都做", "next", Effects(set=("a", "b"))),
        )),
        "next": Node("next", "chat", (Message("然后呢", "x", "chat"),), choices=(
            Choice("先等等", "end"), Choice("打电话", "end", condition=condition),
        )),
        "end": end,
    }
    return Scenario("gated", "门", "type-1", ("小学",), "", nodes, "start", "<test>")


def test_a_flag_set_by_several_choices_names_them_all_and_each_thing_once():
    s = _gated(Condition(flag=("told",)))
    assert condition_words(s.nodes["next"].choices[1].condition, flag_setters(s)) == (
        "只在选过「告诉妈妈」「告诉爸爸」「告诉老师」之一时出现"
    )
    s = _gated(Condition(not_flag=("a", "b")))
    assert condition_words(s.nodes["next"].choices[1].condition, flag_setters(s)) == "只在没有选过「两样都做」时出现"
    s = _gated(Condition(not_flag=("told", "a")))
    assert condition_words(s.nodes["next"].choices[1].condition, flag_setters(s)) == (
        "只在没有选过「告诉妈妈」「告诉爸爸」「告诉老师」「两样都做」中的任何一个时出现"
    )


def test_a_genuine_case_map_says_checked_and_trusted_never_seen_through():
    s = next(builtin().get(i) for i in IDS if not builtin().get(i).is_scam)
    for text in (render_text(build_map(s)), render_mermaid(build_map(s)), render_dot(build_map(s))):
        assert "核实后放心办" in text and "成功识破" not in text
    assert "成功识破" in legend() and "核实后放心办" in legend(genuine=True)


@pytest.mark.parametrize("sid", IDS)
def test_text_map_names_every_node_and_ending(sid):
    s = builtin().get(sid)
    text = render_text(build_map(s))
    for nid, node in s.nodes.items():
        assert nid in text
        if node.ending:
            words = ENDING_KINDS[node.ending.kind].said(genuine=not s.is_scam)
            assert f"{words} · {nid}《{node.ending.title}》" in text
    # Each non-ending node is drawn (expanded) exactly once.
    for nid, node in s.nodes.items():
        if not node.ending:
            drawn = [ln for ln in text.splitlines() if re.search(rf"[◆▸] {re.escape(nid)}  ", ln)]
            assert len(drawn) == 1, (nid, drawn)


@pytest.mark.parametrize("sid", IDS)
def test_mermaid_subset_has_every_node_and_arrow(sid):
    s = builtin().get(sid)
    m = build_map(s)
    nodes, edges = parse_mermaid_subset(render_mermaid(m))
    assert nodes == {f"n{i}" for i in range(len(s.nodes))}
    assert len(edges) == len(m.edges)


def _mermaid_parser():
    node = shutil.which("node")
    if node is None or not (MERMAID_DIR / "node_modules" / "mermaid").is_dir():
        pytest.skip("the real Mermaid parser is not installed here (`npm ci --prefix tests/present/mermaid`, as .ci/run does)")
    return node


def _parse_with_mermaid(texts: list[str]) -> list[dict]:
    node = _mermaid_parser()
    done = subprocess.run(
        [node, str(MERMAID_DIR / "check.mjs")], input=json.dumps(texts), capture_output=True,
        text=True, encoding="utf-8", timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_real_mermaid_parser_reads_every_map_as_a_flowchart():
    cases = [builtin().get(sid) for sid in IDS] + [hostile_scenario()]
    maps = [build_map(s) for s in cases]
    texts = [render_mermaid(m) for m in maps]
    # And with a path highlighted (thick arrows, classes): a few cases suffice.
    lit = maps[::5] + [maps[-1]]
    texts += [render_mermaid(m, list(explore(m.scenario).endings.values())[-1]) for m in lit]
    results = _parse_with_mermaid(texts)
    assert len(results) == len(texts)
    for m, res in zip(maps + lit, results):
        assert res["ok"], (m.scenario.id, res.get("error"))
        assert res["type"].startswith("flowchart")
        assert set(res["vertices"]) == {f"n{i}" for i in range(len(m.nodes))}, m.scenario.id
        assert res["edges"] == len(m.edges), m.scenario.id


def test_the_real_parser_rejects_a_broken_diagram():
    res = _parse_with_mermaid(['flowchart TD\n  n0["a" --> n1\n'])
    assert not res[0]["ok"]


@pytest.mark.slow
def test_dot_renders_with_graphviz():
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz is not installed here (.ci/run installs it with apt-get)")
    for s in [builtin().get(sid) for sid in IDS] + [hostile_scenario()]:
        m = build_map(s)
        source = render_dot(m, [s.start])
        done = subprocess.run([dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=60)
        assert done.returncode == 0, (s.id, done.stderr.decode("utf-8", "replace"))
        svg = done.stdout.decode("utf-8")
        assert svg.count('class="node"') == len(m.nodes), s.id
        assert svg.count('class="edge"') == len(m.edges), s.id


@pytest.mark.parametrize("sid", IDS)
def test_dot_declares_every_node_and_edge(sid):
    s = builtin().get(sid)
    m = build_map(s)
    text = render_dot(m)
    for nid in s.nodes:
        assert re.search(rf'^  "{re.escape(nid)}" \[', text, re.M), nid
    assert len(re.findall(r'^  "[^"]+" -> "[^"]+" \[', text, re.M)) == len(m.edges)


# --------------------------------------------------------------------------
# Paths


@pytest.mark.parametrize("sid", IDS)
def test_every_ending_path_highlights_in_all_formats(sid):
    s = builtin().get(sid)
    m = build_map(s)
    for end, steps in explore(s).endings.items():
        t = trail(s, list(steps))
        assert t.nodes[0] == s.start and t.current == end
        assert len(t.edges) == len(steps)
        text = render_text(m, list(steps))
        assert f"{HERE} " + m.nodes[end].label in text
        assert text.count(f"─{TAKEN}") == len(set(t.edges))
        mer = render_mermaid(m, list(steps))
        assert mer.count("==>") == len(set(t.edges))
        assert "penwidth=4" in render_dot(m, list(steps))


def test_trail_from_a_playthrough_and_from_node_ids_agree():
    s = builtin().get(IDS[0])
    play = Playthrough(s)
    for step in next(iter(explore(s).endings.values())):
        play.submit(step.text) if step.text is not None else play.choose(step.choice)
    assert play.ended
    from_play = trail(s, play)
    from_ids = trail(s, list(from_play.nodes))
    assert from_play.nodes == from_ids.nodes
    assert from_play.current == play.node.id
    assert trail(s, Playthrough(s)).nodes == (s.start,)


def test_bad_paths_are_refused():
    s = builtin().get(IDS[0])
    with pytest.raises(ValueError):
        trail(s, [s.start, "no-such-node"])
    ending = next(iter(s.endings))
    if ending not in s.nodes[s.start].targets:
        with pytest.raises(ValueError):
            trail(s, [s.start, ending])


def test_red_flags_on_path_have_their_rules():
    s = builtin().get("type08-dujiaoshou-shouhao") or builtin().get(IDS[0])
    steps = max(explore(s).endings.values(), key=len)
    flags = red_flags_on_path(s, list(steps))
    expected = [m for nid in trail(s, list(steps)).nodes for m in s.nodes[nid].messages if m.red_flag]
    assert len(flags) == len(expected) > 0
    for f in flags:
        assert f.rule == f.message.red_flag.rule and f.rule_text and f.rule_label


# --------------------------------------------------------------------------
# Loops and hostile text


def test_a_loop_is_drawn_once_with_a_back_reference():
    s = hostile_scenario()
    m = build_map(s)
    text = render_text(m)
    assert text.count("↺ 回到 ◆ start") == 2  # from start itself and from the form
    assert sum(1 for ln in text.splitlines() if "◆ start  " in ln) == 1
    t = trail(s, ["start", "start", "form", "start", "form", "loss"])
    assert t.current == "loss"
    render_text(m, t)  # a path that goes round the loop still draws


def test_hostile_text_stays_inside_its_labels():
    s = hostile_scenario()
    m = build_map(s)
    mer = render_mermaid(m, ["start", "form", "loss"])
    nodes, edges = parse_mermaid_subset(mer)  # no line broken out of the subset
    assert len(nodes) == 4 and len(edges) == len(m.edges)
    assert "<script>" not in mer and "#60;script#62;" in mer
    dot = render_dot(m)
    for line in dot.splitlines()[4:-1]:
        # Every quoted string is closed on its own line: quotes inside are escaped.
        assert len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 0, line
    text = render_text(m)
    assert HOSTILE[:20] in text  # the text form shows it literally


def test_conditions_are_said_in_words():
    m = build_map(hostile_scenario())
    cond = [e for e in m.out("start") if e.condition]
    assert len(cond) == 1 and cond[0].condition.startswith("只在")
    assert "-.->" in render_mermaid(m)


# --------------------------------------------------------------------------
# The command


@pytest.mark.parametrize("fmt", ["text", "mermaid", "dot"])
def test_map_command_prints_each_format(capsys, fmt):
    sid = IDS[0]
    assert main(["map", sid, "--format", fmt]) == 0
    out = capsys.readouterr().out
    s = builtin().get(sid)
    assert all(nid in out for nid in s.nodes) or fmt == "mermaid"
    if fmt == "mermaid":
        parse_mermaid_subset(out)
    if fmt == "dot":
        assert out.startswith("digraph story {")


def test_map_command_path_and_out_file(tmp_path, capsys):
    s = builtin().get(IDS[0])
    steps = next(iter(explore(s).endings.values()))
    ids = ",".join(trail(s, list(steps)).nodes)
    out = tmp_path / "map.mmd"
    assert main(["map", s.id, "--format", "mermaid", "--path", ids, "--out", str(out)]) == 0
    assert "==>" in out.read_text(encoding="utf-8")
    assert main(["map", s.id, "--path", f"{s.start},nowhere"]) == 2
    assert main(["map", "no-such-case"]) == 2
    assert "no-such-case" in capsys.readouterr().err


def test_two_choices_that_differ_late_are_never_named_the_same():
    texts = ("给周校长打 136****3306，问饭店订在哪", "给周校长打 136****3306，问要不要接专家")
    names = quoted_names(texts)
    assert len(set(names)) == 2 and all(n.rstrip("…") and t.startswith(n.rstrip("…")) for n, t in zip(names, texts))
    assert quoted_names(("问问爸爸", "告诉妈妈")) == ["问问爸爸", "告诉妈妈"]
