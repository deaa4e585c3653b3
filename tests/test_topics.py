"""Topics: the curated set in generator/data/topics.yml and the documented assignment rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import convert
from generator.exceptions import ConfigError
from generator.normalize import normalize
from generator.structure import structure
from generator.topics import (
    HEADING_FACTOR,
    REPORT_MIN,
    REPORT_SHARE,
    SECTION_MIN,
    assign_topics,
    count_keywords,
    load_topics,
)

from .conftest import SEEDS

IDS = {topic.name: topic.id for topic in load_topics()}


def _ids(*names: str) -> set[str]:
    return {IDS[name] for name in names}


def _doc(text: str):
    return structure(normalize(text))


@pytest.fixture(scope="module")
def seeds():
    """Seed prefix (``"000"``) → (document, topic assignment)."""
    result = {}
    for path in sorted(SEEDS.glob("*.txt")):
        document = convert(path).document
        result[path.name[:3]] = (document, assign_topics(document))
    return result


# --- the curated set ---------------------------------------------------------------------


def test_topic_set_covers_the_subjects_of_the_reports():
    topics = load_topics()
    assert 14 <= len(topics) <= 20
    required = {
        "矛盾纠纷化解",
        "社区矫正",
        "普法宣传",
        "信访",
        "扫黑除恶",
        "疫情防控",
        "政务公开",
        "行政执法",
        "重大行政决策",
        "公共法律服务",
        "网格化治理",
        "平安建设",
        "营商环境",
    }
    assert required <= {t.name for t in topics}
    assert len({t.id for t in topics}) == len(topics)
    for topic in topics:
        assert topic.description.endswith("。"), topic.id
        assert any(weight == 3 for _, weight in topic.keywords), f"{topic.id}: no strong keyword"


def test_load_topics_is_cached():
    assert load_topics() is load_topics()


# --- counting ----------------------------------------------------------------------------


def test_longest_keyword_claims_its_characters_first():
    phrases = ("公共法律服务", "矛盾纠纷", "法律服务", "调处", "纠纷")
    counts = count_keywords("建立公共法律服务站，矛盾纠纷调处化解，法律服务进社区", phrases)
    assert counts == {"公共法律服务": 1, "矛盾纠纷": 1, "调处": 1, "法律服务": 1}


def test_longer_keyword_wins_even_when_a_shorter_one_starts_earlier():
    # 矛盾纠纷 starts first, but 纠纷调处中心 is longer and is looked for first.
    counts = count_keywords("矛盾纠纷调处中心", ("纠纷调处中心", "矛盾纠纷"))
    assert counts == {"纠纷调处中心": 1}


def test_counting_is_by_characters_not_words():
    counts = count_keywords("社区矫正对象、社区矫正人员和社区矫正", ("社区矫正",))
    assert counts["社区矫正"] == 3


# --- the rules on small documents --------------------------------------------------------


def test_heading_keyword_outweighs_body_mentions():
    doc = _doc("一、加强社区矫正\n今年受理信访件10件，信访事项均已办结。")
    result = assign_topics(doc)
    # One heading mention: 3 × 3 = 9; two strong body mentions: 2 × 3 = 6.
    assert result.sections["s1"] == [IDS["社区矫正"], IDS["信访"]]
    assert result.scores[IDS["社区矫正"]] == 3 * HEADING_FACTOR
    assert result.report[0] == IDS["社区矫正"]


def test_a_heading_alone_gives_the_report_its_topic():
    doc = _doc("一、加强社区矫正\n今年工作有序开展。")
    result = assign_topics(doc)
    assert result.scores[IDS["社区矫正"]] < REPORT_MIN
    assert IDS["社区矫正"] in result.report
    assert result.headings[IDS["社区矫正"]] == ["s1"]


def test_the_title_counts_as_a_heading():
    doc = _doc("2021年扫黑除恶专项斗争工作总结\n一、主要做法\n今年工作有序开展。")
    result = assign_topics(doc)
    assert result.headings[IDS["扫黑除恶"]] == ["title"]
    assert result.report[0] == IDS["扫黑除恶"]


def test_one_passing_mention_does_not_make_a_section_topic():
    doc = _doc("一、主要做法\n为群众办理低保、信访、法律援助等事项提供便捷服务。")
    result = assign_topics(doc)
    assert IDS["信访"] not in result.sections.get("s1", [])
    assert result.scores[IDS["信访"]] < SECTION_MIN


def test_a_section_with_only_children_inherits_nothing():
    doc = _doc("一、主要工作\n(一)落实帮扶\n共接收社区矫正对象5名，解除社区矫正对象3名。")
    result = assign_topics(doc)
    assert "s1" not in result.sections
    assert IDS["社区矫正"] in result.sections["s1-1"]


def test_report_topic_needs_a_share_of_the_whole_report():
    petitions = "受理信访件，" * 4  # 4 × 3 = 12 points: REPORT_MIN exactly
    small = _doc(f"一、主要工作\n{'开展普法活动，' * 20}{petitions}")
    large = _doc(f"一、主要工作\n{'开展普法活动，' * 200}{petitions}")
    assert IDS["信访"] in assign_topics(small).report
    result = assign_topics(large)
    assert result.scores[IDS["信访"]] == REPORT_MIN
    assert result.scores[IDS["信访"]] < REPORT_SHARE * sum(result.scores.values())
    assert IDS["信访"] not in result.report


def test_evidence_lists_the_keywords_that_counted_most():
    doc = _doc(
        "一、主要工作\n矛盾纠纷排查，矛盾纠纷调处，人民调解，调委会，民间纠纷，枫桥经验，纠纷。"
    )
    evidence = assign_topics(doc).evidence[IDS["矛盾纠纷化解"]]
    # 6 points, then 3 each (in code-point order), 2 and 1 fall off the end.
    assert evidence == ["矛盾纠纷", "人民调解", "民间纠纷", "调委会", "枫桥经验"]


def test_an_empty_document_has_no_topics():
    result = assign_topics(_doc(""))
    assert (result.report, result.sections, result.scores) == ([], {}, {})


# --- the five seeds ----------------------------------------------------------------------


def test_seed_000_district_report_topics(seeds):
    _, result = seeds["000"]
    expected = _ids("社区矫正", "矛盾纠纷化解", "普法宣传", "疫情防控", "政务公开", "信访")
    assert expected <= set(result.report)
    assert IDS["营商环境"] not in result.report  # 8 points:企业 in passing


def test_seed_000_sections(seeds):
    _, result = seeds["000"]
    # (六)加强人员管控,提升帮教效果: heading only, about special groups.
    assert IDS["特殊人群服务管理"] in result.sections["s1-6"]
    assert IDS["社区矫正"] in result.sections["s1-6-1"]
    assert result.sections["s1-4"][0] == IDS["疫情防控"]
    assert result.sections["s1-5-4"] == [IDS["信访"]]
    # 一、2020年主要工作情况 has only children: it inherits none of their topics.
    assert "s1" not in result.sections


def test_seed_001_politics_and_law_report_topics(seeds):
    _, result = seeds["001"]
    assert _ids("扫黑除恶", "网格化治理", "平安建设", "社区矫正") <= set(result.report)
    assert IDS["疫情防控"] not in result.scores


def test_seed_001_one_long_section_treats_many_topics(seeds):
    _, result = seeds["001"]
    assert _ids("网格化治理", "扫黑除恶", "矛盾纠纷化解", "特殊人群服务管理") <= set(
        result.sections["s1"]
    )
    assert IDS["社区矫正"] in result.sections["s2"]  # 矫务长制
    assert result.sections["s3-3"][0] == IDS["信访"]


def test_seed_002_subdistrict_report_topics(seeds):
    _, result = seeds["002"]
    expected = _ids("矛盾纠纷化解", "普法宣传", "公共法律服务", "信访", "行政执法", "政务公开")
    assert expected <= set(result.report)
    assert result.report[0] == IDS["矛盾纠纷化解"]


def test_seed_002_sections(seeds):
    _, result = seeds["002"]
    assert result.sections["s2-3"] == [IDS["行政执法"]]
    assert result.sections["s2-4"] == [IDS["政务公开"]]
    assert result.sections["s3-3"] == [IDS["信访"]]
    # 信访 and 社区矫正 are named once each in a list of services: not what s2-2 treats.
    assert result.sections["s2-2"] == [IDS["公共法律服务"]]


def test_seed_003_rule_of_law_government_report_topics(seeds):
    _, result = seeds["003"]
    expected = _ids("重大行政决策", "普法宣传", "信访", "政务公开", "法治领导责任（第一责任人）")
    assert expected <= set(result.report)
    # 三、主要负责人履行推进法治建设第一责任人职责…
    assert result.sections["s3"][0] == IDS["法治领导责任（第一责任人）"]
    assert result.sections["s1-2-2"] == [IDS["重大行政决策"]]


def test_seed_004_report_topics(seeds):
    _, result = seeds["004"]
    expected = _ids("营商环境", "重大行政决策", "行政执法", "矛盾纠纷化解", "行政复议与应诉")
    assert expected <= set(result.report)
    assert IDS["扫黑除恶"] not in result.report


def test_seed_004_sections(seeds):
    _, result = seeds["004"]
    assert result.sections["s3"] == [IDS["营商环境"]]
    assert result.sections["s4"][0] == IDS["重大行政决策"]
    assert result.sections["s5"][0] == IDS["行政执法"]
    assert result.sections["s6"] == [IDS["行政复议与应诉"]]
    assert result.sections["s7"][0] == IDS["矛盾纠纷化解"]


def test_seed_assignments_are_explainable(seeds):
    for name, (document, result) in seeds.items():
        anchors = {section.anchor for section in document.iter_sections()}
        assert set(result.sections) <= anchors, name
        grand = sum(result.scores.values())
        for topic in result.report:
            by_rule = result.scores[topic] >= max(REPORT_MIN, REPORT_SHARE * grand)
            assert by_rule or topic in result.headings, (name, topic)
            assert result.evidence[topic], (name, topic)
        ranked = [result.scores[t] for t in result.report]
        assert ranked == sorted(ranked, reverse=True), name


# --- a malformed topics.yml --------------------------------------------------------------

_MALFORMED = """\
- id: Dispute Resolution
  name: 矛盾纠纷化解
  description: 调解。
  keywords:
    矛盾纠纷: 3
    矛盾纠纷: 1
    調解: 1
    调处: 5
