"""Untrusted scenario files: random and mutated YAML never escapes as anything
but the project's own problems with a file and a line (issue: bad input)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.library import load_file

from .conftest import FIXTURES

SEED = (FIXTURES / "engine" / "full.yaml").read_bytes()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    loaded = load_file(path)
    assert loaded.ok or loaded.errors
    for p in loaded.problems:
        assert p.where.file == str(path)
        assert p.where.line >= 1 and p.where.column >= 1
        assert p.message


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path, data):
    check(tmp_path, data)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("abc:-[]{}!&*|>'\"#\n 　中文1\t?,%@`")), max_size=400))
def test_yaml_punctuation_soup(tmp_path, text):
    check(tmp_path, text.encode("utf-8"))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.integers(0, 40), st.binary(max_size=12)), max_size=6))
def test_mutated_scenario(tmp_path, edits):
    data = bytearray(SEED)
    for at, cut, insert in edits:
        at = min(at, len(data))
        data[at : at + cut] = insert
    check(tmp_path, bytes(data))


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=20))
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=30,
)


@FUZZ
@given(st.dictionaries(
    st.sampled_from(["id", "title", "fraud_type", "audience", "summary", "nodes", "start", "money", "characters", "is_scam"]),
    _values, max_size=10,
))
def test_well_formed_yaml_with_wrong_shapes(tmp_path, doc):
    import yaml

    check(tmp_path, yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))
