"""The boundary for text that comes from outside the game's code: scenario
files, exports, names lists, the check cache, file names, what players type.

Such text may hold characters a terminal obeys or hides rather than shows:
control characters (ESC starts the sequences that set a window's title or
write to the clipboard), NUL, bidirectional overrides that show a line
reversed, zero-width characters. `fanzha check` refuses them in scenarios
(`hidden`); everywhere else they are shown as a visible 〔U+202E〕 instead of
being passed on (`visible`, `visible_line`, `json_text`).

〔〕 rather than <> or []: neither Markdown, HTML nor Rich/Textual markup reads
them, and a GBK console can show them."""

from __future__ import annotations

import json
import re

# C0 controls except tab and newline, DEL, and C1 (ESC, CSI, OSC, NEL…).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Marks and overrides that change the direction text is shown in.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters that take no room: zero-width space and joiners, word joiner,
# invisible operators, and U+FEFF inside text (a BOM is only the first byte).
_ZERO_WIDTH = "\u200b-\u200d\u2060-\u2064\ufeff"
# Line and paragraph separators: YAML and some terminals break lines on them.
_SEPARATORS = "\u2028\u2029"

_UNSAFE = f"{_CONTROL}{_BIDI}{_ZERO_WIDTH}{_SEPARATORS}"
HIDDEN = re.compile(f"[{_UNSAFE}]")  # in text of several lines: tab and newline are fine
HIDDEN_IN_LINE = re.compile(f"[\t\n{_UNSAFE}]")  # in one line (a name, a file name): they are not
_BIDI_SET = frozenset(chr(c) for c in (0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _shown(match: re.Match) -> str:
    return f"〔{code(match.group())}〕"


def visible(text: str) -> str:
    """The text with every hidden character shown as 〔U+XXXX〕; tab and
    newline kept. For anything printed that came from a file or a player."""
    return HIDDEN.sub(_shown, text)


def visible_line(text: str) -> str:
    """As `visible`, and newlines and tabs shown too: a name or a file name
    must not start a line of its own."""
    return HIDDEN_IN_LINE.sub(_shown, text)


def is_clean(text: str) -> bool:
    return HIDDEN.search(text) is None


def hidden(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every hidden character in the text."""
    return [(m.start(), m.group()) for m in HIDDEN.finditer(text)]


def breaks_yaml(ch: str) -> bool:
    """YAML refuses control characters and breaks lines at U+0085, U+2028
    and U+2029: a file holding one cannot be read as written."""
    n = ord(ch)
    return n < 0x20 or 0x7F <= n <= 0x9F or ch in "\u2028\u2029"


def what(ch: str) -> str:
    """The kind of a hidden character, in words a teacher understands."""
    n = ord(ch)
    if n == 0:
        return "空字符（NUL）"
    if n == 0x1B:
        return "控制字符 ESC（终端会把它后面的内容当成命令，比如改窗口标题、写剪贴板）"
    if n < 0x20 or 0x7F <= n <= 0x9F:
        return "控制字符"
    if ch in _BIDI_SET:
        return "改变文字方向的字符（会让文字倒着显示）"
    if ch in "\u2028\u2029":
        return "行分隔符"
    return "看不见的零宽字符"


def problem(ch: str) -> str:
    """What `fanzha check` says about one hidden character in a scenario."""
    return f"这里有一个{what(ch)} {code(ch)}：剧本里不能有看不见的字符，请删掉它"


def json_text(value, **kwargs) -> str:
    """JSON as `json.dumps(ensure_ascii=False)` writes it, with every hidden
    character written as a \\uXXXX escape: the same data for a tool, and
    nothing a terminal would obey when the JSON is printed."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    # Hidden characters can only stand inside strings (JSON's own syntax is
    # ASCII, and json.dumps escapes tab and newline in strings), where an
    # escape means the same character.
    return HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
