"""Metrics: every quantity a report states, with what it counts and where it stands.

A regex-plus-rules extractor. It scans a parse copy of each paragraph (full-width digits
folded one to one, so offsets are those of the displayed text), masks what only looks like a
number (years, dates, book titles, quoted names, ordinals, routine frequencies), reads the
number tokens with their 余/多/万/亿 and unit, and takes the label from the clause around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .meaning import describe, without_asides
from .numbers import (
    ARABIC,
    CN_DIGITS,
    CN_NUMERAL,
    CN_UNITS,
    FULLWIDTH,
    MAX_FIGURE,
    parse_parts,
    parse_percent,
    to_number,
)
from .structure import Document, Paragraph, Section, sentence_at

KINDS = ("count", "rate", "money", "change", "area", "duration", "other")
KIND_LABELS = {
    "count": "计数",
    "rate": "比率",
    "money": "金额",
    "change": "变化",
    "area": "面积",
    "duration": "时长",
    "other": "其他",
}

# --- units -------------------------------------------------------------------------------

MONEY_UNITS = ("元",)
AREA_UNITS = ("平方公里", "平方米", "㎡", "亩", "公顷")
DURATION_UNITS = ("个工作日", "工作日", "个月", "小时", "分钟", "天")
#: Measure words that count concrete things, people or events.
COUNT_UNITS = (
    "人次", "户次", "场次", "件次", "余人",
    "名", "人", "位", "户", "家", "个", "件", "起", "宗", "例", "次", "项", "条", "份", "期",
    "场", "所", "张", "处", "辆", "批", "支", "册", "本", "篇", "封", "台", "套", "座", "间",
    "栋", "块", "幅", "单", "笔", "类", "种", "组", "队", "堂", "节", "课", "村", "盏", "部",
    "吨", "公斤", "千克", "米", "公里", "里", "所", "届", "轮", "遍", "回", "号",
)  # fmt: skip
OTHER_UNITS = ("倍", "分")
#: Percentage points: a change of a rate (提高8个百分点).
POINT_UNITS = ("个百分点", "百分点")
#: Units that say "an ordinal or a name", never a count, after an Arabic or Chinese numeral.
NOT_COUNT_UNITS = ("届", "号", "轮", "遍", "回")
ALL_UNITS = sorted(
    {*MONEY_UNITS, *AREA_UNITS, *DURATION_UNITS, *COUNT_UNITS, *OTHER_UNITS, *POINT_UNITS}
    - set(NOT_COUNT_UNITS),
    key=len,
    reverse=True,
)
#: Chinese numerals are mostly rhetoric (三个保障到位, 一步一个脚印): they count only with a
#: measure word for people, cases or events, or after a verb that counts.
CN_COUNT_UNITS = (
    "人次",
    "名",
    "人",
    "位",
    "户",
    "家",
    "件",
    "起",
    "宗",
    "例",
    "场",
    "期",
    "所",
    "张",
    "处",
    "次",
    "批",
)
CN_COUNTING_VERBS = re.compile(
    r"(?:成立|设立|建立|组建|新建|建成|共有|现有|只有|仅有|有|共|累计|解决|化解|查处|办理|受理|新增|"
    r"发现|整改|收集|推荐|举办|召开|组织|开展|达|计|等|选派|配备|聘请|培训|接待|走访)$"
)

#: Words that make 一 a tally rather than an article: 只有一件, 仅一起, 共有一名.
_TALLY = re.compile(r"(?:只有|仅有|仅|只|共有|共|累计|新增|合计)$")

#: 约 ends words too (村规民约, 公约, 签约): after one of those it is not "about".
_NOT_YUE_WORD = "(?<![规民合契条公签履预违节制邀相])"
_APPROX_BEFORE = ("不少于", "不低于", "超过", "近", "达到约", "大约", f"{_NOT_YUE_WORD}约", "逾")
_APPROX_AFTER = ("以上", "左右", "多", "余")

_CHANGE_UP = ("增长", "上升", "提高", "增加", "提升", "增幅", "上涨", "多")
_CHANGE_DOWN = ("下降", "降低", "减少", "下滑", "回落", "降幅", "减")
_ENDS_WITH_CHANGE = re.compile(f"(?:{'|'.join((*_CHANGE_UP, *_CHANGE_DOWN))})了?\\Z")

# --- what is not a metric ------------------------------------------------------------------

#: Spans masked before numbers are read. Each pattern's whole match is ignored.
_BOOK_TITLE = re.compile(r"《[^》]*》")
_MASKS = (
    _BOOK_TITLE,  # book titles: 《…(2021-2025年)》; see _masked for the ones never closed
    # Document numbers (〔2021〕3号); they never nest, and ``[^〔〕]`` keeps a run of
    # unclosed 〔 from being rescanned from each of them.
    re.compile(r"〔[^〔〕]*〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号"),
    # Quoted names that carry numbers: “1+23+X”, “3·15”, “四个平台”, “五个一”.
    re.compile(
        rf"[“\"「][^”\"」]{{0,16}}?(?:\d|[{'一二三四五六七八九十两百千'}])[^”\"」]{{0,16}}?[”\"」]"
    ),
    re.compile(r"(?:19|20)\d{2}\s*年度?(?:\s*\d{1,2}\s*月份?)?(?:\s*\d{1,2}\s*[日号])?"),
    # ISO-like dates need all three parts: 1998.4万元 is money, not April 1998.
    re.compile(r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"),
    re.compile(r"(?:19|20)\d{2}\s*[-—至到]\s*(?:19|20)\d{2}\s*年?"),
    re.compile(r"\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号]|份|底|初|中旬|上旬|下旬|末)?"),
    re.compile(r"\d{1,2}\s*日"),
    re.compile(r"\d{1,2}\s*[:：]\s*\d{2}"),
    re.compile(r"第\s*(?:\d+|[一二三四五六七八九十百]+)"),
    # (?<!\d) and the like: a run is tried from its first character only, not again from
    # each of its characters (a run of 100,000 digits was 10¹⁰ steps).
    re.compile(r"(?<!\d)\d{3,}\s*(?:热线|专线|服务热线|政务热线)|(?:热线|电话)\s*\d{3,}"),
    # Service numbers (110到场处置, 12345) unless a unit makes them a count (120余场次).
    re.compile(
        r"(?<![\d.])(?:12345|12348|110|119|120|122)(?![\d.])"
        rf"(?!\s*(?:余|多|万|千|亿|%|{'|'.join(map(re.escape, ALL_UNITS))}))"
    ),
    re.compile(r"(?<!\d)\d+\s*号线"),
    re.compile(
        r"(?<![零〇一二两三四五六七八九十])[零〇一二两三四五六七八九十]+(?:届|五普法|五规划|大|中全会)"
    ),
    re.compile(r"(?:十[一二三四五六七八九]|[一二三四五六七八九])大(?!\d)"),
    re.compile(r"[一二三四五六七八九十]是"),
    re.compile(
        r"[一二三四五六七八九十]把手|第一时间|最后一公里|一站式|一体化|一对一|一盘棋|一张网|一揽子"
    ),
    re.compile(r"20[\dXx×]{2}\s*年"),  # anonymised years: 201X年
)
_HEAD_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d))"
)
#: ``每月召开一次``: a routine, not a quantity that happened.
_ROUTINE = re.compile(r"每(?:个)?(?:年|年度|季度|季|月|周|星期|天|日|半年|旬|次|个|人|张|户)")

# --- labels ------------------------------------------------------------------------------

_CLAUSE_BREAK = "，,；;。：:！？!?\n(（)）"
#: The last clause break of a text: one forward scan, not a search per break character.
_LAST_BREAK = re.compile(f"[{re.escape(_CLAUSE_BREAK)}][^{re.escape(_CLAUSE_BREAK)}]*\\Z")
_LEADING_NOISE = re.compile(
    r"^(?:共有|现有|\d{1,2}月份?(?:中旬|上旬|下旬|初|底|末)?|(?:19|20)[\dXx×]{2}年度?|共计|累计|合计|总计|其中|同时|另外|此外|并|且|还|已|均|共|现|由|全年|今年以来|今年来|今年|年内|当年|截至目前|截止目前|截止到目前|"
    r"截至|截止到|截止|目前|自运行以来|疫情期间|近年来|先后|"
    r"我镇|我街道|我区|我县|全镇|全街道|全区|全县|本镇|本街道|街道|镇(?!上)|辖区|"
    r"[\u4e00-\u9fff]{1,6}(?:方面|期间|以来))+"
)
_TRAILING_NOISE = re.compile(
    rf"(?:共计|共|累计|合计|总计|达到|达|{_NOT_YUE_WORD}约|近|为|有|了|计|逾|超过|不少于|已|均|分别|总数|数量|共有|现有|"
    r"只有|仅有|先后|的|一年|每年|全年|年度|(?:截至|截止|至)(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:底|末)?)+$"
)
_FILLER = re.compile(r"各类|各种|各项|等各类|了")
#: Verbs that take the figure as their object: ``审核了53份规范性文件`` → 审核规范性文件.
_VERBS = (
    r"(?:涉及|覆盖|惠及|参与|参加|发放|开展|组织|举办|召开|接待|解答|提供|办理|受理|审核|调处|化解|"
    r"排查|查处|清理|取缔|下发|发出|抓获|侦办|新增|接收|解除|协助|引导|开具|挽回|完成|收集|推荐|走访|"
    r"培训|选派|设立|成立|建立|组建|聘请|安置|整改|梳理|发布|上报|采集|处置|办结|调解|服务|帮扶|救助|"
    r"配备|打造|建成|设置|部署|印发|出台|制定|修订|审查|备案|公开|推送|张贴|悬挂|制作|播放|培育|发展|"
    r"吸纳|招募|表彰|评选|创建|签订|签约|走访慰问|慰问|帮助|追讨|领办|成功|联合|联系|协调解决|解决|研究)"
)
_ENDS_WITH_VERB = re.compile(f"{_VERBS}$")
#: ``邀请法官为街道50余名干部开展培训``: the figure counts whom it was for, named after it.
_FOR_WHOM = re.compile(r"为[^，,为]{0,6}$")
#: Verbs of reach (``开展宣传活动30余次，涉及7万余人次``): what they reach is the previous figure's.
_COVERAGE_VERB = re.compile(r"^(?:涉及|覆盖|惠及|参与|参加|受益|服务)$")
#: A clause that only places or addresses (``在14个社区``, ``为辖区内的5个社区工作站``).
_PREPOSITION_ONLY = re.compile(r"^(?:在|为|对|针对|向|给|由|于|按|按照|通过)[^，,]{0,8}$")
#: A subject before the figure (``镇党委政府先后4次专题研究…``): the label comes after it.
_SUBJECT_ONLY = re.compile(
    r"(?:^|[^\u4e00-\u9fff])?(?:[\u4e00-\u9fff]{0,8}(?:政府|党委|党工委|街道|镇|乡|中心|办事处|司法所|委员会|"
    r"我们|网格员|领导小组))$"
)
_MAX_LABEL = 16
#: A clause that only compares (比去年同期上升): the figure changes the quantity before it.
_COMPARISON = re.compile(
    r"(?:与|比|较)?(?:去年|上年|上一年)?(?:同期)?(?:相比)?(?:同比)?(?:上升|增长|增加|提高|下降|降低|减少|"
    r"下滑|回落|持平)?了?"
)
#: ``大调解、小调解分别达``: the subjects of a list of figures end a clause with 分别.
_SUBJECT_LIST_END = re.compile(r"分别(?:达|为|是|有|达到|占)?$")

#: How far before a figure the extractor reads its clause (characters). The longest clause of
#: the seeds has 90; text without a clause break for longer than this is runaway text, not a
#: clause, and reading it whole for each of its figures made a long line quadratic.
REACH = 300


@dataclass
class Metric:
    """One quantity stated in a report."""

    id: str
    value: int | float
    unit: str
    label: str
    kind: str
    approx: bool
    section: list[str]
    section_anchor: str
    context: str
    paragraph: str
    start: int
    end: int
    text: str
    indicator: str = "unclassified"
    #: What a comparison needs (see generator/meaning.py): the verb and the counted thing,
    #: total or part, flow / stock / cumulative, and whose statistics.
    action: str = ""
    thing: str = ""
    scope: str = "total"
    scope_note: str = ""
    period: str = "flow"
    period_note: str = ""
    source: str = "locality"
    #: The indicator whose measure the label names but which the figure is not, and why
    #: (a part, cumulative, another body's statistics).
    excluded_from: str = ""
    excluded_because: str = ""

    @property
    def anchor(self) -> str:
        return self.id


@dataclass
class _Token:
    start: int
    end: int
    value: Decimal
    unit: str
    approx: bool
    percent: bool
    chinese: bool
    text: str = ""


#: A character every number token holds (百分之 holds 百).
_NUMERAL_CHAR = re.compile(rf"[\d{CN_DIGITS}{CN_UNITS}]")
_TOKEN = re.compile(
    rf"(?P<pre>{'|'.join(_APPROX_BEFORE)})?\s*"
    rf"(?:(?P<pct_cn>百分之(?:{CN_NUMERAL}|\d+(?:\.\d+)?))"
    rf"|(?P<num>{ARABIC}|{CN_NUMERAL})\s*(?P<approx1>余|多)?\s*(?P<mag>[千万亿]{{1,2}})?\s*(?P<approx2>余|多)?)"
    rf"\s*(?P<unit>%|‰|{'|'.join(map(re.escape, ALL_UNITS))})?"
    rf"(?P<post>以上|左右)?"
)


#: Figures read from one report at most. A real report states a few hundred; a file of
#: hundreds of thousands (a data dump, a list run wild) would cost a minute and make a page
#: and a metrics.csv of tens of MB. The text is kept whole; the build warns (FigureOverflow).
MAX_FIGURES = 5000


class FigureOverflow(list):
    """The first :data:`MAX_FIGURES` metrics of a report that states more."""


def extract_metrics(doc: Document, limit: int = MAX_FIGURES) -> list[Metric]:
    """Every metric of ``doc``, in reading order, with ids ``m1``, ``m2``…; at most ``limit``
    of them, and then a :class:`FigureOverflow` (the caller warns)."""
    metrics: list[Metric] = []
    for path, paragraph in _paragraphs_with_path(doc):
        for metric in _paragraph_metrics(paragraph, path, limit + 1 - len(metrics)):
            metric.id = f"m{len(metrics) + 1}"
            metrics.append(metric)
        if len(metrics) > limit:
            return FigureOverflow(metrics[:limit])
    return metrics


def _paragraphs_with_path(doc: Document):
    for paragraph in doc.intro:
        yield ([], ""), paragraph

    def walk(section: Section, path: list[str]):
        here = [*path, section.title]
        for paragraph in section.paragraphs:
            yield (here, section.anchor), paragraph
        for child in section.children:
            yield from walk(child, here)

    for section in doc.sections:
        yield from walk(section, [])


def _masked(text: str) -> str:
    """The parse copy with every non-metric span blanked out (same length as ``text``)."""
    parse = text.translate(FULLWIDTH)
    head = _HEAD_NUMBER.match(parse)
    if head:
        parse = " " * head.end() + parse[head.end() :]
    for pattern in _MASKS:
        if pattern is _BOOK_TITLE:
            # A 《 after the last 》 is never closed: searching on from each of them would
            # rescan the rest of the paragraph once per 《.
            end = parse.rfind("》") + 1
            parse = _blank(pattern, parse[:end]) + parse[end:]
        else:
            parse = _blank(pattern, parse)
    return parse


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: "\0" * len(m.group()), text)


def _tokens(text: str) -> list[_Token]:
    """Number tokens of one paragraph that can be metrics."""
    if not _NUMERAL_CHAR.search(text):
        return []  # most paragraphs of a report of short lines: no masking needed
    parse = _masked(text)
    routine = "每" in parse  # else no clause of the paragraph can be a routine
    tokens = []
    for match in _TOKEN.finditer(parse):
        number = match["num"]
        if not (number or match["pct_cn"]):
            continue
        chinese = bool(number and not number[0].isdecimal())  # isdecimal: what \d matches
        unit = match["unit"] or ""
        percent = bool(match["pct_cn"]) or unit in ("%", "‰")
        start = match.start("pct_cn") if match["pct_cn"] else match.start("num")
        if match["pre"]:
            start = match.start("pre")
        # Decided before the numeral is read: most Chinese numerals are rhetoric, and reading
        # each of thousands of them cost more than the rest of the extraction.
        if chinese and not _chinese_may_count(unit, match["mag"], parse, start):
            continue
        try:
            if match["pct_cn"]:
                value = parse_percent(match["pct_cn"])
                unit = "%"
            else:
                value = parse_parts(number, match["mag"] or "")
        except ValueError:
            continue
        end = match.end()
        while end > start and parse[end - 1] == " ":
            end -= 1
        approx = bool(match["pre"] or match["approx1"] or match["approx2"] or match["post"])
        token = _Token(start, end, value, unit, approx, percent, chinese, text[start:end])
        if _acceptable(token, parse, routine):
            tokens.append(token)
    return tokens


def _chinese_may_count(unit: str, magnitude: str | None, parse: str, start: int) -> bool:
    """Whether a Chinese numeral with this unit, at ``start``, can be a figure at all."""
    if magnitude and not unit:
        return False
    return unit in CN_COUNT_UNITS or bool(
        unit and CN_COUNTING_VERBS.search(parse[max(0, start - 4) : start])
    )


#: ``联合检查一年2次``: a frequency (per year), written without 每.
_PER = re.compile(r"[一每](?:年|季度|季|个月|月|周|星期)(?:至少|不少于|不低于)?$")


def _acceptable(token: _Token, parse: str, routine: bool) -> bool:
    if (
        not token.percent
        and token.unit not in MONEY_UNITS
        and _PER.search(parse[max(0, token.start - 8) : token.start])
    ):
        return False
    # A lone Chinese 一 is mostly an article (一名专职调解员 in each room, 建立一套机制): it
    # counts only with a measure word for people or cases and a counting verb (只有一件).
    if (
        token.chinese
        and token.value == 1
        and not (
            token.unit in CN_COUNT_UNITS
            and _TALLY.search(parse[max(0, token.start - 4) : token.start])
        )
    ):
        return False
    # 每月召开一次 is a routine; 每张服务卡价值2000元 is still an amount. ``routine``: the
    # paragraph has a 每 at all (most have none, and then no clause need be read).
    if not routine or token.unit in MONEY_UNITS or token.percent:
        return True
    return not _ROUTINE.search(parse[_clause_start(parse, token.start) : token.start])


def _paragraph_metrics(
    paragraph: Paragraph, where: tuple[list[str], str], budget: int
) -> list[Metric]:
    """The paragraph's metrics, at most ``budget`` of them."""
    path, section_anchor = where
    text = paragraph.text
    tokens = _tokens(text)
    tokens = _share_list_units(tokens, text)
    lists = _lists(tokens, text)
    out = []
    state: dict = {}
    for index, token in enumerate(tokens):
        if not token.unit:
            continue
        if len(out) >= budget:
            break
        clause = _clause_before(text, token.start)  # read once: kind and label use it
        kind, value = _kind_and_value(token, clause)
        state["clause_label"] = _clean(_previous_clause(text, token.start))
        label = _label(token, tokens, index, text, state, lists, clause)
        sentence = sentence_at(text, token.start, token.end)
        label = _whole(label, sentence, state)
        meaning = describe(text, token.start, token.end, label)
        metric = Metric(
            id="",
            value=to_number(value),
            unit=token.unit,
            label=label,
            kind=kind,
            approx=token.approx,
            section=path,
            section_anchor=section_anchor,
            context=sentence,
            paragraph=paragraph.anchor,
            start=token.start,
            end=token.end,
            text=token.text,
            action=meaning.action,
            thing=meaning.thing,
            scope=meaning.scope,
            scope_note=meaning.scope_note,
            period=meaning.period,
            period_note=meaning.period_note,
            source=meaning.source,
        )
        out.append(metric)
        state["previous"] = metric
    return out


