"""Text reuse: near-duplicate paragraphs found across reports and grouped (generator/reuse.py)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator import reuse
from generator.build import build, convert
from generator.reuse import MIN_HAN, find_reuse, han_only

# --- a small corpus in our own words -----------------------------------------------------------

#: Paragraphs of the first report; the copy keeps some, changes figures in others and
#: rewrites the rest.
PROMOTION = (
    "全年共组织法治宣传进社区活动36场次，发放宣传册4200余份，覆盖居民1.8万人次。"
    "街道联合辖区学校开展青少年模拟法庭活动，引导学生从小树立规则意识。"
)
MEDIATION = (
    "街道人民调解委员会全年受理邻里纠纷、物业纠纷等各类矛盾142件，调解成功137件，"
    "成功率96.5%。对重点纠纷实行一案一档，由专人跟踪回访，防止矛盾反弹。"
)
REVIEW = (
    "严格落实重大行政决策合法性审查制度，全年审查街道合同和决策事项28件，提出修改意见41条，"
    "未发生因决策违法引发的行政诉讼。"
)
COUNSEL = (
    "推进社区法律顾问全覆盖，12个社区均聘请执业律师担任法律顾问，每月到社区坐班不少于两次，"
    "全年解答居民法律咨询630人次。"
)
TRAINING = (
    "加强行政执法队伍建设，组织执法人员参加法律知识培训4期，全员通过年度执法资格考试，"
    "执法案卷评查优良率达到92%。"
)
PROBLEMS = (
    "部分社区干部运用法治方式化解矛盾的能力仍然不足，群众参与普法活动的积极性还需提高，"
    "法治宣传的形式也比较单一。"
)
PLANS = (
    "下一步，街道将继续完善矛盾纠纷多元化解机制，推动人民调解、行政调解和司法调解有效衔接，"
    "把矛盾化解在基层。"
)
#: Too short to mean anything: in both reports, and never a cluster.
SLOGAN = "坚持依法行政。"

FIRST = f"""青禾街道2022年法治政府建设工作报告
2022年，青禾街道在区委、区政府的领导下，认真履行法治建设职责，各项工作稳步推进。现将有关情况报告如下：
一、主要工作
{PROMOTION}
{MEDIATION}
{REVIEW}
{COUNSEL}
{TRAINING}
{SLOGAN}
二、存在的问题
{PROBLEMS}
三、下一步打算
{PLANS}
"""

#: The next year's report: figures changed, one paragraph with a sentence added, one kept,
#: three rewritten in other words.
SECOND = f"""青禾街道2023年法治政府建设工作报告
2023年，青禾街道紧扣年度目标，把法治思维贯穿基层治理全过程，推动各项任务落地见效。现将有关情况报告如下：
一、主要工作
{re.sub("36", "41", re.sub("4200", "5150", PROMOTION.replace("1.8", "2.3")))}
{MEDIATION.replace("142", "168").replace("137", "161").replace("96.5", "95.8")}
今年起，街道把合同审查交给公职律师和法律顾问共同把关，重大决策一律先听取居民代表意见，再提交会议讨论。
{COUNSEL}今年还在两个小区试点开设夜间法律门诊。
执法力量方面，我们与区综合执法大队建立联勤机制，每周联合巡查老旧小区的违章搭建和占道经营。
{SLOGAN}
二、存在的问题
{PROBLEMS}
三、下一步打算
来年重点是建设一站式矛盾调处中心，让群众反映问题只进一扇门，同时扩大线上调解的覆盖面。
"""

UNRELATED = """松溪镇2022年安全生产和农村土地管理工作报告
2022年，松溪镇围绕山区防汛和林区防火两条主线，压实镇村两级安全责任，全年未发生较大以上安全事故。
一、防汛防火
汛期前全镇排查山塘水库和地质灾害隐患点53处，落实巡查人员和转移路线，组织山区群众开展撤离演练。
冬春季节实行进山登记制度，在主要山口设置防火检查站9个，护林员每日巡山并上报火情。
二、土地管理
开展农村乱占耕地建房问题排查，对发现的问题逐宗建立台账，能整改的当年整改到位。
"""


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    return _write(
        tmp_path_factory.mktemp("reuse") / "seeds",
        {"a2022.txt": FIRST, "b2023.txt": SECOND, "c2022.txt": UNRELATED},
    )


@pytest.fixture(scope="module")
def reports(seeds):
    return {r.id: r for r in (convert(p) for p in sorted(seeds.glob("*.txt")))}


@pytest.fixture(scope="module")
def index(reports):
    return find_reuse(list(reports.values()))


def _anchor(report, words: str) -> str:
    """The anchor of the report's paragraph holding ``words``."""
    (anchor,) = [p.anchor for p in report.document.iter_paragraphs() if words in p.text]
    return anchor


