"""Read untrusted YAML into plain Python values, remembering where each value stood.

PyYAML's composer (the C one when available) builds the node tree; we turn it
into dicts, lists and scalars ourselves so that (a) no tag can ever construct a
Python object, (b) aliases cannot explode memory ("billion laughs") and
(c) every value keeps its line and column for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from game.engine.files import MAX_SCENARIO_BYTES

try:  # the C parser is ~8x faster; fall back silently where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = MAX_SCENARIO_BYTES
MAX_VALUES = 200_000
MAX_DEPTH = 40

Path_ = tuple  # a location inside the document: ("nodes", "hook", "choices", 0)
KEY = "<key>"  # path suffix for where a mapping key itself stands


@dataclass(frozen=True)
class Pos:
    line: int  # 1-based
    column: int  # 1-based


class SourceError(Exception):
    """The file could not be read as YAML at all."""

    def __init__(self, message: str, pos: Pos = Pos(1, 1)):
        super().__init__(message)
        self.message = message
        self.pos = pos


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALARS = {
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "str",  # keep dates as written
    _STR: "str",
}
_BOOL = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _pos(node) -> Pos:
    mark = node.start_mark
    return Pos(mark.line + 1, mark.column + 1)


# A plain scalar is a number, date, merge or value key only if it starts with
# one of these, and a bool or null only if it is one of these words. Anything
# else (story text, most keys) is a string without asking the regex resolvers.
_NUMERIC_START = frozenset("0123456789+-.<=")
_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL ~".split()
)


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _NUMERIC_START and value not in _WORDS:
            return _STR
        return super().resolve(kind, value, implicit)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is accepted) with Windows line endings folded."""
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"文件太大（{len(data)} 字节），上限是 {MAX_FILE_BYTES} 字节")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError("文件不是 UTF-8 编码（请用 UTF-8 保存）", Pos(line, col)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Builder:
    def __init__(self) -> None:
        self.duplicates: list[tuple[Pos, str]] = []
        self.count = 0

    def build(self, node, depth: int):
        self.count += 1
        if self.count > MAX_VALUES:
            raise SourceError(f"文件里的值太多（超过 {MAX_VALUES} 个），可能用了别名炸弹", _pos(node))
        if depth > MAX_DEPTH:
            raise SourceError(f"嵌套太深（超过 {MAX_DEPTH} 层）", _pos(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise SourceError(f"不允许的 YAML 标签：{node.tag}", _pos(node))
            out: dict = {}
            for key_node, value_node in node.value:
                key = self.key(key_node)
                if key in out:  # keep the first, report the second, read on
                    self.duplicates.append((_pos(key_node), f"重复的键 `{key}`：只用第一个"))
                    continue
                out[key] = self.build(value_node, depth + 1)
            return out
        if node.tag != _SEQ:
            raise SourceError(f"不允许的 YAML 标签：{node.tag}", _pos(node))
        return [self.build(item, depth + 1) for item in node.value]

    @classmethod
    def key(cls, key_node):
        if key_node.tag == _STR and key_node.__class__ is yaml.ScalarNode:
            return key_node.value  # the common case, kept fast
        if not isinstance(key_node, yaml.ScalarNode):
            raise SourceError("键必须是简单的文字", _pos(key_node))
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise SourceError("不支持 YAML 合并键 <<", _pos(key_node))
        key = cls.scalar(key_node)
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            key = str(key_node.value)
        return key

    @staticmethod
    def scalar(node):
        kind = _SCALARS.get(node.tag)
        if kind is None:
            raise SourceError(f"不允许的 YAML 标签：{node.tag}", _pos(node))
        value = node.value
        if kind == "str":
            if node.style in (None, ">") and " " in value and node.end_mark.line > node.start_mark.line:
                # YAML folds a line break into a space; between two Chinese
                # characters that space is wrong.
                value = _CJK_FOLD.sub("", value)
            return value
        if kind == "int":
            text = value.replace("_", "")
            try:
                if text.lower().startswith(("0x", "-0x", "+0x")):
                    return int(text, 16)
                if text.lower().startswith(("0o", "-0o", "+0o")):
                    return int(text, 8)
                return int(text)
            except ValueError:
                return value  # YAML 1.1 oddities (octal 017, sexagesimal): keep the text
        if kind == "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if kind == "bool":
            return _BOOL.get(value.lower(), value)
        return None


class Positions:
    """Where a value stands, found on demand by walking the node tree: only
    problems need positions, so none are computed for a clean file."""

    def __init__(self, root) -> None:
        self.root = root

    def _find(self, path: Path_):
        node = self.root
        for i, part in enumerate(path):
            if node is None:
                return None
            if part == KEY:
                return None
            if isinstance(node, yaml.MappingNode):
                want_key = i + 1 < len(path) and path[i + 1] == KEY
                for key_node, value_node in node.value:
                    try:
                        key = _Builder.key(key_node)
                    except SourceError:
                        continue
                    if key == part:
                        if want_key:
                            return key_node if i + 2 == len(path) else None
                        node = value_node
                        break
                else:
                    return None
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node

    def __contains__(self, path: Path_) -> bool:
        return self._find(path) is not None

    def get(self, path: Path_, default: Pos | None = None) -> Pos | None:
        node = self._find(path)
        return _pos(node) if node is not None else default

    def span(self, path: Path_) -> tuple[int, int] | None:
        """Where a value (or, with KEY, a key) is written: offsets into the text."""
        node = self._find(path)
        return (node.start_mark.index, node.end_mark.index) if node is not None else None

    def __getitem__(self, path: Path_) -> Pos:
        pos = self.get(path)
        if pos is None:
            raise KeyError(path)
        return pos


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026"
# A folded line break between two Chinese characters, after Chinese punctuation
# or before it, is no space at all.
_CJK_FOLD = re.compile(f" (?:(?<=[{_CJK}] )(?=[{_CJK}])|(?<=[{_CJK_PUNCT}] )|(?=[{_CJK_PUNCT}]))")
_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str) -> None:
    # libyaml's composer recurses in C: refuse "[[[[..." before it can blow the stack.
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise SourceError(f"嵌套太深（超过 {MAX_DEPTH} 层）", Pos(line, 1))


@dataclass
class Document:
    value: object
    positions: Positions
    duplicates: list[tuple[Pos, str]]  # repeated keys: reported, not fatal


def load(text: str) -> Document:
    """Parse one YAML document: its value and the position of every value."""
    _check_flow_depth(text)
    try:
        root = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        message = f"YAML 格式错误：{exc.problem or exc.context}"
        ctx = exc.context_mark
        if exc.context and ctx is not None and (ctx.line + 1) != pos.line:
            message += f"（{exc.context}，从第 {ctx.line + 1} 行开始）"
        raise SourceError(message, pos) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML 格式错误：{exc}") from None
    except RecursionError:
        raise SourceError(f"嵌套太深（超过 {MAX_DEPTH} 层）") from None
    if root is None:
        return Document(None, Positions(None), [])
    builder = _Builder()
    try:
        value = builder.build(root, 0)
    except RecursionError:
        raise SourceError(f"嵌套太深（超过 {MAX_DEPTH} 层）") from None
    return Document(value, Positions(root), builder.duplicates)
