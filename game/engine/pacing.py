"""How the story keeps time: how long a line stays, how long the last lines
stay before the outcome covers them, and the deadlines a countdown can show.
No Textual."""

from __future__ import annotations

import re

from game.engine.vocab import channel

# "30 分钟内", "10分钟之内", "5 分钟后失效": urgency a countdown can show.
_URGENCY = re.compile(r"(\d{1,3})\s*(小时|分钟|分|秒钟|秒)\s*(?:内|之内|以内|后)")
_UNIT = {"小时": 3600, "分钟": 60, "分": 60, "秒钟": 1, "秒": 1}


def urgency_of(message) -> int | None:
    """A countdown only for a deadline someone in the story sets the player:
    not narration, not the player's own words."""
    if not message.speaker or message.speaker == "me" or channel(message.channel).drawing == "narration":
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


def typing_words(channel_id: str) -> str:
    """What the other side is doing while a line is on its way."""
    return "正在说…" if channel(channel_id).spoken else "正在输入…"
