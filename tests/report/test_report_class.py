"""The class report over a generated class of thirty students (see classgen):
every figure checked against numbers computed here from what the students did;
a corrupt export, a foreign file and a duplicate export among them."""

from __future__ import annotations

import csv
import json
import os
import pickle
import re
import time
from html.parser import HTMLParser
from statistics import mean

import pytest

from game.cli import main
from game.results.figures import pct, points

from ..printing import print_pages

from .classgen import (
    CLASSES, Klass, aware, cleared, first_meetings, genuine_case, genuine_counts, make_class, score,
)

PLAN = [f"type-{n}" for n in range(1, 13)]


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Klass:
    """Made once per run: with pytest-xdist the workers share one class (the
    first makes it, the others wait for it) instead of each making its own."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make_class(tmp_path_factory.mktemp("class"))
    root = tmp_path_factory.getbasetemp().parent / "fanzha-class"
    lock, done = root.with_name("fanzha-class.lock"), root.with_name("fanzha-class.pickle")
    deadline = time.monotonic() + 300
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            assert time.monotonic() < deadline, "another worker never finished making the class"
            time.sleep(0.1)
    try:
        if done.exists():
            return pickle.loads(done.read_bytes())
        k = make_class(root)
        done.write_bytes(pickle.dumps(k))
        return k
    finally:
        os.close(fd)
        os.unlink(lock)


@pytest.fixture(scope="module")
def report(klass, tmp_path_factory):
    """`fanzha report FOLDER --json --html --csv`, run once for the module."""
    out = tmp_path_factory.mktemp("report")
    html, table = out / "班级报告.html", out / "学生.csv"
    import contextlib
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["report", str(klass.folder), "--data-dir", str(klass.data_dir), "--json", "--html", str(html),
                     "--csv", str(table)])
    return code, json.loads(stdout.getvalue()), stderr.getvalue(), html, table


def test_the_class_was_made_as_planned(klass):
    assert len(klass.students) == 30
    assert sum(s.before is not None for s in klass.students) == 28
    assert sum(s.after is not None for s in klass.students) >= 20
    assert {s.before_form for s in klass.students} == {"A", "B"}  # alternating on the shared PC
    assert klass.students[7].old_export.is_file()


def test_bad_files_are_skipped_by_name_and_the_rest_counted(report, klass):
    code, figures, err, *_ = report
    assert code == 0
    skipped = {s["file"]: s["reason"] for s in figures["skipped"]}
    assert set(skipped) == {str(klass.corrupt), str(klass.foreign)}
    assert "JSON" in skipped[str(klass.corrupt)] and "不是反诈大冒险" in skipped[str(klass.foreign)]
    assert f"跳过 {klass.corrupt}" in err and f"跳过 {klass.foreign}" in err
    assert "readme.txt" not in err  # only .json files in a folder are read


def test_a_student_exported_twice_counts_once_with_the_newest(report, klass):
    _, figures, err, *_ = report
    dup = klass.students[7]
    assert figures["duplicates"] == [{"file": str(dup.old_export), "kept": str(dup.export)}]
    assert str(dup.old_export) in err
    assert figures["students"] == 30
    row = next(r for r in figures["per_student"] if r["name"] == dup.name)
    assert row["file"] == str(dup.export)
    assert row["types_cleared"] == len(cleared(dup))  # the full record, not the early one


def test_awareness(report, klass):
    _, figures, *_ = report
    expected = [s for s in klass.students if aware(s)]
    assert 0 < len(expected) < 30
    assert figures["awareness"]["count"] == len(expected)
    assert figures["awareness"]["of"] == 30
    assert figures["awareness"]["rate"] == pytest.approx(len(expected) / 30)
    assert figures["awareness"]["threshold"] == 0.8
    for cls in CLASSES:
        row = next(c for c in figures["classes"] if c["class"] == cls)
        members = [s for s in klass.students if s.class_name == cls]
        assert (row["count"], row["of"]) == (sum(aware(s) for s in members), len(members))
    per = {r["name"]: r for r in figures["per_student"]}
    for s in klass.students:
        assert per[s.name]["aware"] == aware(s), s.name
        assert per[s.name]["types_cleared"] == len(cleared(s)), s.name


def test_first_try_fall_rate_per_fraud_type(report, klass):
    _, figures, *_ = report
    rows = {t["type"]: t for t in figures["fraud_types"]}
    assert list(rows) == PLAN
    for t in PLAN:
        kinds = [first_meetings(s)[t] for s in klass.students if t in first_meetings(s)]
        fell = [k for k in kinds if k in ("loss", "stopped")]
        assert rows[t]["played"] == len(kinds), t
        assert rows[t]["fell"] == len(fell), t
        assert rows[t]["stopped"] == kinds.count("stopped"), t
        assert rows[t]["rate"] == pytest.approx(len(fell) / len(kinds)), t
    assert rows["type-1"]["title"] == "网络刷单诈骗"
    per = {r["name"]: r for r in figures["per_student"]}
    for s in klass.students:
        want = [t for t in PLAN if first_meetings(s).get(t) in ("loss", "stopped")]
        assert per[s.name]["types_fell_first"] == want, s.name


def test_the_variant_case_met_first_decides_type_12(klass):
    """Students who met type 12 first through the variant case: their first
    meeting is that case's first try, whatever happened in tfx-type-12."""
    met = [s for s in klass.students if [c for c, _ in s.plays if c in ("tfx-variant", "tfx-type-12")][:1] == ["tfx-variant"]]
    assert met  # the generated class has some


