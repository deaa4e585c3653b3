"""Resolve which administrative place (province, city, county, township) a report comes from.

:func:`locate` scans a report for the names of :mod:`gazetteer` divisions, keeps only the
mentions that survive the false-positive rules below, and returns the best-supported place as
a :class:`Locality`.

Evidence model, strongest first:

* Full names with their suffix (浙江省, 南通市, 海安市, 李堡镇, 余杭街道). Names that are
  ordinary words or purely directional (城区, 矿区, 市中区, 街道, 范镇) count only when directly
  preceded by their parent's name (阳泉市城区); names whose stem is a common word (合作市,
  和平街道) need that, or a clean word boundary plus context (a named ancestor) or an
  institution right after them (人民政府, 党委).
* Short names (suffix removed: 镇海, 海安, 深圳, 浙江) count only inside a context set up by a
  full-name mention of the place itself or one of its ancestors, only if unique within that
  context, and only at a plausible word boundary (法治镇海, 、深圳仲裁委员会, 福田政府在线).
  Short province names (浙江, 江苏) count alone.
* Places named in ``priority`` strings (issuer, title, signature, 来源 line) outweigh places
  merely mentioned in the body.
* A township the author strings give as their own (title, issuer, signature) is the report's
  even without its county: its namesakes are narrowed by every place the text may name (a
  county only in a law's title, a generic 城中区 in 城中区委), then by a county code in the text
  (索引号 LH331082-…); if several remain, the name is given with the others as
  ``alternatives``. The office form 海滨街 stands for 海滨街道, a stem alone (法治鱼复) for a
  township of a county the text names, and a township-shaped name the gazetteer lacks
  (created or renamed since) is given as written, or as its renamed form when the text has it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .gazetteer import (
    CITY,
    COMMON_WORDS,
    COUNTY,
    MUNICIPALITIES,
    PROVINCE,
    TOWNSHIP,
    TOWNSHIP_SUFFIXES,
    Division,
    Gazetteer,
    Surface,
    code_for,
    division,
    full_name,
    gazetteer_size,
    load,
    lookup,
    province_of,
    stem_of,
    words,
)

__all__ = [
    "CITY",
    "COUNTY",
    "NOWHERE",
    "PROVINCE",
    "TOWNSHIP",
    "Division",
    "Locality",
    "code_for",
    "division",
    "full_name",
    "gazetteer_size",
    "locate",
    "lookup",
    "province_of",
]

#: The loaded gazetteer (``tests.eval_metrics`` reads its names).
_gazetteer = load

MAX_EVIDENCE = 6
_EVIDENCE_WIDTH = 30

# A full name's suffix that really starts the next word: 合作市场, 平安区域, X街道路面.
_GLUE = frozenset({"市场", "区域", "区别", "区间", "区分", "区块", "区位", "县域", "道路"})
# For names built on common words, these also mark ordinary prose: 美丽乡村, 建设镇村.
_WEAK_GLUE = frozenset({"乡村", "乡镇", "乡贤", "镇村", "镇街", "镇域", "镇级"})
_ANY_GLUE = _GLUE | _WEAK_GLUE

# Words that commonly sit right before a short place name in these reports (法治镇海,
# 平安镇海, 和谐余杭) and single characters after which a new word must start.
_LEFT_WORDS = frozenset(
    words(
        """
        法治 平安 和谐 美丽 数字 智慧 幸福 文明 清廉 廉洁 生态 健康 品质 活力 魅力 宜居 诚信 书香
        绿色 人文 创新 开放 全域 大美 共建 建设 打造 服务 助力 扎根 走进 来到 落户 领跑 深耕 立足
        引领 推进 奋进 现代 今日 今天 老家 家乡 全体 整个
        """
    )
)
_LEFT_CHARS = frozenset("在赴到来驻全与及和同是的了年月日从往至原")
# Names built on common words get only the characters that end a date or a preposition:
# 2021年和平街道 is a place, 更高水平的平安街道 and 打造平安街道 are slogans.
_LEFT_CHARS_STRICT = frozenset("年月日在赴到驻与及")
# Words that commonly follow a place name (福田政府在线, 海安之治, 深圳仲裁委员会).
_RIGHT_WORDS = frozenset(
    words(
        """
        政府 人民 之治 仲裁 法院 法庭 检察 公安 司法 市委 区委 县委 州委 党委 人大 政协 发布 日报
        新闻 融媒 电视 市民 区民 县民 籍人 经验 样板 模式 实践 境内 全境 地区 片区 辖区 办事 街道
        镇党 镇政 乡党 乡政 城区 市区 站点
        """
    )
)

# 某某镇, XX街道, ××乡, *街道: the report names its own township only by a placeholder.
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XxＸｘ×＊*]{1,4}|某{1,2}|[○〇□]{1,3})(?:街道|镇|乡|苏木)"
)

# Clause separators for evidence: Chinese and ASCII punctuation and line breaks. A space ends
# a clause unless it follows a colon, so "来源: 李堡镇人民政府 发布时间" keeps its label.
_CLAUSE_BREAK = re.compile(
    r"[，,。；;！!？?、：《》〈〉“”‘’\"「」『』（）()【】\[\]\n\r]|(?<![:：])[ \t\u3000]+"
)
_SPACES = re.compile(r"\s+")

# A township name standing as the author's own in a title, issuer or signature: at the start
# or after these (中共王河镇委员会), and before these or anything not Han (a year, the end).
# 中心镇建设, 新城镇化 and 和平街道路 are words, not places.
_TOWN_LEFT = ("中共", "关于")
_TOWN_RIGHT = words("人民政府 政府 党委 党工委 工委 办事处 委员会 关于 法治 依法 全面")
# 海滨街, the everyday form of 海滨街道, is the office only before these (in the body; at the
# head of a title or issuer it is one anyway); otherwise it may be a street (人民街, 中山街).
_STREET_OFFICE = ("党工委", "工委", "办事处")
_STREET = re.compile("街(?![街道])")
# A township's stem alone (鱼复 for 鱼复街道), inside its named county, before these.
_STEM_RIGHT = _RIGHT_WORDS | {"法治"}
# A county code standing alone or heading an index number (索引号 LH331082-071), or a
# township's code: a 6, 9 or 12 digit run.
_DIGIT_RUN = re.compile(r"[0-9]{6,}")
_CODE_LENGTHS = frozenset({6, 9, 12})
# A township-shaped name the gazetteer does not list (created or renamed since): the
# shortest stem that ends where a name of its own would (北城街街道办事处, 王河乡).
# Only an office or the end of the string may follow: 依法治镇2022年, 特色小镇2023年 are
# programmes, not places.
_TOWN_OFFICE = words("人民政府 政府 党委 党工委 工委 办事处 委员会")
_TOWN_SHAPED = re.compile(
    r"([\u4e00-\u9fff]{2,6}?)(街道|镇|乡)(?=" + "|".join((*_TOWN_OFFICE, "法治")) + r"|\s*$)"
)
# Characters that make such a stem a phrase rather than a name (全县各乡镇, 城乡街道).
_NOT_IN_STEM = frozenset("省市县区州乡镇村某治")
# What may stand before such a name at the head of an author string: 中共, a year.
_TOWN_LEAD = re.compile(r"中共|[0-9]{4}年度?")
_ORDINARY_STEMS = COMMON_WORDS | _LEFT_WORDS


@dataclass(frozen=True)
class Locality:
    """Where a report comes from, as far as the text says.

    Attributes:
        province: Province-level name, e.g. ``江苏省`` or ``重庆市``.
        city: Prefecture-level name; the municipality itself for 北京/天津/上海/重庆, None for
            counties directly under a province (省直辖县级行政区划).
        county: County-level name, e.g. ``海安市`` or ``九龙坡区``.
        township: Township or street, e.g. ``李堡镇``; None when unknown or anonymised.
        code: The most specific division code found (``320685103``), None if nothing.
        evidence: The clauses that decided the result, most specific level first.
        anonymized: The text names its own township only by a placeholder (XX街道).
        alternatives: Division codes of every township the report's township name can be,
            when nothing in the text decides between them (several 友谊路街道): township is
            that name, the levels above only what all of them share, code the code of that
            shared part (None if nothing is shared). Empty when the place is resolved.
    """

    province: str | None
    city: str | None
    county: str | None
    township: str | None
    code: str | None
    evidence: tuple[str, ...]
    anonymized: bool
    alternatives: tuple[str, ...] = ()


NOWHERE = Locality(None, None, None, None, None, (), False)


@dataclass(frozen=True, slots=True)
class _Hit:
    source: int  # 0 is the text, 1.. are the priority strings
    start: int
    end: int
    surface: str
    found: Surface


@dataclass(frozen=True, slots=True)
class _Mention:
    hit: _Hit
    code: str


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _scan(text: str, source: int, gz: Gazetteer) -> list[_Hit]:
    """Longest surface at each position, minus those inside a longer hit (李堡镇 ⊃ 堡镇)."""
    hits: list[_Hit] = []
    surfaces, prefixes = gz.surfaces, gz.prefixes
    for i in range(len(text) - 1):
        lens = prefixes.get(text[i : i + 2])
        if not lens:
            continue
        for n in lens:
            s = text[i : i + n]
            if s in surfaces:
                hits.append(_Hit(source, i, i + n, s, surfaces[s]))
                break
    kept: list[_Hit] = []
    reach = -1
    for h in hits:
        if h.end <= reach:
            continue
        kept.append(h)
        reach = max(reach, h.end)
    return kept


def _boundary_ok(s: str, start: int, end: int, *, strict: bool = False) -> bool:
    """Whether a name at ``s[start:end]`` plausibly stands as its own word."""
    left = s[start - 1] if start else ""
    if not left or not _is_han(left) or left in (_LEFT_CHARS_STRICT if strict else _LEFT_CHARS):
        return True
    if not strict and s[max(0, start - 2) : start] in _LEFT_WORDS:
        return True
    return s[end : end + 2] in _RIGHT_WORDS


@lru_cache(maxsize=65536)
def _ancestor_names(code: str) -> tuple[str, ...]:
    gz = _gazetteer()
    return tuple(name for anc in gz.divisions[code].chain[:-1] for name in gz.names_of[anc])


def _parent_prefixed(s: str, start: int, code: str) -> bool:
    return s.endswith(_ancestor_names(code), 0, start)


def _narrow(codes: Iterable[str], ctx: set[str], gz: Gazetteer) -> list[str]:
    """Keep the candidates tied to the most specific context level; [] if none is tied."""
    best: list[str] = []
    best_depth = -1
    for c in codes:
        # By level, not position: a municipality's chain has no city (北京市朝阳区).
        depth = max((gz.divisions[a].level for a in gz.divisions[c].chain if a in ctx), default=-1)
        if depth > best_depth:
            best, best_depth = [c], depth
        elif depth == best_depth and depth >= 0:
            best.append(c)
    return best


def _resolve_full(
    codes: tuple[str, ...], hit: _Hit, s: str, ctx: set[str] | None, gz: Gazetteer
) -> str | None:
    """Pick which of ``codes`` a full-name hit refers to, or None.

    ``ctx`` None is the first pass: only unambiguous, non-weak names are accepted.
    """
    if not codes:
        return None
    divs = gz.divisions
    glued = s[hit.end - 1 : hit.end + 1] in _GLUE
    if len(codes) == 1 and not divs[codes[0]].weak:
        return None if glued else codes[0]
    prefixed = [c for c in codes if _parent_prefixed(s, hit.start, c)]
    if prefixed:
        return prefixed[0] if len(prefixed) == 1 else _single(_narrow(prefixed, ctx or set(), gz))
    cands = [c for c in codes if not divs[c].strict]
    if glued or not cands:
        return None
    if any(divs[c].weak for c in cands):
        glued = s[hit.end - 1 : hit.end + 1] in _WEAK_GLUE
        if glued or not _boundary_ok(s, hit.start, hit.end, strict=True):
            return None
        if ctx is None:
            return None
        chosen = _single(_narrow(cands, ctx, gz))
        if chosen is None and len(cands) == 1 and s[hit.end : hit.end + 2] in _RIGHT_WORDS:
            chosen = cands[0]  # 威信县人民政府: the institution makes the name unmistakable
        return chosen
    if ctx is None:
        return None
    return _single(_narrow(cands, ctx, gz))


def _resolve_short(hit: _Hit, s: str, named: set[str], gz: Gazetteer) -> str | None:
    """Pick the division a short-name hit refers to, or None."""
    divs = gz.divisions
    eligible = [
        c
        for c in hit.found.short
        if divs[c].level == PROVINCE or any(a in named for a in divs[c].chain)
    ]
    if len(eligible) != 1:
        return None
    code = eligible[0]
    if divs[code].level != PROVINCE and not _boundary_ok(s, hit.start, hit.end):
        return None
    return code


def _single(codes: list[str]) -> str | None:
    return codes[0] if len(codes) == 1 else None


def _clause(s: str, start: int, end: int) -> str:
    """The clause around ``s[start:end]``, at most about 30 characters."""
    # Inside a book title the whole title is the clearest evidence, even across a line break.
    open_ = s.rfind("《", max(0, start - 40), start)
    close = s.find("》", end, end + 40)
    if open_ >= 0 and close >= 0 and "》" not in s[open_:start] and "《" not in s[end:close]:
        title = _SPACES.sub("", s[open_ : close + 1])
        if len(title) <= _EVIDENCE_WIDTH + 2:
            return title
    left = max(0, start - 200)
    for m in _CLAUSE_BREAK.finditer(s, left, start):
        left = m.end()
    m = _CLAUSE_BREAK.search(s, end, end + 200)
    right = m.start() if m else min(len(s), end + 200)
    if right - left > _EVIDENCE_WIDTH:
        room = max(0, _EVIDENCE_WIDTH - (end - start))
        left = max(left, start - room // 2)
        right = min(right, max(end, left + _EVIDENCE_WIDTH))
    return _SPACES.sub(" ", s[left:right]).strip(" :：")


def _left_free(s: str, start: int) -> bool:
    left = s[start - 1] if start else ""
    return (
        not left
        or not _is_han(left)
        or left in _LEFT_CHARS_STRICT
        or s.endswith(_TOWN_LEFT, 0, start)
    )


def _own_name(s: str, start: int, end: int) -> bool:
    """Whether a township name in an author string stands as a name: 留下街道2022年度…,
    中共王河镇委员会, an issuer that is the name alone; not 推进中心镇建设."""
    right = s[end : end + 1]
    return _left_free(s, start) and (
        not right or not _is_han(right) or s.startswith(_TOWN_RIGHT, end)
    )


def _office_follows(s: str, end: int) -> bool:
    """An office after the name, or nothing (an issuer that is the name alone)."""
    return not s[end:].strip() or s.startswith(_TOWN_OFFICE, end)


def _street_hits(s: str, source: int, gz: Gazetteer) -> list[_Hit]:
    """海滨街 for 海滨街道, where it is the office: heading an author string, or before
    党工委/办事处 anywhere."""
    found: list[_Hit] = []
    for m in _STREET.finditer(s):
        for start in range(max(0, m.start() - 6), m.start() - 1):
            stem = s[start : m.start()]
            town = gz.surfaces.get(stem + "街道", Surface()).town
            if not town or not all(map(_is_han, stem)) or s[start : m.end()] in gz.surfaces:
                continue
            office = s.startswith(_STREET_OFFICE, m.end()) and _left_free(s, start)
            if office or (source and _own_name(s, start, m.end())):
                found.append(_Hit(source, start, m.end(), s[start : m.end()], Surface(town=town)))
            break  # the longest stem naming a 街道 decides
    return found


def _loose_codes(hits: list[_Hit], sources: Sequence[str], gz: Gazetteer) -> set[str]:
    """Every place above township level that any hit may name, resolved or not (城中区 is in
    two cities: both count). Enough to choose between namesake townships the text names,
    never to set a place by itself."""
    codes: set[str] = set()
    for h in hits:
        s = sources[h.source]
        for c in (*h.found.upper, *h.found.short):
            d = gz.divisions[c]
            if d.strict and not _generic_named(s, h.start, h.end):
                continue
            codes.update(d.chain)
    return codes


def _generic_named(s: str, start: int, end: int) -> bool:
    """城中区委, 《城中区2025年…》: a generic county word (城区, 城中区) used as a name."""
    nxt = s[end : end + 1]
    return _left_free(s, start) and (
        nxt == "委" or nxt.isdigit() or s[end : end + 2] in _RIGHT_WORDS
    )


class _Clues:
    """What else the text may name, read only when namesake townships need it."""

    def __init__(self, hits: list[_Hit], sources: Sequence[str], gz: Gazetteer) -> None:
        self._hits, self._sources, self._gz = hits, sources, gz

    @cached_property
    def loose(self) -> set[str]:
        return _loose_codes(self._hits, self._sources, self._gz)

    @cached_property
    def digits(self) -> set[str]:
        return {m.group()[:6] for m in _digit_codes(self._sources)}


def _pick_town(codes: Iterable[str], ctx: set[str], clues: _Clues, gz: Gazetteer) -> list[str]:
    """Narrow namesake townships by the places the text names: resolved ones first, then any
    name of a place above one of them, then a county code in the text (索引号 LH331082)."""
    cands = list(codes)
    if len(cands) > 1:
        cands = _narrow(cands, ctx, gz) or cands
    if len(cands) > 1:
        cands = _narrow(cands, clues.loose, gz) or cands
    if len(cands) > 1:
        cands = [c for c in cands if c[:6] in clues.digits] or cands
    return cands


def _town_candidates(h: _Hit, s: str, gz: Gazetteer) -> tuple[str, ...]:
    """The townships a hit the first rules left open may still name: any of them where an
    author string names its own township; in the body distinctive names (several, not
    ordinary words) and names followed by their office (黄石街党工委, 长寿街道办事处), for the
    text's other places to decide."""
    divs = gz.divisions
    codes = tuple(c for c in h.found.town if not divs[c].strict)
    if not codes or s[h.end - 1 : h.end + 1] in _ANY_GLUE:
        return ()
    if h.source:
        if stem_of(divs[codes[0]].name, TOWNSHIP) in _LEFT_WORDS and not _office_follows(s, h.end):
            return ()  # 平安街道2022年创建工作: a slogan's programme, unless its office follows
        return codes if _own_name(s, h.start, h.end) else ()
    street = not h.surface.endswith(TOWNSHIP_SUFFIXES)
    if street or not any(divs[c].weak for c in codes):
        return codes
    # An ordinary-word name is the office only with its office after it (长寿街道党工委).
    office = _left_free(s, h.start) and s.startswith(_TOWN_OFFICE, h.end)
    return codes if office else ()


