"""The class report as one self-contained HTML page for the school's records
(台账): inline CSS and inline SVG charts, no script, no external resource of
any kind, A4-friendly when printed."""

from __future__ import annotations

from html import escape

from game.engine.vocab import ENDING_KINDS
from game.results.figures import DEFINITIONS, Count, Figures, pct, points

_CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
       margin: 2em auto; max-width: 60em; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 2px solid #c0392b; padding-bottom: 0.1em; margin-top: 1.6em; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.95em; }
th, td { border: 1px solid #aaa; padding: 3px 8px; text-align: left; vertical-align: middle; }
th { background: #f2f2f2; }
td.num { text-align: right; white-space: nowrap; }
td.ok { color: #1e8449; font-weight: bold; text-align: center; }
td.no { color: #922b21; text-align: center; }
svg text { font-size: 12px; fill: #222; }
svg .bg { fill: #e5e5e5; }
svg .good { fill: #27ae60; }
svg .check { fill: #2e86c1; }
svg .bad { fill: #c0392b; }
ul.defs li { margin-bottom: 0.4em; }
.sign { margin-top: 2em; display: flex; gap: 4em; }
@page { size: A4; margin: 1.5cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  section { break-inside: avoid; }
  section.students { break-inside: auto; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def svg_bar(value: float | None, css: str = "good", width: int = 160, height: int = 14) -> str:
    """One horizontal bar for a share in [0, 1]."""
    if value is None:
        return ""
    w = round(max(0.0, min(1.0, value)) * width, 1)
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(pct(value))}">'
        f'<rect class="bg" x="0" y="0" width="{width}" height="{height}"/>'
        f'<rect class="{css}" x="0" y="0" width="{w}" height="{height}"/></svg>'
    )


def svg_chart(rows: list[tuple[str, float | None, str]], css: str, label_width: int = 150, width: int = 300) -> str:
    """A bar chart: one labelled row per (label, share, value text)."""
    row_h, gap = 18, 6
    height = len(rows) * (row_h + gap) + gap
    total = label_width + width + 120
    parts = [f'<svg width="{total}" height="{height}" viewBox="0 0 {total} {height}" role="img">']
    for i, (label, value, text) in enumerate(rows):
        y = gap + i * (row_h + gap)
        parts.append(f'<text x="0" y="{y + 13}">{_e(label)}</text>')
        parts.append(f'<rect class="bg" x="{label_width}" y="{y}" width="{width}" height="{row_h}"/>')
        if value is not None:
            w = round(max(0.0, min(1.0, value)) * width, 1)
            parts.append(f'<rect class="{css}" x="{label_width}" y="{y}" width="{w}" height="{row_h}"/>')
        parts.append(f'<text x="{label_width + width + 8}" y="{y + 13}">{_e(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _count(c: Count) -> str:
    return f"{pct(c.rate)}（{c.part}/{c.whole}）" if c.whole else "—（没有数据）"


def _row(cells: list[tuple[str, str]], attrs: str = "") -> str:
    return f"<tr{attrs}>" + "".join(f"<td{a}>{v}</td>" for v, a in cells) + "</tr>"


def compare_section(f: Figures) -> list[str]:
    """This year beside last year, and the plan's two targets, for the 无诈班级 review."""
    from game.results.compare import CAVEAT, direction, verdict

    cmp, num = f.compare, ' class="num"'
    out = [
        '<section class="compare"><h2>和去年比：无诈班级评选参考</h2>',
        f"<p>今年 {cmp.students_now} 名学生，去年 {cmp.students_before} 名。{_e(CAVEAT)}</p>",
        *([f'<p class="rules-differ"><b>{_e(cmp.rules_differ)}</b></p>'] if cmp.rules_differ else []),
        "<table><thead><tr><th>目标（学校方案）</th><th>今年</th></tr></thead><tbody>",
    ]
    out += [_row([(_e(t.label), ""), (_e(verdict(t.met)), f' data-target="{n}"')]) for n, t in enumerate(cmp.targets)]
    out.append("</tbody></table>")
    out.append("<table><thead><tr><th>指标</th><th>今年</th><th>去年</th><th>变化</th><th></th></tr></thead><tbody>")
    for c in cmp.changes + cmp.types:
        label = c.label if c in cmp.changes else f"首次被骗率 · 第{c.key.split('-')[-1]}类 {c.label}"
        out.append(_row([
            (_e(label), ""), (_e(pct(c.now)), num + f' data-now="{_e(c.key)}"'),
            (_e(pct(c.before)), num + f' data-before="{_e(c.key)}"'),
            (_e(points(c.delta).replace(" 个百分点", "")), num), (_e(direction(c)), ""),
        ]))
    out.append("</tbody></table></section>")
    return out


def render(f: Figures, title: str = "反诈大冒险 · 班级报告") -> str:
    c = f.checks
    meta, *curricula = f.head_lines()
    num = ' class="num"'
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(meta)}</p>',
        *(f'<p class="meta curriculum">{_e(line)}</p>' for line in curricula),
        '<section class="summary"><h2>总体情况</h2><table>',
        "<thead><tr><th>指标</th><th>数值</th><th>图示</th></tr></thead><tbody>",
        _row([("学生人数", ""), (str(len(f.students)), num + ' data-figure="students"'), ("", "")]),
        _row([("知晓率", ""), (_e(_count(f.aware)), num + ' data-figure="awareness"'), (svg_bar(f.aware.rate), "")]),
        _row([("前测平均分", ""), (_e(f"{pct(c.before_mean)}（{c.before_taken} 人）"), num + ' data-figure="before"'),
              (svg_bar(c.before_mean, "check"), "")]),
        _row([("后测平均分", ""), (_e(f"{pct(c.after_mean)}（{c.after_taken} 人）"), num + ' data-figure="after"'),
              (svg_bar(c.after_mean, "check"), "")]),
        _row([("提升（前后都做的学生）", ""), (_e(f"{points(c.gain)}（{c.paired} 人）"), num + ' data-figure="gain"'),
              ("", "")]),
        _row([("真消息信任率", ""), (_e(_count(f.genuine_overall)), num + ' data-figure="genuine"'),
              (svg_bar(f.genuine_overall.rate, "check"), "")]),
        "</tbody></table></section>",
    ]
    if len(f.classes) > 1:
        out.append('<section class="classes"><h2>各班知晓率</h2><table>')
        out.append("<thead><tr><th>班级</th><th>学生</th><th>知晓率</th><th>图示</th></tr></thead><tbody>")
        for name, count in f.classes:
            out.append(_row([(_e(name or "（没填班级）"), ""), (str(count.whole), num),
                             (_e(_count(count)), num + f' data-class="{_e(name)}"'), (svg_bar(count.rate), "")]))
        out.append("</tbody></table></section>")

    out.append('<section class="types"><h2>各类诈骗：第一次遇到就被骗的比例</h2>')
    out.append(svg_chart(
        [(f"第{t.type.split('-')[-1]}类 {t.title}", t.rate, f"{pct(t.rate)}（{t.fell}/{t.played}）") for t in f.types],
        "bad", label_width=190,
    ))
    out.append("<table><thead><tr><th>类别</th><th>名称</th><th>玩过</th><th>首次被骗</th>"
               f"<th>其中{ENDING_KINDS['stopped'].words}</th><th>首次被骗率</th></tr></thead><tbody>")
    for t in f.types:
        out.append(_row([
            (f"第{t.type.split('-')[-1]}类", ""), (_e(t.title), ""), (str(t.played), num), (str(t.fell), num),
            (str(t.stopped), num), (_e(pct(t.rate)), num + f' data-type="{_e(t.type)}"'),
        ]))
    out.append("</tbody></table></section>")

    out.append('<section class="checks"><h2>辨一辨：前测和后测</h2>')
    out.append(svg_chart(
        [("前测平均分", c.before_mean, pct(c.before_mean)), ("后测平均分", c.after_mean, pct(c.after_mean)),
         ("前后都做：前测", c.paired_before, pct(c.paired_before)),
         ("前后都做：后测", c.paired_after, pct(c.paired_after))],
        "check",
    ))
    out.append(f"<p>提升：{_e(points(c.gain))}（{c.paired} 名学生前测、后测都做完）。</p>")
    if c.forms:
        out.append("<h3>各卷得分（按读者分开）</h3><table><thead><tr><th>卷</th><th>做前测</th><th>前测平均分</th>"
                   "<th>做后测</th><th>后测平均分</th></tr></thead><tbody>")
        for row in c.forms:
            key = _e(f"{row.audience or ''}{row.form}")
            out.append(_row([(_e(row.name), ""), (str(len(row.before)), num),
                             (_e(pct(row.before_mean)), num + f' data-form-before="{key}"'),
                             (str(len(row.after)), num), (_e(pct(row.after_mean)), num + f' data-form-after="{key}"')]))
        out.append("</tbody></table>")
    out.append("</section>")

    out.append('<section class="genuine"><h2>真消息信任率（乱怀疑也算错）</h2><table>')
    out.append("<thead><tr><th>来源</th><th>正确相信</th><th>图示</th></tr></thead><tbody>")
    for label, key, cnt in (
        ("辨一辨·前测里的真消息", "genuine-before", f.genuine_before),
        ("辨一辨·后测里的真消息", "genuine-after", f.genuine_after),
        ("真消息剧本（第一次玩）", "genuine-scenarios", f.genuine_scenarios),
        ("合计", "genuine-overall", f.genuine_overall),
    ):
        out.append(_row([(label, ""), (_e(_count(cnt)), num + f' data-figure="{key}"'), (svg_bar(cnt.rate, "check"), "")]))
    out.append("</tbody></table></section>")

    out.append('<section class="students"><h2>每个学生</h2><table><thead><tr>')
    out.append("".join(f"<th>{h}</th>" for h in (
        "班级", "姓名", "对象", "安全识破类型", "首次被骗类型", "前测", "后测", "提升", "真消息信任", "知晓")))
    out.append("</tr></thead><tbody>")
    for s in f.students:
        out.append(_row([
            (_e(s.class_name), ""), (_e(s.name or f"匿名（{s.uid[:6]}）"), ""), (_e(s.audience), ""),
            (f"{len(s.types_cleared)}/{len(s.types_needed)}", num), (str(len(s.types_fell_first)), num),
            (_e(pct(s.before)), num), (_e(pct(s.after)), num), (_e(points(s.gain).replace(" 个百分点", "")), num),
            (_e(pct(s.genuine.rate)), num), ("是" if s.aware else "否", ' class="ok"' if s.aware else ' class="no"'),
        ], f' data-student="{_e(s.uid)}"'))
    out.append("</tbody></table></section>")

    if f.compare is not None:
        out += compare_section(f)
    # The signature line closes the last section, which never breaks inside:
    # printed, it shares its page with that section, never alone on a sheet.
    sections = [('<section class="definitions"><h2>口径说明</h2><ul class="defs">',
                 [f"<li>{_e(text)}</li>" for text in DEFINITIONS.values()]
                 + ([f"<li>{_e(f.rules_note)}</li>"] if f.rules_note else []))]
    if f.skipped or f.duplicates:
        sections.append(('<section class="files"><h2>没有计入的文件</h2><ul>',
                         [f"<li>{_e(s.file)}：{_e(s.reason)}</li>" for s in f.skipped]
                         + [f"<li>{_e(d.file)}：同一个学生的旧导出，用的是较新的 {_e(d.kept)}</li>" for d in f.duplicates]))
    if f.same_name:
        sections.append(('<section class="files"><h2>同班同名、不同档案</h2><ul>',
                         [f"<li>{_e(n.words())}</li>" for n in f.same_name]))
    sign = '<div class="sign"><span>班主任签字：__________</span><span>日期：__________</span></div>'
    for n, (head, items) in enumerate(sections, 1):
        out.append(head)
        out += items
        out.append("</ul>" + (sign if n == len(sections) else "") + "</section>")
    out.append("</body></html>\n")
    return "\n".join(out)
