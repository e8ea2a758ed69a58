"""Checks that need the whole scenario: the story graph (every node leads on,
every loop can be left), and content safety (nothing in a scenario may look
like a real phone, card or ID number or link, or hide a character a terminal
would obey)."""

from __future__ import annotations

import re

from game.engine import untrusted
from game.engine.model import PLAYER, RECOVERED_REST, Problem, Scenario, Where
from game.engine.vocab import INFO_KINDS
from game.engine.parse import Reader
from game.engine.yamlsource import KEY

# A scam case shows its script in the review only when it tags its steps.
MIN_STAGES = 4

# Each pattern starts with a plain character class and looks behind only after
# it, so the regex engine can skip ahead through long runs of Chinese text.
# An unmasked mainland mobile number: 11 digits starting 13–19, maybe grouped 3-4-4.
_PHONE = re.compile(r"1(?<![\d*]1)[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d*])")
# ID-card and bank-card numbers: long digit runs, maybe grouped in fours.
_LONG_DIGITS = re.compile(r"\d(?<![\d*]\d)(?:[ -]?\d){13,21}[ -]?[\dXx](?![\d*])")
_URL = re.compile(r"(?i)(?:https?|ftp)://([^\s/?#:'\"<>，。、；）)\[\]]+)")
_TLDS = (
    "com|cn|net|org|top|xyz|vip|cc|io|app|info|me|co|shop|site|online|link|club|tv|hk"
    "|gov|edu|biz|work|live|store|tech|ltd|mobi|asia|wang|ren|fun|icu|pro|art|one"
)
_LABEL = r"(?:[a-z0-9-]*[a-z0-9])?"
# A host name standing on its own: not preceded by a host, path or mail
# character and not followed by more of the name. Chinese may touch it.
_BARE_HOST = re.compile(
    rf"(?i)([a-z0-9](?<![a-z0-9_.@/-].){_LABEL}\.(?:[a-z0-9]{_LABEL}\.)*(?:{_TLDS}|example))(?![a-z0-9_.-]*[a-z0-9_])"
)
# An e-mail address: the host after "@" must be fictional like any link's.
_EMAIL = re.compile(r"(?i)[a-z0-9](?<![a-z0-9._%+-].)[a-z0-9._%+-]*@([a-z0-9-]+(?:\.[a-z0-9-]+)+)")
_DOT_LETTER = re.compile(r"\.[A-Za-z]")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@/-")


def _bare_hosts(text: str) -> list[tuple[int, str]]:
    """Host names in the text. Only the runs of host characters around a
    ".letter" are searched: a file of Chinese story has few of them."""
    found = []
    end = -1
    for m in _DOT_LETTER.finditer(text):
        if m.start() < end:
            continue
        start = m.start()
        while start > 0 and text[start - 1] in _HOST_CHARS:
            start -= 1
        end = m.end()
        while end < len(text) and text[end] in _HOST_CHARS:
            end += 1
        found += [(h.start(), h.group(1)) for h in _BARE_HOST.finditer(text, start, end)]
    return found


_SAFE_HOSTS = ("example.com", "example.net", "example.org", "example")


def host_is_fictional(host: str) -> bool:
    host = host.lower().rstrip(".")
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    return any(host == h or host.endswith("." + h) for h in _SAFE_HOSTS)


def _findings(text: str) -> list[tuple[int, str]]:
    """(offset, message) for everything in the text that looks real."""
    found = []
    for m in _PHONE.finditer(text):
        found.append((m.start(), f"`{m.group()}` 像真实的手机号，请打码（如 171****2046）"))
    for m in _LONG_DIGITS.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if len(digits) >= 15:
            found.append((m.start(), f"`{m.group()}` 像真实的身份证号或银行卡号，请打码（如 6222 **** **** 1234）"))
    hosts = [(m.start(), m.group(1)) for m in _URL.finditer(text)] if "://" in text else []
    if hosts:  # blank the links out, keeping offsets, so hosts are not seen twice
        text = _URL.sub(lambda m: " " * len(m.group()), text)
    hosts += _bare_hosts(text)
    for at, host in hosts:
        if not host_is_fictional(host):
            found.append((at, f"链接 `{host}` 不是虚构的网址：请用 example 域名（如 tb-tuikuan.example.com）"))
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if not host_is_fictional(m.group(1)):
                found.append((m.start(), f"`{m.group()}` 像真实的电子邮箱：请用 example 域名（如 kefu@tuikuan.example.com）"))
    return sorted(found)


def content_problems(text: str) -> list[str]:
    """What in this text looks like real personal data or a real link."""
    return [message for _, message in _findings(text)]


def _where(file: str, text: str, at: int) -> Where:
    line = text.count("\n", 0, at) + 1
    return Where(file, line, at - (text.rfind("\n", 0, at) + 1) + 1)


