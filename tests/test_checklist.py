"""The regulation's checklist: five items found from the report's structure, and the deadline."""

from __future__ import annotations

from datetime import date

import pytest

from generator.build import convert
from generator.checklist import check
from generator.normalize import normalize
from generator.structure import structure

from .conftest import SEEDS

#: By reading each seed: which of the five items it covers.
EXPECTED = {
    "000": {"measures", "plans"},
    "001": {"measures", "shortcomings"},
    "002": {"measures", "shortcomings", "plans"},
    "003": {"measures", "shortcomings", "leaders", "plans", "other"},
    "004": {"measures", "shortcomings", "leaders"},
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_checklist_matches_a_reading(seed):
    report = convert(next(SEEDS.glob(f"{seed}_*.txt")))
    present = {item.key for item in report.checklist.items if item.present}
    assert present == EXPECTED[seed]


def test_seed_003_covers_all_five_and_was_published_on_time():
    report = convert(next(SEEDS.glob("003_*.txt")))
    assert report.checklist.covered == 5
    assert report.checklist.on_time is True
    assert report.checklist.deadline == date(2021, 4, 1)
    assert [i.anchors for i in report.checklist.items] == [["s1"], ["s2"], ["s3"], ["s4"], ["s5"]]


def test_shortcomings_found_from_an_opening_paragraph():
    report = convert(next(SEEDS.glob("001_*.txt")))
    item = next(i for i in report.checklist.items if i.key == "shortcomings")
    assert item.anchors == ["s3-p2"]


def test_late_publication_is_flagged():
    doc = structure(normalize("一、主要工作\n全年调解纠纷5件。\n二、存在的问题\n人手不足。"))
    checklist = check(doc, 2020, date(2021, 6, 30))
    assert checklist.on_time is False


def test_unknown_date_gives_no_verdict():
    doc = structure(normalize("一、主要工作\n全年调解纠纷5件。"))
    assert check(doc, 2020, None).on_time is None
    assert check(doc, None, date(2021, 1, 1)).on_time is None


def test_numbered_point_does_not_claim_an_item():
    # “4.法治建设仍有短板弱项” is a point inside the problems part, not a part of its own.
    doc = structure(normalize("一、主要工作\n1.存在短板\n全年调解纠纷5件。"))
    item = next(i for i in check(doc, None, None).items if i.key == "shortcomings")
    assert not item.present


@pytest.mark.parametrize("year", [99999999999999999999999999, 9999, -5])
def test_report_year_beyond_the_calendar_gives_no_deadline_instead_of_a_crash(year):
    doc = structure(normalize("一、主要工作\n开展普法活动30场。"))
    checklist = check(doc, year, date(2021, 3, 30))
    assert checklist.deadline is None and checklist.on_time is None
    assert [item.key for item in checklist.items if item.present] == ["measures"]
