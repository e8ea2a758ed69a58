"""以案说法: a printable class-meeting plan for one case (`fanzha lesson`).

The plan for the monthly 反诈主题班会: the story in brief, the question for
the class at each decision (with where each choice can lead, for the teacher),
骗子的剧本 along the scam's whole escalation (the stages, the line where each
happened, where it could have been stopped),
the rules the case teaches with their full text, the red flags, the endings,
and a short worksheet with an answer key.

`build_lesson(scenario)` gives the plan as data; `render_html` and
`render_markdown` print it. Both are self-contained (no external resources)
and show every text from the scenario literally: escaped for HTML, escaped for
Markdown."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from game.engine.ending import EndingSummary, summarize_ending
from game.engine.explore import story_line
from game.engine.model import PLAYER, Scenario
from game.engine.play import Step
from game.engine.playbook import Playbook, along, timeline_lines
from game.engine.rules import Rule, catalogue
from game.engine.summary import scenario_rules
from game.engine.vocab import channel, kind_words
from game.classroom.storymap import StoryMap, build_map, shorten

STORY_CHARS = 70  # one line of the story in brief
QUOTE_CHARS = 90  # what was said just before a decision
ASK = "这时候该怎么办？大家讨论一下，选一个，说说为什么。"
HOTLINES = "反诈专线 96110；转了钱马上打 110，请警察紧急止付；安装“国家反诈中心”App。"


@dataclass(frozen=True)
class Option:
    letter: str
    text: str
    leads_to: tuple[str, ...]  # ending words that can follow: "✘ 被骗了《…》"


@dataclass(frozen=True)
class Decision:
    number: int
    node: str
    context: str  # what was just said, literally
    question: str
    options: tuple[Option, ...]
    safe: tuple[str, ...] = ()  # letters of the safe choices (or the safer ones)
    all_safe: bool = True  # False: no choice here is safe on every way, these are the safer
    why: str = ""  # why, for the teacher: the red flag here, else the safe ending's lesson


@dataclass(frozen=True)
class Flag:
    node: str
    who: str
    text: str
    why: str
    rule: Rule | None
    rule_id: str


@dataclass
class Lesson:
    scenario: Scenario
    fraud_type: Rule | None
    story: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # along the main line
    side_decisions: int = 0  # reachable decisions off the main line (on the story map)
    flags: list[Flag] = field(default_factory=list)  # along the main line
    side_flags: int = 0  # red flags met only off the main line
    rules: list[Rule] = field(default_factory=list)
    endings: list[EndingSummary] = field(default_factory=list)
    worksheet: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    playbook: Playbook | None = None  # along the story in brief


def _said(s: Scenario, m) -> str:
    who = s.speaker_name(m.speaker)
    return f"{who}：{m.text}" if who else m.text


PLAYBOOK_QUOTE = 30  # characters of each stage's line: the pack prints in six pages


def playbook_lines(book: Playbook | None) -> list[str]:
    """The timeline as plain lines (each renderer escapes them its own way),
    one a stage, without the stages' hints (the article and the review give
    them); none for a case that marks no stages (its decisions already say
    where to stop)."""
    if book is None or not book.moments:
        return []
    return timeline_lines(book, lambda text: shorten(text, PLAYBOOK_QUOTE), hints=False)


def _story(s: Scenario) -> list[str]:
    lines: list[str] = []
    steps = list(story_line(s))
    nid = s.start
    for step in steps + [None]:
        node = s.nodes[nid]
        said = [m for m in node.messages if m.speaker != PLAYER] or list(node.messages)
        ch = channel(node.channel)
        if said:
            text = whole_sentences(_said(s, said[-1] if len(said) == 1 else said[0]), STORY_CHARS)
            lines.append(f"【{ch.words}】{text}" if ch.drawing != "narration" else text)
        if node.ending:
            lines.append(f"结局：{kind_words(node.ending.kind, not s.is_scam)}《{node.ending.title}》")
            break
        if step is None:
            break
        if step.text is not None:
            lines.append(f"　→ 在「{node.input.label}」里填了内容")
            nid = node.input.to
        else:
            lines.append(f"　→ 选了：{node.choices[step.choice].text}")
            nid = node.choices[step.choice].to
    return lines


_SENTENCE_END = "。！？!?…"


def whole_sentences(text: str, limit: int) -> str:
    """One line of at most `limit` characters where whole sentences allow:
    the sentences that fit, never a sentence cut in the middle (the first is
    kept whole even when it is longer)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    ends = [i + 1 for i, ch in enumerate(flat) if ch in _SENTENCE_END and (i + 1 == len(flat) or flat[i + 1] not in _SENTENCE_END + "”’」）")]
    ends += [i + 1 for i, ch in enumerate(flat) if ch in "”’」）" and i > 0 and flat[i - 1] in _SENTENCE_END]
    fitting = [e for e in ends if e <= limit]
    cut = max(fitting) if fitting else min(ends, default=len(flat))
    return flat[:cut]


