"""The house's layers (docs/architecture.md): the import-linter contracts in
pyproject.toml hold, and the engine and everything else below the faces run
without Textual."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

BELOW_THE_FACES = ("game.engine", "game.progress", "game.results", "game.classroom", "game.text")


def test_import_contracts_hold():
    """Layers only import down, the two faces never import each other, and no
    package has a cycle among its modules (function-local imports count)."""
    pytest.importorskip("importlinter")
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_contracts_name_every_package():
    """A new top-level package must be placed in the layers, not slip past them."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    packages = {f"game.{p.name}" for p in (ROOT / "game").iterdir() if (p / "__init__.py").is_file()}
    assert packages == named


def test_nothing_below_the_faces_loads_textual():
    """Every module of the engine, progress, results, classroom and text
    packages imports in a fresh interpreter without pulling in Textual."""
    code = f"""
import importlib, json, pkgutil, sys
loaded = []
for pkg_name in {BELOW_THE_FACES!r}:
    pkg = importlib.import_module(pkg_name)
    for m in pkgutil.walk_packages(pkg.__path__, pkg_name + "."):
        importlib.import_module(m.name)
        loaded.append(m.name)
print(json.dumps({{"loaded": loaded, "textual": sorted(n for n in sys.modules if n.split(".")[0] in ("textual", "textual_serve"))}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert "game.engine.play" in doc["loaded"] and "game.text.plain" in doc["loaded"]
    assert doc["textual"] == []
