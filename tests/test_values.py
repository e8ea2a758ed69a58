"""Value classes without generated code (game/engine/values.py): they behave
as the dataclasses they replace, and no module a start imports defines a
dataclass (each would compile its methods from source at import)."""

from __future__ import annotations

import hashlib
import json
import pickle
import subprocess
import sys

import pytest

from game.engine import digest
from game.engine.checking import LoadedFile
from game.engine.library import Library
from game.engine.problems import Problem, Where
from game.progress.profiles import Profile

from .conftest import ROOT


def test_frozen_values_compare_hash_print_and_pickle_as_dataclasses_did():
    p = Problem(Where("a.yaml", 3, 1), "坏了")
    same = Problem(where=Where(file="a.yaml", line=3, column=1), message="坏了", severity="error")
    assert p == same and hash(p) == hash(same) and len({p, same}) == 1
    assert p != Problem(Where("a.yaml", 3, 1), "坏了", "warning")
    assert p != ("a.yaml", 3, 1) and Where("a", 1, 1) != Problem(Where("a", 1, 1), "x")
    assert repr(p) == "Problem(where=Where(file='a.yaml', line=3, column=1), message='坏了', severity='error')"
    assert pickle.loads(pickle.dumps(p)) == p  # checked files cross processes (check_files)
    assert digest.sha256(b"fanzha").hexdigest() == hashlib.sha256(b"fanzha").hexdigest()
    with pytest.raises(AttributeError):
        p.message = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.severity  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        Where("a", 1)  # type: ignore[call-arg]


def test_replace_changes_only_the_fields_named():
    one = Profile(1, "u", "小明", "三(2)班", "A", 1, "2026-01-01", "小学")
    other = one.replace(audience="家长")
    assert other.audience == "家长" and one.audience == "小学"
    assert other == Profile(1, "u", "小明", "三(2)班", "A", 1, "2026-01-01", "家长")


def test_mutable_records_compare_by_fields_and_are_unhashable():
    a = LoadedFile("p", "builtin", None, [], raw_id="x")
    b = LoadedFile("p", "builtin", None, [], "x")
    assert a == b and a != LoadedFile("p", "user", None, [], "x")
    a.key = "k"
    assert a != b and "key='k'" in repr(a)
    with pytest.raises(TypeError):
        hash(a)
    lib = Library()
    assert lib.files == [] and dict(lib.infos) == {} and lib == Library() and lib.files is not Library().files


def test_no_module_the_start_imports_defines_a_dataclass_or_loads_openssl():
    """The title's start (game.ui.app, the listing from the cache) and the
    thread that opens the progress store after its first frame."""
    code = (
        "import dataclasses, inspect, json, sys;"
        "import game.ui.app, game.engine.library, game.engine.listing, game.engine.cache, game.progress.store;"
        "found = [f'{m.__name__}.{n}' for m in list(sys.modules.values()) if (m.__name__ or '').startswith('game.')"
        " for n, c in vars(m).items() if inspect.isclass(c) and c.__module__ == m.__name__ and dataclasses.is_dataclass(c)];"
        "print(json.dumps({'found': found, 'loaded': sorted(n for n in sys.modules if n.startswith('game.')), 'openssl': '_hashlib' in sys.modules}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert {"game.progress.records", "game.progress.profiles", "game.engine.problems"} <= set(doc["loaded"])
    assert doc["found"] == []
    assert doc["openssl"] is False  # the cache's fingerprint uses game.engine.digest, not hashlib