def _leads(endings) -> tuple[str, ...]:
    """Where a choice can lead, for the teacher: the endings by name when
    there are few, else how many of each kind."""
    if len(endings) <= 2:
        return tuple(f"{x.label}《{x.ending_title}》" for x in endings)
    counts: dict[str, int] = {}
    for x in endings:
        counts[x.label] = counts.get(x.label, 0) + 1
    return tuple(f"{label} {n} 种" for label, n in counts.items())


def line_nodes(s: Scenario, line: tuple[Step, ...]) -> list[str]:
    """The nodes the main line passes, in order, its ending last."""
    ids = [step.node for step in line]
    if line:
        last = line[-1]
        node = s.nodes[last.node]
        ids.append(node.input.to if last.text is not None else node.choices[last.choice].to)
    return list(dict.fromkeys(ids))


def _flags(s: Scenario, node_ids) -> list[Flag]:
    cat = catalogue()
    return [
        Flag(nid, s.speaker_name(msg.speaker), msg.text, msg.red_flag.why, cat.get(msg.red_flag.rule), msg.red_flag.rule)
        for nid in node_ids
        for msg in s.nodes[nid].messages
        if msg.red_flag
    ]


def _decisions(s: Scenario, m: StoryMap, on_line: list[str]) -> list[Decision]:
    """The decisions met along the story's main line, in the order met: the
    class discusses the scam's whole escalation, each point where it could
    have stopped; side paths are on the story map (`fanzha map`)."""
    out: list[Decision] = []
    for n in (m.nodes[nid] for nid in on_line if nid in m.nodes):
        if n.kind != "decision":
            continue
        node = s.nodes[n.id]
        said = [x for x in node.messages if x.speaker != PLAYER] or list(node.messages)
        context = shorten(_said(s, said[-1]), QUOTE_CHARS) if said else ""
        if node.input is not None and not node.choices:
            question = "页面要你填写信息。填，还是不填？为什么？"
        else:
            question = ASK
        options, shares = [], {}
        for e in m.out(n.id):
            ends = m.endings_from(e.target)
            leads = _leads(ends)
            text = e.text + (f"（{e.condition}）" if e.condition else "")
            options.append(Option(e.letter, text, leads))
            shares[e.letter] = sum(_SCORE.get(x.ending_kind, 0.0) for x in ends) / len(ends) if ends else 0.0
        best = max(shares.values(), default=0.0)
        safe = tuple(letter for letter, share in shares.items() if share == best and best > 0)
        why = _why_safe(s, node, m, [e for e in m.out(n.id) if e.letter in safe])
        out.append(Decision(len(out) + 1, n.id, context, question, tuple(options), safe, best == 1.0, why))
    return out


# How good an ending is, to say which choice is safer where none is safe on
# every way: seen through first, stopped in time next.
_SCORE = {"safe": 1.0, "stopped": 0.5}


def side_note(lesson: Lesson) -> str:
    """Where the decisions the plan leaves out are, for a teacher who wants them."""
    return (
        f"上面是主线上的 {len(lesson.decisions)} 个选择点（骗局一步步升级的那条路）。"
        f"支线上还有 {lesson.side_decisions} 个选择点没有印出来；"
        f"想带全班看所有的路，用剧情图：fanzha map {lesson.scenario.id}"
    )


def flag_note(lesson: Lesson) -> str:
    return (
        f"下面是主线上的 {len(lesson.flags)} 处危险信号。支线上还有 {lesson.side_flags} 处，"
        f"剧情图（fanzha map {lesson.scenario.id}）上都标着 ⚑。"
    )


def safe_words(d: Decision) -> str:
    """The teacher's line for one decision: which choice is safe, and why."""
    if not d.safe:
        return "这里每个选择都可能出事：让大家说说，怎样才能停下来。"
    texts = {o.letter: o.text for o in d.options}
    chosen = "、".join(f"{letter}「{texts[letter]}」" for letter in d.safe)
    head = f"安全的是 {chosen}" if d.all_safe else f"更安全的是 {chosen}（不是每条路都安全）"
    return f"{head}。{d.why}" if d.why else f"{head}。"


