"""Front matter of the five seeds, checked field by field against a reading of each report."""

from __future__ import annotations

import pytest

from generator.build import convert
from generator.metadata import find_doc_type, find_plan_year, find_report_year

from .conftest import SEEDS

EXPECTED = {
    "000": {
        "title": "2020年依法治区建设工作进展情况和2021年工作思路",
        "title_derived": False,
        "script": "traditional",
        "doc_type": "依法治理工作报告",
        "report_year": 2020,
        "plan_year": 2021,
        "publish_date": None,
        "signed_date": None,
        "issuer": "XX街道",
        "province": "浙江省",
        "city": "宁波市",
        "county": "镇海区",
        "township": None,
        "anonymized": True,
    },
    "001": {
        "title": "李堡政法工作计划总结",
        "title_derived": False,
        "script": "simplified",
        "doc_type": "政法工作总结",
        "report_year": 2020,
        "plan_year": 2021,
        "publish_date": "2021-01-15",
        "signed_date": None,
        "issuer": "李堡镇人民政府",
        "province": "江苏省",
        "city": "南通市",
        "county": "海安市",
        "township": "李堡镇",
        "anonymized": False,
    },
    "002": {
        "title": "XX街道201X年度依法治理工作报告",
        "title_derived": True,
        "script": "simplified",
        "doc_type": "依法治理工作报告",
        "report_year": None,
        "plan_year": None,
        "publish_date": None,
        "signed_date": None,
        "issuer": "XX街道",
        "province": "广东省",
        "city": "深圳市",
        "county": "福田区",
        "township": None,
        "anonymized": True,
    },
    "003": {
        "title": "余杭街道2020年度法治政府建设工作报告",
        "title_derived": True,
        "script": "simplified",
        "doc_type": "法治政府建设工作报告",
        "report_year": 2020,
        "plan_year": 2021,
        "publish_date": "2021-03-30",
        "signed_date": "2021-03-30",
        "issuer": "杭州市余杭区人民政府余杭街道办事处",
        "province": "浙江省",
        "city": "杭州市",
        "county": "余杭区",
        "township": "余杭街道",
        "anonymized": False,
    },
    "004": {
        "title": "谢家湾街道2021年度法治政府建设工作报告",
        "title_derived": False,
        "script": "simplified",
        "doc_type": "法治政府建设工作报告",
        "report_year": 2021,
        "plan_year": 2022,
        "publish_date": None,
        "signed_date": None,
        "issuer": "谢家湾街道",
        "province": "重庆市",
        "city": "重庆市",
        "county": "九龙坡区",
        "township": "谢家湾街道",
        "anonymized": False,
    },
}


@pytest.fixture(scope="module")
def front_matters():
    return {path.name[:3]: convert(path).front_matter() for path in sorted(SEEDS.glob("*.txt"))}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_front_matter_matches_a_reading_of_the_report(front_matters, seed):
    fm = front_matters[seed]
    wrong = {k: (fm[k], v) for k, v in EXPECTED[seed].items() if fm[k] != v}
    assert not wrong, wrong


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_has_provenance_fields(front_matters, seed):
    fm = front_matters[seed]
    assert fm["id"] == next(SEEDS.glob(f"{seed}_*.txt")).stem
    assert fm["source_file"].startswith(seed)
    assert len(fm["sha256"]) == 64
    assert fm["encoding"] == "utf-8"
    assert fm["char_count"] > 2000
    assert fm["locality_evidence"], "the phrases that decided the place are recorded"


def test_char_count_counts_han_characters_only(front_matters):
    # 004 is 8,171 bytes of UTF-8; its Han characters are far fewer than its bytes.
    assert 2000 < front_matters["004"]["char_count"] < 8171 // 3 + 1


def test_stale_year_in_book_title_is_not_the_report_year():
    year, written = find_report_year(
        None, "为大力加强宪法学习宣传，对照《2019年工作要点》开展自查。", []
    )
    assert year is None and written is None


def test_plan_year_is_the_year_after_the_report_year():
    assert find_plan_year(None, "现将2021年工作总结和2022年工作计划报告如下。", [], 2021) == 2022
    assert find_plan_year(None, "", ["四、2021年推进法治政府建设的主要安排"], 2020) == 2021
    assert find_plan_year(None, "", ["四、2019年工作安排"], 2020) is None


def test_doc_type_from_self_description_when_title_missing():
    intro = "现将一年来我街道依法治理的主要工作情况汇报如下:"
    assert find_doc_type(None, intro, ["二、推进法治政府建设,落实依法行政"]) == "依法治理工作报告"


def test_county_site_page_with_chrome_banner_and_repeated_title():
    from .conftest import FIXTURES

    report = convert(FIXTURES / "reports" / "county_site_page_with_chrome.txt")
    fm = report.front_matter()
    expected = {
        "title": "掘港街道2021年度法治政府建设情况报告",
        "title_derived": False,
        "doc_type": "法治政府建设工作报告",
        "report_year": 2021,
        "plan_year": 2022,
        # The 发布时间 widget, not the stale 今天是 banner, and not the signature date.
        "publish_date": "2022-03-15",
        "signed_date": "2022-03-10",
        "issuer": "如东县人民政府掘港街道办事处",
        "province": "江苏省",
        "city": "南通市",
        "county": "如东县",
        "township": "掘港街道",
        "division_code": "320623001",
    }
    assert {k: fm[k] for k in expected} == expected
    assert fm["processing"]["repeated_titles_removed"] == 1
    assert fm["processing"]["lines_joined"] == 1
    assert len(fm["processing"]["chrome_removed"]) == 4