@lru_cache(maxsize=4096)
def _distinct_stems(parent: str) -> tuple[tuple[str, str], ...]:
    """The townships of a county that its text may name by stem alone: distinctive (not an
    ordinary word, few namesakes), unique in the county, and naming nothing else."""
    gz = _gazetteer()
    divs = gz.divisions
    towns = gz.towns_in[parent]
    stems = Counter(stem_of(divs[t].name, TOWNSHIP) for t in towns)
    return tuple(
        (stem, t)
        for t in towns
        if not divs[t].weak
        and len(stem := stem_of(divs[t].name, TOWNSHIP)) >= 2
        and stems[stem] == 1
        and stem not in gz.surfaces
    )


def _stem_mentions(
    sources: Sequence[str], hits: list[_Hit], ctx: set[str], gz: Gazetteer
) -> list[_Mention]:
    """A township named by its stem alone (法治鱼复, 鱼复辖区) inside a county the text names:
    only distinctive stems, unique in that county and naming nothing else."""
    spans = defaultdict(list)
    for h in hits:
        spans[h.source].append((h.start, h.end))
    found: list[_Mention] = []
    for parent in sorted(c for c in ctx if c in gz.towns_in):
        for stem, t in _distinct_stems(parent):
            for i, s in enumerate(sources):
                start = s.find(stem)
                while start >= 0:
                    end = start + len(stem)
                    free = not any(a < end and start < b for a, b in spans[i])
                    if free and (
                        s[max(0, start - 2) : start] in _LEFT_WORDS
                        or s[end : end + 2] in _STEM_RIGHT
                    ):
                        found.append(_Mention(_Hit(i, start, end, stem, Surface(town=(t,))), t))
                    start = s.find(stem, end)
    return found


