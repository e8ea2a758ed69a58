"""The weekly 以案说法 article (`fanzha article`): one case told for the school's
公众号 or website, as the plan's 六个一 asks ("学校网站、公众平台每周推送一篇
反诈文章").

Short (at most about ARTICLE_CHARS characters of text), told along the case's
main line: the story in brief, the scammer's playbook (the stages the case
marks, assets/stages.yaml), the red flags met on the way, the rules, and what to do. It is marked
as a case adapted for teaching (改编), so nobody takes it for a local incident.
The HTML uses inline styles only, because the 公众号 editor drops <style>
blocks; it loads nothing and prints as it is."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from game.classroom.lesson import md, whole_sentences
from game.engine.explore import story_line
from game.engine.model import PLAYER, Scenario
from game.engine.playbook import along
from game.engine.rules import Rule, catalogue
from game.engine.ending import default_steps
from game.engine.punctuation import printed
from game.engine.vocab import channel_words, kind_words

ARTICLE_CHARS = 1500
STORY_LINES = 6  # moments of the main line told in brief
LINE_CHARS = 56
FLAGS = 4
RULES = 4
ADAPTED = "【改编教学案例】本文根据常见电信网络诈骗手法改编，人物、号码、网址均为虚构，不是本地发生的真实案件。"
HOTLINES = "反诈专线 96110；转了钱马上打 110 请警察紧急止付；安装“国家反诈中心”App。"


@dataclass
class Article:
    title: str
    fraud_type: str
    story: list[str] = field(default_factory=list)
    playbook: list[str] = field(default_factory=list)  # empty when the case marks no stages
    flags: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    ending: str = ""


def _cut(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _line(s: Scenario, node) -> str:
    said = [m for m in node.messages if m.speaker != PLAYER] or list(node.messages)
    if not said:
        return ""
    m = said[-1]  # what was said just before the choice
    who = s.speaker_name(m.speaker)
    where = channel_words(m.channel) if m.channel != "narration" else ""
    head = f"{who}（{where}）说：" if who and where and where != "旁白" else (f"{who}说：" if who else "")
    return head + whole_sentences(m.text, LINE_CHARS)


def _playbook(s: Scenario, steps) -> list[str]:
    """The scammer's playbook along the way told: each stage (assets/stages.yaml)
    the nodes and their lines are marked with, in the order met, with its hint
    (the same timeline as the review's and the lesson's: game/engine/playbook.py).
    A case without stages gives none, and the article leaves the section out."""
    return [f"{m.name}：{m.hint}" for m in along(s, steps).moments]


def build_article(s: Scenario) -> Article:
    cat = catalogue()
    fraud = cat.get(s.fraud_type)
    art = Article(s.title, fraud.text if fraud else s.fraud_type)
    steps = list(story_line(s))
    nid, visited = s.start, []
    for step in steps + [None]:
        node = s.nodes[nid]
        visited.append(node)
        if step is None or node.ending:
            break
        if step.text is not None:
            nid = node.input.to
        else:
            nid = node.choices[step.choice].to
    told = []
    for node, step in zip(visited, steps):
        line = _line(s, node)
        if step.text is not None:
            did = f"我在「{node.input.label}」里填了"
        else:
            did = f"我选了：{_cut(node.choices[step.choice].text, 30)}"
        told.append(f"{line} → {did}" if line else did)
    if len(told) > STORY_LINES:  # the hook, the escalation, the last push
        keep = [round(i * (len(told) - 1) / (STORY_LINES - 1)) for i in range(STORY_LINES)]
        told = [told[i] for i in sorted(set(keep))]
    art.story = told
    art.playbook = _playbook(s, steps)
    end = visited[-1].ending
    rule_ids: list[str] = []
    for node in visited:
        for m in node.messages:
            if m.red_flag and len(art.flags) < FLAGS:
                art.flags.append(f"「{_cut(m.text, 36)}」——{_cut(m.red_flag.why, 50)}")
            if m.red_flag and m.red_flag.rule not in rule_ids:
                rule_ids.append(m.red_flag.rule)
    if end is not None:
        art.ending = f"{kind_words(end.kind, not s.is_scam)}：{end.title}"
        rule_ids = list(end.rules) + [r for r in rule_ids if r not in end.rules]
    art.rules = [cat[r] for r in rule_ids if r in cat and not r.startswith("type-")][:RULES]
    art.todo = list(default_steps("loss", s.audience)[:3])
    # Whole sentences can run long: keep the piece short by telling fewer
    # moments of the middle of the story, then fewer red flags.
    while plain_length(art) > ARTICLE_CHARS and len(art.story) > 3:
        del art.story[len(art.story) // 2]
    while plain_length(art) > ARTICLE_CHARS and len(art.flags) > 1:
        art.flags.pop()
    return art


def _sections(a: Article) -> list[tuple[str, list[str]]]:
    out = [("案情回放", a.story + ([f"结局：{a.ending}"] if a.ending else []))]
    if a.playbook:
        out.append(("骗子的套路", [f"第 {i} 步，{stage}" for i, stage in enumerate(a.playbook, 1)]))
    if a.flags:
        out.append(("识破破绽", a.flags))
    out.append(("记住这几条", [f"{printed(r.text)}（{r.label}）" for r in a.rules]))
    out.append(("万一遇到了怎么办", a.todo))
    return out


def headline(a: Article) -> str:
    return f"以案说法｜{a.title}"


def plain_length(a: Article) -> int:
    """Characters of text a reader sees, for the length limit."""
    parts = [headline(a), ADAPTED, a.fraud_type]
    for title, lines in _sections(a):
        parts.append(title)
        parts += lines
    return sum(len(p) for p in parts)


_H1 = "font-size:22px;font-weight:bold;line-height:1.4;margin:0 0 8px;color:#111;"
_TAG = "font-size:13px;color:#8a1c1c;background:#fdf0f0;border-left:4px solid #c0392b;padding:6px 10px;margin:0 0 12px;"
_TYPE = "font-size:14px;color:#555;margin:0 0 12px;"
_H2 = "font-size:17px;font-weight:bold;color:#0b4fa8;border-bottom:2px solid #0b4fa8;padding-bottom:2px;margin:18px 0 8px;"
_P = "font-size:15px;line-height:1.8;color:#222;margin:4px 0;"
_LI = "font-size:15px;line-height:1.8;color:#222;margin:2px 0;"
_FOOT = "font-size:14px;font-weight:bold;text-align:center;border:2px solid #111;padding:6px;margin:18px 0 0;"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(a: Article) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8">',
        f"<title>{_e(headline(a))}</title></head>",
        '<body style="margin:0;padding:16px;background:#fff;">',
        '<article style="max-width:640px;margin:0 auto;font-family:\'Microsoft YaHei\',\'PingFang SC\',\'Noto Sans CJK SC\',sans-serif;">',
        f'<h1 style="{_H1}">{_e(headline(a))}</h1>',
        f'<p style="{_TAG}">{_e(ADAPTED)}</p>',
        f'<p style="{_TYPE}">诈骗类型：{_e(a.fraud_type)}</p>',
    ]
    for title, lines in _sections(a):
        out.append(f'<h2 style="{_H2}">{_e(title)}</h2>')
        tag = "p" if title == "案情回放" else "li"
        if tag == "li":
            out.append('<ul style="margin:0;padding-left:1.4em;">')
        out += [f'<{tag} style="{_P if tag == "p" else _LI}">{_e(line)}</{tag}>' for line in lines]
        if tag == "li":
            out.append("</ul>")
    out.append(f'<p style="{_FOOT}">{_e(HOTLINES)}</p>')
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out)


def render_markdown(a: Article) -> str:
    out = [f"# {md(headline(a))}", "", f"> {md(ADAPTED)}", "", f"诈骗类型：{md(a.fraud_type)}", ""]
    for title, lines in _sections(a):
        out += [f"## {md(title)}", ""]
        bullet = "" if title == "案情回放" else "- "
        out += [f"{bullet}{md(line)}" + ("" if bullet else "  ") for line in lines]
        out.append("")
    out += [f"**{md(HOTLINES)}**", ""]
    return "\n".join(out)
