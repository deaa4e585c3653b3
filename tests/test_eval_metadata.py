"""The metadata scorer of ``make eval`` (tests/eval_metadata.py): its rules on made-up cases."""

from __future__ import annotations

from datetime import date

import pytest

from generator.exceptions import SourceError

from .eval_metadata import (
    FIELDS,
    checked_key,
    dev_reports,
    judge,
    report_lines,
    score_dev,
    score_failed,
    score_report,
    score_seeds,
)

#: A made-up town's key and the front matter of an archive that reads it all right.
KEY = {
    "title": "柳湾镇2023年度法治政府建设情况报告",
    "report_year": 2023,
    "publish_date": "2024-02-20",
    "issuer": "柳湾镇人民政府",
    "province": "浙江省",
    "city": "温州市",
    "county": "瑞安市",
    "township": None,
}
RIGHT = {**KEY, "title_derived": False, "township": "柳湾镇"}


def _with(**changes) -> dict:
    return {**RIGHT, **changes}


def test_front_matter_equal_to_the_key_is_right_on_every_scored_field():
    scores = score_report("t", KEY, RIGHT)
    assert not scores.misses
    assert scores.overall.right == scores.overall.scored == 7


def test_null_key_field_is_not_scored_whatever_the_archive_gives():
    assert judge("township", None, _with(township="柳湾镇")) is None
    assert judge("report_year", None, _with(report_year=2019)) is None
    assert score_report("t", KEY, RIGHT).fields["township"].scored == 0


def test_null_title_key_is_right_only_for_a_derived_title():
    assert judge("title", None, _with(title="柳湾镇2023年度法治建设工作报告", title_derived=True))
    # A line of the page passed off as the document's title (breadcrumbs, a source line).
    assert not judge("title", None, _with(title="首页 > 政务公开 > 工作报告", title_derived=False))


def test_null_title_key_is_scored_and_a_page_line_taken_as_title_is_a_miss():
    scores = score_report("t", {**KEY, "title": None}, _with(title="文章来源:司法局"))
    assert scores.fields["title"].scored == 1 and scores.fields["title"].right == 0
    assert [m.field for m in scores.misses] == ["title"]


def test_title_compares_after_folding_whitespace_and_full_width_punctuation():
    key = "柳湾镇关于2023年度法治政府建设情况的报告（全文）"
    assert judge("title", key, _with(title="柳湾镇关于2023年度法治政府建设情况的报告(全文)"))
    assert judge("title", key, _with(title="柳湾镇关于 2023 年度法治政府建设情况的报告（全文）"))
    assert judge("title", "２０２３年工作总结", _with(title="2023年工作总结"))


def test_title_with_other_words_is_a_miss_even_when_derived():
    key = "柳湾镇2023年度法治政府建设情况报告"
    # A derived title that changes the document's own wording.
    assert not judge("title", key, _with(title="柳湾镇2023年度法治政府建设工作报告"))
    # The site's name left glued to the title.
    assert not judge("title", key, _with(title=f"{key} - 某市政府门户网站"))
    assert not judge("title", key, _with(title=None))


def test_derived_title_equal_to_the_key_counts_as_right():
    assert judge("title", KEY["title"], _with(title_derived=True))


def test_issuer_must_be_the_body_as_written():
    assert not judge("issuer", "柳湾镇人民政府", _with(issuer="柳湾镇"))
    assert not judge("issuer", "柳湾镇政府", _with(issuer="柳湾镇人民政府"))
    assert judge("issuer", "柳湾镇人民政府", _with(issuer=" 柳湾镇人民政府"))


def test_place_names_must_be_the_full_official_names():
    assert not judge("county", "瑞安市", _with(county="瑞安"))
    assert judge("county", "瑞安市", _with(county="瑞安市"))


def test_year_missing_or_different_is_a_miss():
    assert not judge("report_year", 2023, _with(report_year=None))
    assert not judge("report_year", 2023, _with(report_year=2022))
    assert judge("report_year", 2023, _with(report_year=2023))


def test_publish_date_compares_the_day_whether_yaml_parsed_it_or_not():
    assert judge("publish_date", date(2024, 2, 20), _with(publish_date="2024-02-20"))
    assert judge("publish_date", "2024-02-20", _with(publish_date="2024-02-20"))
    assert not judge("publish_date", "2024-02-20", _with(publish_date="2024-02-21"))
    assert not judge("publish_date", "2024-02-20", _with(publish_date=None))


def test_overall_is_right_over_scored_across_fields():
    scores = score_report("a", KEY, _with(report_year=None, issuer="柳湾镇"))
    scores.add(score_report("b", {**KEY, "issuer": None}, RIGHT))
    assert scores.fields["issuer"].scored == 1 and scores.fields["issuer"].right == 0
    assert (scores.overall.right, scores.overall.scored) == (11, 13)
    assert {(m.report, m.field) for m in scores.misses} == {("a", "report_year"), ("a", "issuer")}


def test_report_the_converter_rejects_misses_every_scored_field():
    scores = score_failed("bad", KEY, "devdata/reports/bad.txt: no report text")
    assert scores.overall.right == 0 and scores.overall.scored == 7
    assert scores.errors == ["devdata/reports/bad.txt: no report text"]


def test_verbose_output_lists_each_miss_with_expected_and_got():
    scores = score_report("d999", KEY, _with(report_year=2019))
    quiet = report_lines("development set", scores, verbose=False)
    loud = report_lines("development set", scores, verbose=True)
    assert not any("MISS" in line for line in quiet)
    misses = [line for line in loud if "MISS" in line]
    assert misses == ["  MISS  d999 report_year: expected 2023, got 2019"]
    assert any(line.split()[:2] == ["overall", "6/7"] for line in quiet)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"pubish_date": "2024-02-20"}, "unknown fields"),
        ({"report_year": "2023年"}, "report_year"),
        ({"publish_date": "2024/02/20"}, "publish_date"),
        ({"issuer": ""}, "issuer"),
    ],
)
def test_malformed_key_is_an_error_naming_the_key(change, why):
    with pytest.raises(SourceError, match=f"keys/d999.yml: .*{why}"):
        checked_key("tests/devset/keys/d999.yml", {**KEY, **change})


def test_key_missing_a_field_is_an_error_not_an_unscored_field():
    key = {name: KEY[name] for name in FIELDS if name != "city"}
    with pytest.raises(SourceError, match="missing \\['city'\\]"):
        checked_key("seeds.yml: 000", key)


def test_every_metadata_field_is_right_on_the_seeds():
    scores = score_seeds()
    assert not scores.errors
    assert scores.reports == 5
    assert not scores.misses, scores.misses
    assert scores.overall.scored >= 30


@pytest.mark.skipif(not dev_reports(), reason="devdata/reports/ (git-ignored) is not present")
def test_development_set_metadata_is_right_for_nineteen_fields_in_twenty():
    scores = score_dev()
    assert not scores.errors
    assert scores.overall.share >= 0.95, scores.misses
