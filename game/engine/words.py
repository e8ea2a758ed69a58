"""Everything the game says about a story, in words and symbols, for every
face of it: the app, the text mode, `fanzha check --table`, the story map,
the lesson pack. Nothing here imports Textual.

Each cue has a word and a symbol, never only a colour (NO_COLOR, projectors,
colour-blind players)."""

from __future__ import annotations

import re

# Ending kinds: symbol, the banner's words, the CSS class.
KINDS = {
    "safe": ("✔", "成功识破"),
    "loss": ("✘", "被骗了"),
    "stopped": ("⚠", "及时止损"),
    # A genuine message refused out of over-suspicion (is_scam: false).
    # ⊘, not ○: ○ is "ambiguous width" and shifts columns in CJK terminals.
    "missed": ("⊘", "错过了真消息"),
}

CHANNELS = {
    "chat": "私聊",
    "group": "群聊",
    "sms": "短信",
    "phone": "电话",
    "video": "视频通话",
    "web": "网页",
    "game": "游戏聊天",
    "talk": "当面说话",
    "narration": "旁白",
}

AUDIENCES = ("小学", "中学", "教职工", "家长")

# Shown after a loss when the scenario names no steps of its own: what the
# school plan asks a victim to do at once (CONTENT.md, "Tone").
DEFAULT_STEPS = (
    "马上告诉爸爸妈妈或老师。被骗不是你的错，说出来才能挽回。",
    "转了钱的，立刻拨打 110，请警察紧急止付。",
    "拨打 96110 反诈专线，问清楚下一步怎么做。",
    "保存好聊天记录、短信和转账凭证，一条都不要删。",
    "安装“国家反诈中心”App，以后遇到可疑电话、短信先查一查。",
)


# After a stopped ending (paid, then stopped in time) the police have been
# called: what is left to do.
STOPPED_STEPS = (
    "保存好聊天记录、短信和转账凭证，配合警察调查，一条都不要删。",
    "有拿不准的事，拨打 96110 反诈专线问一问。",
    "把这次的经过讲给家人和同学听，帮他们也认出这种骗局。",
    "安装“国家反诈中心”App，以后遇到可疑电话、短信先查一查。",
)


def default_steps(kind: str) -> tuple[str, ...]:
    return DEFAULT_STEPS if kind == "loss" else STOPPED_STEPS if kind == "stopped" else ()


# In a genuine case (is_scam: false) the safe ending is not a scam seen through
# but a real message checked and then trusted.
GENUINE_SAFE = "核实后放心办"


def kind_words(kind: str, genuine: bool = False) -> str:
    symbol, words = KINDS.get(kind, ("•", kind))
    if genuine and kind == "safe":
        words = GENUINE_SAFE
    return f"{symbol} {words}"


def money(amount: int) -> str:
    return f"-¥{-amount}" if amount < 0 else f"¥{amount}"


def wallet_name(audience: tuple[str, ...], wallet: str = "") -> str:
    """The scenario's own name for the money (奶奶的存款) if it has one; else a
    child has pocket money and a teacher or a parent has a balance."""
    if wallet:
        return wallet
    return "零花钱" if any(a in ("小学", "中学") for a in audience) else "余额"


def exposed_text(items: tuple[str, ...] | list[str]) -> str:
    return "、".join(items) if items else "无"


# "30 分钟内", "10分钟之内", "5 分钟后失效": urgency a countdown can show.
_URGENCY = re.compile(r"(\d{1,3})\s*(小时|分钟|分|秒钟|秒)\s*(?:内|之内|以内|后)")
_UNIT = {"小时": 3600, "分钟": 60, "分": 60, "秒钟": 1, "秒": 1}


def urgency_of(message) -> int | None:
    """A countdown only for a deadline someone in the story sets the player:
    not narration, not the player's own words."""
    if not message.speaker or message.speaker == "me" or message.channel == "narration":
        return None
    return urgency_seconds(message.text)


def urgency_seconds(text: str) -> int | None:
    """Seconds of the first deadline named in the text, if any."""
    m = _URGENCY.search(text)
    if not m:
        return None
    seconds = int(m.group(1)) * _UNIT[m.group(2)]
    return seconds if 0 < seconds <= 24 * 3600 else None


def clock(seconds: int) -> str:
    seconds = max(0, seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


# Reading speed, in the pace's units: at the default pace (0.6 s a message) a
# child reads about seven characters a second.
READ_SECONDS_PER_CHAR = 0.25  # × pace
READ_AT_MOST = 20  # × pace: twelve seconds at the default pace; Enter skips


def reading_time(messages, pace: float) -> float:
    """How long the last lines of a story stay before the outcome covers
    them: time to read them at a child's pace (none when the pace is 0)."""
    chars = sum(len(m.text) for m in messages)
    return max(pace * 2, min(chars * READ_SECONDS_PER_CHAR, READ_AT_MOST) * pace) if pace else 0.0


# While a story goes on, the next line waits until a long one could be
# skimmed (about eleven characters a second at the default pace): a long
# narration used to get the same 0.6 s as "好的".
SKIM_SECONDS_PER_CHAR = 0.15  # × pace
SKIM_AT_MOST = 8  # × pace: about five seconds at the default pace; space shows all


def line_time(text: str, pace: float) -> float:
    """How long a line stays the newest before the next one appears."""
    return max(pace, min(len(text) * SKIM_SECONDS_PER_CHAR, SKIM_AT_MOST) * pace)


def typing_words(channel: str) -> str:
    """What the other side is doing while a line is on its way."""
    return "正在说…" if channel in ("talk", "phone", "video") else "正在输入…"