def scan_text(text: str, r: Reader) -> None:
    """Scan the file as written — comments included — in one pass, reporting
    the exact line and column of each finding."""
    for at, message in _findings(text):
        r.problems.append(Problem(_where(r.file, text, at), message))


def hidden_problems(text: str, file: str) -> list[Problem]:
    """Every control, direction-changing or zero-width character in the file
    as written, with its line and column: a terminal would obey or hide it."""
    return [Problem(_where(file, text, at), untrusted.problem(ch)) for at, ch in untrusted.hidden(text)]


def _escaped(value: str, r: Reader, path: tuple, text: str) -> list[str]:
    """Hidden characters in a decoded string that are not in the file as
    written (those are reported with their column): they came from escapes."""
    found = {ch for _, ch in untrusted.hidden(value)}
    if not found:
        return []
    span = r.positions.span(path) if hasattr(r.positions, "span") else None
    written = text[span[0] : span[1]] if span else ""
    return [
        f"转义写出来的{untrusted.what(ch)} {untrusted.code(ch)}：剧本里不能有看不见的字符，请删掉它"
        for ch in sorted(found)
        if ch not in written
    ]


def scan_values(value, r: Reader, text: str, path: tuple = ()) -> None:
    """Walk every decoded string, keys too: catches what escapes
    ("\\u0031…", "\\e") hide."""
    if isinstance(value, str):
        for message in content_problems(value) + _escaped(value, r, path, text):
            r.error(path, message)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                for message in _escaped(k, r, path + (k, KEY), text):
                    r.error(path + (k, KEY), message)
            scan_values(v, r, text, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            scan_values(v, r, text, path + (i,))


def graph_problems(s: Scenario, r: Reader) -> None:
    """Targets exist; every node is reachable, leads somewhere, and can end."""
    nodes = s.nodes
    for nid, node in nodes.items():
        base = ("nodes", nid)
        for i, c in enumerate(node.choices):
            if c.to and c.to not in nodes:
                r.error(base + ("choices", i, "to"), f"选项指向不存在的节点 `{c.to}`")
        if node.input and node.input.to and node.input.to not in nodes:
            r.error(base + ("input", "to"), f"input 指向不存在的节点 `{node.input.to}`")
        if not node.ending and not node.choices and not node.input:
            r.error(base, f"节点 `{nid}` 是死路：没有选项，也不是结局")

    reachable = {s.start}
    todo = [s.start]
    while todo:
        for t in nodes[todo.pop()].targets:
            if t in nodes and t not in reachable:
                reachable.add(t)
                todo.append(t)
    for nid in nodes:
        if nid not in reachable:
            r.error(("nodes", nid), f"节点 `{nid}` 从开头走不到")

    # Walk backwards from the endings to find the nodes that can finish.
    parents: dict[str, set[str]] = {nid: set() for nid in nodes}
    for nid, node in nodes.items():
        for t in node.targets:
            if t in parents:
                parents[t].add(nid)
    can_end = {nid for nid, n in nodes.items() if n.ending}
    todo = list(can_end)
    while todo:
        for p in parents[todo.pop()]:
            if p not in can_end:
                can_end.add(p)
                todo.append(p)
    for nid, node in nodes.items():
        if nid in reachable and nid not in can_end and (node.choices or node.input):
            r.error(("nodes", nid), f"从节点 `{nid}` 出发走不到任何结局")


def _way(s: Scenario, steps) -> str:
    """How a player gets there, as typed: `按 2、1、text:123456 走到这里时`."""
    from game.engine.explore import as_keys

    return f"按 {'、'.join(as_keys(s, steps))} 走到这里时" if steps else "一开始"


def play_problems(s: Scenario, r: Reader, found) -> None:
    """What only playing by the rules shows: a node with nothing to choose,
    a loop that cannot be left, endings no way reaches — or that the search
    had to stop before it saw everything."""
    from game.engine.explore import MAX_STATES

    for nid, steps in found.stuck.items():
        r.error(
            ("nodes", nid),
            f"节点 `{nid}` 可能一个选项都没有：{_way(s, steps)}，每个选项的条件都不满足（比如要一个从没设置过的 flag），玩家会卡住",
        )
    for nid, steps in found.trapped.items():
        r.error(
            ("nodes", nid),
            f"从节点 `{nid}` 开始再也走不到任何结局（{_way(s, steps)}）：出口的条件永远满足不了，玩家只能一直绕圈",
        )
    if found.truncated:
        r.warn(
            ("nodes",),
            f"这个剧本的走法太多（超过 {MAX_STATES:,} 种局面），检查没有走完：选择点、走不到的结局和出不去的圈都没有查完。"
            "可以减少会改变的数值（金额、flag）的组合",
        )
        return
    for nid in s.endings:
        if nid not in found.endings:
            r.warn(("nodes", nid), f"结局 `{nid}` 在条件限制下永远走不到")


def style_warnings(s: Scenario, r: Reader, found) -> None:
    """Not fatal, but a scenario a teacher should improve."""
    kinds = [e.kind for e in s.endings.values()]
    line = found.main_line
    if line < 4 and not found.truncated:  # a cut search has not measured the main line
        r.warn(("nodes",), f"主线上只有 {line} 个选择点；至少要 4 个，骗局才能一步步升级")
    if "safe" not in kinds:
        r.warn(("nodes",), "没有安全结局（kind: safe）")
    for nid, e in s.endings.items():
        if e.kind == "missed" and s.is_scam:
            r.error(("nodes", nid, "ending", "kind"), "`missed`（错过了真消息）只用于 is_scam: false 的剧本")
    if s.is_scam and kinds.count("loss") < 2:
        r.warn(("nodes",), "骗局剧本至少要有两个被骗结局（一个早、一个晚）")
    # The review and the lesson show the scam as its script: without stages
    # there is nothing to show, so the case cannot teach the playbook.
    stages = len(s.stages) if s.is_scam else MIN_STAGES
    if stages < MIN_STAGES:
        r.warn(("nodes",), f"骗局剧本至少要用 {MIN_STAGES} 个不同的阶段（stage，见 assets/stages.yaml），"
               f"复盘才讲得出骗子的剧本；现在用了 {stages} 个")
    used = set()
    for nid, node in s.nodes.items():
        used.update(m.speaker for m in node.messages)
        for i, m in enumerate(node.messages):
            if m.speaker and m.channel == "narration":
                r.warn(("nodes", nid, "messages", i), f"旁白里的 `from: {m.speaker}` 不会显示出来：当面说话请用 channel: talk")
        for i, c in enumerate(node.choices):
            for kind in c.effects.expose:
                if kind not in INFO_KINDS:
                    r.warn(("nodes", nid, "choices", i, "effects"), f"不认识的信息种类 `{kind}`（打错字了吗？）")
        if node.input:
            for kind in node.input.effects.expose:
                if kind not in INFO_KINDS:
                    r.warn(("nodes", nid, "input", "effects"), f"不认识的信息种类 `{kind}`（打错字了吗？）")
    for cid in s.characters:
        if cid not in used and cid != PLAYER:
            r.warn(("characters", cid), f"角色 `{cid}` 没有说过话")


def validate(s: Scenario, text: str, raw, r: Reader):
    """All whole-scenario checks. Returns the exploration when the graph is sound."""
    graph_problems(s, r)
    scan_text(text, r)
    if "\\" in text:
        scan_values(raw, r, text)
    if any(p.severity == "error" for p in r.problems):
        return None
    from game.engine.explore import explore  # late: explore needs a sound graph

    found = explore(s)
    play_problems(s, r, found)
    style_warnings(s, r, found)
    money_warnings(s, r, found)
    if not found.truncated:
        from game.engine.flagcheck import flag_warnings

        flag_warnings(s, r, found)
    return found



def money_warnings(s: Scenario, r: Reader, found) -> None:
    """An ending's declared money_lost must agree with what every way to it took:
    the net fall of the money (play.taken), less what the ending says was
    frozen and returned (`recovered`; `rest`: all but money_lost)."""
    from game.engine.explore import as_keys  # late: explore needs a sound graph

    for nid, ending in s.endings.items():
        for took, path in sorted(found.arrivals.get(nid, {}).items(), reverse=True):
            problem = _money_problem(ending, took)
            if problem:
                way = ",".join(as_keys(s, path)) or "开头"
                r.warn(("nodes", nid, "ending", "money_lost"),  # the ending itself when not written
                       f"结局 `{nid}`：按 {way} 走到这里，骗子拿走了 ¥{max(took, 0)}{problem}")
                break  # one way is enough to show the disagreement


def _money_problem(ending, took: int) -> str:
    """Why the declared loss cannot be right after `took` was taken, or ''."""
    lost = ending.money_lost
    if ending.recovered == RECOVERED_REST:
        if lost > took:
            return f"，可结局写的 money_lost 是 ¥{lost}，比拿走的还多"
        return ""
    expected = max(0, took - ending.recovered)
    if expected == lost:
        return ""
    back = f"，追回 ¥{ending.recovered}" if ending.recovered else ""
    if lost < expected:
        hint = "" if ending.recovered else "（钱冻结追回了，就在结局里写 recovered: 追回的钱）"
    else:
        hint = "（钱是怎么没的，要写在选项的 effects 里：money 付出的钱，borrow 借来的钱）"
    return f"{back}，应该损失 ¥{expected}；可结局写的 money_lost 是 ¥{lost}{hint}"
