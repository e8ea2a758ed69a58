"""Reading untrusted YAML: positions, encodings, and hostile input."""

from __future__ import annotations

import tracemalloc

import pytest

from game.engine import yamlsource
from game.engine.library import load_file
from game.engine.yamlsource import KEY, SourceError, decode, load


def test_positions_are_recorded():
    doc = load("a: 1\nb:\n  - x\n  - {c: true}\n")
    assert doc.value == {"a": 1, "b": ["x", {"c": True}]}
    assert doc.positions[("b", 0)].line == 3
    assert doc.positions[("b", 1, "c")] == yamlsource.Pos(4, 9)
    assert doc.positions[("b", KEY)].line == 2


def test_bom_and_crlf_are_accepted():
    text = decode("\ufeffa: 第一行\r\nb: 2\r\n".encode("utf-8"))
    assert load(text).value == {"a": "第一行", "b": 2}


def test_invalid_utf8_names_the_line():
    with pytest.raises(SourceError) as err:
        decode("a: 1\nb: ".encode() + "中文".encode("gbk"))
    assert err.value.pos.line == 2


def test_file_size_limit():
    with pytest.raises(SourceError, match="太大"):
        decode(b"a: 1\n" * (yamlsource.MAX_FILE_BYTES // 4))


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "a: !!python/name:os.system",
        "a: !custom {x: 1}",
        "a: !!binary aGVsbG8=",
        "a: !!set {x, y}",
    ],
)
def test_tags_never_construct_objects(text):
    with pytest.raises(SourceError, match="标签"):
        load(text)


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{','.join([prev] * 9)}]")
    # Bounded work, shown as bounded memory (the suite never times anything):
    # the aliases are never expanded into the 9^10 strings they name.
    tracemalloc.start()
    try:
        with pytest.raises(SourceError, match="太多"):
            load("\n".join(lines))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000])
def test_deep_flow_nesting_is_refused(text):
    with pytest.raises(SourceError, match="嵌套"):
        load(text)


def test_deep_block_nesting_is_refused():
    text = "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v\n"
    with pytest.raises(SourceError, match="嵌套"):
        load(text)


def test_empty_and_scalar_documents(tmp_path):
    assert load("").value is None
    p = tmp_path / "empty.yaml"
    p.write_text("", encoding="utf-8")
    assert not load_file(p).ok
    p.write_text("just a string\n", encoding="utf-8")
    assert "映射" in load_file(p).errors[0].message


def test_multiple_documents_are_an_error():
    with pytest.raises(SourceError):
        load("a: 1\n---\nb: 2\n")


def test_yaml11_scalars():
    doc = load("a: yes\nb: 0x1F\nc: 1_000\nd: ~\ne: 2024-01-01\nf: 1.5\n")
    assert doc.value == {"a": True, "b": 31, "c": 1000, "d": None, "e": "2024-01-01", "f": 1.5}


def test_folded_chinese_lines_join_without_spaces():
    doc = load("a: >\n  第一句话，\n  第二句话。\n  Call 110 now\n  please.\nb: 单行 中间 有空格\n")
    assert doc.value["a"] == "第一句话，第二句话。Call 110 now please.\n"
    assert doc.value["b"] == "单行 中间 有空格"


def test_folded_lines_after_chinese_punctuation_join_without_spaces():
    doc = load("a: >\n  他转走了。\n  800 元没了，\n  “别怕”\n  Call 110\n")
    assert doc.value["a"] == "他转走了。800 元没了，“别怕”Call 110\n"


def test_absurd_number_of_nodes_is_refused_quickly(tmp_path):
    lines = ["id: huge", "title: x", "fraud_type: type-1", "audience: [小学]", "summary: x", "nodes:"]
    for i in range(5000):
        lines += [f"  n{i}:", "    choices:", f"      - {{text: go, to: n{i + 1}}}"]
    path = tmp_path / "huge.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_file(path)
    assert not loaded.ok and any("节点太多" in p.message for p in loaded.errors)