def _unlisted_towns(sources: Sequence[str], hits: list[_Hit], gz: Gazetteer) -> list[_Hit]:
    """Township-shaped names an author string gives as its own that the gazetteer does not
    list: at its start, after 中共, or right after a place above (海安市X镇)."""
    found: list[_Hit] = []
    for i, s in enumerate(sources[1:], 1):
        own = [h for h in hits if h.source == i and not (h.found.town and _all_strict(h, gz))]
        lead = _TOWN_LEAD.match(s)
        starts = {lead.end() if lead else 0}
        starts.update(h.end for h in own if h.found.upper or h.found.short)
        for pos in sorted(starts):
            m = _TOWN_SHAPED.match(s, pos)
            if (
                not m
                or _NOT_IN_STEM.intersection(m.group(1))
                or m.group(1) in _ORDINARY_STEMS  # 法治乡村, 平安镇街
                or any(h.start < m.end() and m.start() < h.end for h in own)
            ):
                continue
            found.append(_Hit(i, m.start(), m.end(), m.group(), Surface()))
    return found


def _all_strict(h: _Hit, gz: Gazetteer) -> bool:
    return all(gz.divisions[c].strict for c in h.found.town)


def _digit_codes(sources: Sequence[str]) -> Iterable[re.Match[str]]:
    return (m for s in sources for m in _DIGIT_RUN.finditer(s) if len(m.group()) in _CODE_LENGTHS)


