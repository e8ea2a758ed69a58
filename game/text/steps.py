"""The text face's steps: what a player types to move a story on, as
`fanzha play --choices` and the plain mode read it (`2`, `text:123456`,
`flag:3` — mark the 3rd message of the node entered last as suspicious;
the plain mode also reads `m 3` and `标记 3`)."""

from __future__ import annotations

import re

from game.engine.play import Playthrough

PROMPT = "请输入选项编号（表单写 text:内容；觉得第 K 句话可疑，写 m K 标记它）："
LAST_PROMPT = "故事到这里结束了。这一段里有可疑的话吗？写 m 编号标记它，直接回车看结局："

_NUMBER = re.compile(r"[0-9]+")
_FLAG = re.compile(r"flag:\s*([0-9]+)")
# Typed in the plain mode: `m 2`, `标记 2` (and `flag:2`); `um 2` / `取消标记 2` takes one back.
_MARK = re.compile(r"(?:(?P<un>um|取消标记|取消)|m|标记|flag:)\s*(?P<n>[0-9]+)", re.IGNORECASE)
HOW = "选项写编号（从 1 数起），表单写 text:内容，标记第 K 句可疑的话写 flag:K"


def parse_keys(text: str) -> list[tuple[str, object]]:
    """`2,1,text:123456,3` → [("choice", 2), ("choice", 1), ("text", "123456"), ("choice", 3)].
    A comma inside typed text is kept: what follows `text:` up to the next
    number or `text:` belongs to it."""
    keys: list[tuple[str, object]] = []
    if not text.strip():
        return keys
    for raw in text.split(","):
        token = raw.strip()
        if token.startswith("text:"):
            keys.append(("text", raw.lstrip()[5:]))
        elif _NUMBER.fullmatch(token):
            keys.append(("choice", int(token)))
        elif token.startswith("flag:"):  # ends a text: value, as a number does
            keys.append(_flag(token))
        elif keys and keys[-1][0] == "text":
            keys[-1] = ("text", f"{keys[-1][1]},{raw}")
        else:
            raise ValueError(f"看不懂 `{token}`：{HOW}，用逗号隔开")
    return keys


def _flag(token: str) -> tuple[str, object]:
    m = _FLAG.fullmatch(token)
    if m is None:
        raise ValueError(f"看不懂 `{token}`：flag: 后面写第几句话（从 1 数起），例如 flag:2")
    return ("flag", int(m.group(1)))


def parse_key(line: str) -> tuple[str, object]:
    token = line.strip()
    if token.startswith("text:"):
        return ("text", token[5:])
    if _NUMBER.fullmatch(token):
        return ("choice", int(token))
    m = _MARK.fullmatch(token)
    if m is not None:
        return ("unflag" if m.group("un") else "flag", int(m.group("n")))
    raise ValueError(f"看不懂 `{token}`：{HOW}（也可以写 m K）")


def apply(play: Playthrough, key: tuple[str, object]) -> bool:
    """Take one step. For a mark, whether it changed anything (a repeated
    mark does nothing); for a move, True."""
    kind, value = key
    if kind == "text":
        play.submit(str(value))
    elif kind == "flag":
        return play.mark(-1, int(value) - 1)  # type: ignore[arg-type]
    elif kind == "unflag":
        return play.unmark(-1, int(value) - 1)  # type: ignore[arg-type]
    else:
        play.choose_nth(int(value))  # type: ignore[arg-type]
    return True


def is_move(key: tuple[str, object]) -> bool:
    return key[0] in ("text", "choice")


def describe(key: tuple[str, object]) -> str:
    kind, value = key
    return {"text": f"text:{value}", "flag": f"flag:{value}", "unflag": f"取消标记 {value}"}.get(kind, str(value))