def _why_safe(s: Scenario, node, m: StoryMap, edges) -> str:
    """Why the safe choice is right: the red flag met at this decision, else
    the first sentence of the lesson of the safe ending it leads to."""
    for msg in node.messages:
        if msg.red_flag:
            return msg.red_flag.why
    for e in edges:
        for x in m.endings_from(e.target):
            if x.ending_kind == "safe":
                return whole_sentences(s.nodes[x.id].ending.explain, 60)
    return ""


def build_lesson(s: Scenario) -> Lesson:
    cat = catalogue()
    m = build_map(s)
    lesson = Lesson(s, cat.get(s.fraud_type))
    lesson.story = _story(s)
    line = story_line(s)
    lesson.playbook = along(s, line)
    on_line = line_nodes(s, line)
    lesson.decisions = _decisions(s, m, on_line)
    lesson.side_decisions = sum(1 for n in m.decisions if n.depth >= 0) - len(lesson.decisions)
    lesson.rules = [cat[r] for r in scenario_rules(s) if r in cat]
    lesson.flags = _flags(s, on_line)
    lesson.side_flags = len(_flags(s, [n.id for n in m.nodes.values() if n.depth >= 0 and n.id not in on_line]))
    lesson.endings = [summarize_ending(s, n.id) for n in m.endings]
    lesson.worksheet, lesson.answers = _worksheet(lesson)
    return lesson


def _worksheet(lesson: Lesson) -> tuple[list[str], list[str]]:
    s = lesson.scenario
    questions = [
        f"《{s.title}》里，第一个让你觉得不对劲的地方是哪一句话？把它写下来。",
        "故事里的人想让“我”做什么？（转钱、说验证码、点链接、填信息……）",
    ]
    if lesson.decisions:
        questions.append("在第 1 个选择点，你会选哪一个？为什么？")
    questions += [
        "这个故事用到了哪一条规则？把它抄下来，说说它的意思。",
        "如果已经转了钱、说了验证码，第一件事做什么？可以打哪两个电话？",
        "回家后，我想提醒家人的一句话：",
    ]
    answers = []
    if lesson.flags:
        f = lesson.flags[0]
        answers.append(f"第 1 题：例如「{shorten(f.text, QUOTE_CHARS)}」——{f.why}")
    if lesson.rules:
        answers.append("第 4 题：" + "；".join(f"{r.label}" for r in lesson.rules))
    answers.append("第 5 题：马上告诉家长或老师；打 110 紧急止付，打 96110 反诈专线；保存聊天记录和转账凭证。")
    return questions, answers


# --------------------------------------------------------------------------
# HTML

_CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimHei", sans-serif;
       color: #111; background: #fff; line-height: 1.6; font-size: 12pt; max-width: 52em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; border-bottom: 3px solid #0b4fa8; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; color: #0b4fa8; border-left: 6px solid #0b4fa8; padding-left: .4em; }
