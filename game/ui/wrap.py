"""Line breaking for Chinese text.

Textual wraps at spaces (Rich's `divide_line`): a Chinese sentence has none,
so it is one long "word" that jumps to the next line, leaving a ragged gap,
and a label such as "1. " is left alone on its line. Here every CJK character
is a place a line may break, with the usual rules of Chinese typesetting
(禁则): no "，。）》" at the start of a line, no "（《“" at its end. Text without
CJK characters is divided exactly as Rich divides it.

`install()` swaps this in for the `divide_line` that `textual.content` uses.
It is guarded: if a Textual release moves that name, nothing is patched and
text simply wraps the Textual way (tests/ui/test_wrap.py notices)."""

from __future__ import annotations

import re
from typing import Iterable

from rich._loop import loop_last
from rich.cells import cell_len, chop_cells

# Characters that may not begin a line, and ones that may not end one.
NO_START = set("，。、；：？！）》」』】〕〉”’…—·%％,.;:?!)]}>·～~")
NO_END = set("（《「『【〔〈“‘([{<")

# Where a line may break between two characters: CJK ideographs, kana,
# full-width forms and CJK punctuation, and the curly quotes, ellipsis and dash
# used in Chinese text. Plain comparisons, not a regex: this module is loaded
# before the first paint and a big Unicode class is slow to compile.
_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FA1F))
_SINGLES = frozenset("\u201c\u201d\u2018\u2019\u2026\u2014")
_LOWEST = "\u2014"  # no character below this is in the sets above
_WORD = re.compile(r"\s*\S+\s*")


def _cjk(ch: str) -> bool:
    code = ord(ch)
    return ch in _SINGLES or any(low <= code <= high for low, high in _RANGES)


def _units(text: str) -> Iterable[tuple[int, int, str]]:
    """Rich's words, with each CJK character split off as its own unit."""
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group(0)
        if max(word) < _LOWEST or not any(_cjk(ch) for ch in word):
            yield start, m.end(), word
            continue
        # Split the word: runs of non-CJK stay together, each CJK char alone;
        # leading spaces stay with the first piece, trailing with the last.
        pieces: list[list] = []
        i = 0
        lead = len(word) - len(word.lstrip())
        core_end = len(word.rstrip())
        i = lead
        while i < core_end:
            ch = word[i]
            if _cjk(ch):
                pieces.append([i, i + 1])
                i += 1
            else:
                j = i
                while j < core_end and not _cjk(word[j]):
                    j += 1
                pieces.append([i, j])
                i = j
        pieces[0][0] = 0
        pieces[-1][1] = len(word)
        # 禁则: glue "，" to what precedes it and "（" to what follows it.
        merged: list[list] = []
        for piece in pieces:
            text_piece = word[piece[0]:piece[1]].strip()
            if merged and text_piece and (text_piece[0] in NO_START or word[merged[-1][1] - 1] in NO_END):
                merged[-1][1] = piece[1]
            else:
                merged.append(piece)
        for a, b in merged:
            yield start + a, start + b, word[a:b]


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Same contract as `rich._wrap.divide_line`: offsets to break the text at."""
    if cell_len(text) <= width:
        return []  # fits as it is: no word can need a break (most lines of a screen)
    return _breaks(text, width, fold)


def _breaks(text: str, width: int, fold: bool) -> list[int]:
    break_positions: list[int] = []
    append = break_positions.append
    cell_offset = 0
    for start, _end, word in _units(text):
        word_length = cell_len(word.rstrip())
        remaining_space = width - cell_offset
        if remaining_space >= word_length:
            cell_offset += cell_len(word)
        elif word_length > width:
            if fold:
                for last, line in loop_last(chop_cells(word, width=width)):
                    if start:
                        append(start)
                    if last:
                        cell_offset = cell_len(line)
                    else:
                        start += len(line)
            else:
                if start:
                    append(start)
                cell_offset = cell_len(word)
        elif cell_offset and start:
            append(start)
            cell_offset = cell_len(word)
    return break_positions


def install() -> bool:
    """Use this line breaker for all Textual content. True if it took."""
    try:
        import textual.content as content
    except ImportError:  # pragma: no cover
        return False
    if not callable(getattr(content, "divide_line", None)):
        return False
    content.divide_line = divide_line
    return True
