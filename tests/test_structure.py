"""Structure: headings from Chinese numbering, prose kept as prose, sign-off, stable anchors."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.normalize import normalize
from generator.sources import read_source
from generator.structure import is_title_line, parse_date_line, split_heading, structure

from .conftest import SEEDS


def _doc(text: str):
    return structure(normalize(text))


def _seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return structure(normalize(read_source(path).text))


@pytest.mark.parametrize(
    ("line", "level", "heading", "rest"),
    [
        ("一、2020年主要工作情况:", 2, "一、2020年主要工作情况", ""),
        ("(一)加强组织领导,完善体系建设。", 3, "(一)加强组织领导,完善体系建设", ""),
        ("（二）深化普法宣传。开展活动30余场。", 3, "（二）深化普法宣传", "开展活动30余场。"),
        ("1、组织保障到位。建立领导小组。", 4, "1、组织保障到位", "建立领导小组。"),
        ("3.经费保障到位。把普法宣传纳入预算。", 4, "3.经费保障到位", "把普法宣传纳入预算。"),
        (
            "一、坚持抓治理、优体系,平安李堡建设成效显著。牢牢把握共建共治共享社会治理要求。",
            2,
            "一、坚持抓治理、优体系,平安李堡建设成效显著",
            "牢牢把握共建共治共享社会治理要求。",
        ),
    ],
)
def test_heading_running_into_its_paragraph_splits(line, level, heading, rest):
    assert split_heading(line) == (level, heading, rest)


@pytest.mark.parametrize(
    "line",
    [
        "一是指挥中心建设领跑海安。坚持原则。",
        "1.5元的普法教育经费已落实。",
        "2020年,街道深入学习贯彻习近平总书记重要讲话。",
        # A numbered line whose head is a whole long sentence is a numbered paragraph.
        "3、街道调解组织无强制性权利,双方能否到场调解及是否调解到底完全凭双方当事人自愿,"
        "使得调解处于很被动的地位,不能很好的化解处理矛盾纠纷。",
    ],
)
def test_prose_is_not_a_heading(line):
    assert split_heading(line) is None


def test_numbering_inside_a_sentence_stays_prose():
    doc = _doc("二、工作措施\n健全机制,如:一、定期排查;二、领导接访。一是抓宣传,二是抓落实。")
    (section,) = doc.sections
    assert section.children == []
    assert (
        section.paragraphs[0].text
        == "健全机制,如:一、定期排查;二、领导接访。一是抓宣传,二是抓落实。"
    )


def test_glued_numbered_items_are_split_in_sequence():
    doc = _seed("000")
    titles = [s.title for s in doc.iter_sections() if s.anchor.startswith("s1-5-")]
    assert titles == [
        "1、做精做特新阵地,打造矛调中心",
        "2、整合优化新平台,做好信息研判",
        "3、加快构建新格局,强化信访排调",
        "4、妥善处理各类信访案件",
        "5、深化公共法律服务水平",
    ]


def test_seed_000_levels_and_anchors():
    doc = _seed("000")
    assert doc.title.text == "2020年依法治区建设工作进展情况和2021年工作思路"
    top = [(s.anchor, s.level, s.title) for s in doc.sections]
    assert top == [("s1", 2, "一、2020年主要工作情况"), ("s2", 2, "二、2021年工作计划")]
    assert [c.anchor for c in doc.sections[0].children][:2] == ["s1-1", "s1-2"]
    assert doc.sections[0].children[0].paragraphs[0].anchor == "s1-1-p1"
    assert doc.intro[0].anchor == "s0-p1"


def test_report_without_title_line_has_no_title():
    assert _seed("002").title is None
    assert _seed("003").title is None


def test_signature_block_becomes_signoff_not_paragraph():
    doc = _seed("003")
    assert doc.signoff.issuer == "杭州市余杭区人民政府余杭街道办事处"
    assert doc.signoff.date == date(2021, 3, 30)
    texts = [p.text for p in doc.iter_paragraphs()]
    assert "2021年3月30日" not in texts
    assert texts[-1] == "无。"


def test_report_without_signature_has_no_signoff():
    assert _seed("004").signoff is None


def test_anchors_are_unique_and_stable():
    first = [p.anchor for p in _seed("002").iter_paragraphs()]
    again = [p.anchor for p in _seed("002").iter_paragraphs()]
    assert first == again
    assert len(first) == len(set(first))


def test_repeated_title_is_dropped():
    doc = _doc("城关镇2020年工作总结\n城关镇2020年工作总结\n一、主要工作\n全年调解纠纷5件。")
    assert doc.title.text == "城关镇2020年工作总结"
    assert len(doc.repeated_titles) == 1
    assert doc.sections[0].title == "一、主要工作"


def test_report_with_no_headings_is_all_intro():
    doc = _doc("全年调解纠纷5件。\n普法活动30场。")
    assert doc.sections == []
    assert [p.anchor for p in doc.intro] == ["s0-p1", "s0-p2"]


def test_report_on_one_line_keeps_all_text():
    text = "城关镇坚持依法行政。一、主要工作。全年调解纠纷5件。"
    doc = _doc(text)
    assert "".join(p.text for p in doc.iter_paragraphs()) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年3月30日", date(2021, 3, 30)),
        ("2021 年 3 月 30 日", date(2021, 3, 30)),
        ("二〇二一年三月三十日", date(2021, 3, 30)),
        ("二〇二〇年十二月一日", date(2020, 12, 1)),
        ("2021年2月30日", None),
        ("截至2021年3月30日", None),
    ],
)
def test_date_line(text, expected):
    assert parse_date_line(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("谢家湾街道2021年度法治政府建设工作报告", True),
        ("李堡政法工作计划总结", True),
        ("2020年,XX街道坚持以习近平新时代中国特色社会主义思想为指导,围绕区委工作部署。", False),
        ("一、主要工作情况", False),
    ],
)
def test_title_line(text, expected):
    assert is_title_line(text) is expected


@given(
    st.lists(
        st.sampled_from(
            ["一、工作", "(一)措施", "1、要点。", "正文内容。", "二是落实。", "2.加强"]
        ),
        max_size=30,
    )
)
def test_every_line_lands_in_the_tree_once(lines):
    doc = _doc("\n".join(lines))
    anchors = [s.anchor for s in doc.iter_sections()] + [p.anchor for p in doc.iter_paragraphs()]
    assert len(anchors) == len(set(anchors))


def test_joint_signature_of_party_committee_and_office():
    doc = _doc("一、工作\n全年调解纠纷5件。\n中共城关街道工作委员会\n城关街道办事处\n2021年3月1日")
    assert doc.signoff.issuer == "中共城关街道工作委员会 城关街道办事处"
    assert doc.signoff.date == date(2021, 3, 1)
    assert [p.text for p in doc.iter_paragraphs()] == ["全年调解纠纷5件。"]


def test_organisation_name_mid_text_is_not_a_signoff():
    doc = _doc("一、工作\n城关街道办事处\n全年调解纠纷5件")
    assert doc.signoff is None