def _anonymous_hits(sources: Sequence[str]) -> list[_Hit]:
    return [
        _Hit(i, m.start(), m.end(), m.group(), ())
        for i, s in enumerate(sources)
        for m in _PLACEHOLDER.finditer(s)
    ]


def locate(text: str, priority: Sequence[str] = ()) -> Locality:
    """Resolve the place a report comes from.

    Args:
        text: The whole report in Simplified Chinese (title, body, signature).
        priority: Strings that identify the author (issuer line, title, signature block, the
            page's 来源 line). Places named there outweigh places mentioned in the body.

    Returns:
        The best-supported place. Evidence lists the deciding clauses, most specific level
        first, priority strings before the body within a level, then in text order. A
        township the author strings name that the text cannot tell from its namesakes is
        given by name, with ``alternatives``.
    """
    gz = _gazetteer()
    divs = gz.divisions
    sources = [text or "", *(p for p in (priority or ()) if p)]
    hits = [h for i, s in enumerate(sources) for h in _scan(s, i, gz)]
    streets = [h for i, s in enumerate(sources) for h in _street_hits(s, i, gz)]
    if streets:
        # 黄石街 is the office, not 黄石 (黄石市) followed by a street.
        inside = {(h.source, h.start) for h in hits for t in streets if _within(h, t)}
        hits = sorted(
            [h for h in hits if (h.source, h.start) not in inside] + streets,
            key=lambda h: (h.source, h.start),
        )

    # Full province/city/county names first: unambiguous ones set the context, which then
    # decides the ambiguous or weak ones (鼓楼区 is in four cities; 合作市 needs 甘肃 nearby).
    mentions: list[_Mention] = []
    named: set[str] = set()
    ctx: set[str] = set()
    pending: list[_Hit] = []
    for h in hits:
        if not h.found.upper:
            continue
        code = _resolve_full(h.found.upper, h, sources[h.source], None, gz)
        if code:
            mentions.append(_Mention(h, code))
            named.add(code)
            ctx.update(divs[code].chain)
        else:
            pending.append(h)
    frozen_ctx = set(ctx)
    for h in pending:
        code = _resolve_full(h.found.upper, h, sources[h.source], frozen_ctx, gz)
        if code:
            mentions.append(_Mention(h, code))
            named.add(code)
            ctx.update(divs[code].chain)

    # Short names only inside what full names established; townships then use everything.
    taken = {(m.hit.source, m.hit.start) for m in mentions}
    for h in hits:
        if not h.found.short or (h.source, h.start) in taken:
            continue
        code = _resolve_short(h, sources[h.source], named, gz)
        if code:
            mentions.append(_Mention(h, code))
            ctx.update(divs[code].chain)
            taken.add((h.source, h.start))
    # A province named by its short form (在辽宁考察) sets the context a weak county name
    # (西市区, 城区) needs, as its full name would have.
    for h in pending:
        if (h.source, h.start) in taken:
            continue
        code = _resolve_full(h.found.upper, h, sources[h.source], set(ctx), gz)
        if code:
            mentions.append(_Mention(h, code))
            named.add(code)
            ctx.update(divs[code].chain)
            taken.add((h.source, h.start))
    # A township the rules above leave open is narrowed by every place the text may name;
    # one the author strings give as their own that stays open is kept undecided.
    clues = _Clues(hits, sources, gz)
    undecided: list[tuple[_Hit, tuple[str, ...]]] = []
    for h in hits:
        if not h.found.town or (h.source, h.start) in taken:
            continue
        s = sources[h.source]
        street = not h.surface.endswith(TOWNSHIP_SUFFIXES)
        code = None if street else _resolve_full(h.found.town, h, s, ctx, gz)
        if code:
            mentions.append(_Mention(h, code))
            continue
        left = _pick_town(_town_candidates(h, s, gz), ctx, clues, gz)
        if len(left) == 1:
            mentions.append(_Mention(h, left[0]))
        elif left and h.source:
            undecided.append((h, tuple(left)))
    if not any(divs[m.code].level == TOWNSHIP for m in mentions):
        mentions += _stem_mentions(sources, hits, ctx, gz)

    prio_towns = {m.code for m in mentions if m.hit.source > 0 and divs[m.code].level == TOWNSHIP}
    # A township name with no row to place it: the hit and the name to give.
    unlisted: list[tuple[_Hit, str]] = []
    if not prio_towns and not undecided:
        # A name the gazetteer lacks: its renamed form when the text gives one (王河乡 for
        # 王河镇), else the name as written.
        text_towns = {h.surface for h in hits if h.found.town}
        for h in _unlisted_towns(sources, hits, gz):
            stem = stem_of(h.surface, TOWNSHIP)
            renamed = [c for c in gz.by_stem.get(stem, ()) if divs[c].name in text_towns]
            left = _pick_town(renamed, ctx, clues, gz)
            if len(left) == 1:
                mentions.append(_Mention(h, left[0]))
                prio_towns.add(left[0])
            elif left:
                undecided.append((h, tuple(left)))
            else:
                unlisted.append((h, h.surface))
    prio_upper = {m.code for m in mentions if m.hit.source and divs[m.code].level < TOWNSHIP}
    if (
        not prio_towns
        and prio_upper
        and not any(prio_upper.intersection(divs[c].chain) for _, cs in undecided for c in cs)
    ):
        # The author strings also name the county or city, and no namesake is there: the
        # gazetteer lags (a township renamed or moved), so the name goes under that place.
        unlisted += [(h, divs[cs[0]].name) for h, cs in undecided]
        undecided = []

    placeholders = _anonymous_hits(sources)
    anonymized = bool(placeholders) and not (prio_towns or undecided or unlisted)
    if anonymized:
        mentions = [m for m in mentions if divs[m.code].level != TOWNSHIP]
    if not prio_towns and undecided:
        return _undecided_town(undecided, mentions, sources, gz)
    if not mentions and not unlisted:
        return Locality(None, None, None, None, None, (), anonymized) if anonymized else NOWHERE

    text_count: Counter[str] = Counter()
    prio_count: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in mentions:
        (prio_count if m.hit.source else text_count)[m.code] += 1
        if m.hit.source == 0:
            first.setdefault(m.code, m.hit.start)

    def key(code: str) -> tuple[int, int, int, int, str]:
        chain = divs[code].chain
        return (
            -sum(prio_count[a] for a in chain),
            -sum(text_count[a] for a in chain),
            -divs[code].level,
            first.get(code, len(text)),
            code,
        )

    candidates = prio_towns or {m.code for m in mentions}
    if unlisted:
        # The unlisted township is the author's; the places above come from the rest.
        candidates = {c for c in candidates if divs[c].level != TOWNSHIP}
    chain = divs[min(candidates, key=key)].chain if candidates else ()
    extra = [(TOWNSHIP, h) for h in placeholders] if anonymized else []
    extra += [(TOWNSHIP, h) for h, _ in unlisted]
    extra += _support(chain, mentions, hits, sources, gz)
    evidence = _evidence(mentions, extra, chain, sources, gz)
    return _locality(chain, gz, evidence, anonymized, unlisted[0][1] if unlisted else None)