def _last_break(text: str, position: int) -> int:
    """Index of the last clause break within :data:`REACH` before ``position``, or -1."""
    found = _LAST_BREAK.search(text, max(0, position - REACH), position)
    return found.start() if found else -1


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding ``position`` starts, at most :data:`REACH` before it."""
    found = _last_break(text, position)
    return found + 1 if found >= 0 else max(0, position - REACH)


def _previous_clause(text: str, position: int) -> str:
    """The clause before the one holding ``position``, for figures with no subject of their own."""
    start = _last_break(text, position)
    if start <= 0:
        return ""
    return text[_clause_start(text, start) : start]


def _share_list_units(tokens: list[_Token], text: str) -> list[_Token]:
    """``95501.5万元、71894.1、1998.4万元``: a bare list value takes its neighbours' unit."""
    for index, token in enumerate(tokens):
        if token.unit:
            continue
        neighbours = []
        for other in (index - 1, index + 1):
            if 0 <= other < len(tokens) and tokens[other].unit:
                lo, hi = sorted((tokens[other], token), key=lambda t: t.start)
                gap = text[lo.end : hi.start]
                if gap.strip() in ("、", "，", ","):
                    neighbours.append(tokens[other])
        if neighbours:
            source = neighbours[0]
            multiplier = _magnitude_of(source)
            if abs(token.value * multiplier) >= MAX_FIGURE:
                continue  # beyond any real figure (see numbers.MAX_FIGURE): not one
            token.value *= multiplier
            token.unit = source.unit
            token.percent = source.percent
    return tokens


