"""Report year when the opening does not say it: addressee line, self-description, publish date."""

from __future__ import annotations

from datetime import date

from generator.metadata import extract_metadata, year_from_publish_date
from generator.normalize import normalize
from generator.structure import structure


def _year(text: str) -> int | None:
    normalized = normalize(text)
    return extract_metadata(structure(normalized), normalized).report_year


def test_year_in_the_opening_under_an_addressee_line():
    text = "区委、区政府：\n2024年，某某镇坚持依法行政，工作稳步推进。\n一、主要工作\n办结9件。\n"
    assert _year(text) == 2024


def test_year_in_the_self_description_after_a_long_opening():
    filler = "坚持依法行政，" * 40
    text = f"某街道{filler}现将2023年工作情况报告如下：\n一、主要工作\n办结案件9件。\n"
    assert _year(text) == 2023


def test_published_in_the_first_four_months_covers_the_year_before():
    assert year_from_publish_date(date(2022, 3, 10)) == 2021
    assert year_from_publish_date(date(2022, 4, 30)) == 2021


def test_published_later_in_the_year_leaves_the_year_open():
    assert year_from_publish_date(date(2022, 6, 1)) is None
    assert year_from_publish_date(None) is None


def test_half_year_summary_covers_the_year_it_came_out():
    assert year_from_publish_date(date(2020, 7, 2), half_year=True) == 2020


def test_report_without_a_year_takes_it_from_its_panel_date():
    text = "某镇法治政府建设情况报告\n发布日期:2026-02-11\n全镇依法行政工作稳步推进。\n"
    assert _year(text) == 2025
