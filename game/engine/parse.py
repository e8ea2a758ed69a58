"""Turn the YAML value of one scenario file into a `Scenario`, reporting every
problem of shape (missing fields, wrong types, unknown names) with its place."""

from __future__ import annotations

import re

from game.engine.model import (
    PERSPECTIVES,
    RECOVERED_REST,
    Character,
    Choice,
    Condition,
    Effects,
    Ending,
    InputField,
    Message,
    Node,
    Problem,
    RedFlag,
    Scenario,
    Where,
)
from game.engine.rules import Catalogue
from game.engine.vocab import AUDIENCES, CHANNELS, ENDING_KINDS
from game.engine.yamlsource import KEY, Pos

MAX_NODES = 2000  # a hand-written story has tens; thousands is a mistake or an attack
SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
NODE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_MISSING = object()

TYPE_NAMES = {
    dict: "映射（key: value）",
    list: "列表",
    str: "文字",
    int: "整数",
    bool: "true/false",
}


class Reader:
    """Reads fields off the YAML value, recording a Problem for each misfit."""

    def __init__(self, file: str, positions: dict[tuple, Pos]):
        self.file = file
        self.positions = positions
        self.problems: list[Problem] = []

    def where(self, path: tuple) -> Where:
        # A missing key has no position: point at the closest parent that has one.
        while path not in self.positions and path:
            path = path[:-1]
        pos = self.positions.get(path, Pos(1, 1))
        return Where(self.file, pos.line, pos.column)

    def error(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.where(path), message))

    def warn(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.where(path), message, "warning"))

    def get(self, obj: dict, path: tuple, key: str, kind, required=False, default=None):
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.error(path, f"缺少必填字段 `{key}`")
            return default
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # a bare number where text is wanted is fine
        if not ok:
            self.error(path + (key,), f"`{key}` 应该是{TYPE_NAMES.get(kind, kind.__name__)}")
            return default
        return value.strip() if isinstance(value, str) else value

    def strings(self, obj: dict, path: tuple, key: str, required=False) -> tuple[str, ...]:
        """A list of short strings; a single string is accepted as a list of one."""
        value = obj.get(key)
        if value is None:
            if required:
                self.error(path, f"缺少必填字段 `{key}`")
            return ()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return (str(value).strip(),)
        if not isinstance(value, list):
            self.error(path + (key,), f"`{key}` 应该是列表")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                out.append(str(item).strip())
            else:
                self.error(path + (key, i), f"`{key}` 里的每一项都应该是文字")
        return tuple(out)

    def unknown_keys(self, obj: dict, path: tuple, allowed: set[str], what: str) -> None:
        for key in obj:
            if key not in allowed:
                hint = "、".join(sorted(allowed))
                self.error(path + (key, KEY), f"{what}里没有 `{key}` 这个字段（可用：{hint}）")


SCENARIO_KEYS = {
    "id", "title", "fraud_type", "variant", "audience", "is_scam", "perspective",
    "summary", "money", "wallet", "already_lost", "characters", "start", "nodes", "tags",
}
NODE_KEYS = {"channel", "app", "url", "stage", "messages", "choices", "input", "ending"}
MESSAGE_KEYS = {"from", "text", "channel", "red_flag", "stage"}
MAX_TAG = 20  # characters: a tag is a label, not a sentence
CHOICE_KEYS = {"text", "to", "effects", "if"}
INPUT_KEYS = {"label", "placeholder", "to", "effects"}
ENDING_KEYS = {"kind", "title", "rules", "explain", "money_lost", "recovered", "exposed", "steps"}
EFFECT_KEYS = {"money", "borrow", "expose", "set", "unset"}
CONDITION_KEYS = {"flag", "not_flag", "exposed", "not_exposed", "money_min", "money_max"}