def _magnitude_of(token: _Token) -> int:
    for char, factor in (("亿", 100_000_000), ("万", 10_000), ("千", 1_000)):
        if char in token.text:
            return factor
    return 1


#: A clause that opens with a cut (共减少申请资料, 精简审批环节) counts what was cut.
_CUT_BY = re.compile(
    r"^\s*(?:全年|今年|年内|共计|共|累计|合计)*(?:减少|压减|精简|削减)[\u4e00-\u9fff]{1,10}$"
)


def _kind_and_value(token: _Token, clause: str) -> tuple[str, Decimal]:
    """Kind and signed value of a figure from ``clause``, the clause before it."""
    value = token.value
    change_words = clause[-12:]
    is_change = (
        "同比" in clause
        or "比去年" in clause
        or "比上年" in clause
        or bool(_ENDS_WITH_CHANGE.search(change_words))
    )
    if not token.percent and _CUT_BY.search(clause):
        return "change", -value  # 共减少申请资料1124个: a reduction of that many
    # The clause holds no clause break, so a 从 in it opens a range (从2例增加到25例).
    if is_change and "从" not in clause:
        down = any(w in change_words for w in _CHANGE_DOWN)
        return "change", -value if down else value
    if token.unit == "倍" or token.unit in POINT_UNITS:
        down = any(w in clause[-12:] for w in _CHANGE_DOWN)
        return "change", -value if down and token.unit in POINT_UNITS else value
    if token.percent:
        return "rate", value
    if token.unit in MONEY_UNITS:
        return "money", value
    if token.unit in AREA_UNITS:
        return "area", value
    if token.unit in DURATION_UNITS:
        return "duration", value
    if token.unit in OTHER_UNITS:
        return "other", value
    return "count", value