def _cluster_of(index, report, words: str):
    return index.by_paragraph.get((report.id, _anchor(report, words)))


def test_copied_paragraphs_with_figures_changed_are_found_with_their_anchors(reports, index):
    first, second = reports["a2022"], reports["b2023"]
    for words in ("模拟法庭", "一案一档", "群众参与普法活动"):
        cluster = _cluster_of(index, second, words)
        assert cluster is not None, words
        assert [(m.report, m.anchor) for m in cluster.members] == [
            ("a2022", _anchor(first, words)),
            ("b2023", _anchor(second, words)),
        ]
        assert cluster.earliest == "a2022"


def test_paragraph_copied_with_a_sentence_added_still_counts(reports, index):
    cluster = _cluster_of(index, reports["b2023"], "夜间法律门诊")
    assert cluster is not None
    assert cluster.members[0] == reuse.Member("a2022", _anchor(reports["a2022"], "坐班"), 1.0)
    # The first report's paragraph is all in the copy: containment 1.
    assert cluster.members[1].similarity == 1.0


def test_rewritten_paragraphs_are_not_found(reports, index):
    for words in ("公职律师", "联勤机制", "一站式矛盾调处中心"):
        assert _cluster_of(index, reports["b2023"], words) is None, words
    for words in ("合法性审查制度", "执法资格考试", "多元化解机制"):
        assert _cluster_of(index, reports["a2022"], words) is None, words


def test_unrelated_report_shares_nothing(index):
    assert index.of_report("c2022") == []
    assert index.shares["c2022"] == 0.0
    assert all("c2022" not in (p.a, p.b) for p in index.pairs)


def test_short_paragraphs_are_not_compared(reports, index):
    assert len(han_only(SLOGAN)) < MIN_HAN
    for report in reports.values():
        if SLOGAN in report.document.body_text:
            assert (report.id, _anchor(report, SLOGAN)) not in index.by_paragraph


def test_shares_and_pairs_count_the_shared_han_characters(reports, index):
    second = reports["b2023"]
    compared = [
        han_only(p.text)
        for p in second.document.iter_paragraphs()
        if len(han_only(p.text)) >= MIN_HAN
    ]
    shared = [
        han_only(p.text)
        for p in second.document.iter_paragraphs()
        if (second.id, p.anchor) in index.by_paragraph
    ]
    assert len(shared) == 4
    assert index.shares["b2023"] == pytest.approx(sum(map(len, shared)) / sum(map(len, compared)))
    (pair,) = index.pairs
    assert (pair.a, pair.b, pair.shared_paragraphs) == ("a2022", "b2023", 4)
    assert pair.share_b == pytest.approx(index.shares["b2023"])
    assert 0 < pair.share_a < 1


def test_the_same_reports_in_any_order_give_the_same_index(reports, index):
    again = find_reuse(list(reversed(list(reports.values()))))
    assert again.clusters == index.clusters
    assert again.pairs == index.pairs
    assert again.shares == index.shares


def test_cluster_ids_go_by_size_then_earliest():
    first = _Fake("x1", "2020-03-01", [COUNSEL, PROBLEMS])
    second = _Fake("x2", "2021-03-01", [COUNSEL, PROBLEMS])
    third = _Fake("x3", None, [PROBLEMS], year=2019)
    index = find_reuse([first, second, third])
    assert [c.id for c in index.clusters] == ["r1", "r2"]
    # PROBLEMS is in three reports: the largest, and the report of 2019 (no date) is first.
    assert [m.report for m in index.clusters[0].members] == ["x3", "x1", "x2"]
    assert [m.report for m in index.clusters[1].members] == ["x1", "x2"]