def _within(inner: _Hit, outer: _Hit) -> bool:
    return inner.source == outer.source and outer.start <= inner.start and inner.end <= outer.end


def _locality(
    chain: tuple[str, ...],
    gz: Gazetteer,
    evidence: tuple[str, ...],
    anonymized: bool,
    township: str | None = None,
    alternatives: tuple[str, ...] = (),
) -> Locality:
    """The place named by ``chain``; ``township`` when the chain stops above it."""
    names = {gz.divisions[c].level: gz.divisions[c].name for c in chain}
    province = names.get(PROVINCE)
    city = names.get(CITY)
    if city is None and chain and chain[0] in MUNICIPALITIES:
        city = province
    return Locality(
        province=province,
        city=city,
        county=names.get(COUNTY),
        township=names.get(TOWNSHIP, township),
        code=chain[-1] if chain else None,
        evidence=evidence,
        anonymized=anonymized,
        alternatives=alternatives,
    )


def _undecided_town(
    undecided: list[tuple[_Hit, tuple[str, ...]]],
    mentions: list[_Mention],
    sources: Sequence[str],
    gz: Gazetteer,
) -> Locality:
    """The author's township when several of that name remain: the name the author strings
    give most (then first), the levels all of them share, and the alternatives."""
    divs = gz.divisions
    by_name: dict[str, list[tuple[_Hit, tuple[str, ...]]]] = defaultdict(list)
    for h, codes in undecided:
        by_name[Counter(divs[c].name for c in codes).most_common(1)[0][0]].append((h, codes))
    name = min(
        by_name, key=lambda n: (-len(by_name[n]), by_name[n][0][0].source, by_name[n][0][0].start)
    )
    codes = sorted({c for _, cs in by_name[name] for c in cs})
    chain = divs[codes[0]].chain[:-1]
    for c in codes[1:]:
        other = divs[c].chain
        while chain and other[: len(chain)] != chain:
            chain = chain[:-1]
    hits = [h for h, _ in by_name[name]]
    evidence = _evidence(mentions, [(TOWNSHIP, h) for h in hits], chain, sources, gz)
    return _locality(chain, gz, evidence, False, name, tuple(codes))