def _clause_before(text: str, position: int) -> str:
    """The clause that ends at ``position``; a finished aside in brackets is skipped over.

    Read from at most :data:`REACH` characters before ``position``.
    """
    # 小册子(单行本)2000多册: the bracketed remark is not where the clause starts.
    before = without_asides(text[max(0, position - REACH) : position])
    start = _LAST_BREAK.search(before)
    return before[start.start() + 1 :] if start else before


def _label(
    token: _Token,
    tokens: list[_Token],
    index: int,
    text: str,
    state: dict,
    lists: list[int],
    own_clause: str,
) -> str:
    """A short noun phrase of what ``tokens[index]`` counts, taken from ``own_clause``, the
    clause before it."""
    clause = own_clause
    in_list = False
    if index and tokens[index - 1].end <= token.start:
        between = text[tokens[index - 1].end : token.start]
        if len(between) <= len(clause):
            if between.strip() == "" and state.get("previous"):
                return state["previous"].label  # 809件933人次: two figures of one thing
            if "、" in between:
                clause = between.split("、")[-1]
                in_list = True
    first = lists[index]
    list_clause = own_clause if first == index else _clause_before(text, tokens[first].start)
    subjects = _subjects(list_clause)
    names = re.split("[、和及与]", _clean(subjects)) if subjects else []
    if names and len(names) > 1:
        state["subjects"] = names
    elif not names and re.match(r"^(?:同比|比去年|比上年)", list_clause):
        names = state.get("subjects", [])
    position = index - first
    if len(names) > 1 and position < len(names):
        return names[position] + _change_verb(list_clause)
    if in_list and not _clean(clause) and state.get("previous"):
        return state["previous"].label  # 达标率分别为75%、85%: one subject for the list
    previous = state.get("previous")
    if "从" in clause:
        clause = clause[: clause.rindex("从")] or clause  # 烟火报警数从2例增加到25例
    elif previous is not None and previous.end > token.start - len(clause):
        # Another figure earlier in this clause: only what follows it speaks of this one.
        clause = text[previous.end : token.start]
    pre = _clean(clause)
    post = _noun_after(text, token.end)
    if previous is not None and pre and _COMPARISON.fullmatch(pre):
        return previous.label  # 火灾55起，比去年下降13起: the change of the same thing
    if re.search(r"(?:和|及|与|以及|或)$", pre) and post:
        return _trim(post)
    if post and (
        not pre
        or pre.endswith("等")
        or _PREPOSITION_ONLY.match(pre)
        or _SUBJECT_ONLY.fullmatch(pre)
        or _FOR_WHOM.search(pre)
    ):
        return _trim(post)
    verb = _ENDS_WITH_VERB.search(pre)
    if verb and post:
        return _trim(verb.group() + post)
    if _COVERAGE_VERB.match(pre) and state.get("previous"):
        noun = re.sub(r"^.*?(?:开展|组织|举办|召开|发放)", "", state["previous"].label)
        return _trim(noun + pre + token.unit)
    if not pre and state.get("clause_label"):
        return state["clause_label"]  # 侦办了涉黑涉恶案件，共5起
    return _trim(pre or post or token.unit)


