"""An argparse parser that speaks Chinese: its usage line, section titles, help
option and error messages, for a teacher who reads no English.

argparse builds its messages from English templates; this parser leaves
argparse itself alone (nothing global is patched) and translates each message
as it leaves, by matching it against those templates."""

from __future__ import annotations

import argparse
import re
import sys

# argparse's English templates (3.10–3.13) and their Chinese. `%(name)s`,
# `%(name)r`, `%s` and `%r` are the parts argparse fills in.
_TEMPLATES = {
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "unrecognized arguments: %s": "不认识这些参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)s 这个选项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)s 不是有效的%(type)s",
    "expected one argument": "后面要跟一个值",
    "expected at least one argument": "后面至少要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected %s argument": "后面要跟 %s 个值",
    "expected %s arguments": "后面要跟 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确：可能是 %(matches)s",
    "not allowed with argument %s": "不能和 %s 一起用",
    "one of the arguments %s is required": "%s 里必须给一个",
    "ignored explicit argument %r": "这个选项不带值：%s",
    "can't open '%(filename)s': %(error)s": "打不开 %(filename)s：%(error)s",
}
_TYPE_NAMES = {"int": "整数", "float": "数字"}


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"(%\(\w+\)[sr]|%[sr])", template)
    out, n = [], 0
    for part in parts:
        named = re.fullmatch(r"%\((\w+)\)[sr]", part)
        if named:
            out.append(f"(?P<{named.group(1)}>.+?)")
        elif part in ("%s", "%r"):
            out.append(f"(?P<_{n}>.+?)")
            n += 1
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + r"\Z", re.S)


_COMPILED = [(_pattern(en), zh) for en, zh in _TEMPLATES.items()]


def translate(message: str) -> str:
    """argparse's English message in Chinese; an unknown one is kept as it is."""
    for pattern, zh in _COMPILED:
        m = pattern.match(message)
        if not m:
            continue
        values = {k: v for k, v in m.groupdict().items()}
        if "message" in values:  # "argument X: <inner message>"
            values["message"] = translate(values["message"])
        if "type" in values:
            values["type"] = _TYPE_NAMES.get(values["type"], values["type"])
        if "choices" in values:
            values["choices"] = values["choices"].replace("'", "")
        if "value" in values:
            values["value"] = values["value"].strip("'")
        positional = [values.pop(f"_{i}") for i in range(len(values)) if f"_{i}" in values]
        text = zh % tuple(positional) if positional else zh
        return text % values if "%(" in text else text
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """ArgumentParser with Chinese usage, titles, help option and errors.
    Subcommands made by add_subparsers are of the same class."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示这段说明")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        hint = f"（看说明：{self.prog} --help）"
        self.exit(2, f"{self.prog}：错误：{translate(message)}{hint}\n")