def parse_scenario(value, positions, file: str, catalogue: Catalogue, digest: str = ""):
    """Return (scenario or None, problems). None only when there is no story to check."""
    r = Reader(file, positions)
    if not isinstance(value, dict):
        r.error((), "剧本文件的最外层应该是一个映射（id: …, title: …, nodes: …）")
        return None, r.problems
    root: tuple = ()
    r.unknown_keys(value, root, SCENARIO_KEYS, "剧本")

    sid = r.get(value, root, "id", str, required=True, default="")
    if sid and not SCENARIO_ID.match(sid):
        r.error(("id",), f"剧本 id `{sid}` 只能用小写字母、数字和 -，长度 2–64")
    title = r.get(value, root, "title", str, required=True, default="")
    summary = r.get(value, root, "summary", str, required=True, default="")
    fraud_type = r.get(value, root, "fraud_type", str, required=True, default="")
    if fraud_type and (not fraud_type.startswith("type-") or fraud_type not in catalogue):
        r.error(("fraud_type",), f"未知的诈骗类型 `{fraud_type}`（应为 type-1 … type-12）")
    audience = r.strings(value, root, "audience", required=True)
    for i, a in enumerate(audience):
        if a not in AUDIENCES:
            path = ("audience", i) if isinstance(value.get("audience"), list) else ("audience",)
            r.error(path, f"未知的对象 `{a}`（可用：{'、'.join(AUDIENCES)}）")
    is_scam = r.get(value, root, "is_scam", bool, default=True)
    perspective = r.get(value, root, "perspective", str, default="self")
    if perspective not in PERSPECTIVES:
        r.error(("perspective",), "`perspective` 只能是 self 或 helper")
    variant = r.get(value, root, "variant", str, default="")
    money = r.get(value, root, "money", int, default=0)
    wallet = r.get(value, root, "wallet", str, default="")
    tags = r.strings(value, root, "tags")
    for i, tag in enumerate(tags):
        if not tag or len(tag) > MAX_TAG:
            path = ("tags", i) if isinstance(value.get("tags"), list) else ("tags",)
            r.error(path, f"标签应该是 1–{MAX_TAG} 个字的词（`{tag[:MAX_TAG]}…`）")
    already_lost = r.get(value, root, "already_lost", int, default=0)
    if already_lost < 0:
        r.error(("already_lost",), "already_lost 不能是负数")

    characters: dict[str, Character] = {}
    chars = r.get(value, root, "characters", dict, default={})
    for cid, cval in chars.items():
        cpath = ("characters", cid)
        if isinstance(cval, str):
            characters[str(cid)] = Character(str(cid), cval.strip())
            continue
        if not isinstance(cval, dict):
            r.error(cpath, "角色应该写成 {name: 名字, number: 号码}")
            continue
        r.unknown_keys(cval, cpath, {"name", "number"}, "角色")
        name = r.get(cval, cpath, "name", str, required=True, default=str(cid))
        number = r.get(cval, cpath, "number", str, default="")
        characters[str(cid)] = Character(str(cid), name, number)

    nodes: dict[str, Node] = {}
    raw_nodes = r.get(value, root, "nodes", dict, required=True, default={})
    if not raw_nodes and "nodes" in value and isinstance(value["nodes"], dict):
        r.error(("nodes",), "`nodes` 里至少要有一个节点")
    if len(raw_nodes) > MAX_NODES:
        r.error(("nodes",), f"节点太多（{len(raw_nodes)} 个，上限 {MAX_NODES} 个）")
        return None, r.problems
    for nid, nval in raw_nodes.items():
        nid = str(nid)
        node = _parse_node(r, nid, nval, ("nodes", nid), characters, catalogue)
        if node is not None:
            nodes[nid] = node

    start = r.get(value, root, "start", str, default="")
    if start and start not in (raw_nodes or {}):
        r.error(("start",), f"`start` 指向不存在的节点 `{start}`")
    if start not in nodes and nodes:
        start = next(iter(nodes))  # so the graph can still be checked

    # Even with errors the scenario is built, so the graph checks can report
    # the rest of the file's problems in the same run; the library drops it.
    if not nodes:
        return None, r.problems
    scenario = Scenario(
        id=sid, title=title, fraud_type=fraud_type, audience=audience, summary=summary,
        nodes=nodes, start=start, file=file, is_scam=is_scam, perspective=perspective,
        variant=variant, money=money, wallet=wallet, already_lost=already_lost,
        characters=characters, digest=digest, tags=tags,
    )
    return scenario, r.problems


