"""The game's vocabulary, in one place for every face: ending kinds, channels,
audiences, kinds of personal information, and the stages of a scammer's
playbook (data in assets/stages.yaml: exposed here, never copied).

Each entry has its id (what a scenario file says), its words, its order (the
order here), and where it has one a symbol and a colour *name*. A symbol is
decoration: every cue has words (NO_COLOR, projectors, colour-blind players).
A colour name means nothing alone: each face maps it to its own palette (the
Textual themes, the printed map's fills). How a channel is drawn is its
`drawing`: each face that draws channels keeps one mapping from drawing to
its own widget or line, and tests/test_vocab_complete.py fails when a channel,
an ending kind or a kind of information has no drawing in some face.

No Textual here."""

from __future__ import annotations

from dataclasses import dataclass

# How channels are drawn. A face draws each of these; a channel names one.
DRAWINGS = ("bubble", "sms", "call", "video", "web", "narration")
# The colour names entries use; every face maps each of them.
COLOURS = ("success", "error", "warning", "secondary", "primary", "accent", "panel", "muted")


@dataclass(frozen=True, slots=True)
class EndingKind:
    id: str
    symbol: str
    words: str
    colour: str
    rank: int  # "best outcome" of a player's tries: higher is better
    harmed: bool  # money or information went to the scammer: 被骗 in the report, steps to take now
    steps_heading: str  # over the steps shown after this ending
    genuine_words: str = ""  # in a genuine case (is_scam: false), when the words differ
    short: str = ""  # two characters for a table's cell: "✔识破3 ✘被骗2"

    def said(self, genuine: bool = False) -> str:
        """'✘ 被骗了'; in a genuine case the safe ending is '✔ 核实后放心办'."""
        return f"{self.symbol} {self.words_for(genuine)}"

    def words_for(self, genuine: bool = False) -> str:
        return self.genuine_words if genuine and self.genuine_words else self.words


ENDING_KINDS: dict[str, EndingKind] = {
    k.id: k
    for k in (
        # In a genuine case the safe ending is not a scam seen through but a
        # real message checked and then trusted.
        EndingKind("safe", "✔", "成功识破", "success", 3, False, "接下来", genuine_words="核实后放心办", short="识破"),
        EndingKind("loss", "✘", "被骗了", "error", 0, True, "现在就做", short="被骗"),
        # Paid, then stopped in time (110, 紧急止付).
        EndingKind("stopped", "⚠", "及时止损", "warning", 2, True, "接下来", short="止损"),
        # A genuine message refused out of over-suspicion (is_scam: false only).
        # ⊘, not ○: ○ is "ambiguous width" and shifts columns in CJK terminals.
        EndingKind("missed", "⊘", "错过了真消息", "secondary", 1, False, "接下来", short="错过"),
    )
}


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    words: str  # 私聊
    drawing: str  # one of DRAWINGS
    colour: str
    symbol: str = ""
    frame: str = ""  # the words on the frame it is drawn in: "✆ 通话中"
    spoken: bool = False  # said aloud: the other side "正在说…", not "正在输入…"
    many: bool = False  # several people: the place is named by the app, not by the other party
    in_app: bool = False  # happens inside the node's `app` (QQ 私聊), unlike face-to-face talk


CHANNELS: dict[str, Channel] = {
    c.id: c
    for c in (
        Channel("chat", "私聊", "bubble", "panel", in_app=True),
        Channel("group", "群聊", "bubble", "panel", many=True, in_app=True),
        Channel("sms", "短信", "sms", "secondary", symbol="✉", frame="短信 ✉"),
        Channel("phone", "电话", "call", "success", symbol="✆", frame="✆ 通话中", spoken=True),
        Channel("video", "视频通话", "video", "accent", frame="视频通话中", spoken=True),
        Channel("web", "网页", "web", "primary", symbol="⌂", frame="网页 ⌂"),
        Channel("game", "游戏聊天", "bubble", "panel", in_app=True),
        Channel("talk", "当面说话", "bubble", "panel", spoken=True),
        Channel("narration", "旁白", "narration", "muted"),
    )
}


@dataclass(frozen=True, slots=True)
class Audience:
    id: str  # what a scenario's `audience:` says, and what the picker's filter shows
    child: bool  # a pupil: pocket money, and "tell mum, dad or a teacher" first


# Youngest first: a case for several audiences speaks to the youngest of them.
AUDIENCES: dict[str, Audience] = {
    a.id: a for a in (Audience("小学", True), Audience("中学", True), Audience("教职工", False), Audience("家长", False))
}
# Who a profile is when nobody said: the plan is a primary school's.
DEFAULT_AUDIENCE = "小学"


@dataclass(frozen=True, slots=True)
class InfoKind:
    """A kind of personal information a story can make the player give away.
    Its id is its words: scenario files name them in Chinese."""

    id: str

    @property
    def words(self) -> str:
        return self.id


INFO_KINDS: dict[str, InfoKind] = {
    i: InfoKind(i)
    for i in ("验证码", "密码", "身份证", "银行卡", "手机号", "照片", "位置", "住址", "姓名", "学校", "账号", "支付码", "人脸", "通讯录")
}


def stages():
    """The playbook's stages, in their usual order (assets/stages.yaml)."""
    from game.engine.rules import catalogue

    return catalogue().stages


# -- looking up ------------------------------------------------------------------


def ending_kind(kind: str) -> EndingKind:
    """The entry for a kind; an unknown id (an old export) is said as itself."""
    return ENDING_KINDS.get(kind) or EndingKind(kind, "•", kind, "muted", -1, False, "接下来")


def kind_words(kind: str, genuine: bool = False) -> str:
    return ending_kind(kind).said(genuine)


def channel(channel_id: str) -> Channel:
    """The entry for a channel; an unknown id (a stale listing) is drawn as a chat."""
    return CHANNELS.get(channel_id) or Channel(channel_id, channel_id, "bubble", "panel")


def channel_words(channel_id: str) -> str:
    return channel(channel_id).words


def youngest(audience) -> Audience:
    """The audience a case speaks to: the youngest it names (小学 before 家长)."""
    for a in AUDIENCES.values():
        if a.id in audience:
            return a
    return AUDIENCES["中学"]


# -- money and information ------------------------------------------------------------


def money(amount: int) -> str:
    return f"-¥{-amount}" if amount < 0 else f"¥{amount}"


def wallet_name(audience: tuple[str, ...], wallet: str = "") -> str:
    """The scenario's own name for the money (奶奶的存款) if it has one; else a
    child has pocket money and a teacher or a parent has a balance."""
    if wallet:
        return wallet
    return "零花钱" if any(AUDIENCES[a].child for a in audience if a in AUDIENCES) else "余额"


def exposed_text(items: tuple[str, ...] | list[str]) -> str:
    return "、".join(INFO_KINDS[i].words if i in INFO_KINDS else i for i in items) if items else "无"
