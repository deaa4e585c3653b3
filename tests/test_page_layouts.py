"""Metadata of reports as pages print them: one test per layout class of issue 11.

Every fixture is invented (place names are made up or generic); each reproduces a layout seen
on real pages: breadcrumbs and menus above the title, stale date banners, panels with a 标题
field, titles split or repeated, content-farm lead-ins, a .docx file name, a page's <title>
with its site name. No year or title may come from page furniture.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.metadata import Metadata, extract_metadata
from generator.normalize import normalize
from generator.structure import Document, structure

BODY = (
    "2022年，甲乙镇坚持依法行政，全年办结行政复议案件12件。\n"
    "一、主要做法\n"
    "（一）加强组织领导。镇党委召开专题会议3次。\n"
)


def _read(text: str) -> tuple[Document, Metadata]:
    normalized = normalize(text)
    doc = structure(normalized)
    return doc, extract_metadata(doc, normalized)


# --- titles under page furniture -----------------------------------------------------------


def test_title_under_a_breadcrumb_and_a_source_line_repeated_below():
    text = (
        "您所在的位置：首页 > 政务公开 > 工作报告\n"
        "甲乙镇2022年度法治政府建设情况报告\n"
        "文章来源：司法所 更新时间：2023/03/02 10:20:00\n"
        "甲乙镇2022年度法治政府建设情况报告\n" + BODY
    )
    doc, meta = _read(text)
    assert meta.title == "甲乙镇2022年度法治政府建设情况报告"
    assert not meta.title_derived
    assert meta.report_year == 2022
    assert meta.evidence["title"].rule == "title_under_chrome"
    assert doc.intro[0].text.startswith("2022年，甲乙镇")


def test_stale_banner_above_the_page_is_never_the_report_year():
    text = (
        "今天是：2018年5月6日 星期日 农历三月廿一\n"
        "工作报告\n"
        "当前位置：政务公开 > 工作报告\n"
        "2021年丙丁县法治政府建设情况报告\n"
        "2021年，丙丁县推进依法行政，办结复议案件8件。\n"
    )
    _, meta = _read(text)
    assert meta.report_year == 2021
    assert meta.title == "2021年丙丁县法治政府建设情况报告"


def test_site_header_with_a_weekday_date_is_not_the_year_or_the_title():
    text = (
        "某某市某某区人民政府 2017年3月4日星期六\n"
        "无障碍 简体|繁体\n"
        "某某区2023年度法治政府建设情况报告\n"
        "来源：区政府办公室 发布时间：2024-03-01 09:00\n" + BODY.replace("2022", "2023")
    )
    _, meta = _read(text)
    assert meta.report_year == 2023
    assert meta.title == "某某区2023年度法治政府建设情况报告"


def test_column_name_above_a_title_is_not_the_title():
    text = "工作报告\n首页 >> 信息公开 >> 工作报告\n戊己镇2020年法治政府建设工作报告\n" + BODY
    _, meta = _read(text)
    assert meta.title == "戊己镇2020年法治政府建设工作报告"


def test_navigation_menu_line_above_the_title():
    text = (
        "首 页 走进本区 新闻中心 政府信息公开 政务服务 互动交流\n"
        "庚辛街道2021年度法治政府建设工作报告\n"
        "一、主要工作情况\n"
        "（一）加强领导。召开会议4次。\n"
    )
    _, meta = _read(text)
    assert meta.title == "庚辛街道2021年度法治政府建设工作报告"
    assert meta.report_year == 2021


def test_page_title_with_column_and_site_name_is_not_the_title():
    text = (
        "壬癸镇2020年度法治政府建设情况的报告 - 规划计划 - 某某市政府门户网站\n"
        "首页 > 政务公开 > 规划计划\n"
        "壬癸镇2020年度法治政府建设情况的报告\n" + BODY
    )
    _, meta = _read(text)
    assert meta.title == "壬癸镇2020年度法治政府建设情况的报告"


def test_title_field_of_a_metadata_panel_in_bullets():
    text = (
        "当前位置：信息公开 > 镇街 > 子丑镇\n"
        "• 索 引 号：000000/2026-00001\n"
        "• 发布机构：子丑镇\n"
        "• 成文时间：2026年01月20日\n"
        "• 标  题：某某区子丑镇2025年度法治政府建设情况报告\n"
        "• 效力状态：有效\n"
        "某某区子丑镇2025年度法治政府建设情况报告\n"
        "今年以来，子丑镇坚持依法行政，办结案件6件。\n"
    )
    doc, meta = _read(text)
    assert meta.title == "某某区子丑镇2025年度法治政府建设情况报告"
    assert meta.evidence["title"].rule == "title_panel_field"
    assert meta.report_year == 2025
    assert meta.publish_date == date(2026, 1, 20)
    assert meta.issuer == "子丑镇"
    assert doc.intro[0].text.startswith("今年以来")


def test_title_field_of_a_pipe_table_panel_under_spam():
    text = (
        "某某娱乐平台\n"
        "| 标题: | 寅卯镇人民政府2025年度法治政府建设情况报告 | ||\n"
        "|---|---|---|---|\n"
        "| 索引号: | 0000/2026-1 | 文号: | |\n"
        "| 发文日期: | 2026-01-06 | 发布机构: | 某某区寅卯镇人民政府 |\n"
        "2025年，寅卯镇人民政府坚持依法行政。现将有关情况总结如下：\n"
    )
    doc, meta = _read(text)
    assert meta.title == "寅卯镇人民政府2025年度法治政府建设情况报告"
    assert meta.publish_date == date(2026, 1, 6)
    # The panel names the same body more fully than the title: the fuller name wins.
    assert meta.issuer == "某某区寅卯镇人民政府"
    assert all("|" not in p.text for p in doc.intro)


# --- split, repeated, glued ----------------------------------------------------------------


def test_title_split_into_issuing_bodies_and_a_guanyu_line():
    text = (
        "发布日期：2026-01-19 11:09:04 大 中 小\n"
        "中共某某县辰巳镇委员会\n"
        "某某县辰巳镇人民政府\n"
        "关于2025年法治政府建设情况的报告\n"
        "县委，县政府：\n"
        "2025年，辰巳镇党委政府坚持依法行政。\n"
    )
    _, meta = _read(text)
    assert (
        meta.title == "中共某某县辰巳镇委员会某某县辰巳镇人民政府关于2025年法治政府建设情况的报告"
    )
    assert meta.evidence["title"].rule == "title_split_lines"
    assert meta.issuer == "中共某某县辰巳镇委员会、某某县辰巳镇人民政府"
    assert meta.report_year == 2025


def test_long_title_broken_in_the_middle():
    text = "某某州人民政府2024年度法治政府\n建设情况报告\n2024年，某某州人民政府坚持依法行政。\n"
    _, meta = _read(text)
    assert meta.title == "某某州人民政府2024年度法治政府建设情况报告"
    assert meta.issuer == "某某州人民政府"


def test_title_repeated_split_under_itself_is_not_text():
    text = (
        "首页 >> 信息公开 >> 正文\n"
        "午未市人民政府2021年度法治政府建设情况报告\n"
        "2022-03-29 17:13:17 来源: 午未市司法局 打印\n"
        "午未市人民政府\n"
        "2021年度法治政府建设情况报告\n"
        "2021年，我市坚持依法行政。\n"
    )
    doc, meta = _read(text)
    assert [p.text for p in doc.intro] == ["2021年，我市坚持依法行政。"]
    assert len(doc.repeated_titles) == 2
    # A 来源 names the office that posted the page; the title names the issuing government.
    assert meta.issuer == "午未市人民政府"


def test_file_name_line_and_a_title_glued_to_the_first_sentence():
    text = (
        "申酉街2020年法治政府建设情况.docx\n"
        "申酉街 2020 年法治政府建设情况报告 2020 年,在区委、区政府的正确领导下,申酉街严格依法行政,"
        "深入推进法治政府建设。\n"
    )
    doc, meta = _read(text)
    assert meta.title.replace(" ", "") == "申酉街2020年法治政府建设情况报告"
    assert doc.intro[0].text.startswith("2020 年")
    assert meta.issuer == "申酉街"
    assert ".docx" not in meta.title


def test_title_with_a_parenthesised_year():
    text = "某某区法治政府建设年度报告(2024年度)\n全年办结复议案件5件。\n"
    _, meta = _read(text)
    assert meta.title == "某某区法治政府建设年度报告(2024年度)"
    assert meta.report_year == 2024


def test_half_year_summary_title_gives_its_year():
    text = (
        "您当前的位置:首页 > 戌亥镇人民政府 > 信息公开\n"
        "2020年戌亥镇上半年全面依法治镇工作总结\n"
        "发布日期:2020-06-24 15:09\n"
        "现将今年以来的工作情况汇报如下：\n"
        "一、社会稳定\n"
        "排查纠纷65次。\n"
    )
    _, meta = _read(text)
    assert meta.title == "2020年戌亥镇上半年全面依法治镇工作总结"
    assert meta.report_year == 2020
    # The title names the town; the navigation names its government in full.
    assert meta.issuer == "戌亥镇人民政府"
    assert meta.evidence["issuer"].rule == "navigation_body"


# --- lead-ins ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead_in",
    [
        "法治乡村工作总结范例(12篇)\n法治乡村工作总结范文篇1",
        "下面是小编为大家整理的法治政府建设工作总结，供大家参考。",
        "《某某市人民政府2018年度法治政府建设工作报告》是2019年某某市人民政府发布的通知。",
    ],
)
def test_content_farm_lead_in_is_never_the_title_or_the_year(lead_in):
    text = lead_in + "\n2018年，全市坚持依法行政，办结复议案件9件。\n一、主要做法\n召开会议3次。\n"
    doc, meta = _read(text)
    assert meta.title_derived
    assert meta.report_year == 2018
    assert meta.evidence["title"].rule == "title_derived"
    assert doc.intro[0].text.startswith("2018年")
    assert doc.page_head, "the lead-in is kept in the page head, not lost"


def test_breadcrumb_alone_is_not_a_title_even_when_it_names_a_report():
    text = (
        "您现在所在的位置 :\n"
        "首页 > 某县人民政府门户网站 > 专题专栏 > 某县法治政府建设年度报告公开 > 2025年\n"
        "2025年，在县委、县政府的正确领导下，某某镇持续推进依法行政。\n"
    )
    doc, meta = _read(text)
    assert meta.title_derived
    assert meta.report_year == 2025
    assert doc.intro[0].text.startswith("2025年")


def test_view_counter_digits_are_not_a_year():
    text = "丑寅镇法治建设工作总结\n浏览次数：2019\n今年以来，丑寅镇依法办结案件3件。\n"
    _, meta = _read(text)
    assert meta.report_year != 2019


def test_a_report_whose_first_line_is_its_text_keeps_it():
    text = "区委、区政府：\n2022年，卯辰街道坚持依法行政。\n一、主要做法\n召开会议3次。\n"
    doc, meta = _read(text)
    assert meta.title_derived
    assert doc.intro[0].text == "区委、区政府："


# --- report year beyond the opening -----------------------------------------------------


def test_year_with_its_nian_dropped_before_yilai():
    _, meta = _read("某某镇工作总结\n2024以来，某某镇坚持依法行政。\n")
    assert meta.report_year == 2024


def test_year_of_work_in_the_body():
    text = (
        "一、上一年度推进法治政府建设的主要举措\n"
        "（一）优化服务\n"
        "便民服务中心2025年度内累计办件900件。\n"
    )
    _, meta = _read(text)
    assert meta.report_year == 2025
    assert meta.evidence["report_year"].rule == "year_in_body"


def test_this_year_takes_the_publish_date_year():
    text = "某某镇法治建设工作总结\n发布时间：2023-11-20\n今年以来，某某镇坚持依法行政。\n"
    _, meta = _read(text)
    assert meta.report_year == 2023
    assert meta.evidence["report_year"].rule == "year_this_year_published"


def test_year_from_an_early_publish_date_says_so():
    text = "某某镇法治建设工作报告\n发布时间：2023-01-12\n一年来，某某镇坚持依法行政。\n"
    _, meta = _read(text)
    assert meta.report_year == 2022
    assert meta.evidence["report_year"].rule == "year_from_publish_date"
    assert meta.evidence["report_year"].phrase == "2023-01-12"


# --- issuers ---------------------------------------------------------------------------------


def test_document_head_under_the_page_heading_names_joint_issuers():
    text = (
        "某某市巳午镇2020年度法治政府建设工作情况的报告\n"
        "发布时间 : 2020-12-30 来源:巳午镇人民政府 所属单位:某某市巳午镇 字体大小:\n"
        "中共巳午镇党委\n"
        "巳午镇人民政府\n"
        "关于巳午镇2020年度法治政府建设工作情况的报告\n"
        "2020年，全镇坚持依法行政。\n"
    )
    _, meta = _read(text)
    assert meta.issuer == "中共巳午镇党委、巳午镇人民政府"
    assert meta.evidence["issuer"].rule == "document_head"


def test_panel_naming_another_body_than_the_title_loses_to_the_title():
    text = (
        "• 发布机构：未申乡\n"
        "未申镇人民政府关于2025年法治政府建设的报告\n"
        "发布日期：2026-03-06\n"
        "2025年，未申镇坚持依法行政。\n"
    )
    _, meta = _read(text)
    assert meta.issuer == "未申镇人民政府"


def test_source_line_names_the_issuer_when_the_title_names_none():
    text = (
        "当前位置：首页 > 年报\n"
        "2016年度某某市法治政府建设情况报告\n"
        "来源：某某市法制办 时间：2017-03-13 10:40\n"
        "2016年，全市坚持依法行政。\n"
    )
    _, meta = _read(text)
    assert meta.issuer == "某某市法制办"
    assert meta.evidence["issuer"].rule == "source_line"


def test_work_named_in_a_title_is_not_a_place():
    _, meta = _read("2020年依法治区建设工作进展情况\n2020年，XX街道坚持依法行政。\n")
    assert meta.issuer == "XX街道"


@pytest.mark.parametrize(
    ("opening", "issuer"),
    [
        ("2025年上半年，某某区司法局坚持以法治思想为指导，扎实推进各项工作。", "某某区司法局"),
        (
            "2022年，在区委、区政府的正确领导下，酉戌街党工委、办事处高举旗帜，推进法治建设。",
            "酉戌街党工委、办事处",
        ),
        ("在全面建设新征程上，亥子街街道办事处坚持依法行政，推进法治建设。", "亥子街街道办事处"),
        ("2020年，在区委的领导下，在区法治办的指导下，子午街严格依法行政。", "子午街"),
    ],
)
def test_opening_subject_after_year_half_and_lead_ins(opening, issuer):
    _, meta = _read("上级机关：\n" + opening + "\n")
    assert meta.issuer == issuer
    assert meta.evidence["issuer"].rule == "opening_subject"


# --- nothing lost -----------------------------------------------------------------------------

_HEAD_PIECES = [
    "首页 > 政务公开 > 工作报告",
    "今天是：2019年1月2日 星期三",
    "某某市人民政府门户网站",
    "• 索 引 号：000/2021-1",
    "• 标  题：甲镇2021年度法治政府建设情况报告",
    "| 发文日期: | 2022-01-06 |",
    "甲镇2021年度法治政府建设情况报告",
    "甲镇人民政府",
    "关于2021年法治政府建设情况的报告",
    "建设情况报告",
    "工作总结范文(5篇)",
    "甲镇 2021 年法治政府建设情况报告 2021 年,甲镇依法行政。",
    "区委、区政府：",
    "2021年，甲镇坚持依法行政，办结案件3件。",
    "一、主要做法",
    "召开会议2次。",
]


@given(st.lists(st.sampled_from(_HEAD_PIECES), min_size=1, max_size=12))
def test_every_character_of_the_page_lands_once(lines):
    from generator.chars import count_han

    normalized = normalize("\n".join(lines))
    doc = structure(normalized)
    kept = [line.text for line in (*doc.page_head, *doc.repeated_titles)]
    kept += [p.text for p in doc.iter_paragraphs()] + [s.title for s in doc.iter_sections()]
    kept += [line.text for line in doc.signoff.lines] if doc.signoff else []
    if doc.title and doc.title_rule != "title_panel_field":  # that one is read from a head line
        kept.append(doc.title.text)
    received = [line.text for line in normalized.lines]
    assert count_han("".join(kept)) == count_han("".join(received))


def test_panel_under_the_title_with_each_value_on_the_line_below_its_key():
    text = (
        "返回顶部\n"
        "某某县人民政府2023年度法治政府建设情况报告\n"
        "  • 索引号:\n\n    0000/2024-001\n"
        "  • 主题分类:\n\n"
        "  • 发文机构:\n\n    县政府办公室\n"
        "  • 发文日期:\n\n    2024年03月06日 16:40\n"
        "  • 内容概述:\n\n"
        "2023年，某某县坚持依法行政，全年办结复议案件7件。\n"
    )
    doc, meta = _read(text)
    assert [p.text for p in doc.intro] == ["2023年，某某县坚持依法行政，全年办结复议案件7件。"]
    assert meta.publish_date == date(2024, 3, 6)
    assert meta.issuer == "某某县人民政府"


def test_source_line_whose_date_has_no_colon_is_page_chrome():
    text = (
        "某某县2023年度法治政府建设工作报告\n"
        "来源:某某县司法局 作者: 发布时间 2025年09月05日 点击数:\n"
        "2023年，某某县坚持依法行政。\n"
    )
    doc, meta = _read(text)
    assert meta.publish_date == date(2025, 9, 5)
    assert meta.issuer == "某某县司法局"
    assert doc.intro[0].text.startswith("2023年")


def test_opening_subject_after_a_preamble_clause_and_a_year():
    opening = (
        "根据上级关于法治建设年度报告的部署，2023年，某某街道以学习法治思想为核心，推进各项工作。"
    )
    _, meta = _read(opening + "\n")
    assert meta.issuer == "某某街道"


def test_opening_names_the_titles_place_as_its_full_office():
    text = (
        "某某街道2024年法治政府建设工作报告\n"
        "2024年以来，某某街道办事处坚持依法行政，推进法治政府建设。\n"
    )
    _, meta = _read(text)
    assert meta.issuer == "某某街道办事处"
    assert meta.evidence["issuer"].rule == "opening_subject"
