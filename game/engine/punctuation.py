"""Chinese text for print: ASCII punctuation touching a Chinese character
becomes full-width (the plan's 一律删掉; prints as 一律删掉；)."""

from __future__ import annotations

import re

_FULL_WIDTH = {";": "；", ",": "，", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_HALF_BY_CJK = re.compile(rf"(?<=[{_CJK}])[;,:?!()]|[;,:?!()](?=[{_CJK}])")


def printed(text: str) -> str:
    return _HALF_BY_CJK.sub(lambda m: _FULL_WIDTH[m.group()], text)