def test_a_report_without_date_or_year_comes_last():
    dated = _Fake("b", "2021-05-01", [PLANS])
    undated = _Fake("a", None, [PLANS])
    (cluster,) = find_reuse([undated, dated]).clusters
    assert cluster.earliest == "b"


# --- property ----------------------------------------------------------------------------------

#: Han characters in our own choosing, for paragraphs hypothesis writes.
_HAN = "法治建设街道社区调解纠纷宣传教育执法监督审查决策律师顾问群众干部培训考核服务窗口热线信访"


@st.composite
def _paragraph(draw) -> str:
    pieces = draw(
        st.lists(
            st.tuples(st.text(alphabet=_HAN, min_size=4, max_size=20), st.integers(0, 99999)),
            min_size=3,
            max_size=12,
        )
    )
    text = "".join(f"{words}{number}" for words, number in pieces)
    return text + "。"


@settings(max_examples=60, deadline=None)
@given(_paragraph(), st.integers(1, 9))
def test_a_paragraph_and_its_copy_with_digits_changed_are_always_found(text, shift):
    assume(len(han_only(text)) >= MIN_HAN)  # shorter ones are not compared (see above)
    copy = re.sub(r"\d", lambda m: str((int(m.group()) + shift) % 10), text)
    index = find_reuse([_Fake("p", "2020-01-01", [text]), _Fake("q", "2021-01-01", [copy])])
    assert ("p", "p1") in index.by_paragraph
    assert index.by_paragraph[("q", "p1")] is index.by_paragraph[("p", "p1")]


# --- the build ---------------------------------------------------------------------------------


def test_build_writes_reuse_csv_with_the_clusters(seeds, tmp_path):
    result = build(seeds, tmp_path / "docs", tmp_path / "snippets", jobs=1)
    assert not result.errors
    raw = (tmp_path / "docs" / "data" / "reuse.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # with a BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "cluster",
        "report_id",
        "anchor",
        "similarity",
        "earliest",
        "report_year",
        "title",
    ]
    expected = [
        (c.id, m.report, m.anchor, f"{m.similarity:.4f}", str(m.report == c.earliest).lower())
        for c in result.reuse.clusters
        for m in c.members
    ]
    assert [
        (r["cluster"], r["report_id"], r["anchor"], r["similarity"], r["earliest"]) for r in rows
    ] == expected
    assert len(rows) == 8  # four paragraphs, each in the two reports
    assert {r["report_id"] for r in rows} == {"a2022", "b2023"}
    assert {r["report_year"] for r in rows if r["report_id"] == "b2023"} == {"2023"}


def test_build_data_package_with_reuse_rows_validates(seeds, tmp_path):
    from frictionless import validate

    build(seeds, tmp_path / "docs", tmp_path / "snippets", jobs=1)
    report = validate(tmp_path / "docs" / "data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# --- helpers -----------------------------------------------------------------------------------


@dataclass
class _Paragraph:
    anchor: str
    text: str


@dataclass
class _Document:
    paragraphs: list[_Paragraph]

    def iter_paragraphs(self):
        return iter(self.paragraphs)


@dataclass
class _Fake:
    """What :func:`find_reuse` reads of a report: id, front matter dates, paragraphs."""

    id: str
    publish_date: str | None
    texts: list[str]
    year: int | None = None
    document: _Document = field(init=False)

    def __post_init__(self) -> None:
        self.document = _Document([_Paragraph(f"p{n}", t) for n, t in enumerate(self.texts, 1)])

    def front_matter(self) -> dict:
        return {"publish_date": self.publish_date, "report_year": self.year}


def test_synthetic_corpus_records_the_reuse_it_plants_and_it_is_found(tmp_path):
    from bench.corpus import generate, read_reuse_record, reuse_record_path
    from bench.reuse import evaluate
    from generator.build import gather

    seeds = tmp_path / "seeds"
    generate(seeds, 40, seed=3)
    record = read_reuse_record(reuse_record_path(seeds))
    assert {row["kind"] for row in record} >= {"planted", "figures"}
    reports = gather(seeds, jobs=1).reports
    accuracy = evaluate(find_reuse(reports), reports, record)
    assert accuracy["planted_paragraphs_unmatched"] == 0
    assert accuracy["planted_pairs"] > 0
    assert accuracy["precision"] == accuracy["recall"] == 1.0
