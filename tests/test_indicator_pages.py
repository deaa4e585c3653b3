"""Indicator pages (generator/indicator_pages.py, generator/comparison.py): a value per report.

The seeds are converted once; each test gives some of them figures written for the case
(``_figure``), so that what the page must show is known exactly, whatever the extractor and
the classifier make of the seeds' text.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import json
import re

import pytest

from generator import comparison, indicator_pages, listing, pages
from generator.build import gather
from generator.comparison import CORE_INDICATORS, compare, load_lookalikes, measure_of
from generator.exceptions import ConfigError
from generator.indicators import load_taxonomy
from generator.metrics import Metric

from .conftest import SEEDS
from .test_pages import _broken_links, _site_pages

DISPUTES = "disputes-accepted"
PAGE = f"indicators/{DISPUTES}.md"


@pytest.fixture(scope="module")
def seeds_converted():
    result = gather(SEEDS, jobs=1)
    assert not result.errors
    return sorted(result.reports, key=lambda r: r.id)


@pytest.fixture
def reports(seeds_converted):
    """The five seeds without figures; a test gives each the figures of its case."""
    out = []
    for report in seeds_converted:
        clone = copy.copy(report)
        clone.metrics = []
        out.append(clone)
    return out


def _figure(
    number: int,
    value: float,
    unit: str,
    label: str,
    indicator: str = DISPUTES,
    **extra,
) -> Metric:
    """A figure as the classifier hands it over; ``extra`` sets fields it may add (scope…)."""
    metric = Metric(
        id=f"m{number}",
        value=value,
        unit=unit,
        label=label,
        kind="rate" if unit == "%" else "count",
        approx=False,
        section=[],
        section_anchor="s0",
        context=label,
        paragraph="s0-p1",
        start=0,
        end=0,
        text=f"{value}{unit}",
        indicator=indicator,
    )
    for name, value_ in extra.items():
        setattr(metric, name, value_)
    return metric


def _chart_data(page: str) -> list[dict]:
    found = re.findall(r'<script type="application/json">(.*?)</script>', page, re.S)
    return [json.loads(text) for text in found]


def _section(page: str, anchor: str) -> str:
    """The HTML from the heading ``anchor`` to the next ``<h2``."""
    return page.split(f'<h2 id="{anchor}">', 1)[1].split("<h2", 1)[0]


def _rows(page: str) -> list[str]:
    table = page.split('<table class="indicator-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td.*?</tr>", table)


def _cells(row: str) -> list[str]:
    """The cells of a table row, each ``<td…>…</td>`` whole."""
    return re.findall(r"<td[^>]*>.*?</td>", row)


def _value_key(row: str) -> str:
    return re.match(r'<td data-value="([^"]*)">', _cells(row)[3]).group(1)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --- folded units ---------------------------------------------------------------------------


def test_units_counting_the_same_disputes_are_folded_into_one_measure(reports):
    a, b, c, d, _ = reports
    a.metrics = [_figure(1, 40, "件", "受理矛盾纠纷")]
    b.metrics = [_figure(1, 30, "起", "调处矛盾纠纷")]
    c.metrics = [_figure(1, 12, "宗", "调处民间纠纷")]
    # Mapped to the indicator, but in a unit that counts something else: not compared.
    d.metrics = [_figure(1, 7, "人次", "调解纠纷来访群众")]
    page = pages.indicator_pages(reports)[PAGE]
    rows = _rows(page)
    assert len(rows) == 3  # one row per report stating it
    # Largest first, each with the unit as the report wrote it, folded ones marked.
    assert [_value_key(r) for r in rows] == ["40", "30", "12"]
    assert "<td>件</td>" in rows[0]
    assert '<span title="按“件”计">起</span>' in rows[1]
    assert '<span title="按“件”计">宗</span>' in rows[2]
    assert "一律按“件”比较" in page
    assert "“人次”（1 个）的数字计的是另一种数，不参加比较" in page
    strip, bars = _chart_data(page)
    assert strip["unit"] == bars["unit"] == "件"
    assert sorted(strip["values"]) == [12, 30, 40]


def test_the_fold_map_is_the_taxonomys_units_the_first_shown():
    taxonomy = {i.id: i for i in load_taxonomy()}
    disputes = measure_of(taxonomy[DISPUTES], [])
    assert (disputes.unit, disputes.same) == ("件", ("起", "宗"))
    assert disputes.folds("宗") and not disputes.folds("人次")


def test_lookalike_words_are_declared_for_every_core_indicator():
    words = load_lookalikes()
    assert set(CORE_INDICATORS) <= set(words)
    assert "纠纷" in words[DISPUTES]
    taxonomy = {i.id for i in load_taxonomy()}
    assert set(words) <= taxonomy | set(CORE_INDICATORS)


def test_an_indicator_without_units_is_compared_in_its_most_common_unit(reports, monkeypatch):
    anyunit = tuple(
        dataclasses.replace(i, units=()) if i.id == DISPUTES else i for i in load_taxonomy()
    )
    monkeypatch.setattr(comparison, "load_taxonomy", lambda: anyunit)
    a, b, c, *_ = reports
    a.metrics = [_figure(1, 40, "件", "受理矛盾纠纷")]
    b.metrics = [_figure(1, 30, "件", "调处矛盾纠纷")]
    c.metrics = [_figure(1, 12, "宗", "调处民间纠纷")]
    result = compare(reports)[DISPUTES]
    assert result.measure.unit == "件" and not result.measure.declared
    assert [v.value for v in result.values] == [40, 30]
    assert [m.unit for _, m in result.other_units] == ["宗"]


def test_a_lookalikes_file_with_mistakes_names_each_of_them(tmp_path):
    bad = tmp_path / "lookalikes.yml"
    bad.write_text(
        "- id: disputes-accepted\n  words: [纠纷]\n  colour: red\n"
        "- id: no-such-indicator\n  words: [次]\n"
        "- id: petitions\n  words: 信访\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as raised:
        load_lookalikes(bad)
    message = str(raised.value)
    assert f"{bad}: entry 1 (disputes-accepted): unknown keys ['colour']" in message
    assert f"{bad}: entry 3 (petitions): words must be a list of words" in message
    assert "no-such-indicator" in message


# --- one value per report -------------------------------------------------------------------


def test_a_figure_stated_twice_in_a_report_counts_once(reports):
    a, b, *_ = reports
    a.metrics = [_figure(1, 891, "件", "受理矛盾纠纷"), _figure(9, 891, "件", "共受理矛盾纠纷")]
    b.metrics = [_figure(1, 300, "件", "受理矛盾纠纷")]
    page = pages.indicator_pages(reports)[PAGE]
    rows = _rows(page)
    assert len(rows) == 2
    assert f"reports/{a.id}.html#m1" in rows[0]
    assert "同一数字又见" in rows[0] and f"reports/{a.id}.html#m9" in rows[0]
    assert "只算一次" in rows[0] and "另有" not in rows[0]
    strip, _ = _chart_data(page)
    assert strip["values"] == [891, 300]
    assert "2 份给出了这个数" in page


def test_of_two_candidates_the_largest_is_shown_when_nothing_marks_a_part(reports):
    a, *_ = reports
    a.metrics = [_figure(1, 43, "件", "调处中心直接调处"), _figure(2, 891, "件", "受理矛盾纠纷")]
    rows = _rows(pages.indicator_pages(reports)[PAGE])
    assert len(rows) == 1
    assert _value_key(rows[0]) == "891"
    others = _text(rows[0].rsplit("<td>", 1)[1])
    assert others.startswith("取最大的一个；另有 43件（调处中心直接调处）")


def test_of_two_candidates_the_first_not_marked_as_a_part_is_the_total(reports):
    a, *_ = reports
    a.metrics = [
        _figure(1, 979, "起", "矛盾纠纷", scope="part"),
        _figure(2, 891, "件", "受理矛盾纠纷", scope="total"),
        _figure(3, 43, "件", "直接调处", scope="part"),
    ]
    rows = _rows(pages.indicator_pages(reports)[PAGE])
    assert _value_key(rows[0]) == "891"
    others = _text(rows[0].rsplit("<td>", 1)[1])
    assert others == "取总数；另有 979起（分项：矛盾纠纷）、43件（分项：直接调处）"


def test_a_row_names_at_most_a_few_other_candidates(reports):
    a, *_ = reports
    a.metrics = [_figure(n, 100 + n, "件", f"第{n}类纠纷") for n in range(1, 8)]
    rows = _rows(pages.indicator_pages(reports)[PAGE])
    assert rows[0].count("（第") == indicator_pages.SEE_ALSO
    assert "等 6 个" in rows[0]


# --- reports that do not state it -----------------------------------------------------------


def test_reports_not_stating_the_measure_are_counted_apart_from_unclassified_lookalikes(reports):
    a, b, c, d, e = reports
    a.metrics = [_figure(1, 120, "件", "受理矛盾纠纷")]
    # Unclassified, in a folded unit, with a word of the measure: a look-alike.
    b.metrics = [_figure(4, 35, "起", "化解邻里纠纷", indicator="unclassified")]
    # Unclassified but another unit, or no word of the measure: not a look-alike.
    c.metrics = [
        _figure(2, 35, "人", "调解员", indicator="unclassified"),
        _figure(3, 12, "件", "办理提案", indicator="unclassified"),
    ]
    page = pages.indicator_pages(reports)[PAGE]
    assert "5 份报告中，<strong>1 份给出了这个数</strong>" in page
    lookalikes = _section(page, "unclassified")
    assert "（1）" in lookalikes
    assert f"reports/{b.id}.html#m4" in lookalikes and "化解邻里纠纷" in lookalikes
    absent = _section(page, "absent")
    assert "（3）" in absent
    listed = set(re.findall(r"reports/([\w-]+)\.html", absent))
    assert listed == {c.id, d.id, e.id}
    # Neither list holds a report that states the measure, nor do they share a report.
    assert a.id not in lookalikes + absent and b.id not in absent
    index = pages.indicator_pages(reports)["indicators/index.md"]
    row = index.split(f'href="{DISPUTES}.html"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r">(\d+)</td>", row) == ["1", "1", "3"]


def test_an_indicator_only_lookalikes_suggest_has_a_page_without_values(reports):
    a, *_ = reports
    a.metrics = [_figure(4, 35, "起", "化解邻里纠纷", indicator="unclassified")]
    page = pages.indicator_pages(reports)[PAGE]
    assert "indicator-chart" not in page and "indicator-table" not in page
    assert "档案中还没有报告给出这个数。" in _section(page, "values")
    assert f"reports/{a.id}.html#m4" in _section(page, "unclassified")


def test_a_figure_kept_out_with_a_reason_is_not_a_lookalike(reports):
    a, b, *_ = reports
    a.metrics = [_figure(1, 120, "件", "受理矛盾纠纷")]
    b.metrics = [
        _figure(
            5,
            979,
            "起",
            "矛盾纠纷警情",
            indicator="unclassified",
            excluded_from=DISPUTES,
            excluded_because="公安警情统计",
        )
    ]
    result = compare(reports)[DISPUTES]
    assert [r.id for r, _ in result.candidates] == []
    assert [(r.id, m.id, why) for r, m, why in result.near] == [(b.id, "m5", "公安警情统计")]


def test_a_cumulative_a_partial_or_a_police_figure_is_a_near_miss_not_a_lookalike(reports):
    a, b, c, d, _ = reports
    a.metrics = [
        _figure(
            1,
            405,
            "名",
            "接收社区矫正对象",
            indicator="unclassified",
            period="cumulative",
            period_note="自2015年以来",
        )
    ]
    b.metrics = [
        _figure(
            1, 31, "宗", "调处劳资纠纷", indicator="unclassified", scope="part", scope_note="劳资"
        )
    ]
    c.metrics = [_figure(1, 300, "起", "调处纠纷警情", indicator="unclassified", source="police")]
    d.metrics = [_figure(1, 12, "名", "社区矫正对象", indicator="unclassified")]
    found = compare(reports)
    near = {
        (ident, r.id): why
        for ident in ("community-correction", DISPUTES)
        for r, _, why in found[ident].near
    }
    assert near == {
        ("community-correction", a.id): "多年累计，不是报告期内的数（自2015年以来）",
        (DISPUTES, b.id): "分项，不是全地区的总数（劳资）",
        (DISPUTES, c.id): "公安机关的统计",
    }
    assert [r.id for r, _ in found["community-correction"].candidates] == [d.id]
    assert found[DISPUTES].candidates == []


# --- sorting, charts, pages -----------------------------------------------------------------


def test_value_table_carries_sort_markup(reports):
    a, b, c, *_ = reports
    a.metrics = [_figure(1, 1200, "件", "受理矛盾纠纷")]
    b.metrics = [_figure(1, 8, "起", "调处矛盾纠纷")]
    c.metrics = [_figure(1, 75.5, "件", "受理矛盾纠纷")]
    page = pages.indicator_pages(reports)[PAGE]
    table = page.split('<table class="indicator-table"', 1)[1].split("</table>", 1)[0]
    assert table.startswith(' data-sortable="">')
    head = table.split("</thead>", 1)[0]
    assert re.findall(r'<th data-sort="(\w+)"', head) == [
        "number",
        "text",
        "number",
        "number",
        "text",
        "text",
    ]
    assert '<th data-sort="number" aria-sort="descending">数值</th>' in head
    assert "<th>另见</th>" in head  # not sortable
    # Sort keys: the plain number (no thousands separator) and the place's division code.
    rows = _rows(page)
    assert '<td data-value="1200"><a ' in rows[0] and ">1,200</a>" in rows[0]
    code = a.front_matter()["division_code"].ljust(12, "0")  # a county before its towns
    assert f'<td data-value="{code}"><a href=' in rows[0]
    assert _value_key(rows[1]) == "75.5"
    # No inline styles in the rows: a page of 200 rows carries only their text.
    assert "style=" not in table


def test_charts_show_every_report_as_a_dot_and_the_largest_as_bars(reports, monkeypatch):
    monkeypatch.setattr(indicator_pages, "INDICATOR_TOP", 2)
    for k, report in enumerate(reports):
        report.metrics = [_figure(1, 10 ** (k + 1), "件", "受理矛盾纠纷")]
    page = pages.indicator_pages(reports)[PAGE]
    strip, bars = _chart_data(page)
    assert strip["type"] == "strip"
    assert len(strip["values"]) == len(strip["row"]) == len(strip["labels"]) == 5
    assert len(strip["links"]) == 5 and all(
        link.startswith("../reports/") for link in strip["links"]
    )
    assert len(strip["rows"]) == len(strip["medians"]) == len(strip["counts"])
    assert sum(strip["counts"]) == 5
    assert strip["scale"] == "log"  # 10 to 100,000: a linear axis hides the small ones
    assert bars["values"] == [100000, 10000] and len(bars["links"]) == 2
    assert "数值最大的 2 份报告" in page


def test_rates_are_drawn_on_a_linear_axis(reports):
    a, b, *_ = reports
    a.metrics = [_figure(1, 99.89, "%", "调解成功率", indicator="mediation-success-rate")]
    b.metrics = [_figure(1, 2, "%", "调解成功率", indicator="mediation-success-rate")]
    page = pages.indicator_pages(reports)["indicators/mediation-success-rate.md"]
    strip, _ = _chart_data(page)
    assert strip["scale"] == "linear"
    assert _value_key(_rows(page)[0]) == "99.89"


@pytest.mark.usefixtures("two_per_page")
def test_value_table_is_split_into_pages_and_lists_every_report_once(reports):
    for k, report in enumerate(reports):
        report.metrics = [_figure(1, 100 + k, "件", "受理矛盾纠纷")]
    site = pages.indicator_pages(reports)
    paths = [PAGE, f"indicators/{DISPUTES}/values-2.md", f"indicators/{DISPUTES}/values-3.md"]
    assert set(paths) <= set(site)
    listed = [
        rid
        for path in paths
        for row in _rows(site[path])
        for rid in re.findall(r"reports/([\w-]+)\.html\"", row)[:1]
    ]
    assert sorted(listed) == sorted(r.id for r in reports)
    # Ranks go on from page to page.
    assert _rows(site[paths[2]])[0].startswith("<tr><td>5</td>")
    assert 'class="archive-pager"' in site[paths[1]]


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)


@pytest.mark.usefixtures("two_per_page")
def test_indicator_pages_and_reviews_link_only_to_what_exists(seeds_converted):
    site = _site_pages(seeds_converted)
    assert f"indicators/{DISPUTES}/values-2.md" in site
    assert any(p.startswith("editors/indicators/") and p.endswith("-2.md") for p in site)
    assert _broken_links(site, seeds_converted) == []


# --- the editors' review --------------------------------------------------------------------


def test_editors_review_lists_every_figure_behind_the_page_with_what_it_made_of_it(reports):
    a, b, c, *_ = reports
    a.metrics = [
        _figure(1, 891, "件", "受理矛盾纠纷"),
        _figure(2, 891, "件", "受理矛盾纠纷"),
        _figure(3, 43, "件", "直接调处", scope="part"),
        _figure(4, 7, "人次", "调解纠纷来访"),
    ]
    b.metrics = [
        _figure(
            1,
            979,
            "起",
            "矛盾纠纷警情",
            indicator="unclassified",
            excluded_from=DISPUTES,
            excluded_because="警情",
        )
    ]
    c.metrics = [_figure(1, 35, "起", "化解邻里纠纷", indicator="unclassified")]
    review = pages.indicator_pages(reports)[f"editors/indicators/{DISPUTES}.md"]
    verdicts = {
        (rid, mid): _text(verdict)
        for rid, mid, verdict in re.findall(
            r"reports/([\w-]+)\.html#(m\d+)\">.*?</td><td>.*?</td><td>(.*?)</td></tr>", review
        )
    }
    assert verdicts == {
        (a.id, "m1"): "采用：总数",
        (a.id, "m2"): "重复，只算一次",
        (a.id, "m3"): "另一候选（分项），未采用",
        (a.id, "m4"): "单位“人次”是另一种数，不比较",
        (b.id, "m1"): "排除：警情",
        (c.id, "m1"): "未归类，疑似",
    }
    editors = pages.editors_page(reports)
    assert 'id="indicator-review"' in editors
    row = editors.split(f"editors/indicators/{DISPUTES}.html", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r">(\d+)</td>", row) == ["1", "2", "1", "1", "1"]


def test_a_strip_of_more_reports_than_it_draws_samples_evenly_and_says_so(reports, monkeypatch):
    monkeypatch.setattr(indicator_pages, "STRIP_MAX", 3)
    for k, report in enumerate(reports):
        report.metrics = [_figure(1, 100 + k, "件", "受理矛盾纠纷")]
    page = pages.indicator_pages(reports)[PAGE]
    strip, _ = _chart_data(page)
    assert strip["values"] == [104, 102, 100]  # the largest, the middle, the smallest
    assert sum(strip["counts"]) == 5  # the medians count every report
    assert "均匀抽取的 3 份" in page
    assert len(_rows(page)) == 5  # the table lists them all