def test_before_after_means_and_gain(report, klass):
    _, figures, *_ = report
    before = {s.name: score(s.before, s.before_form) for s in klass.students if s.before is not None}
    after = {s.name: score(s.after, s.after_form) for s in klass.students if s.after is not None}
    both = [n for n in before if n in after]
    c = figures["checks"]
    assert c["before"]["taken"] == len(before) and c["before"]["mean"] == pytest.approx(mean(before.values()))
    assert c["after"]["taken"] == len(after) and c["after"]["mean"] == pytest.approx(mean(after.values()))
    assert c["paired"]["students"] == len(both)
    gain = mean(after[n] for n in both) - mean(before[n] for n in both)
    assert c["paired"]["gain"] == pytest.approx(gain)
    assert c["paired"]["before_mean"] == pytest.approx(mean(before[n] for n in both))
    per = {r["name"]: r for r in figures["per_student"]}
    for s in klass.students:
        assert per[s.name]["before"] == pytest.approx(before.get(s.name)), s.name
        assert per[s.name]["after"] == pytest.approx(after.get(s.name)), s.name


def test_genuine_messages_trusted_correctly(report, klass):
    _, figures, *_ = report
    g = figures["genuine"]
    b = [genuine_counts(s.before, s.before_form) for s in klass.students]
    a = [genuine_counts(s.after, s.after_form) for s in klass.students]
    sc = [genuine_case(s) for s in klass.students]
    for key, pairs in (("checks_before", b), ("checks_after", a), ("scenarios", sc)):
        part, whole = sum(p for p, _ in pairs), sum(w for _, w in pairs)
        assert (g[key]["count"], g[key]["of"]) == (part, whole), key
        assert whole and g[key]["rate"] == pytest.approx(part / whole), key
    total = [sum(x) for x in zip(*(p for pairs in (b, a, sc) for p in pairs))]
    assert (g["overall"]["count"], g["overall"]["of"]) == tuple(total)
    assert g["scenarios"]["count"] < g["scenarios"]["of"]  # some refused the real message
    per = {r["name"]: r for r in figures["per_student"]}
    for s, pb, pa, ps in zip(klass.students, b, a, sc):
        assert (per[s.name]["genuine"]["count"], per[s.name]["genuine"]["of"]) == (
            pb[0] + pa[0] + ps[0], pb[1] + pa[1] + ps[1]), s.name


