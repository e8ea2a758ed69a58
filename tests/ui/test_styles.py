"""Every screen loads the stylesheets of the widgets it uses (Textual reads
CSS_PATH only on apps and screens, so a forgotten one draws a widget unstyled
without any error), every widget declares the stylesheets that style it, and
every .tcss under game/ui is loaded somewhere (game/ui/styles.py)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import sys
from functools import cache
from pathlib import Path

from textual.screen import Screen
from textual.widget import Widget

import game.ui
from game.ui.app import FanzhaApp

UI = Path(game.ui.__file__).resolve().parent


@cache
def ui_classes() -> tuple[type, ...]:
    """Every widget and screen class defined in game.ui."""
    found = []
    for info in pkgutil.walk_packages(game.ui.__path__, "game.ui."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Widget) and obj.__module__ == module.__name__:
                found.append(obj)
    return tuple(found)


def screens() -> list[type]:
    return [c for c in ui_classes() if issubclass(c, Screen)]


def widgets() -> list[type]:
    return [c for c in ui_classes() if not issubclass(c, Screen)]


def css_paths(owner: type) -> set[Path]:
    """An app's or a screen's CSS_PATH as Textual resolves it: relative to the
    file of the class it is read on."""
    raw = owner.CSS_PATH
    if raw is None:
        return set()
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    base = Path(inspect.getfile(owner)).resolve().parent
    return {Path(p).resolve() if Path(p).is_absolute() else (base / p).resolve() for p in items}


def loaded_for(screen: type) -> set[Path]:
    """What is loaded while a screen shows: its own CSS_PATH and the app's."""
    return css_paths(screen) | css_paths(FanzhaApp)


def sheets(cls: type) -> set[Path]:
    return set(getattr(cls, "STYLESHEETS", ()))


@cache
def _top_level(module_name: str) -> dict[str, ast.AST]:
    tree = ast.parse(inspect.getsource(sys.modules[module_name]))
    return {n.name: n for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}


def used_widgets(cls: type) -> set[type]:
    """The game.ui widget classes a class names in its code, in its own
    game.ui base classes, and in the module's functions they call (function
    -local imports included)."""
    found: set[type] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("game.ui"):
            continue
        module = sys.modules[klass.__module__]
        defs = _top_level(klass.__module__)
        todo, seen = [klass.__name__], set()
        while todo:
            name = todo.pop()
            if name in seen or name not in defs:
                continue
            seen.add(name)
            local = {}
            for node in ast.walk(defs[name]):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("game."):
                    source = importlib.import_module(node.module)
                    local.update({a.asname or a.name: getattr(source, a.name, None) for a in node.names})
            for node in ast.walk(defs[name]):
                if not isinstance(node, ast.Name):
                    continue
                if isinstance(defs.get(node.id), ast.FunctionDef):
                    todo.append(node.id)
                obj = local.get(node.id, getattr(module, node.id, None))
                if (
                    isinstance(obj, type) and issubclass(obj, Widget) and not issubclass(obj, Screen)
                    and obj.__module__.startswith("game.ui") and obj is not klass
                ):
                    found.add(obj)
    return found


def _names(paths) -> list[str]:
    return sorted(str(Path(p).relative_to(UI)) for p in paths)


def test_the_classes_are_found():
    names = {c.__name__ for c in ui_classes()}
    assert {"PlayScreen", "PresentScreen", "Transcript", "RuleCard", "FlagRow"} <= names
    play = next(c for c in screens() if c.__name__ == "PlayScreen")
    assert {"Transcript", "WebForm", "StatusBar", "ChannelBar", "ChoiceList", "KeyBar"} <= {
        w.__name__ for w in used_widgets(play)
    }


def test_every_screen_loads_the_styles_of_the_widgets_it_uses():
    missing = {}
    for screen in screens():
        need = set().union(*(sheets(w) for w in used_widgets(screen)))
        if need - loaded_for(screen):
            missing[screen.__name__] = _names(need - loaded_for(screen))
    assert not missing, f"screens whose CSS_PATH misses a widget's stylesheet (use game.ui.styles.styles): {missing}"


def test_every_widget_declares_the_styles_of_the_widgets_it_composes():
    missing = {}
    for widget in widgets():
        need = set().union(*(sheets(w) for w in used_widgets(widget)))
        if need - sheets(widget):
            missing[widget.__name__] = _names(need - sheets(widget))
    assert not missing, f"widgets whose STYLESHEETS miss a composed widget's (game.ui.styles.beside): {missing}"


def test_every_stylesheet_declared_exists_beside_its_widget():
    for widget in widgets():
        for path in sheets(widget):
            assert path.is_file(), f"{widget.__name__}: {path}"


def test_every_stylesheet_is_loaded_somewhere():
    loaded = css_paths(FanzhaApp).union(*(css_paths(s) for s in screens()))
    every = {p.resolve() for p in UI.rglob("*.tcss")}
    assert every - loaded == set(), f"stylesheets no screen or app loads: {_names(every - loaded)}"


def _selectors(text: str) -> list[str]:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out = []
    for head in re.findall(r"([^{}]+)\{", text):
        out += [s.strip() for s in head.split(",") if s.strip()]
    return out


def test_a_class_styled_by_name_declares_or_loads_that_stylesheet():
    """`FlagRow {…}` in review.tcss: FlagRow must name review.tcss; a rule
    under a screen (`PlayScreen.-small StatusBar`) must be loaded by it."""
    by_name = {c.__name__: c for c in ui_classes()}
    wrong = []
    for path in UI.rglob("*.tcss"):
        path = path.resolve()
        for selector in _selectors(path.read_text(encoding="utf-8")):
            named = [by_name[n] for n in re.findall(r"(?<![\w#.:-])([A-Z]\w*)", selector) if n in by_name]
            on_screens = [c for c in named if issubclass(c, Screen)]
            if on_screens:
                wrong += [f"{path.name}: {selector} ({c.__name__})" for c in on_screens if path not in loaded_for(c)]
            else:
                wrong += [f"{path.name}: {selector} ({c.__name__})" for c in named if path not in sheets(c)]
    assert not wrong, "stylesheets that style a class which does not load them:\n" + "\n".join(wrong)
