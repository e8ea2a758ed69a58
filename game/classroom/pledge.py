"""防诈倡议书: the class anti-fraud pledge as a printable page (`fanzha pledge`).

The plan's 六个一 begins with it: “学校、班级、师生联名签写一个防诈倡议书，并
张贴在班级显眼位置”. The page lists the rules the class commits to, word for
word from the plan (assets/rules.yaml), and the names to sign beside — or empty
lines for signatures. The class name and every name come from the user and are
escaped; the page loads nothing from outside."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from game.engine.files import ReadError, read_limited
from game.engine.rules import Rule, catalogue
from game.engine.untrusted import visible_line

# What the class commits to: the 六个一律 in full, then the rules children
# meet most (money face to face, secrets kept, no strange links, no transfer
# for "acquaintances" unseen).
PLEDGE_RULES = ("six-1", "six-2", "six-3", "six-4", "six-5", "six-6", "slogan-7", "slogan-11", "slogan-19", "ten-7")
BLANK_LINES = 48  # signature lines when no names are given
MAX_NAME = 40  # characters kept of one name
MAX_NAMES_BYTES = 1_000_000  # a school's names list is a few KB

PROMISES = (
    "遇到可疑的电话、短信、链接和陌生人，先停下来，告诉家长和老师。",
    "不小心上当了不隐瞒、不责怪：马上告诉家长老师，转了钱立刻拨打 110 紧急止付，拨打 96110 反诈专线咨询。",
    "把学到的防骗知识讲给家人听，一起争创“无诈班级”“无诈家庭”。",
)


class NamesError(ValueError):
    pass


@dataclass(frozen=True)
class Pledge:
    class_name: str
    rules: tuple[Rule, ...]
    names: tuple[str, ...]


def read_names(path: str | Path) -> list[str]:
    """One name a line (UTF-8, with or without BOM; a GBK file from Excel on
    Chinese Windows is read too). Blank lines and lines starting with # are
    skipped; a name is cut to MAX_NAME characters. Only a regular file of at
    most MAX_NAMES_BYTES is read (a pipe would never end); a hidden character
    in a name is shown as 〔U+XXXX〕, never printed raw."""
    try:
        data = read_limited(path, MAX_NAMES_BYTES)
    except ReadError as exc:
        raise NamesError(str(exc)) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any bytes
        raise NamesError(f"读不懂 {path} 的编码，请另存为 UTF-8")
    names = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and not name.startswith("#"):
            names.append(visible_line(name[:MAX_NAME]))
    return names


def build_pledge(class_name: str = "", names: list[str] = ()) -> Pledge:
    cat = catalogue()
    return Pledge(" ".join(class_name.split()), tuple(cat[r] for r in PLEDGE_RULES), tuple(names))


_CSS = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "SimSun", "Songti SC", "Noto Sans CJK SC", "Microsoft YaHei", serif;
       color: #111; background: #fff; line-height: 1.7; font-size: 13pt; max-width: 50em; margin: 1.5em auto; padding: 0 1em; }
h1 { text-align: center; font-size: 24pt; letter-spacing: .2em; margin: 0 0 .2em; }
.class { text-align: center; font-size: 15pt; margin: 0 0 1em; }
ol { padding-left: 1.6em; }
li { margin: .25em 0; }
.label { color: #555; font-size: 10pt; }
h2 { font-size: 14pt; margin: 1.2em 0 .4em; border-bottom: 2px solid #111; }
.names { display: grid; grid-template-columns: repeat(4, 1fr); gap: .4em 1.2em; }
.name { border-bottom: 1px solid #555; min-height: 2.2em; padding-top: .5em; white-space: nowrap; overflow: hidden; }
.name span { display: inline-block; min-width: 4.5em; }
.hotline { margin-top: 1.2em; text-align: center; font-weight: bold; border: 2px solid #111; padding: .4em; }
.date { text-align: right; margin-top: 1em; }
@media print { body { margin: 0; max-width: none; } .names { break-inside: auto; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(p: Pledge) -> str:
    who = f"{p.class_name}全体同学、老师和家长" if p.class_name else "我们班全体同学、老师和家长"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>防范电信网络诈骗倡议书{(' · ' + _e(p.class_name)) if p.class_name else ''}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<h1>防范电信网络诈骗倡议书</h1>",
    ]
    if p.class_name:
        out.append(f'<p class="class">{_e(p.class_name)}</p>')
    out.append(
        f"<p>骗子的花样天天翻新，但总离不开几句老话。为了守护自己和家人的钱财与信息，"
        f"{_e(who)}一起倡议，并郑重承诺：</p>"
    )
    out.append("<ol>")
    for r in p.rules:
        out.append(f'<li>{_e(r.text)} <span class="label">（{_e(r.label)}）</span></li>')
    for promise in PROMISES:
        out.append(f"<li>{_e(promise)}</li>")
    out.append("</ol>")
    out.append("<h2>签名</h2>")
    out.append('<div class="names">')
    if p.names:
        for name in p.names:
            out.append(f'<div class="name"><span>{_e(name)}</span></div>')
    else:
        out += ['<div class="name"></div>'] * BLANK_LINES
    out.append("</div>")
    out.append('<p class="date">班主任：__________　　日期：______年____月____日</p>')
    out.append('<p class="hotline">反诈专线 96110 · 转了钱马上打 110 紧急止付 · 安装“国家反诈中心”App</p>')
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
