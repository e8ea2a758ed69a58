"""Chinese line breaking: each CJK character may start a line, closing
punctuation never does, and text without CJK wraps exactly as Rich wraps it."""

from __future__ import annotations

import random
import string

import textual.content
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len

from game.ui import wrap


def lines(text: str, width: int) -> list[str]:
    offsets = [0, *wrap.divide_line(text, width), len(text)]
    return [text[a:b] for a, b in zip(offsets, offsets[1:])]


def test_ascii_wraps_exactly_as_rich():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(string.ascii_letters[:6] + "  -.,") for _ in range(rng.randint(0, 50)))
        width = rng.randint(1, 25)
        assert wrap.divide_line(text, width) == rich_divide_line(text, width), (text, width)


def test_chinese_fills_each_line_instead_of_jumping_whole_sentences():
    text = "1. 马上点开链接，马上点开链接，马上点开链接"
    out = lines(text, 20)
    assert out[0] == "1. 马上点开链接，马"
    assert all(cell_len(line.rstrip()) <= 20 for line in out)


def test_no_closing_punctuation_at_the_start_of_a_line():
    text = "骗子先要保证金，又冒充警察吓唬你转账。真警察不会打电话让你转钱到“安全账户”。这不是你的错。"
    for width in range(6, 40):
        for line in lines(text, width)[1:]:
            assert line[0] not in "，。、；：？！）》」』”", (width, line)


def test_no_opening_bracket_at_the_end_of_a_line():
    text = "请看这里（很重要）和《反诈手册》还有“安全账户”的说法"
    for width in range(6, 30):
        for line in lines(text, width)[:-1]:
            assert line.rstrip()[-1] not in "（《「『“", (width, line)


def test_never_splits_a_double_width_character():
    text = "链接在这里：https://skin-gift.example.com/get ，30 分钟内有效哦！"
    for width in range(2, 40):
        for line in lines(text, width):
            assert cell_len(line.rstrip()) <= width


def test_the_app_installs_it():
    from .helpers import make_app

    make_app()
    assert textual.content.divide_line is wrap.divide_line


def test_a_line_that_fits_is_not_broken_by_the_short_cut_or_the_long_way():
    """divide_line answers [] at once for text that fits; the full walk agrees."""
    rng = random.Random(7)
    alphabet = "反诈大冒险，。（）《》“”… " + string.ascii_letters + "  ,.!?"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        width = cell_len(text) + rng.randint(0, 5)
        assert wrap.divide_line(text, width) == [] == wrap._breaks(text, width, True), (text, width)