def _stage(r: Reader, obj: dict, path: tuple, catalogue: Catalogue) -> str:
    stage = r.get(obj, path, "stage", str, default="")
    if stage and catalogue.stages and catalogue.stage(stage) is None:
        known = "、".join(f"{s.id}（{s.name}）" for s in catalogue.stages)
        r.error(path + ("stage",), f"未知的阶段 `{stage}`（可用：{known}；见 assets/stages.yaml）")
    return stage


def _parse_node(r: Reader, nid, nval, path, characters, catalogue) -> Node | None:
    if not NODE_ID.match(nid):
        r.error(path, f"节点 id `{nid}` 只能用字母、数字、- 和 _")
    if not isinstance(nval, dict):
        r.error(path, f"节点 `{nid}` 应该是一个映射（messages / choices / ending）")
        return None
    r.unknown_keys(nval, path, NODE_KEYS, "节点")
    channel = r.get(nval, path, "channel", str, default="narration")
    if channel not in CHANNELS:
        r.error(path + ("channel",), f"未知的渠道 `{channel}`（可用：{'、'.join(CHANNELS)}）")
    app = r.get(nval, path, "app", str, default="")
    url = r.get(nval, path, "url", str, default="")
    stage = _stage(r, nval, path, catalogue)

    messages = []
    for i, m in enumerate(r.get(nval, path, "messages", list, default=[])):
        mpath = path + ("messages", i)
        if isinstance(m, str):
            messages.append(Message(m.strip(), "", channel))
            continue
        if not isinstance(m, dict):
            r.error(mpath, "每条消息应该写成 {from: 谁, text: 说了什么}")
            continue
        r.unknown_keys(m, mpath, MESSAGE_KEYS, "消息")
        text = r.get(m, mpath, "text", str, required=True, default="")
        speaker = r.get(m, mpath, "from", str, default="")
        if speaker and speaker != "me" and speaker not in characters:
            r.error(mpath + ("from",), f"`{speaker}` 不在 characters 里")
        mchannel = r.get(m, mpath, "channel", str, default=channel)
        if mchannel not in CHANNELS:
            r.error(mpath + ("channel",), f"未知的渠道 `{mchannel}`")
        flag = None
        raw_flag = m.get("red_flag")
        if raw_flag is not None:
            fpath = mpath + ("red_flag",)
            if not isinstance(raw_flag, dict):
                r.error(fpath, "red_flag 应该写成 {rule: 规则id, why: 原因}")
            else:
                r.unknown_keys(raw_flag, fpath, {"rule", "why"}, "red_flag")
                rule = r.get(raw_flag, fpath, "rule", str, required=True, default="")
                why = r.get(raw_flag, fpath, "why", str, required=True, default="")
                if rule and rule not in catalogue:
                    r.error(fpath + ("rule",), f"未知的规则 id `{rule}`（见 assets/rules.yaml）")
                flag = RedFlag(rule, why)
        messages.append(Message(text, speaker, mchannel, flag, _stage(r, m, mpath, catalogue)))

    choices = []
    for i, c in enumerate(r.get(nval, path, "choices", list, default=[])):
        cpath = path + ("choices", i)
        if not isinstance(c, dict):
            r.error(cpath, "每个选项应该写成 {text: 选项文字, to: 节点id}")
            continue
        r.unknown_keys(c, cpath, CHOICE_KEYS, "选项")
        text = r.get(c, cpath, "text", str, required=True, default="")
        to = r.get(c, cpath, "to", str, required=True, default="")
        effects = _parse_effects(r, c, cpath)
        cond = _parse_condition(r, c, cpath)
        choices.append(Choice(text, to, effects, cond))

    field = None
    raw_input = nval.get("input")
    if raw_input is not None:
        ipath = path + ("input",)
        if not isinstance(raw_input, dict):
            r.error(ipath, "input 应该写成 {label: 栏目名, to: 节点id}")
        else:
            r.unknown_keys(raw_input, ipath, INPUT_KEYS, "input")
            field = InputField(
                label=r.get(raw_input, ipath, "label", str, required=True, default=""),
                to=r.get(raw_input, ipath, "to", str, required=True, default=""),
                placeholder=r.get(raw_input, ipath, "placeholder", str, default=""),
                effects=_parse_effects(r, raw_input, ipath),
            )

    ending = None
    raw_end = nval.get("ending")
    if raw_end is not None:
        ending = _parse_ending(r, raw_end, path + ("ending",), catalogue)
        if choices or field:
            r.error(path + ("ending",), f"结局节点 `{nid}` 不能再有 choices 或 input")
    return Node(nid, channel, tuple(messages), tuple(choices), field, ending, app, url, stage)