.meta { color: #333; margin: 0 0 .8em; }
.story p, .playbook p { margin: .15em 0; }
.decision { border-left: 3px solid #999; padding: .2em .8em; margin: .6em 0; page-break-inside: avoid; }
.decision .said { margin: .2em 0; }
.decision ol { list-style: none; padding-left: .5em; margin: .3em 0; }
.letter { font-weight: bold; display: inline-block; min-width: 1.6em; }
.rule { margin: .4em 0; page-break-inside: avoid; }
.rule b { color: #0b4fa8; }
.flag { margin: .4em 0; padding: .3em .6em; border-left: 4px solid #b00020; page-break-inside: avoid; }
.ending { margin: .4em 0; page-break-inside: avoid; }
.notes, .worksheet { break-before: page; page-break-before: always; }
.notes .safe { margin: .3em 0; page-break-inside: avoid; }
.worksheet li { margin: 0 0 1.2em; }
.line { border-bottom: 1px solid #555; height: 1.8em; }
.hotline { font-weight: bold; border: 2px solid #b00020; padding: .3em .6em; margin: 1em 0; }
/* On paper: the plan in about four A4 pages, then the teacher's notes and the
   pupils' worksheet each on pages of their own (photocopy the last one). */
@media print {
  @page { margin: 12mm 12mm; }
  body { margin: 0; max-width: none; font-size: 9.5pt; line-height: 1.4; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12pt; margin: .8em 0 .3em; break-after: avoid; page-break-after: avoid; }
  .decision { padding: .2em .5em; margin: .3em 0; }
  .decision p, .decision ol { margin: .1em 0; }
  .flag, .ending, .rule { margin: .2em 0; }
  .flag p, .ending p { margin: 0; }
  .worksheet { font-size: 11pt; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(lesson: Lesson) -> str:
    s = lesson.scenario
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>以案说法：{_e(s.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>以案说法：{_e(s.title)}</h1>",
    ]
    meta = [f"案例编号 {_e(s.id)}", "适合：" + _e("、".join(s.audience))]
    if lesson.fraud_type is not None:
        meta.insert(0, f"诈骗类型：{_e(lesson.fraud_type.label)} {_e(lesson.fraud_type.title)}")
    if s.variant:
        meta.append(f"新变种：{_e(s.variant)}")
    if not s.is_scam:
        meta.append("这是一条真消息：练习的是先核实、再相信")
    out.append(f'<p class="meta">{" · ".join(meta)}</p>')
    out.append(f"<p>{_e(s.summary)}</p>")
    if lesson.fraud_type is not None:
        out.append(f'<p class="meta">{_e(lesson.fraud_type.label)}：{_e(lesson.fraud_type.text)}</p>')

    out.append("<h2>一、故事梗概</h2>")
    out.append('<div class="story">' + "".join(f"<p>{_e(line)}</p>" for line in lesson.story) + "</div>")
    book = playbook_lines(lesson.playbook)
    if book:
        out.append("<h3>骗子的剧本</h3>")
        out.append('<div class="playbook">' + "".join(f"<p>{_e(line)}</p>" for line in book) + "</div>")

    out.append("<h2>二、讨论：每个选择点问全班</h2>")
    out.append(f"<p>读到每个选择点停一下，问全班：{_e(ASK)}请同学们讨论、举手投票，再看看每个选择会走向哪里。</p>")
    for d in lesson.decisions:
        out.append('<div class="decision">')
        context = f"：{_e(d.context)}" if d.context else ""
        out.append(f'<p class="said"><b>选择点 {d.number}</b>{context}</p>')
        if d.question != ASK:
            out.append(f"<p><b>问：</b>{_e(d.question)}</p>")
        out.append("<ol>")
        for o in d.options:
            out.append(f'<li><span class="letter">{_e(o.letter)}</span>{_e(o.text)}</li>')
        out.append("</ol></div>")
    if lesson.side_decisions:
        out.append(f"<p>{_e(side_note(lesson))}</p>")

    out.append("<h2>三、这个案例教的规则（学校方案原文）</h2>")
    for r in lesson.rules:
        title = f" {r.title}" if r.title else ""
        out.append(f'<p class="rule"><b>{_e(r.label)}{_e(title)}</b>：{_e(r.text)}</p>')

    out.append("<h2>四、危险信号：骗子露出马脚的地方</h2>")
    if not lesson.flags and not lesson.side_flags:
        out.append("<p>这个案例没有标出危险信号。</p>")
    elif lesson.side_flags:
        out.append(f"<p>{_e(flag_note(lesson))}</p>")
    for f in lesson.flags:
        label = f.rule.label if f.rule else f.rule_id
        who = f"{_e(f.who)}：" if f.who else ""
        out.append(
            f'<div class="flag"><p>⚑ {who}“{_e(f.text)}”'
            f" —— 为什么危险：{_e(f.why)}（{_e(label)}）</p></div>"
        )

    out.append("<h2>五、所有结局</h2>")
    for e in lesson.endings:
        lost = f"，{e.lost_words}" if e.money_lost else ""
        out.append(f'<div class="ending"><p><b>{_e(e.kind_words)}《{_e(e.title)}》</b>{_e(lost)}：{_e(e.explain)}</p></div>')
    out.append(f'<p class="hotline">{_e(HOTLINES)}</p>')

    out.append('<section class="notes">')
    out.append("<h2>六、老师参考（不要发给学生）</h2>")
    out.append("<p><b>每个选择点，安全的选择和理由</b></p>")
    for d in lesson.decisions:
        out.append(f'<p class="safe"><b>选择点 {d.number}</b>：{_e(safe_words(d))}</p>')
    out.append("<p><b>学习单参考答案</b></p>" + "".join(f"<p>{_e(a)}</p>" for a in lesson.answers))
    out.append("</section>")

    out.append('<section class="worksheet">')
    out.append(f"<h2>七、学习单：{_e(s.title)}</h2>")
    out.append("<p>班级：________　姓名：________　日期：________</p><ol>")
    for q in lesson.worksheet:
        out.append(f'<li>{_e(q)}<div class="line"></div><div class="line"></div></li>')
    out.append("</ol>")
    out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|<>~&])")
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def md(text: str) -> str:
    """Literal text for Markdown: every character that could start markup
    (emphasis, links, code, tables, HTML tags, entities) is backslash-escaped,
    and so is a list or heading marker at the start; line breaks become spaces."""
    flat = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", flat)


def render_markdown(lesson: Lesson) -> str:
    s = lesson.scenario
    out = [f"# 以案说法：{md(s.title)}", ""]
    meta = [f"案例编号 {md(s.id)}", "适合：" + md("、".join(s.audience))]
    if lesson.fraud_type is not None:
        meta.insert(0, f"诈骗类型：{md(lesson.fraud_type.label)} {md(lesson.fraud_type.title)}")
    if s.variant:
        meta.append(f"新变种：{md(s.variant)}")
    if not s.is_scam:
        meta.append("这是一条真消息：练习的是先核实、再相信")
    out += [" · ".join(meta), "", md(s.summary), ""]
    if lesson.fraud_type is not None:
        out += [f"> {md(lesson.fraud_type.label)}：{md(lesson.fraud_type.text)}", ""]

    out += ["## 一、故事梗概", ""]
    out += [f"{md(line)}  " for line in lesson.story] + [""]
    book = playbook_lines(lesson.playbook)
    if book:
        out += ["### 骗子的剧本", ""] + [f"{md(line)}  " for line in book] + [""]

    out += ["## 二、讨论：每个选择点问全班", "", "读到这里停一下，请同学们讨论、举手投票，再看看每个选择会走向哪里。", ""]
    for d in lesson.decisions:
        out += [f"### 选择点 {d.number}（{md(d.node)}）", ""]
        if d.context:
            out += [f"> {md(d.context)}", ""]
        out += [f"**问：**{md(d.question)}", ""]
        for o in d.options:
            out.append(f"- **{md(o.letter)}** {md(o.text)}")
        out.append("")
    if lesson.side_decisions:
        out += [md(side_note(lesson)), ""]

    out += ["## 三、这个案例教的规则（学校方案原文）", ""]
    for r in lesson.rules:
        title = f" {r.title}" if r.title else ""
        out.append(f"- **{md(r.label + title)}**：{md(r.text)}")
    out.append("")

    out += ["## 四、危险信号：骗子露出马脚的地方", ""]
    if not lesson.flags and not lesson.side_flags:
        out.append("这个案例没有标出危险信号。")
    elif lesson.side_flags:
        out += [md(flag_note(lesson)), ""]
    for f in lesson.flags:
        label = f.rule.label if f.rule else f.rule_id
        who = f"{md(f.who)}：" if f.who else ""
        out.append(f"- ⚑ {who}“{md(f.text)}”  ")
        out.append(f"  为什么危险：{md(f.why)}（{md(label)}）")
    out.append("")

    out += ["## 五、所有结局", ""]
    for e in lesson.endings:
        lost = f"，{e.lost_words}" if e.money_lost else ""
        out.append(f"- **{md(e.kind_words)}《{md(e.title)}》**{md(lost)}：{md(e.explain)}")
    out += ["", f"**{md(HOTLINES)}**", ""]

    out += ["## 六、老师参考（不要发给学生）", "", "**每个选择点，安全的选择和理由**", ""]
    for d in lesson.decisions:
        out.append(f"- **选择点 {d.number}**：{md(safe_words(d))}")
        for o in d.options:
            if o.leads_to:
                out.append(f"  - {md(o.letter)} 可能走向 {md('、'.join(o.leads_to))}")
    out += ["", "**学习单参考答案**", ""] + [f"- {md(a)}" for a in lesson.answers] + [""]

    out += ["---", "", f"## 七、学习单：{md(s.title)}", "", "班级：\\_\\_\\_\\_\\_\\_　姓名：\\_\\_\\_\\_\\_\\_　日期：\\_\\_\\_\\_\\_\\_", ""]
    for i, q in enumerate(lesson.worksheet, 1):
        out += [f"{i}\\. {md(q)}", "", "\\_" * 30, ""]
    return "\n".join(out)
