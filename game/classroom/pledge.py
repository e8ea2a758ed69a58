"""防诈倡议书: the class anti-fraud pledge as a printable page (`fanzha pledge`).

The plan's 六个一 begins with it: “学校、班级、师生联名签写一个防诈倡议书，并
张贴在班级显眼位置”. The page lists the rules the class commits to, word for
word from the plan (assets/rules.yaml), and the names to sign beside — or empty
lines for signatures. The class name and every name come from the user and are
escaped; the page loads nothing from outside."""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path

from game.engine.files import ReadError, read_limited
from game.engine.rules import Rule, catalogue
from game.engine.punctuation import printed
from game.engine.untrusted import visible_line

# What the class commits to: the 六个一律 in full, then the rules children
# meet most (money face to face, secrets kept, no strange links, no transfer
# for "acquaintances" unseen).
PLEDGE_RULES = ("six-1", "six-2", "six-3", "six-4", "six-5", "six-6", "slogan-7", "slogan-11", "slogan-19", "ten-7")
BLANK_LINES = 45  # signature lines when no names are given
PER_ROW = 5  # names side by side: forty names and the rules fit one A4 sheet
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


@dataclass(frozen=True)
class Roster:
    """The names read from a file, and how they were read (told to the teacher)."""

    names: tuple[str, ...]
    encoding: str  # "UTF-8" or "GB18030" (what Excel and WPS save on Chinese Windows)
    column: str = ""  # a table's column the names came from ("姓名"); "" for a plain list

    def describe(self, path: str | Path) -> str:
        how = f"表格里的「{self.column}」一列" if self.column else "一行一个名字"
        return f"名单 {Path(path).name}：按 {self.encoding} 编码读，{how}，共 {len(self.names)} 个名字"


_HEADER_WORDS = ("姓名", "名字", "学生", "name")
_TABLE_HINTS = _HEADER_WORDS + ("学号", "序号", "编号", "班级", "no", "id")


def read_roster(path: str | Path) -> Roster:
    """Names from a plain list (one a line) or a table saved as CSV (学号,姓名 —
    the names column by its header, else the column that is not numbers), in
    UTF-8 (with or without BOM) or GB18030/GBK. Blank lines and lines starting
    with # are skipped; a name is cut to MAX_NAME characters. Only a regular
    file of at most MAX_NAMES_BYTES is read (a pipe would never end); a hidden
    character in a name is shown as 〔U+XXXX〕, never printed raw."""
    try:
        data = read_limited(path, MAX_NAMES_BYTES)
    except ReadError as exc:
        raise NamesError(str(exc)) from None
    for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any bytes
        raise NamesError(f"读不懂 {path} 的编码，请另存为 UTF-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    delimiter = "\t" if any("\t" in line for line in lines) else ","
    if not any(delimiter in line for line in lines):
        return Roster(tuple(_clean(line) for line in lines), label)
    rows = [[_clean(cell) for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    header = rows[0] if any(h in cell.lower() for cell in rows[0] for h in _TABLE_HINTS) else []
    body = rows[1:] if header else rows
    column = _names_column(header, body)
    names = tuple(row[column] for row in body if column < len(row) and row[column])
    title = header[column] if header and column < len(header) else f"第 {column + 1} 列"
    return Roster(names, label, title or f"第 {column + 1} 列")


def _names_column(header: list[str], body: list[list[str]]) -> int:
    for i, cell in enumerate(header):
        if any(h in cell.lower() for h in _HEADER_WORDS):
            return i
    width = max((len(row) for row in body), default=1)
    for i in range(width):  # the first column that is not numbers (学号, 序号)
        cells = [row[i] for row in body if i < len(row) and row[i]]
        if cells and not all(c.replace("-", "").isdigit() for c in cells):
            return i
    return 0


def _clean(text: str) -> str:
    return visible_line(" ".join(text.split())[:MAX_NAME])


def read_names(path: str | Path) -> list[str]:
    """Just the names of read_roster."""
    return list(read_roster(path).names)


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
.row { display: grid; grid-template-columns: repeat(5, 1fr); gap: .4em 1.2em; margin-bottom: .4em; }
.name { border-bottom: 1px solid #555; min-height: 2.2em; padding-top: .5em; white-space: nowrap; overflow: hidden; }
.name span { display: inline-block; min-width: 4.5em; }
.hotline { margin-top: 1.2em; text-align: center; font-weight: bold; border: 2px solid #111; padding: .4em; }
.date { text-align: right; margin-top: 1em; }
.row, .foot { break-inside: avoid; page-break-inside: avoid; }
/* On paper: the rules and forty names on one A4 sheet. */
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; line-height: 1.5; }
  h1 { font-size: 20pt; }
  .class { font-size: 13pt; margin-bottom: .5em; }
  li { margin: .1em 0; }
  h2 { font-size: 12pt; margin: .6em 0 .3em; break-after: avoid; page-break-after: avoid; }
  .row { gap: .2em 1em; margin-bottom: .2em; }
  .name { min-height: 2em; padding-top: .6em; }
  .hotline { margin-top: .6em; padding: .2em; }
  .date { margin-top: .6em; }
}
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
        out.append(f'<li>{_e(printed(r.text))}<span class="label">（{_e(r.label)}）</span></li>')
    for promise in PROMISES:
        out.append(f"<li>{_e(promise)}</li>")
    out.append("</ol>")
    out.append("<h2>签名</h2>")
    cells = [f'<div class="name"><span>{_e(n)}</span></div>' for n in p.names] or ['<div class="name"></div>'] * BLANK_LINES
    rows = ["".join(cells[i : i + PER_ROW]) for i in range(0, len(cells), PER_ROW)]
    out += [f'<div class="row">{row}</div>' for row in rows[:-1]]
    # The last row of names, the 班主任 line and the hotline stay together: a
    # page never holds only the signature line.
    out.append('<div class="foot">')
    out.append(f'<div class="row">{rows[-1]}</div>')
    out.append('<p class="date">班主任：__________　　日期：______年____月____日</p>')
    out.append('<p class="hotline">反诈专线 96110 · 转了钱马上打 110 紧急止付 · 安装“国家反诈中心”App</p>')
    out.append("</div>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