def _lists(tokens: list[_Token], text: str) -> list[int]:
    """For each token, the index of the first token of the 、-list of figures it belongs to.

    One pass: walking back from each token to its list's start made a long list quadratic.
    """
    first = list(range(len(tokens)))
    for index in range(1, len(tokens)):
        if text[tokens[index - 1].end : tokens[index].start].strip() in ("、", "，", ","):
            first[index] = first[index - 1]
    return first


def _subjects(clause: str) -> str | None:
    """``大调解、小调解`` of ``大调解、小调解分别达``: the subjects a list of figures follows.

    The clause holds no clause break, so the subjects are all of it before 分别 (two
    characters at least).
    """
    end = _SUBJECT_LIST_END.search(clause)
    return clause[: end.start()] if end and end.start() >= 2 else None


def _change_verb(clause: str) -> str:
    for word in (*_CHANGE_UP, *_CHANGE_DOWN):
        if clause.endswith(word):
            return word
    return ""


#: A year inside a label (服务中心2025年度内累计办件): when, not what.
_YEAR = re.compile(r"(?:自|从)?(?:19|20)\d{2}\s*年度?(?:内|以来)?")
#: A date at the head of a clause (1日至12月21日共…, …至十月全县…): not part of what is counted.
_DATE_HEAD = re.compile(
    r"^[^，,]{0,8}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[月日号](?:份|底|末|初)?"
    r"(?:(?:至|到)\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*[日号])?)?"
)