- id: petitions
  name: 信访
  colour: red
  keywords: {}
- id: petitions
  name: ""
  description: 信访。
  keywords:
    12345: 1
    信访: yes
- just a string
"""


def test_malformed_topics_file_lists_every_problem(tmp_path: Path):
    path = tmp_path / "topics.yml"
    path.write_text(_MALFORMED, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_topics(path)
    message = str(caught.value)
    for expected in (
        "line 6: '矛盾纠纷' repeated",
        "id 'Dispute Resolution' must be lowercase",
        "'調解' is not Simplified Chinese (write '调解')",
        "'调处': weight 5 must be one of (1, 2, 3)",
        "unknown keys ['colour'] (allowed: ['description', 'id', 'keywords', 'name'])",
        "missing keys ['description']",
        "keywords must be a non-empty mapping",
        "id 'petitions' is used twice",
        "name must be non-empty text",
        "keyword 12345 must be text",
        "'信访': weight True must be one of",
        "topic 4: expected a mapping",
    ):
        assert expected in message
    assert len(message.splitlines()) == 12


def test_broken_yaml_names_file_and_line(tmp_path: Path):
    path = tmp_path / "topics.yml"
    path.write_text("- id: a\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"topics\.yml:\d+:\d+: malformed YAML"):
        load_topics(path)


def test_custom_topic_set_is_used(tmp_path: Path):
    path = tmp_path / "topics.yml"
    path.write_text(
        "- id: ferries\n  name: 轮渡\n  description: 渡口。\n  keywords:\n    渡口: 3\n",
        encoding="utf-8",
    )
    result = assign_topics(_doc("一、渡口管理\n渡口安全。"), load_topics(path))
    assert result.report == ["ferries"]
    assert result.sections == {"s1": ["ferries"]}


# --- any text ----------------------------------------------------------------------------

_KEYWORDS = sorted({phrase for topic in load_topics() for phrase, _ in topic.keywords})

_report_text = st.lists(
    st.one_of(
        st.text(alphabet="依法治理街道社区矫正调解纠纷信访普法網格疫情", min_size=1, max_size=20),
        st.sampled_from(_KEYWORDS),
        st.sampled_from(["一、", "(一)", "1、", "2.", "。", "，", "\n", " ", "工作总结", "2020"]),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(_report_text)
def test_assign_topics_never_raises_and_names_only_known_topics(text):
    doc = _doc(text)
    result = assign_topics(doc)
    known = {topic.id for topic in load_topics()}
    anchors = {section.anchor for section in doc.iter_sections()}
    assert set(result.report) <= set(result.scores) <= known
    assert len(result.report) == len(set(result.report))
    assert set(result.evidence) == set(result.scores)
    assert all(0 < len(words) <= 5 for words in result.evidence.values())
    assert set(result.sections) <= anchors
    for topics in result.sections.values():
        assert topics and set(topics) <= known
    assert all(score > 0 for score in result.scores.values())
