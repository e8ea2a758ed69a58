"""The rule catalogue must say exactly what the school plan says."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from game.engine.rules import catalogue

from .conftest import ROOT

# Obvious typos in the seed that the catalogue fixes, and nothing else.
TYPO_FIXES = {"0Q": "QQ"}


def seed_text() -> str:
    candidates = [Path(os.environ["FANZHA_SEED"])] if os.environ.get("FANZHA_SEED") else []
    candidates += [ROOT.parent / "shared" / "seed", ROOT / ".." / ".." / "shared" / "seed"]
    for folder in candidates:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return "\n".join(f.read_text(encoding="utf-8") for f in files)
    pytest.skip("the school plan (shared/seed) is not next to this checkout")


def numbered(section: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^\s*\d+\.(.*\S)\s*$", section, re.M)]


def between(text: str, start: str, end: str | None) -> str:
    i = text.index(start) + len(start)
    return text[i : text.index(end, i)] if end else text[i:]


def fix(s: str) -> str:
    for wrong, right in TYPO_FIXES.items():
        s = s.replace(wrong, right)
    return s


def test_groups_and_counts():
    cat = catalogue()
    assert [(g.id, len(g.rules)) for g in cat.groups] == [
        ("soul", 8), ("six", 6), ("ten", 10), ("slogan", 20), ("type", 12),
    ]
    assert cat["soul-3"].label == "灵魂8问 第3问"
    assert cat["ten-10"].label == "十个凡是 第10条"
    assert cat["type-8"].title == "网络游戏诈骗"
    assert len({r.id for r in cat.all()}) == 56


def test_catalogue_matches_the_seed_word_for_word():
    t = seed_text()
    cat = catalogue()
    expected = {
        "slogan": numbered(between(t, "防范电信网络诈骗宣传活动标语\n", "附件2")),
        "soul": numbered(between(t, "反电信诈骗灵魂8问", "预防电信网络诈骗牢记“六个一律”")),
        "six": numbered(between(t, "预防电信网络诈骗牢记“六个一律”", "预防电信网络诈骗牢记“十个凡是”")),
        "ten": numbered(between(t, "预防电信网络诈骗牢记“十个凡是”", "附件3")),
    }
    for group, texts in expected.items():
        assert [r.text for r in cat.group(group).rules] == [fix(x) for x in texts], group
    types = numbered(between(t, "重点防范的12类电信网络诈骗手段内容", None))
    assert len(types) == 12
    for rule, line in zip(cat.fraud_types, types):
        title, text = line.split("。", 1)
        assert rule.title == title
        assert rule.text == fix(text)


def test_group_titles_come_from_the_seed():
    t = seed_text()
    for g in catalogue().groups:
        assert g.title in t, g.title
