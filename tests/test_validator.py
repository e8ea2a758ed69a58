"""Each file in fixtures/bad carries one kind of problem and says, in its
`# expect: LINE: TEXT` header, where the validator must report it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine.library import Library, load_file, load_library
from game.engine.validate import content_problems, host_is_fictional

from .conftest import FIXTURES

BAD = FIXTURES / "bad"
EXPECT = re.compile(rb"^# expect: (\d+): (.+)$", re.M)


def expectations(path: Path) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2).decode("utf-8")) for m in EXPECT.finditer(path.read_bytes())]


SINGLE = sorted(p for p in BAD.glob("*.yaml") if not p.name.startswith("dup-scenario"))


@pytest.mark.parametrize("path", SINGLE, ids=lambda p: p.stem)
def test_each_problem_is_reported_with_file_and_line(path: Path):
    expected = expectations(path)
    assert expected, f"{path.name} has no # expect header"
    loaded = load_file(path)
    assert loaded.scenario is None, "a file with errors must not load"
    for line, text in expected:
        hits = [p for p in loaded.errors if text in p.message]
        assert hits, f"no error containing {text!r}; got {[str(p) for p in loaded.problems]}"
        assert any(p.where.line == line and p.where.file == str(path) for p in hits), [str(p) for p in hits]
        assert all(p.where.column >= 1 for p in hits)


def test_duplicate_scenario_ids_across_files():
    lib = load_library([(BAD, "user")], files=[])
    clash = [f for f in lib.files if f.path.name == "dup-scenario-2.yaml"][0]
    assert clash.scenario is None
    assert any("已经被" in p.message and p.where.line == 1 for p in clash.errors)
    # The first one still loads: a clash never takes both down.
    assert lib.get("dup-scenario") is not None


def test_all_problems_in_one_run(tmp_path):
    """Several problems in one file are all reported, not just the first."""
    text = (BAD / "bad-target.yaml").read_text(encoding="utf-8")
    text = text.replace("rules: [ten-1]", "rules: [ten-99]").replace("type-1", "type-77")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    messages = " | ".join(p.message for p in load_file(path).errors)
    assert "nowhere" in messages and "ten-99" in messages and "type-77" in messages


def test_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a-broken.yaml").write_text("id: [oops\n", encoding="utf-8")
    good = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8")
    (tmp_path / "b-good.yaml").write_text(good, encoding="utf-8")
    lib = load_library([(tmp_path, "user")])
    assert lib.get("bench-full") is not None
    assert [f.ok for f in lib.files] == [False, True]


def test_builtin_ids_cannot_be_replaced(tmp_path):
    from game.engine.paths import builtin_scenarios_dir

    builtin = next(iter(load_library([(builtin_scenarios_dir(), "builtin")]).scenarios.values()))
    text = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8").replace("id: bench-full", f"id: {builtin.id}")
    (tmp_path / "mine.yaml").write_text(text, encoding="utf-8")
    lib = load_library([(builtin_scenarios_dir(), "builtin"), (tmp_path, "user")])
    assert lib.get(builtin.id).file == builtin.file
    mine = [f for f in lib.files if f.path.name == "mine.yaml"][0]
    assert not mine.ok and "已经被" in mine.errors[0].message


def test_style_warnings_do_not_block_loading():
    loaded = load_file(BAD / "dup-scenario-1.yaml")
    assert loaded.ok
    kinds = {p.message.split("；")[0][:4] for p in loaded.problems}
    assert all(p.severity == "warning" for p in loaded.problems) and kinds


@pytest.mark.parametrize(
    "text",
    [
        "客服电话 171****2046",
        "请拨打 96110 或 110",
        "打开 https://tb-tuikuan.example.com/refund?id=3",
        "网址 pay.example 上付款",
        "http://example.org",
        "卡号 6222 **** **** 1234",
        "订单 2024-11-28 下午 3 点",
        "转账 20000 元",
        "发邮件到 kefu@tuikuan.example.com 申请退款",
        "群里 @小明 @王老师 看一下",
        "邮箱 a.b@mail.example",
    ],
)
def test_fictional_content_passes(text):
    assert content_problems(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "加我 139 1234 5678",
        "身份证 11010119900307451X",
        "银行卡 6217000010001234567",
        "https://www.taobao.com/refund",
        "扫码 http://192.168.1.5/pay",
        "登录 qq-jiedong.cn 解冻",
        "网址 evil-example.com",
        "把截图发到 1234567@qq.com",
        "邮箱：zhang.san@163.com",
        "联系kefu@service.example.com.cn退款",
    ],
)
def test_real_looking_content_is_refused(text):
    assert content_problems(text), text


def test_host_check():
    assert host_is_fictional("a.b.example.com")
    assert host_is_fictional("EXAMPLE.NET")
    assert not host_is_fictional("example.com.evil.cn")
    assert not host_is_fictional("notexample.com")


@pytest.mark.parametrize(
    "text",
    [
        "打开www.kuaizhuan.cn领钱",
        "请登录pay-help.com.cn，马上",
        "号码13912345678，快打",
        "身份证11010119900307451X。",
        "发到邮箱123456@qq.com就行",
    ],
)
def test_real_looking_content_touching_chinese_is_refused(text):
    assert content_problems(text), text


def test_findings_in_a_file_have_exact_columns(tmp_path):
    text = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8")
    text = text.replace("text: 真的吗？", "text: 真的吗？加我13912345678")
    path = tmp_path / "col.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = load_file(path).errors
    line = text.splitlines()[problem.where.line - 1]
    assert line[problem.where.column - 1 :].startswith("13912345678")


def test_escaped_numbers_are_found_too(tmp_path):
    text = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8")
    text = text.replace("text: 真的吗？", 'text: "真的吗？\\u0031\\u0033912345678"')
    path = tmp_path / "esc.yaml"
    path.write_text(text, encoding="utf-8")
    assert any("手机号" in p.message for p in load_file(path).errors)


def test_a_link_inside_markup_brackets_is_judged_by_its_host():
    assert content_problems("[link=https://x.example.com]点这里[/link]") == []
    assert content_problems("[link=https://x.evil.cn]点这里[/link]")


def test_an_email_is_reported_once():
    (message,) = content_problems("请发邮件到 li.si@126.com 。")
    assert "li.si@126.com" in message and "邮箱" in message


def _stage_warnings(loaded) -> list[str]:
    return [p.message for p in loaded.problems if "个不同的阶段" in p.message]


def test_a_scam_case_that_tags_too_few_stages_is_warned(tmp_path):
    # The review shows the scam as its script only when the steps are tagged.
    text = (FIXTURES / "engine" / "full.yaml").read_text(encoding="utf-8")
    bare = tmp_path / "bare.yaml"
    bare.write_text(text, encoding="utf-8")
    warned = _stage_warnings(load_file(bare))
    assert warned and "现在用了 0 个" in warned[0]

    tagged = tmp_path / "tagged.yaml"
    stages = iter(["hook", "trust", "ask-money", "escalate", "vanish", "vanish", "vanish"])
    lines = []
    for line in text.splitlines(keepends=True):
        lines.append(line)
        if line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":") and "nodes" not in line:
            lines.append(f"    stage: {next(stages, 'vanish')}\n")
    tagged.write_text("".join(lines), encoding="utf-8")
    loaded = load_file(tagged)
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert not _stage_warnings(loaded)