def test_definitions_are_stated(report):
    _, figures, *_ = report
    d = figures["definitions"]
    assert "80%" in d["awareness"] and "12 类" in d["awareness"]
    assert "及时止损" in d["fell_first"] and "及时止付" not in d["fell_first"] and "乱怀疑" in d["genuine"]


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.figures: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self._open: tuple[str, str] | None = None
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        d = dict(attrs)
        if "data-figure" in d:
            self._open = ("figure", d["data-figure"])
        elif "data-type" in d:
            self._open = ("type", d["data-type"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "td":
            self._open = None
        self._in_style = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_style:
            self.style += data
        if self._open:
            kind, key = self._open
            (self.figures if kind == "figure" else self.types)[key] = data.strip()


def test_the_html_page_is_self_contained_and_shows_the_figures(report, klass):
    _, figures, _, html, _ = report
    text = html.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    page.close()
    # No external resource of any kind.
    assert "://" not in text and "//" not in re.sub(r"<!DOCTYPE html>", "", text).replace("/>", ">")
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert not [k for k, _ in page.attrs if k in ("src", "href", "xlink:href", "srcset", "action")]
    assert "url(" not in page.style and "@import" not in page.style
    assert page.tags.count("svg") >= 8  # inline charts
    # The figures, as computed from the class.
    n_aware = sum(aware(s) for s in klass.students)
    assert page.figures["students"] == "30"
    assert page.figures["awareness"] == f"{pct(n_aware / 30)}（{n_aware}/30）"
    c = figures["checks"]
    assert page.figures["before"].startswith(pct(c["before"]["mean"]))
    assert page.figures["after"].startswith(pct(c["after"]["mean"]))
    assert page.figures["gain"].startswith(points(c["paired"]["gain"]))
    g = figures["genuine"]["overall"]
    assert page.figures["genuine"] == f"{pct(g['rate'])}（{g['count']}/{g['of']}）"
    for t in figures["fraud_types"]:
        assert page.types[t["type"]] == pct(t["rate"])
    body = "".join(page.text)
    for s in klass.students:
        assert s.name in body
    assert "口径说明" in body and "80%" in body and str(klass.corrupt) in body
    assert "@media print" in page.style


def test_the_csv_has_one_row_per_student(report, klass):
    *_, table = report
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese right
    with table.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 30
    by_name = {r["姓名"]: r for r in rows}
    for s in klass.students:
        r = by_name[s.name]
        assert r["班级"] == s.class_name
        assert int(r["识破类型数"]) == len(cleared(s))
        assert r["知晓"] == ("是" if aware(s) else "否")
        b = score(s.before, s.before_form)
        assert (r["前测正确率"] == "") if b is None else float(r["前测正确率"]) == pytest.approx(b, abs=1e-4)


def test_the_terminal_report(klass, capsys):
    code = main(["report", str(klass.folder)])
    out, err = capsys.readouterr()
    assert code == 0
    n_aware = sum(aware(s) for s in klass.students)
    assert "反诈大冒险 · 班级报告" in out and "知晓率" in out
    assert f"{pct(n_aware / 30)}（{n_aware}/30）" in out
    assert "网络刷单诈骗" in out and "█" in out  # a table with bars
    assert "口径说明" in out
    assert all(s.name in out for s in klass.students)  # the per-student table
    assert str(klass.corrupt) in err


def test_report_of_files_listed_one_by_one(klass, capsys):
    files = [str(s.export) for s in klass.students[:5]]
    code = main(["report", *files, "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert code == 0 and figures["students"] == 5 and figures["skipped"] == []


def test_report_with_nothing_to_count_fails_clearly(tmp_path, klass, capsys):
    code = main(["report", str(klass.corrupt), str(tmp_path / "missing")])
    _, err = capsys.readouterr()
    assert code == 1 and "没有找到可以统计的成绩文件" in err and "找不到" in err


# -- this year against last year (the yearly 无诈班级 review) -------------------


def _json_report(capsys, *args: str) -> dict:
    code = main(["report", *args, "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


def test_this_year_against_last_year(klass, tmp_path, capsys):
    """Last year's class: a third of this one's exports, in a folder of its own.
    Every compared figure is each year's own report, side by side."""
    last = tmp_path / "去年"
    last.mkdir()
    for s in klass.students[:10]:
        (last / s.export.name).write_bytes(s.export.read_bytes())
    now, before = _json_report(capsys, str(klass.folder)), _json_report(capsys, str(last))
    both = _json_report(capsys, str(klass.folder), "--compare", str(last))
    cmp = both["compare"]
    assert cmp["students"] == {"now": now["students"], "before": 10}

    def pooled(figures):
        return sum(t["fell"] for t in figures["fraud_types"]) / sum(t["played"] for t in figures["fraud_types"])

    changes = {c["key"]: c for c in cmp["changes"]}
    assert changes["awareness"]["now"] == now["awareness"]["rate"]
    assert changes["awareness"]["before"] == before["awareness"]["rate"]
    assert changes["fell_first"]["now"] == pytest.approx(pooled(now))
    assert changes["fell_first"]["before"] == pytest.approx(pooled(before))
    assert changes["after"]["now"] == now["checks"]["after"]["mean"]
    assert changes["genuine"]["before"] == before["genuine"]["overall"]["rate"]
    for c in changes.values():
        if c["delta"] not in (None, 0):
            # better means up for a share to reach, down for the share who fell for it
            assert c["better"] == ((c["delta"] > 0) != (c["key"] == "fell_first"))
    per_type = {t["key"]: t for t in cmp["fraud_types"]}
    for t in before["fraud_types"]:
        assert per_type[t["type"]]["before"] == t["rate"]
    aware_target, halved_target = cmp["targets"]
    assert aware_target["met"] == (now["awareness"]["rate"] == 1.0)
    assert halved_target["met"] == (pooled(now) <= pooled(before) * 0.5)
    assert "不是真实案件" in cmp["caveat"]
    # The other figures are this year's alone, unchanged by the comparison.
    assert {k: v for k, v in both.items() if k not in ("compare", "generated")} == {
        k: v for k, v in now.items() if k != "generated"
    }


def test_the_comparison_in_the_terminal_and_on_the_page(klass, tmp_path, capsys):
    html = tmp_path / "报告.html"
    code = main(["report", str(klass.folder), "--compare", str(klass.folder), "--html", str(html)])
    out, err = capsys.readouterr()
    assert code == 0
    assert f"有 {len(klass.students)} 份成绩文件今年和 --compare 里都有" in err  # the same class twice
    assert "和去年比" in out and "无诈班级评选参考" in out and "不是真实案件" in out
    assert "首次被骗率比去年下降一半以上" in out and "持平" in out  # the same class twice: nothing moved
    page = html.read_text(encoding="utf-8")
    assert '<section class="compare">' in page and "知晓率达到 100%" in page
    assert 'data-now="fell_first"' in page and 'data-before="type-1"' in page


def test_the_printed_comparison_has_no_page_holding_only_the_signature(klass, tmp_path, capsys):
    """The 班主任签字 line closes the last section, and printed sections never
    break inside: the line always shares its sheet with that section. Printed
    to A4 in Chromium, the signed page holds more than the line."""
    html = tmp_path / "报告.html"
    assert main(["report", str(klass.folder), "--compare", str(klass.folder), "--html", str(html)]) == 0
    capsys.readouterr()
    page = html.read_text(encoding="utf-8")
    last = page[page.rindex("<section"):]
    assert "班主任签字" in last and last.index("班主任签字") < last.index("</section>")
    assert "  section { break-inside: avoid; }" in page.split("@media print", 1)[1]
    pages = print_pages(page, tmp_path)
    (signed,) = [p for p in pages if "班主任签字" in p]
    assert signed is pages[-1]
    rest = signed.replace("班主任签字", "").replace("日期", "").replace("_", "").replace("：", "").split()
    assert len(rest) > 5 and any(h in signed for h in ("口径说明", "没有计入的文件", "同班同名")), signed


def test_a_comparison_with_nothing_in_it_is_left_out(klass, tmp_path, capsys):
    code = main(["report", str(klass.folder), "--compare", str(tmp_path / "missing"), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and "compare" not in json.loads(out)
    assert "这次不做对比" in err and "找不到" in err