def _clean(text: str) -> str:
    text = _FILLER.sub("", text.strip())
    text = _DATE_HEAD.sub("", text)
    text = _YEAR.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_NOISE.sub("", text).strip()
        text = _TRAILING_NOISE.sub("", text).strip()
    text = re.sub(r"^[“”\"()（）、\s]+|[“”\"()（）、\s]+$", "", text)
    return text


def _noun_after(text: str, end: int) -> str:
    """The noun a figure counts when it stands before it: ``审核了53份规范性文件``."""
    rest = re.sub(r"^的", "", text[end : end + REACH])
    stop = re.search(
        rf"[{re.escape(_CLAUSE_BREAK)}\d]|、(?=[^{re.escape(_CLAUSE_BREAK)}、]*\d)|(?:获得|获|被|在|到|给|对于|为|是|和|及|的|均|都|已|由|将|把|使|让|以|按|并|进行)"
        # 5个社区工作站选派社区法律顾问: the noun ends where a verb with an object starts
        # (not 业务培训的…, not 便民服务站, where the verb is part of the noun); a 、 ends it
        # only before another figure's item (村、社区干部 is one noun).
        rf"|(?<=.){_VERBS}(?![站室点队员所卡费中的])(?=[^，,。；;：:\s])",
        rest,
    )
    noun = rest[: stop.start()] if stop else rest
    return _cut_at_word(_clean(re.sub('[“”"]', "", noun)))