def _parse_effects(r: Reader, obj: dict, path) -> Effects:
    raw = obj.get("effects")
    if raw is None:
        return Effects()
    epath = path + ("effects",)
    if not isinstance(raw, dict):
        r.error(epath, "effects 应该写成 {money: -100, expose: [验证码], set: [标记]}")
        return Effects()
    r.unknown_keys(raw, epath, EFFECT_KEYS, "effects")
    return Effects(
        money=r.get(raw, epath, "money", int, default=0),
        borrow=r.get(raw, epath, "borrow", int, default=0),  # negative: paid back
        expose=r.strings(raw, epath, "expose"),
        set=r.strings(raw, epath, "set"),
        unset=r.strings(raw, epath, "unset"),
    )


def _parse_condition(r: Reader, obj: dict, path) -> Condition | None:
    raw = obj.get("if")
    if raw is None:
        return None
    cpath = path + ("if",)
    if not isinstance(raw, dict):
        r.error(cpath, "if 应该写成 {flag: 标记} 或 {money_min: 100}")
        return None
    r.unknown_keys(raw, cpath, CONDITION_KEYS, "if")
    return Condition(
        flag=r.strings(raw, cpath, "flag"),
        not_flag=r.strings(raw, cpath, "not_flag"),
        exposed=r.strings(raw, cpath, "exposed"),
        not_exposed=r.strings(raw, cpath, "not_exposed"),
        money_min=r.get(raw, cpath, "money_min", int),
        money_max=r.get(raw, cpath, "money_max", int),
    )


def _parse_ending(r: Reader, raw, path, catalogue) -> Ending | None:
    if not isinstance(raw, dict):
        r.error(path, "ending 应该是一个映射（kind / title / rules / explain）")
        return None
    r.unknown_keys(raw, path, ENDING_KEYS, "ending")
    kind = r.get(raw, path, "kind", str, required=True, default="")
    if kind and kind not in ENDING_KINDS:
        r.error(path + ("kind",), f"结局类型 `{kind}` 不对（可用：{'、'.join(ENDING_KINDS)}）")
    rules = r.strings(raw, path, "rules")
    if not rules:
        r.error(path, "结局必须在 `rules` 里写至少一条规则 id")
    for i, rule in enumerate(rules):
        if rule not in catalogue:
            rp = path + ("rules", i) if isinstance(raw.get("rules"), list) else path + ("rules",)
            r.error(rp, f"未知的规则 id `{rule}`（见 assets/rules.yaml）")
    money_lost = r.get(raw, path, "money_lost", int, default=0)
    if money_lost < 0:
        r.error(path + ("money_lost",), "money_lost 不能是负数")
    recovered = raw.get("recovered", 0)
    if recovered != RECOVERED_REST:
        recovered = r.get(raw, path, "recovered", int, default=0)
        if recovered < 0:
            r.error(path + ("recovered",), f"recovered 是冻结后追回的钱：写一个不小于 0 的数，或者 {RECOVERED_REST}（其余都追回了）")
            recovered = 0
    return Ending(
        kind=kind,
        title=r.get(raw, path, "title", str, required=True, default=""),
        rules=rules,
        explain=r.get(raw, path, "explain", str, required=True, default=""),
        money_lost=money_lost,
        recovered=recovered,
        exposed=r.strings(raw, path, "exposed"),
        steps=r.strings(raw, path, "steps"),
    )
