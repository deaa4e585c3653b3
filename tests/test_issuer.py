"""The issuer as the report writes it, one test per way a page names it (fixtures invented)."""

from __future__ import annotations

from generator.metadata import extract_metadata, opening_subject
from generator.normalize import normalize
from generator.structure import structure


def _issuer(text: str) -> str | None:
    normalized = normalize(text)
    return extract_metadata(structure(normalized), normalized).issuer


def test_city_government_named_before_guanyu_in_the_title():
    text = "甲乙市人民政府关于2019年度法治政府建设情况的报告\n2019年，全市依法行政工作稳步推进。\n"
    assert _issuer(text) == "甲乙市人民政府"


def test_county_government_before_the_year_in_the_title_is_not_cut_at_its_county():
    text = "丙丁市戊己县人民政府2018年依法行政工作报告\n2018年，全县依法行政工作有序开展。\n"
    assert _issuer(text) == "丙丁市戊己县人民政府"


def test_opening_subject_after_a_year_and_a_lead_in():
    text = "2023年，在区委、区政府的正确领导下，庚辛街道认真落实各项部署，成效明显。"
    assert opening_subject([text]) == "庚辛街道"


def test_opening_subject_after_an_addressee_line():
    paragraphs = ["县委、县政府：", "2021年，壬癸镇全面推进依法行政，取得新进展。"]
    assert opening_subject(paragraphs) == "壬癸镇"


def test_city_whose_name_holds_a_town_character_is_kept_whole():
    text = "2020年，清镇市坚持依法行政，各项工作有序推进。"
    assert opening_subject([text]) == "清镇市"


def test_city_government_as_opening_subject_before_a_lead_in():
    text = "2017年，子丑市政府在省委、省政府的领导下，扎实推进法治政府建设。"
    assert opening_subject([text]) == "子丑市政府"


def test_district_government_as_opening_subject():
    text = "2022年，寅卯区人民政府紧紧围绕法治政府建设目标，持续发力。"
    assert opening_subject([text]) == "寅卯区人民政府"


def test_we_and_this_town_are_not_issuers():
    assert opening_subject(["2022年，我镇坚持依法行政。"]) is None


def test_title_split_over_two_lines_gives_its_first_line_as_issuer():
    text = "辰巳县人民政府\n关于2024年法治政府建设情况的报告\n全县稳步推进。\n一、工作\n办结9件。\n"
    normalized = normalize(text)
    meta = extract_metadata(structure(normalized), normalized)
    assert meta.issuer == "辰巳县人民政府"
    assert meta.report_year == 2024


def test_title_under_breadcrumbs_still_names_its_body():
    text = (
        "首页 > 信息公开 > 工作报告\n"
        "午未市人民政府关于2019年度法治政府建设情况的报告\n"
        "2019年以来，在省委的领导下，我市深入推进依法行政。\n"
    )
    assert _issuer(text) == "午未市人民政府"
