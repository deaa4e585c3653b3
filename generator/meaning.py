"""What a figure measures, beyond its label: action, counted thing, scope, period and source.

A comparison across reports needs more than a label: 受理矛盾纠纷891件 is the locality's
disputes in the period, 其中镇调处中心直接调处43件 is one centre's part of them, 累计解除社区
矫正对象340名 is a total over years, and 矛盾纠纷979起 in a sentence about 警情 is the police's
count. These are read from the figure's sentence up to the figure, by rules on the language
of these reports (never on particular files):

- ``scope``: ``part`` when the figure is a breakdown (after 其中, or inside a bracket after
  another figure), one unit's count (a centre, a workroom, a station), one type of dispute or
  petition (劳资纠纷, 女性信访), or one campaign (专项, 疫情期间); else ``total``.
- ``period``: ``cumulative`` over several years (自…以来, “七五”期间, 成立以来, 迄今为止),
  ``stock`` at a date (现有, 共有, 在册, 在矫), else ``flow`` in the report period.
- ``source``: whose statistics: ``police`` (警情, 报警), ``arbitration`` (仲裁), ``court``
  (法院, 审结), else ``locality``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCOPES = ("total", "part")
PERIODS = ("flow", "stock", "cumulative")
SOURCES = ("locality", "police", "arbitration", "court")

#: Verbs that say what was done to the counted thing, longest first so 调解成功 wins over 调解.
ACTIONS = tuple(
    sorted(
        (
            "受理", "调处", "调解", "化解", "排查", "调解成功", "调处成功", "成功调处",
            "成功调解", "成功化解", "发放", "印发", "接收", "新接收", "新增", "解除", "期满解除",
            "接待", "解答", "提供", "办理", "办结", "开展", "举办", "组织", "召开", "公开",
            "主动公开", "发布", "学法", "学习", "培训", "查处", "审核", "走访", "张贴", "悬挂",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_ACTION = re.compile("|".join(ACTIONS))

#: A breakdown of the figure before: 其中…, unless it only says how many of them succeeded
#: (受理纠纷891件，其中调解成功890件 is the total resolved).
_PART_OF = re.compile(r"其中")
_ONLY_SUCCESS = re.compile(r"其中[，,]?(?:调解|调处|化解)?成功(?:调解|调处|化解)?[^，,。；;]{0,2}$")
#: One unit of the locality, as the subject of the figure's clause.
_UNIT = re.compile(
    r"(?<![各全])(?:调处中心|调解中心|工作室|工作站|服务站|服务点|信箱|窗口|小讲堂|法治栏目|"
    r"律师驻队|驻队律师)"
)
#: A dispute or petition of one type: the words before 纠纷/信访 qualify them.
_TYPED = re.compile(r"([\u4e00-\u9fff]{1,4}?)(?:纠纷|信访)")
_GENERAL = re.compile(
    r"(?:矛盾|民间|民事|各类|各种|群众|社会|社会矛盾|群众各类|群众民间|各类民间|各类民事|各类矛盾|"
    r"受理|调处|调解|排查|化解|共|的|涉)$"
)
_CAMPAIGN = re.compile(r"专项|活动期间|百日|扫黑除恶")
#: A drive set off by an event frames the whole sentence (《民法典》出台后，…开展宣传活动).
_OCCASION = re.compile(r"疫情期间|(?:出台|颁布|施行|实施)后")
#: Members of the locality counted apart from its leadership (村居党支部 study sessions).
_MEMBERS = re.compile(r"党支部")
_CUMULATIVE = re.compile(
    r"(?:自|从)(?!今年|年初|本年)[^，,。；;]{1,12}以来|(?:七五|八五|十三五|十四五)[”\"]?(?:普法)?"
    r"(?:期间|以来|工作开展以来)|成立以来|运行以来|开展以来|迄今为止|历年|多年来|五年来|近年来"
)
_STOCK = re.compile(r"现有|共有|在册|在矫|现在|目前[^，,。；;]{0,6}有")
_SOURCE = (
    ("police", re.compile(r"警情|报警|接警|派出所|公安")),
    ("arbitration", re.compile(r"仲裁")),
    ("court", re.compile(r"法院|审结|诉讼案件")),
)
_BREAK = "，,；;：:"
_SENTENCE_START = re.compile(r"[。！？!?\n]")


@dataclass(frozen=True)
class Meaning:
    action: str
    thing: str
    scope: str
    scope_note: str
    period: str
    period_note: str
    source: str


def describe(text: str, start: int, end: int, label: str) -> Meaning:
    """The meaning of the figure ``text[start:end]`` labelled ``label``."""
    sentence_start = max(
        (m.end() for m in _SENTENCE_START.finditer(text, max(0, start - 300), start)), default=0
    )
    before = text[sentence_start:start]
    clause = before[max(before.rfind(c) for c in _BREAK) + 1 :]
    action_match = _ACTION.search(label)
    action = action_match.group() if action_match else ""
    # What follows the verb is what it counts (受理矛盾纠纷 → 矛盾纠纷); 调解成功 names none.
    thing = label[action_match.end() :] if action_match else label
    # The noun after the figure (8件女性信访案件), up to the clause's end only.
    after = re.split(f"[{_BREAK}。]", text[end : end + 8])[0]
    scope, scope_note = _scope(before, clause, label, after)
    period, period_note = _period(before, text, sentence_start)
    source = next((name for name, rule in _SOURCE if rule.search(before)), "locality")
    return Meaning(action, thing, scope, scope_note, period, period_note, source)


def _scope(before: str, clause: str, label: str, after: str) -> tuple[str, str]:
    # 调处成功890件（其中…43件），调解成功率99.89%: a closed aside's 其中 is over.
    outside = without_asides(before)
    part = _PART_OF.search(outside)
    if part and not _ONLY_SUCCESS.search(outside[part.start() :]):
        return "part", "其中"
    opened = before.rfind("("), before.rfind("（")
    if max(opened) > max(before.rfind(")"), before.rfind("）")) and re.search(
        r"\d", before[: max(opened)]
    ):
        return "part", "括注分项"
    unit = _UNIT.search(clause) or _MEMBERS.search(before)
    if unit:
        return "part", unit.group()
    typed = _type_of(before + label + after)
    if typed:
        return "part", typed
    # The campaign must be this clause's: 开展专项行动，全镇共接报警情… is the year's total.
    campaign = _CAMPAIGN.search(clause + label) or _OCCASION.search(before)
    if campaign:
        return "part", campaign.group()
    return "total", ""


def _type_of(text: str) -> str:
    """The qualifier of the last 纠纷/信访 mentioned, when it names one type (劳资, 女性)."""
    found = ""
    for match in _TYPED.finditer(text):
        qualifier = match.group(1)
        found = "" if _GENERAL.search(qualifier) else qualifier + match.group()[len(qualifier) :]
    return found


def _period(before: str, text: str, sentence_start: int) -> tuple[str, str]:
    # A multi-year marker may open the paragraph (“七五”普法工作开展以来，…。…累计…).
    paragraph_head = text[: min(sentence_start, 60)]
    cumulative = _CUMULATIVE.search(before) or _CUMULATIVE.search(paragraph_head)
    if cumulative:
        return "cumulative", cumulative.group()
    stock = _STOCK.search(before)
    if stock:
        return "stock", stock.group()
    return "flow", ""


_BRACKET = re.compile(r"[()（）]")


def without_asides(text: str) -> str:
    """``text`` without its bracketed asides, nested ones included; unmatched brackets stay.

    One pass with a stack: removing innermost pairs until none is left, as this did, costs
    a pass per level of nesting.
    """
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    for match in _BRACKET.finditer(text):
        at = match.start()
        if text[at] in "(（":
            opened.append(at)
        elif opened:
            start = opened.pop()
            while spans and spans[-1][0] > start:  # an aside inside this one
                spans.pop()
            spans.append((start, at + 1))
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