def _trim(label: str) -> str:
    label = _clean(label)
    # 共调处民间纠纷共调处群众各类民间纠纷: a clause that says its verb twice restarts.
    for first in re.finditer(_VERBS, label):
        again = label.find("共" + first.group(), first.end())
        if again >= 0:
            label = label[again + 1 :]
            break
    if len(label) > _MAX_LABEL and "、" in label:
        items = label.split("、")
        tail = re.split(r"以及|的|等(?!类)", items[-1])[-1]
        if len(tail) >= 2 and tail != items[-1]:
            # 开展宪法、民法典以及…的法律法规学习活动: the head noun follows the list.
            verb = re.match(_VERBS, items[0])
            label = (verb.group() if verb else "") + tail
        elif len(items[-1]) > len(items[0]):
            # 党委会、办公室会议、中心组年度学法: the qualified last item carries the head.
            label = items[-1]
        else:
            # A list of what is counted (登记录入率、及时受理率、按期办结率…): name the first.
            label = items[0] + "等"
    if len(label) > _MAX_LABEL:
        label = _cut_at_word(label)
    return label


#: Where a label may start when it is too long: after a particle or preposition, or at a verb.
_WORD_START = re.compile(rf"(?<=的)|(?={_VERBS})")


def _cut_at_word(label: str) -> str:
    """The end of a long label (the head of a Chinese noun phrase is at its end), starting at
    a word: cutting at a fixed length left 堡镇组织… of 李堡镇组织…."""
    if len(label) <= _MAX_LABEL + 4:
        return label  # 召开党政联席会议讨论研究推进法治建设工作: the meeting is what is counted
    for limit in (_MAX_LABEL, _MAX_LABEL + 8):
        for start in _WORD_START.finditer(label):
            if 0 < len(label) - start.start() <= limit:
                return label[start.start() :]
    return label if len(label) <= _MAX_LABEL + 8 else label[-_MAX_LABEL:]