def _support(
    chain: tuple[str, ...],
    mentions: list[_Mention],
    hits: list[_Hit],
    sources: Sequence[str],
    gz: Gazetteer,
) -> list[tuple[int, _Hit]]:
    """What placed a township above the levels the text resolved: the names that chose
    among its namesakes (朝阳区 in running text) and a county code (索引号 LH331082-…)."""
    divs = gz.divisions
    if not chain or divs[chain[-1]].level != TOWNSHIP:
        return []
    covered = {m.code for m in mentions}
    extra = [
        (divs[code].level, h)
        for code in chain[:-1]
        if code not in covered
        for h in hits
        if code in h.found.upper + h.found.short
        and (not divs[code].strict or _generic_named(sources[h.source], h.start, h.end))
    ]
    if not extra and not covered.intersection(chain[:-1]):
        extra = [
            (COUNTY, _Hit(i, m.start(), m.end(), m.group(), Surface()))
            for i, s in enumerate(sources)
            for m in _digit_codes([s])
            if m.group()[:6] == chain[-1][:6]
        ]
    return extra


def _evidence(
    mentions: list[_Mention],
    extra: list[tuple[int, _Hit]],
    chain: tuple[str, ...],
    sources: Sequence[str],
    gz: Gazetteer,
) -> tuple[str, ...]:
    """Clauses behind the chosen chain: one per level first, then more, most specific first."""
    on_chain = set(chain)
    items = [(gz.divisions[m.code].level, m.hit) for m in mentions if m.code in on_chain]
    items += extra
    items.sort(key=lambda it: (-it[0], it[1].source == 0, it[1].source, it[1].start))
    clauses: list[tuple[int, str]] = []
    for level, h in items:
        clause = _clause(sources[h.source], h.start, h.end)
        if clause and clause not in (c for _, c in clauses):
            clauses.append((level, clause))
    chosen: list[int] = []
    seen_levels: set[int] = set()
    for i, (level, _) in enumerate(clauses):
        if level not in seen_levels:
            seen_levels.add(level)
            chosen.append(i)
    for i in range(len(clauses)):
        if len(chosen) >= MAX_EVIDENCE:
            break
        if i not in chosen:
            chosen.append(i)
    return tuple(clauses[i][1] for i in sorted(chosen[:MAX_EVIDENCE]))
