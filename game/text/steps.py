"""The text face's steps: what a player types to move a story on, as
`fanzha play --choices` and the plain mode read it (`2`, `text:123456`)."""

from __future__ import annotations

import re

from game.engine.play import Playthrough

PROMPT = "请输入选项编号（表单写 text:内容）："

_NUMBER = re.compile(r"[0-9]+")



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
        elif keys and keys[-1][0] == "text":
            keys[-1] = ("text", f"{keys[-1][1]},{raw}")
        else:
            raise ValueError(f"看不懂 `{token}`：选项写编号（从 1 数起），表单写 text:内容，用逗号隔开")
    return keys


def parse_key(line: str) -> tuple[str, object]:
    token = line.strip()
    if token.startswith("text:"):
        return ("text", token[5:])
    if _NUMBER.fullmatch(token):
        return ("choice", int(token))
    raise ValueError(f"看不懂 `{token}`：选项写编号（从 1 数起），表单写 text:内容")


def apply(play: Playthrough, key: tuple[str, object]) -> None:
    kind, value = key
    if kind == "text":
        play.submit(str(value))
    else:
        play.choose_nth(int(value))  # type: ignore[arg-type]


def describe(key: tuple[str, object]) -> str:
    return f"text:{key[1]}" if key[0] == "text" else str(key[1])