#: A label that names no counted thing: a verb alone, or a word left over (成功, 和, 建).
_BARE = re.compile(
    rf"^(?:{_VERBS}|成功|和|及|建|分|结束|组成|实现|提出|形成|包括|承接|明确|健全|缩短|提前|有|共有|现有)$"
)
_SUCCESS_OF = re.compile(r"(调解|调处|化解)(?:成功)?|成功(调解|调处|化解)")


def _whole(label: str, sentence: str, state: dict) -> str:
    """A label that names the counted thing: ``调处纠纷825宗，成功811宗`` gives 调处成功, and a
    bare verb (``全年开展20余次``) takes the thing of the clause before."""
    previous = state.get("previous")
    if label in ("成功", "成功率") and previous is not None and previous.context == sentence:
        verb = _SUCCESS_OF.search(previous.label)
        if verb:
            return (verb.group(1) or verb.group(2)) + label
    clause = state.get("clause_label") or ""
    # The clause before may hold figures of its own: only what follows the last one.
    clause = re.split(r"[\d０-９]+[余多万千亿]*[\u4e00-\u9fff%]?", clause)[-1]
    if (not label or _BARE.match(label)) and len(clause) >= 2:
        return _trim(clause)
    if _BARE.match(label) and previous is not None and previous.context == sentence:
        return label + previous.thing  # 上报事件15049条，已办结14931条: 办结上报事件
    return label
