"""Publish dates read from a page's metadata panel or source line, one test per layout."""

from datetime import date

from generator.metadata import extract_metadata
from generator.normalize import normalize
from generator.panel import panel_issuer, panel_publish_date
from generator.structure import structure


def test_key_and_value_on_one_line_with_spaced_key_and_space_before_colon():
    lines = ["某镇2023年度工作报告", "索 引 号:abc/2024-001 发 布 日 期 : 2024-02-20 公开方式:主动"]
    assert panel_publish_date(lines) == date(2024, 2, 20)


def test_value_on_the_line_under_its_key():
    lines = ["某区2020年工作报告", "发文单位", "区人民政府", "发文日期", "2020-11-05 09:00"]
    assert panel_publish_date(lines) == date(2020, 11, 5)


def test_bullet_panel_with_chinese_date():
    lines = ["  • 主题分类:综合", "  • 成文时间:2022年4月7日", "  • 标  题:某乡年度报告"]
    assert panel_publish_date(lines) == date(2022, 4, 7)


def test_pipe_table_row():
    lines = [
        "| 标题: | 某街道年度报告 | | |",
        "|---|---|---|---|",
        "| 发文日期: | 2019/03/02 | 发布机构: | 某街道 |",
    ]
    assert panel_publish_date(lines) == date(2019, 3, 2)


def test_key_separated_from_value_by_spaces_only():
    assert panel_publish_date(["索 引 号 000/2021-1 发文时间 2021-06-30"]) == date(2021, 6, 30)


def test_day_month_year_with_dots():
    assert panel_publish_date(["发布时间:25.02.2016"]) == date(2016, 2, 25)


def test_labelled_date_wins_over_a_bare_date_above_it():
    lines = ["某区工作报告", "2020-12-22 11:50", "发文日期", "2020-12-03"]
    assert panel_publish_date(lines) == date(2020, 12, 3)


def test_bare_date_on_a_source_line_under_the_title():
    lines = ["某市2021年度报告", "2022-03-01 08:10:00 来源: 某市司法局 打印"]
    assert panel_publish_date(lines) == date(2022, 3, 1)


def test_today_banner_and_view_counter_are_never_the_publish_date():
    lines = ["今天是:2019年10月30日 星期三", "浏览次数:2021", "某镇工作总结", "全年办结案件12件。"]
    assert panel_publish_date(lines) is None


def test_a_dated_sentence_of_the_text_is_not_a_bare_date_line():
    assert panel_publish_date(["某镇工作总结", "2021年3月5日，镇里召开了会议。"]) is None


def test_normalize_reads_a_panel_the_chrome_stripper_keeps():
    text = (
        "某镇2025年度报告\n"
        "索 引 号:x/2026-1 发布机构:某镇 发文日期:2026-03-02 信息类别:综合政务\n"
        "全年工作如下。\n"
    )
    assert normalize(text).publish_date == date(2026, 3, 2)


def test_panel_issuer_on_a_bullet_row():
    lines = [
        "  • 索 引 号:x/2025-3",
        "  • 发布机构:某某区某某镇人民政府",
        "  • 成文日期:2025年2月1日",
    ]
    assert panel_issuer(lines) == "某某区某某镇人民政府"


def test_panel_issuer_in_a_pipe_table_row():
    lines = ["| 发文日期: | 2024-01-09 | 发布机构: | 某某县人民政府 |"]
    assert panel_issuer(lines) == "某某县人民政府"


def test_panel_issuer_on_the_line_under_its_key():
    assert panel_issuer(["发文单位", "区人民政府", "发文字号"]) == "区人民政府"


def test_page_without_a_panel_has_no_panel_issuer():
    assert panel_issuer(["某镇工作总结", "全年办结案件12件。"]) is None


def test_panel_issuer_wins_over_the_opening_subject():
    text = (
        "某镇年度报告\n发布机构:甲县某镇人民政府 发布日期:2025-03-01\n2024年，某镇坚持依法行政。\n"
    )
    normalized = normalize(text)
    meta = extract_metadata(structure(normalized), normalized)
    assert meta.issuer == "甲县某镇人民政府"
